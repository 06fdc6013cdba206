"""Benchmarks and synthetic data for the Safe Harbour build."""
