"""Charts of the vanishing-gradient page: per-layer sizes on a log scale."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import color_scale, with_text

# Label only the powers of ten, in the app's style: plain between 0.001 and 10^4, else 1e-7.
LOG_AXIS = alt.Axis(
    labelExpr="abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 ? "
              "(datum.value >= 0.001 && datum.value < 10000 ? format(datum.value, '~g') "
              ": format(datum.value, '.0e')) : ''",
    tickCount=12,
)


def layer_chart(
    frame: pd.DataFrame, y_title: str, x_title: str, domain: list[str], colors: list[str],
    dashed: tuple[str, ...] = (), height: int = 300, log: bool = True,
) -> alt.LayerChart:
    """One value per layer (columns: layer, value, series), input side on the left.

    Values of exactly 0 cannot sit on a log scale; the page reports them in text.
    """
    shown = with_text(frame[frame["value"] > 0] if log else frame, ["value"])
    colour = alt.Color("series:N", scale=color_scale(domain, colors), title=None)
    y_scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    x = alt.X("layer:O", title=x_title, axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", scale=y_scale, title=y_title, axis=LOG_AXIS if log else alt.Axis())
    tips = [alt.Tooltip("series:N", title=""), alt.Tooltip("layer:O", title=x_title),
            alt.Tooltip("value_text:N", title=y_title)]
    layers = []
    for part, dash in ((shown[~shown["series"].isin(dashed)], None),
                       (shown[shown["series"].isin(dashed)], [6, 4])):
        if len(part):
            mark = {"point": True} if dash is None else {"strokeDash": dash}
            layers.append(alt.Chart(part).mark_line(**mark).encode(x=x, y=y, color=colour, tooltip=tips))
    return alt.layer(*layers).properties(height=height)


def rings_chart(x, t, labels: dict[int, str], colors: list[str], size: int = 260) -> alt.Chart:
    """The two-rings data set, coloured by class."""
    frame = pd.DataFrame({"x₁": x[:, 0], "x₂": x[:, 1],
                          "class": [labels[int(v)] for v in t[:, 0]]})
    return alt.Chart(frame).mark_circle(size=30, opacity=0.8).encode(
        x=alt.X("x₁:Q", scale=alt.Scale(domain=[-1.5, 1.5])),
        y=alt.Y("x₂:Q", scale=alt.Scale(domain=[-1.5, 1.5])),
        color=alt.Color("class:N", scale=alt.Scale(domain=list(labels.values()), range=colors),
                        title=None),
    ).properties(width=size, height=size)
