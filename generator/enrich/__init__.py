"""Enrich: corpus + taxonomy + curation -> what the pages show (summaries, topics, related papers)."""
