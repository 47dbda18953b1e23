"""Output: the enriched site -> pages, feeds, exports and pictures (relative path -> content), from templates."""
