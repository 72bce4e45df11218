// Benchmarks: see docs/PERFORMANCE.md for the commands and figures.
print("usage: metrocommute-bench <benchmark> …")
