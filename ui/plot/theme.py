"""The app's one visual language: colours, fonts and the chart theme, defined here only.

Seed 001's backpropagation figure sets the rule every page follows: forward quantities
blue, gradients red. Inputs, "before" and reference lines are grey; the point the learner
probes is orange. Charts (Vega-Lite, through Altair), number boards (SVG) and the network
diagram (Graphviz) all take their colours and fonts from this module.
"""

from __future__ import annotations

import altair as alt

FORWARD = "#1f6fc5"   # forward pass, outputs, "after"
GRADIENT = "#d1352b"  # gradients, backward pass
BEFORE = "#8a8f98"    # inputs, "before", reference lines
ACCENT = "#e08a00"    # the point the learner is probing
AFFINE = "#7b4fb8"    # a second forward quantity shown beside the first
GOOD = "#2a9d5c"      # a target reached, a minimum
PALETTE = [FORWARD, GRADIENT, ACCENT, GOOD, AFFINE, BEFORE]
MORE = ["#0f9ba8", "#a0612b", "#c2458f"]  # teal, brown, magenta: when more series need a colour

INK = "#31333f"       # text
AXIS = "#a3a8b4"      # axis lines and ticks, faded text
GRID = "#e6e9ef"      # grid lines
LINE = "#d5d9e0"      # the lines between cells of a number board

#: Light tints of the colours above, for the backgrounds of cells and boxes.
TINT = {
    "forward": "#dbe8f7", "forward_strong": "#c4daf3", "gradient": "#f8dcd9",
    "accent": "#fde7c4", "affine": "#ebe3f6", "padding": "#eceef2", "pending": "#f6f7f9",
    "white": "#ffffff", "forward_box": "#e8f0fb", "gradient_box": "#fbeaea",
}

#: Latin text in the app's font, Japanese in Noto Sans CJK (Debian's fonts-noto-cjk).
FONT = "'Source Sans 3', 'Source Sans Pro', 'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"
GRAPHVIZ_FONT = "Noto Sans CJK JP, Source Sans 3, sans-serif"  # Graphviz takes a plain list

_AXIS = {
    "labelColor": INK, "titleColor": INK, "labelFont": FONT, "titleFont": FONT,
    "labelFontSize": 12, "titleFontSize": 13, "titleFontWeight": "normal",
    "gridColor": GRID, "domainColor": AXIS, "tickColor": AXIS,
}

#: The chart theme as Vega-Lite config. Charts are drawn with ``theme=None``, so this theme,
#: not Streamlit's, applies.
CONFIG = {
    "background": "transparent",
    "font": FONT,
    "view": {"stroke": "transparent"},
    "axis": _AXIS,
    "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12,
               "orient": "bottom", "labelLimit": 0},
    "title": {"font": FONT, "fontSize": 14, "fontWeight": 600, "anchor": "start", "color": INK},
    "range": {"category": PALETTE},
    "line": {"strokeWidth": 2.5},
    "point": {"filled": True, "size": 60},
    # Only marks that say what their tooltip shows have one: a rule or a label would otherwise
    # show its raw columns (names such as "dash" or "L2" that mean nothing to a learner).
    "mark": {"tooltip": False},
}


@alt.theme.register("nn_dashboard", enable=True)
def altair_theme() -> alt.theme.ThemeConfig:
    """Every Altair chart of the app carries the config above."""
    return {"config": CONFIG}
