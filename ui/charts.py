"""One Altair theme and the chart builders shared by pages.

Visual language, the same on every page (seed 001's backpropagation figure):
forward quantities blue, gradients red, inputs and "before" grey.
Charts are drawn with ``theme=None`` so this theme, not Streamlit's, applies.
"""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from core.format import fmt
from ui import vl

FORWARD = "#1f6fc5"   # forward pass, outputs, "after"
GRADIENT = "#d1352b"  # gradients, backward pass
BEFORE = "#8a8f98"    # inputs, "before", reference lines
ACCENT = "#e08a00"    # the point the learner is probing
AFFINE = "#7b4fb8"    # a second forward quantity shown beside the first
GOOD = "#2a9d5c"
PALETTE = [FORWARD, GRADIENT, ACCENT, GOOD, AFFINE, BEFORE]
FONT = "'Source Sans 3', 'Source Sans Pro', 'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"

_AXIS = {
    "labelColor": "#31333f",
    "titleColor": "#31333f",
    "labelFont": FONT,
    "titleFont": FONT,
    "labelFontSize": 12,
    "titleFontSize": 13,
    "titleFontWeight": "normal",
    "gridColor": "#e6e9ef",
    "domainColor": "#a3a8b4",
    "tickColor": "#a3a8b4",
}
# The one theme, as Vega-Lite config: every chart carries it (drawn with theme=None,
# so Streamlit's own theme does not apply on top).
CONFIG = {
    "background": "transparent",
    "font": FONT,
    "view": {"stroke": "transparent"},
    "axis": _AXIS,
    "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12,
               "titleFontSize": 12, "orient": "bottom", "labelLimit": 0},
    "title": {"font": FONT, "fontSize": 14, "fontWeight": 600, "anchor": "start", "color": "#31333f"},
    "range": {"category": PALETTE},
    "line": {"strokeWidth": 2.5},
    "point": {"filled": True, "size": 60},
}

# Every chart a test draws is checked against the Vega-Lite JSON schema (tests/conftest.py
# sets NN_CHECK_CHARTS=1); the running app skips that check, as the charts are fixed code.
CHECK_CHARTS = os.environ.get("NN_CHECK_CHARTS") == "1"


def show(chart: vl.TopLevel, stretch: bool = True) -> None:
    """Draw a chart with this app's theme: full width, or at its own size (``stretch=False``)."""
    spec = chart.to_dict(config=CONFIG)
    if CHECK_CHARTS:
        vl.validate(spec)
    st.vega_lite_chart(spec=spec, theme=None, width="stretch" if stretch else "content")


def with_text(df: pd.DataFrame, columns: list[str], digits: int = 4) -> pd.DataFrame:
    """Add ``<col>_text`` columns formatted by the app's one formatter (for tooltips)."""
    out = df.copy()
    for col in columns:
        out[f"{col}_text"] = [fmt(v, digits) for v in out[col].to_numpy(dtype=float).tolist()]
    return out


def color_scale(domain: list[str], colors: list[str]) -> dict:
    """A fixed mapping from series name to colour, so blue always means forward."""
    return vl.Scale(domain=list(domain), range=list(colors))


