"""Benchmarks (not tests): ``python -m bench`` or ``python -m bench --quick``.

Measures cold start, per-page render and rerun latency, server memory, and the
speed of core against simple loops and scikit-learn, each against a budget, and
writes the table to BENCHMARKS.md. ``--classroom`` puts a class of learners on one
server (or behind a proxy, ``--url``), ``--page-open`` times sidebar clicks in Chromium, and
``--compare REV`` measures the working tree against a revision.
"""
