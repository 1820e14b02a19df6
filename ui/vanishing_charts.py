"""Charts of the vanishing-gradient page: per-layer sizes on a log scale."""

from __future__ import annotations

import pandas as pd

from ui import vl
from ui.charts import color_scale, with_text

# Label only the powers of ten, in the app's style: plain between 0.001 and 10^4, else 1e-7.
LOG_AXIS = vl.Axis(
    labelExpr="abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 ? "
              "(datum.value >= 0.001 && datum.value < 10000 ? format(datum.value, '~g') "
              ": format(datum.value, '.0e')) : ''",
    tickCount=12,
)


def layer_chart(
    frame: pd.DataFrame, y_title: str, x_title: str, domain: list[str], colors: list[str],
    dashed: tuple[str, ...] = (), height: int = 300, log: bool = True,
) -> vl.LayerChart:
    """One value per layer (columns: layer, value, series), input side on the left.

    Values of exactly 0 cannot sit on a log scale; the page reports them in text.
    """
    shown = with_text(frame[frame["value"] > 0] if log else frame, ["value"])
    colour = vl.Color("series:N", scale=color_scale(domain, colors), title=None)
    y_scale = vl.Scale(type="log") if log else vl.Scale(zero=True)
    x = vl.X("layer:O", title=x_title, axis=vl.Axis(labelAngle=0))
    y = vl.Y("value:Q", scale=y_scale, title=y_title, axis=LOG_AXIS if log else vl.Axis())
    tips = [vl.Tooltip("series:N", title=""), vl.Tooltip("layer:O", title=x_title),
            vl.Tooltip("value_text:N", title=y_title)]
    layers = []
    for part, dash in ((shown[~shown["series"].isin(dashed)], None),
                       (shown[shown["series"].isin(dashed)], [6, 4])):
        if len(part):
            mark = {"point": True} if dash is None else {"strokeDash": dash}
            layers.append(vl.Chart(part).mark_line(**mark).encode(x=x, y=y, color=colour, tooltip=tips))
    return vl.layer(*layers).properties(height=height)


def rings_chart(x, t, labels: dict[int, str], colors: list[str], size: int = 260) -> vl.Chart:
    """The two-rings data set, coloured by class."""
    frame = pd.DataFrame({"x₁": x[:, 0], "x₂": x[:, 1],
                          "class": [labels[int(v)] for v in t[:, 0]]})
    return vl.Chart(frame).mark_circle(size=30, opacity=0.8).encode(
        x=vl.X("x₁:Q", scale=vl.Scale(domain=[-1.5, 1.5])),
        y=vl.Y("x₂:Q", scale=vl.Scale(domain=[-1.5, 1.5])),
        color=vl.Color("class:N", scale=vl.Scale(domain=list(labels.values()), range=colors),
                        title=None),
    ).properties(width=size, height=size)
