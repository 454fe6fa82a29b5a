"""Benchmarks that print figures: run each as a module from the project root,
`python -m bench.http`, `python -m bench.memory`."""
