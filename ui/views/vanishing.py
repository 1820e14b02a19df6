"""Page 6's charts: one value per layer on a log scale, the two-rings data, a loss history."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np

from ui.plot import vega
from ui.plot.charts import NO_POINTS, NO_SEGMENTS, curve_chart, paths

# Label only the powers of ten, in the app's style: plain between 0.001 and 10^4, else 1e-7.
LOG_LABELS = ("abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 ? "
              "(datum.value >= 0.001 && datum.value < 10000 ? format(datum.value, '~g') "
              ": format(datum.value, '.0e')) : ''")


@vega.chart
def layer_chart(y_title: str, x_title: str, series: tuple[str, ...], colors: tuple[str, ...],
                dashed: tuple[str, ...], height: int) -> alt.LayerChart:
    """One value per layer (table ``layers``: layer, value, series, value_text), input side on the
    left, on a log scale; the ``dashed`` series drawn dashed and without points."""
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(series), range=list(colors)))
    dash = alt.StrokeDash("series:N", title=None, scale=alt.Scale(
        domain=list(series), range=[[6, 4] if name in dashed else [1, 0] for name in series]))
    x = alt.X("layer:O", title=x_title, axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(type="log"),
              axis=alt.Axis(labelExpr=LOG_LABELS, tickCount=12))
    tips = [alt.Tooltip("series:N", title=" "), alt.Tooltip("layer:O", title=x_title),
            alt.Tooltip("value_text:N", title=y_title)]
    data = alt.Chart(alt.NamedData("layers"))
    solid = f"indexof({list(dashed)!r}, datum.series) < 0".replace("'", '"')
    return alt.layer(
        data.mark_line().encode(x=x, y=y, color=colour, strokeDash=dash, tooltip=tips[:1]),
        data.mark_point(filled=True, size=40, opacity=1).encode(x=x, y=y, color=colour, tooltip=tips)
        .transform_filter(solid),
    ).properties(height=height)


def per_layer(values: Mapping[str, np.ndarray], y_title: str, x_title: str, colors: tuple[str, ...],
              dashed: tuple[str, ...] = (), first_layer: int = 1, height: int = 300) -> None:
    """Series name -> one value per layer (layer ``first_layer`` first). Values of exactly 0 cannot
    sit on a log scale and are left out; the page reports them in text."""
    layer = np.concatenate([np.arange(first_layer, first_layer + len(v)) for v in values.values()])
    value = np.concatenate([np.asarray(v, dtype=float) for v in values.values()])
    series = np.repeat(list(values), [len(v) for v in values.values()])
    keep = value > 0
    vega.show(layer_chart(y_title, x_title, tuple(values), colors, dashed, height),
              layers={"layer": layer[keep], "value": value[keep], "series": series[keep].tolist(),
                      "value_text": vega.texts(value[keep])})


@vega.chart
def rings_chart(classes: tuple[str, ...], colors: tuple[str, ...], size: int) -> alt.Chart:
    """The two-rings data set (table ``rings``: x1, x2, class), coloured by class."""
    square = alt.Scale(domain=[-1.5, 1.5])
    return alt.Chart(alt.NamedData("rings")).mark_circle(size=30, opacity=0.8).encode(
        x=alt.X("x1:Q", title="x₁", scale=square), y=alt.Y("x2:Q", title="x₂", scale=square),
        color=alt.Color("class:N", title=None, scale=alt.Scale(domain=list(classes), range=list(colors))),
    ).properties(width=size, height=size)


def rings(x: np.ndarray, t: np.ndarray, names: Mapping[int, str], colors: tuple[str, ...],
          size: int = 180) -> None:
    vega.show(rings_chart(tuple(names.values()), colors, size), stretch=False,
              rings={"x1": x[:, 0], "x2": x[:, 1], "class": [names[int(v)] for v in t[:, 0]]})


def loss_histories(histories: Mapping[str, np.ndarray], x_title: str, y_title: str,
                   colors: tuple[str, ...]) -> None:
    """One loss curve per run, step 1 first."""
    runs = {name: (np.arange(1, len(h) + 1), h) for name, h in histories.items()}
    vega.show(curve_chart(x_title, y_title, tuple(histories), colors, height=300),
              curves=paths(runs, texts=False),
              points=NO_POINTS, segments=NO_SEGMENTS)
