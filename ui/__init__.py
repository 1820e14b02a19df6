"""Everything Streamlit draws, by floor. Pages import from here for what is drawn and from
``core`` for what is computed; nothing in ``ui`` computes a number a learner sees.

- ``ui.shell``    what every page stands in: the frame (language, sidebar navigation,
                  progress), the catalogs (``t``), the list of pages, and ``section`` /
                  ``linked``, which make a page a list of sections, each a fragment
- ``ui.widgets``  what a learner works with: typed matrices, image choice, the one stepper,
                  expanders built only while open (numbers tables, code listings), prediction
                  moments, self-checks
- ``ui.plot``     how things are drawn: the theme (colours and fonts, defined once), the thin
                  layer over Altair (a chart's spec built once, new data on every rerun), the
                  generic curve chart, and number boards (small grids as one SVG picture)
- ``ui.views``    one module per page, named after the page's key in ``ui.shell.registry``:
                  that page's charts, boards and formula blocks
"""
