"""Benchmarks (not tests): scripts that generate synthetic data and print figures."""