def plane_chart(
    points: pd.DataFrame,
    arrows: pd.DataFrame,
    markers: pd.DataFrame,
    domain: list[str],
    colors: list[str],
    extent: float,
    titles: dict[str, str],
    size: int = 460,
    dashed: tuple[str, ...] = (),
) -> vl.LayerChart:
    """A square 2-D plane (equal scales, so angles are true) with axes through the origin.

    points:  x, y, series, order, shape_id (an outline per shape_id, traced in order)
    arrows:  x0, y0, x, y, series, label (vectors from (x0, y0) to (x, y))
    markers: x, y, series, label, kind ("origin" is drawn as a diamond, others as circles)
    titles:  tooltip titles for "series", "vector" and "marker"
    dashed:  series drawn dashed on top, so a curve lying exactly on another stays visible
    """
    points = with_text(points, ["x", "y"])
    arrows = with_text(arrows, ["x", "y"])
    markers = with_text(markers, ["x", "y"])
    scale = vl.Scale(domain=[-extent, extent], nice=False, zero=False, clamp=True)
    axis = vl.Axis(format="~g", tickCount=9)
    colour = vl.Color("series:N", scale=color_scale(domain, colors), title=None)
    x = vl.X("x:Q", scale=scale, axis=axis, title="x₁")
    y = vl.Y("y:Q", scale=scale, axis=axis, title="x₂")
    xy_tips = [vl.Tooltip("x_text:N", title="x₁"), vl.Tooltip("y_text:N", title="x₂")]
    axes_df = pd.DataFrame({"x": [-extent, extent, 0, 0], "y": [0, 0, -extent, extent],
                            "axis": ["h", "h", "v", "v"]})
    layers = [vl.Chart(axes_df).mark_line(color="#b9bec9", strokeWidth=1).encode(
        x=x, y=y, detail=vl.Detail("axis:N"))]
    solid = points[~points["series"].isin(dashed)]
    dash = points[points["series"].isin(dashed)]
    for frame, style in ((solid, {"strokeWidth": 2.2}), (dash, {"strokeDash": [6, 4], "strokeWidth": 2.5})):
        if len(frame):
            layers.append(vl.Chart(frame).mark_line(**style).encode(
                x=x, y=y, color=colour, detail=vl.Detail("shape_id:N"), order=vl.Order("order:Q"),
                tooltip=[vl.Tooltip("series:N", title=titles["series"]), *xy_tips]))
    if len(arrows):
        layers.append(vl.Chart(arrows).mark_rule(strokeWidth=3).encode(
            x=vl.X("x0:Q", scale=scale, axis=axis, title="x₁"),
            y=vl.Y("y0:Q", scale=scale, axis=axis, title="x₂"),
            x2=vl.X2("x:Q"), y2=vl.Y2("y:Q"), color=colour,
            tooltip=[vl.Tooltip("label:N", title=titles["vector"]), *xy_tips]))
        layers.append(vl.Chart(arrows).mark_text(fontSize=14, fontWeight="bold", dx=10, dy=-8).encode(
            x=x, y=y, text=vl.Text("label:N"), color=colour))
    if len(markers):
        shape = vl.Shape("kind:N", scale=vl.Scale(domain=["origin", "probe"],
                                                    range=["diamond", "circle"]), legend=None)
        layers.append(vl.Chart(markers).mark_point(filled=True, stroke="white", strokeWidth=1.5,
                                                    opacity=1, size=150).encode(
            x=x, y=y, color=colour, shape=shape,
            tooltip=[vl.Tooltip("label:N", title=titles["marker"]), *xy_tips]))
        layers.append(vl.Chart(markers).mark_text(fontSize=13, dx=9, dy=13, align="left").encode(
            x=x, y=y, text=vl.Text("label:N"), color=colour))
    return vl.layer(*layers).properties(width=size, height=size)


def curve_chart(
    curves: pd.DataFrame,
    x_title: str,
    y_title: str,
    domain: list[str],
    colors: list[str],
    points: pd.DataFrame | None = None,
    segments: pd.DataFrame | None = None,
    y_domain: tuple[float, float] | None = None,
    x_domain: tuple[float, float] | None = None,
    height: int = 320,
    dashed: tuple[str, ...] = (),
    title: str | None = None,
) -> vl.LayerChart:
    """Functions drawn as lines, with emphasised points and straight segments.

    curves:   x, y, series          one line per series (e.g. f and f')
    points:   x, y, series, label   marked points (e.g. the probe point, iterates)
    segments: x, y, x2, y2, series  straight pieces (e.g. a tangent line, an update step)
    y_domain: fixed y range; values outside are clipped, so a diverging curve cannot
              squash the interesting part of the chart
    dashed:   series drawn dashed
    """
    curves = with_text(curves, ["x", "y"])
    colour = vl.Color("series:N", scale=color_scale(domain, colors), title=None)
    x_scale = vl.Scale(domain=list(x_domain), nice=False) if x_domain else vl.Scale(zero=False)
    y_scale = (vl.Scale(domain=list(y_domain), nice=False, clamp=True) if y_domain
               else vl.Scale(zero=False))
    x = vl.X("x:Q", scale=x_scale, title=x_title)
    y = vl.Y("y:Q", scale=y_scale, title=y_title)
    tips = [vl.Tooltip("series:N", title=""), vl.Tooltip("x_text:N", title=x_title),
            vl.Tooltip("y_text:N", title=y_title)]
    layers = []
    solid = curves[~curves["series"].isin(dashed)]
    dash = curves[curves["series"].isin(dashed)]
    for frame, style in ((solid, {}), (dash, {"strokeDash": [6, 4]})):
        if len(frame):
            layers.append(vl.Chart(frame).mark_line(clip=True, **style).encode(
                x=x, y=y, color=colour, tooltip=tips))
    if segments is not None and len(segments):
        layers.append(vl.Chart(segments).mark_rule(strokeWidth=2, strokeDash=[5, 3], clip=True).encode(
            x=x, y=y, x2=vl.X2("x2:Q"), y2=vl.Y2("y2:Q"), color=colour))
    if points is not None and len(points):
        points = with_text(points, ["x", "y"])
        layers.append(vl.Chart(points).mark_point(filled=True, size=110, stroke="white",
                                                   strokeWidth=1.5, opacity=1, clip=True).encode(
            x=x, y=y, color=colour,
            tooltip=[vl.Tooltip("label:N", title=""), vl.Tooltip("x_text:N", title=x_title),
                     vl.Tooltip("y_text:N", title=y_title)]))
        layers.append(vl.Chart(points).mark_text(dx=8, dy=-10, align="left", fontSize=12,
                                                  clip=True).encode(
            x=x, y=y, text=vl.Text("label:N"), color=colour))
    chart = vl.layer(*layers).properties(height=height)
    return chart.properties(title=title) if title else chart
