"""Performance benchmarks: `make bench`."""
