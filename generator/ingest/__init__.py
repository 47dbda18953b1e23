"""Ingest: copies of Hugging Face pages and API answers -> entries -> the corpus (cleaned, merged, slugged)."""
