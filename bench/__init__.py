"""Benchmark tooling: synthetic datasets and timing scripts (not part of the installed app)."""
