"""The benchmark of issue 7: `python benchmarks/run.py` (see benchmarks/README.md)."""
