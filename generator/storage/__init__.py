"""Storage: every file the generator reads or writes, the corpus codec, and the docs/ writer."""
