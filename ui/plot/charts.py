"""The chart several pages draw: functions as lines, with marked points and straight segments.

Drawn with ``ui.plot.vega``: ``show(curve_chart("u", "f", ...), curves=..., points=...,
segments=...)``, the tables built by ``lines``, ``marks`` and ``segments`` below.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np

from ui.plot import vega

Domain = tuple[float, float] | str | None  # fixed, "data" (given to show), or fitted to the data


def scale(domain: Domain, table: str, name: str, *, clamp: bool = False, log: bool = False) -> alt.Scale:
    """A continuous scale: fixed, read from the data (``"data"``), or fitted (``None``)."""
    kind = {"type": "log"} if log else {}
    if domain is None:
        return alt.Scale(zero=False, **kind)
    values = vega.domain(table, name) if domain == "data" else list(domain)
    return alt.Scale(domain=values, nice=False, clamp=clamp, **kind)


@vega.chart
def curve_chart(x_title: str, y_title: str, series: tuple[str, ...], colors: tuple[str, ...], *,
                dashed: tuple[str, ...] = (), x_domain: Domain = None, y_domain: Domain = None,
                clamp: bool = True, y_log: bool = False, height: int = 320,
                point_color: str | None = None, segment_color: str | None = None,
                legend_columns: int | None = None) -> alt.LayerChart:
    """Lines (table ``curves``), marked points with labels (``points``) and straight segments
    (``segments``), one colour per series; the ``dashed`` series drawn dashed, in the legend too.

    point_color / segment_color: draw every point / segment in one colour instead of its series'.
    clamp: values outside a fixed y domain sit on its edge (else the line is cut there).
    Domains that are ``"data"`` are given to ``show`` as ``domains={"x": ..., "y": ...}``.
    """
    x = alt.X("x:Q", title=x_title, scale=scale(x_domain, "curves", "x"))
    y = alt.Y("y:Q", title=y_title, scale=scale(y_domain, "curves", "y", clamp=clamp, log=y_log))
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(series), range=list(colors)),
                       legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=400,
                                         **({"columns": legend_columns} if legend_columns else {})))
    dash = alt.StrokeDash("series:N", title=None, scale=alt.Scale(
        domain=list(series), range=[[6, 4] if name in dashed else [1, 0] for name in series]))
    tips = [alt.Tooltip("series:N", title=" "), alt.Tooltip("x_text:N", title=x_title),
            alt.Tooltip("y_text:N", title=y_title)]
    # a line's tooltip shows the same datum wherever it is hovered: its name, not a number
    curves = alt.Chart(alt.NamedData("curves")).mark_line(clip=True).encode(
        x=x, y=y, color=colour, strokeDash=dash, tooltip=tips[:1])
    segment = alt.Chart(alt.NamedData("segments"))
    segment = (segment.mark_rule(color=segment_color, strokeWidth=1.5, clip=True)
               if segment_color else segment.mark_rule(strokeWidth=2, strokeDash=[5, 3], clip=True))
    segment = segment.encode(x=x, y=y, x2=alt.X2("x2:Q"), y2=alt.Y2("y2:Q"),
                             **({} if segment_color else {"color": colour}))
    by_series = {} if point_color else {"color": colour}
    points = alt.Chart(alt.NamedData("points")).mark_point(
        filled=True, size=110, stroke="white", strokeWidth=1.5, opacity=1, clip=True,
        **({"color": point_color} if point_color else {})).encode(
        x=x, y=y, tooltip=[alt.Tooltip("label:N", title=" "), *tips[1:]], **by_series)
    labels = alt.Chart(alt.NamedData("points")).mark_text(
        dx=8, dy=-10, align="left", fontSize=12, clip=True, fontWeight="bold" if point_color else "normal",
        **({"color": point_color} if point_color else {})).encode(
        x=x, y=y, text=alt.Text("label:N"), **by_series)
    return alt.layer(curves, segment, points, labels).properties(height=height)


def lines(x: Any, columns: Mapping[str, Any]) -> dict:
    """The ``curves`` table: one line per series over the same x (long form)."""
    return paths({name: (x, y) for name, y in columns.items()}, texts=False)


def paths(columns: Mapping[str, tuple[Any, Any]], digits: int = 4, texts: bool = True) -> dict:
    """The ``curves`` table from series name -> (x, y), each series with its own x; with the
    numbers as texts (``x_text``, ``y_text``) for tooltips of points drawn from it."""
    xs = [np.asarray(x, dtype=float) for x, _ in columns.values()]
    ys = [np.asarray(y, dtype=float) for _, y in columns.values()]
    x = np.concatenate(xs) if xs else np.array([])
    y = np.concatenate(ys) if ys else np.array([])
    table = {"x": x, "y": y, "series": np.repeat(list(columns), [len(v) for v in xs]).tolist()}
    if texts:
        table.update(x_text=vega.texts(x, digits), y_text=vega.texts(y, digits))
    return table


def marks(x: Sequence[float], y: Sequence[float], series: Sequence[str] | str,
          labels: Sequence[str] | str = "", digits: int = 4) -> dict:
    """The ``points`` table: marked points with a label each (texts for the tooltips)."""
    return {"x": np.asarray(x, dtype=float), "y": np.asarray(y, dtype=float), "series": series,
            "label": labels, "x_text": vega.texts(x, digits), "y_text": vega.texts(y, digits)}


def segments(rows: Sequence[tuple[float, float, float, float, str]]) -> dict:
    """The ``segments`` table: (x, y, x2, y2, series) per straight piece."""
    columns = list(zip(*rows, strict=True)) if rows else [[], [], [], [], []]
    return dict(zip(("x", "y", "x2", "y2", "series"), (list(c) for c in columns), strict=True))


NO_POINTS = marks([], [], [])
NO_SEGMENTS = segments([])
