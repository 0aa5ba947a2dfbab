"""The benchmark: `make bench` (full) and `make bench-short` (CI). See docs/performance.md."""
