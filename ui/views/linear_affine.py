"""Page 1's picture: shapes on a square plane before and after a map, and the tables behind it."""

from __future__ import annotations

import json
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from ui.plot import vega
from ui.plot.theme import AFFINE, AXIS, BEFORE, FORWARD

COLORS = (BEFORE, FORWARD, AFFINE)  # input, linear Wx, affine Wx + b


@vega.chart
def plane_chart(series: tuple[str, ...], dashed: tuple[str, ...], tips: tuple[str, str, str],
                size: int) -> alt.LayerChart:
    """A square plane (equal scales, so angles are true) with axes through the origin.

    Tables: ``outlines`` (x, y, series, order, shape_id: an outline per shape_id, traced in
    order), ``arrows`` (x0, y0, x, y, series, label: vectors), ``markers`` (x, y, series, label,
    kind: "origin" drawn as a diamond, others as circles), ``axes`` (x, y, axis). One domain,
    "plane", for both axes. series: the names in colour order; dashed: series drawn dashed, on
    top, so a curve lying exactly on another stays visible. tips: tooltip titles of series,
    vector, point.
    """
    plane = alt.Scale(domain=vega.domain("outlines", "plane"), nice=False, zero=False, clamp=True)
    axis = alt.Axis(format="~g", tickCount=9)
    x = alt.X("x:Q", scale=plane, axis=axis, title="x₁")
    y = alt.Y("y:Q", scale=plane, axis=axis, title="x₂")
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(series), range=list(COLORS)))
    xy = [alt.Tooltip("x_text:N", title="x₁"), alt.Tooltip("y_text:N", title="x₂")]
    axes = alt.Chart(alt.NamedData("axes")).mark_line(color=AXIS, strokeWidth=1).encode(
        x=x, y=y, detail=alt.Detail("axis:N"))
    outline = alt.Chart(alt.NamedData("outlines")).encode(
        x=x, y=y, color=colour, detail=alt.Detail("shape_id:N"), order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("series:N", title=tips[0]), *xy])
    is_dashed = f"indexof({json.dumps(list(dashed))}, datum.series) >= 0"
    solid = outline.mark_line(strokeWidth=2.2).transform_filter(f"!({is_dashed})")
    dash = outline.mark_line(strokeDash=[6, 4], strokeWidth=2.5).transform_filter(is_dashed)
    arrows = alt.Chart(alt.NamedData("arrows")).encode(color=colour)
    vectors = arrows.mark_rule(strokeWidth=3).encode(
        x=alt.X("x0:Q", scale=plane, axis=axis, title="x₁"),
        y=alt.Y("y0:Q", scale=plane, axis=axis, title="x₂"), x2=alt.X2("x:Q"), y2=alt.Y2("y:Q"),
        tooltip=[alt.Tooltip("label:N", title=tips[1]), *xy])
    vector_names = arrows.mark_text(fontSize=14, fontWeight="bold", dx=10, dy=-8).encode(
        x=x, y=y, text=alt.Text("label:N"))
    markers = alt.Chart(alt.NamedData("markers")).encode(x=x, y=y, color=colour)
    shape = alt.Shape("kind:N", legend=None, scale=alt.Scale(domain=["origin", "probe"],
                                                               range=["diamond", "circle"]))
    dots = markers.mark_point(filled=True, stroke="white", strokeWidth=1.5, opacity=1, size=150).encode(
        shape=shape, tooltip=[alt.Tooltip("label:N", title=tips[2]), *xy])
    dot_names = markers.mark_text(fontSize=13, dx=9, dy=13, align="left").encode(text=alt.Text("label:N"))
    return alt.layer(axes, solid, dash, vectors, vector_names, dots, dot_names).properties(
        width=size, height=size)


def draw_plane(images: Mapping[str, Mapping[str, np.ndarray]], series: tuple[str, ...],
               tips: tuple[str, str, str], *, arrows: list[dict] = (), markers: list[dict] = (),
               dashed: tuple[str, ...] = (), size: int = 460) -> None:
    """Draw outlines of shapes, each as it is before and after the maps.

    images: {shape name: {series name: (n, 2) points}}; arrows: {x0, y0, x, y, series, label};
    markers: {x, y, series, label, kind}. The plane reaches a little beyond the farthest point.
    """
    rows = [{"x": p[0], "y": p[1], "series": name, "order": i, "shape_id": f"{shape}-{name}"}
            for shape, by_series in images.items() for name, pts in by_series.items()
            for i, p in enumerate(np.asarray(pts))]
    outlines = _with_texts(pd.DataFrame(rows))
    extent = max(2.0, float(np.ceil(np.abs(outlines[["x", "y"]].to_numpy()).max() * 1.15)))
    axes = {"x": [-extent, extent, 0, 0], "y": [0, 0, -extent, extent], "axis": ["h", "h", "v", "v"]}
    arrow_cols = ["x0", "y0", "x", "y", "series", "label"]
    marker_cols = ["x", "y", "series", "label", "kind"]
    vega.show(plane_chart(series, dashed, tips, size), stretch=False, domains={"plane": (-extent, extent)},
              outlines=outlines, axes=axes,
              arrows=_with_texts(pd.DataFrame(list(arrows), columns=arrow_cols)),
              markers=_with_texts(pd.DataFrame(list(markers), columns=marker_cols)))


def _with_texts(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(x_text=vega.texts(frame["x"]), y_text=vega.texts(frame["y"]))


def outline_table(images: Mapping[str, Mapping[str, np.ndarray]], shape_title: str) -> pd.DataFrame:
    """The corners of every shape before and after the maps, one row per corner (the numbers
    behind the picture; the closing point that repeats the first is left out)."""
    rows = []
    for shape, by_series in images.items():
        pts, lin, aff = (np.asarray(v)[:-1] for v in by_series.values())
        rows += [{shape_title: shape, "x₁": p[0], "x₂": p[1], "(Wx)₁": q[0], "(Wx)₂": q[1],
                  "(Wx+b)₁": r[0], "(Wx+b)₂": r[1]} for p, q, r in zip(pts, lin, aff, strict=True)]
    return pd.DataFrame(rows)
