"""Charts of the losses page: two losses and their gradients over a whole range, and per-class bars."""

from __future__ import annotations

import pandas as pd

from ui import charts, vl


def long_frame(x, columns: dict[str, object]) -> pd.DataFrame:
    """Curves in long form: one block of (x, y, series) rows per series."""
    return pd.concat([pd.DataFrame({"x": x, "y": y, "series": name}) for name, y in columns.items()],
                     ignore_index=True)


def curves(
    frame: pd.DataFrame,
    x_title: str,
    y_title: str,
    domain: list[str],
    colors: list[str],
    dashed: tuple[str, ...] = (),
    points: pd.DataFrame | None = None,
    tangents: pd.DataFrame | None = None,
    y_domain: tuple[float, float] | None = None,
    x_domain: tuple[float, float] | None = None,
    height: int = 300,
) -> vl.LayerChart:
    """Curves with line styles in the legend, the learner's points and tangent segments.

    frame:    x, y, series          one line per series; ``dashed`` series drawn dashed
    points:   x, y, label           the learner's setting, drawn in ACCENT with a label
    tangents: x, y, x2, y2          tangent segments at the learner's point, thin ACCENT lines
    Like ``charts.curve_chart`` (same colours and tooltips), with two differences this
    page needs: the legend shows solid against dashed (MSE is always dashed, cross-entropy
    solid), and a curve that leaves ``y_domain`` is cut at the border instead of clamped
    onto it, so -1/p near p = 0 does not look like a plateau along the bottom edge.
    """
    shown = charts.with_text(frame, ["x", "y"])
    x_scale = vl.Scale(domain=list(x_domain), nice=False) if x_domain else vl.Scale(zero=False)
    y_scale = vl.Scale(domain=list(y_domain), nice=False) if y_domain else vl.Scale(zero=False)
    x = vl.X("x:Q", scale=x_scale, title=x_title)
    y = vl.Y("y:Q", scale=y_scale, title=y_title)
    dashes = [[6, 4] if name in dashed else [1, 0] for name in domain]
    legend = vl.Legend(orient="bottom", symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=400)
    if len(domain) > 2:
        legend["columns"] = 2
    layers = [vl.Chart(shown).mark_line(clip=True).encode(
        x=x, y=y,
        color=vl.Color("series:N", scale=charts.color_scale(domain, colors), title=None, legend=legend),
        strokeDash=vl.StrokeDash("series:N", scale=vl.Scale(domain=list(domain), range=dashes),
                                 title=None),
        tooltip=[vl.Tooltip("series:N", title=""), vl.Tooltip("x_text:N", title=x_title),
                 vl.Tooltip("y_text:N", title=y_title)],
    )]
    if tangents is not None and len(tangents):
        layers.append(vl.Chart(tangents).mark_rule(color=charts.ACCENT, strokeWidth=1.5, clip=True)
                      .encode(x=x, y=y, x2=vl.X2("x2:Q"), y2=vl.Y2("y2:Q")))
    if points is not None and len(points):
        pts = charts.with_text(points, ["x", "y"])
        layers.append(vl.Chart(pts).mark_point(filled=True, size=110, stroke="white", strokeWidth=1.5,
                                               opacity=1, clip=True, color=charts.ACCENT).encode(
            x=x, y=y, tooltip=[vl.Tooltip("label:N", title=""), vl.Tooltip("x_text:N", title=x_title),
                               vl.Tooltip("y_text:N", title=y_title)]))
        layers.append(vl.Chart(pts).mark_text(dx=8, dy=-10, align="left", fontSize=12, clip=True,
                                              color=charts.ACCENT, fontWeight="bold").encode(
            x=x, y=y, text=vl.Text("label:N")))
    return vl.layer(*layers).properties(height=height)


def class_bars(
    frame: pd.DataFrame,
    y_title: str,
    domain: list[str],
    colors: list[str],
    opacity: dict[str, float] | None = None,
    y_domain: tuple[float, float] | None = None,
    height: int = 260,
) -> vl.LayerChart:
    """Grouped bars, one group per class (columns: cls, value, series; ``cls`` in display order)."""
    shown = charts.with_text(frame, ["value"])
    order = list(dict.fromkeys(shown["cls"]))
    alphas = [(opacity or {}).get(name, 1.0) for name in domain]
    y_scale = vl.Scale(domain=list(y_domain), nice=False) if y_domain else vl.Scale()
    x = vl.X("cls:N", sort=order, title=None, axis=vl.Axis(labelAngle=0, labelFontSize=13))
    offset = vl.XOffset("series:N", sort=list(domain))
    y = vl.Y("value:Q", title=y_title, scale=y_scale)
    bars = vl.Chart(shown).mark_bar().encode(
        x=x, xOffset=offset, y=y,
        color=vl.Color("series:N", scale=charts.color_scale(domain, colors), title=None),
        opacity=vl.Opacity("series:N", scale=vl.Scale(domain=list(domain), range=alphas), title=None),
        tooltip=[vl.Tooltip("series:N", title=""), vl.Tooltip("cls:N", title=""),
                 vl.Tooltip("value_text:N", title=y_title)],
    )
    text = {"x": x, "xOffset": offset, "y": y, "text": vl.Text("value_text:N")}
    above = vl.Chart(shown).mark_text(dy=-7, fontSize=11, color="#31333f").encode(**text) \
        .transform_filter(vl.datum.value >= 0)
    below = vl.Chart(shown).mark_text(dy=9, fontSize=11, color="#31333f").encode(**text) \
        .transform_filter(vl.datum.value < 0)
    zero = vl.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#a3a8b4").encode(y=vl.Y("y:Q"))
    return vl.layer(bars, above, below, zero).properties(height=height)
