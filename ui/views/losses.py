"""Page 3's charts: two losses and their gradients over a whole range, and bars per class."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from ui.plot import vega
from ui.plot.charts import curve_chart, lines, marks, segments
from ui.plot.theme import ACCENT, AXIS, INK


def curves(x, columns: Mapping[str, np.ndarray], x_title: str, y_title: str, colors: tuple[str, ...],
           dashed: tuple[str, ...], points: tuple[list, list, list], *, tangents=(),
           x_domain: tuple[float, float], y_domain: tuple[float, float] | None = None) -> None:
    """Losses or gradients as lines, MSE's dashed (in the legend too), the learner's points in
    orange with their labels, and tangents there as thin orange segments.

    points: (xs, ys, labels); tangents: (x, y, x2, y2) per segment. A curve that leaves
    ``y_domain`` is cut at the border, not clamped onto it, so -1/p near p = 0 does not look
    like a plateau along the bottom edge.
    """
    series = tuple(columns)
    spec = curve_chart(x_title, y_title, series, colors, dashed=dashed, x_domain=x_domain, y_domain=y_domain,
                       clamp=False, height=300, point_color=ACCENT, segment_color=ACCENT,
                       legend_columns=2 if len(series) > 2 else None)
    xs, ys, labels = points
    vega.show(spec, curves=lines(x, columns), points=marks(xs, ys, "", labels),
              segments=segments([(*segment, "") for segment in tangents]))


@vega.chart
def bars_chart(y_title: str, series: tuple[str, ...], colors: tuple[str, ...], opacity: tuple[float, ...],
               y_domain: tuple[float, float]) -> alt.LayerChart:
    """Grouped bars, one group per class (table ``bars``: cls, value, series, value_text, in
    display order), each value written above (below, when negative) its bar."""
    x = alt.X("cls:N", sort=None, title=None, axis=alt.Axis(labelAngle=0, labelFontSize=13))
    offset = alt.XOffset("series:N", sort=list(series))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(domain=list(y_domain), nice=False))
    bars = alt.Chart(alt.NamedData("bars"))
    drawn = bars.mark_bar().encode(
        x=x, xOffset=offset, y=y,
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=list(series), range=list(colors))),
        opacity=alt.Opacity("series:N", title=None,
                            scale=alt.Scale(domain=list(series), range=list(opacity))),
        tooltip=[alt.Tooltip("series:N", title=" "), alt.Tooltip("cls:N", title=" "),
                 alt.Tooltip("value_text:N", title=y_title)])
    text = {"x": x, "xOffset": offset, "y": y, "text": alt.Text("value_text:N")}
    above = bars.mark_text(dy=-7, fontSize=11, color=INK).encode(**text).transform_filter("datum.value >= 0")
    below = bars.mark_text(dy=9, fontSize=11, color=INK).encode(**text).transform_filter("datum.value < 0")
    zero = bars.mark_rule(color=AXIS).encode(y=alt.datum(0))
    return alt.layer(drawn, above, below, zero).properties(height=260)


def class_bars(classes: list[str], columns: Mapping[str, np.ndarray], y_title: str, colors: tuple[str, ...],
               y_domain: tuple[float, float], opacity: Mapping[str, float] | None = None) -> None:
    """One bar per class and series (e.g. the prediction y beside the target t)."""
    series = tuple(columns)
    values = np.concatenate([np.asarray(v, dtype=float) for v in columns.values()])
    frame = pd.DataFrame({"cls": classes * len(series), "value": values,
                          "series": np.repeat(series, len(classes)), "value_text": vega.texts(values)})
    alphas = tuple((opacity or {}).get(name, 1.0) for name in series)
    vega.show(bars_chart(y_title, series, colors, alphas, y_domain), bars=frame)
