"""Paper Atlas benchmarks: synthetic corpora of 1,000 to 50,000 papers (`python -m bench`)."""
