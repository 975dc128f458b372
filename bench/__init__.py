"""Benchmark suite: synthetic distractor corpora, ingest/query/HTTP measurements, docs/benchmarks.md.

Entry point: `python -m bench.run [--smoke] [--sizes 1k,10k,100k]` (see docs/benchmarks.md)."""
