"""Streamlit-side helpers shared by every page: frame, text, charts, widgets.

Pages import from here for everything that is drawn and from ``core`` for
everything that is computed. Nothing in ``ui`` computes a number a learner sees.
"""
