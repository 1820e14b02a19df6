"""Benchmarks (not tests): ``python -m bench`` or ``python -m bench --quick``.

Measures cold start, per-page render and rerun latency, server memory, and the
speed of core against simple loops and scikit-learn, each against a budget, and
writes the table to BENCHMARKS.md.
"""
