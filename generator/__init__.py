"""Paper Atlas: Hugging Face Daily Papers dumps -> a curated MkDocs site."""
