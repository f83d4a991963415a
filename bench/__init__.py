"""Benchmarks: each script prints its figures beside the floor or peer it must beat."""
