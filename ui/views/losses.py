"""Page 3's charts: two losses and their gradients over a whole range, and bars per class; and the
formulas of section 5, the chain rule through the softmax with the learner's numbers."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.format import latex_gathered, latex_matrix, latex_number
from core.losses import SoftmaxLossDerivation, logit_curves, probability_curves
from ui.plot import vega
from ui.plot.charts import curve_chart, lines, marks, segments
from ui.plot.theme import ACCENT, AXIS, INK
from ui.shell import t
from ui.widgets import numbers_table


@st.cache_data(show_spinner=False)
def probability_grid() -> pd.DataFrame:
    """Section 2's curves against the probability p of the right class (t = 1), 101 points."""
    p = np.linspace(0.0, 1.0, 101)
    c = probability_curves(p, 1.0)
    return pd.DataFrame({"p": p, "mse": c.mse, "mse_d": c.mse_dy, "ce": c.ce, "ce_d": c.ce_dy})


@st.cache_data(show_spinner=False)
def logit_grid(u_range: tuple[float, float], values: tuple[float, ...] | None = None) -> pd.DataFrame:
    """Section 3's curves against the logit u (t = 1): 241 points over ``u_range``, or ``values``."""
    u = np.array(values) if values else np.linspace(*u_range, 241)
    c = logit_curves(u, 1.0)
    return pd.DataFrame({"u": u, "y": c.y, "dy": c.dy_du, "mse": c.mse, "mse_d": c.mse_du,
                         "ce": c.ce, "ce_d": c.ce_du, "factor": c.mse_factor})


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


# --- Section 5: the chain rule through the softmax, K classes ------------------------------------

#: The two steps in general (language-neutral): the Jacobian by the quotient rule, then the product.
JACOBIAN_RULES = latex_gathered(
    r"\frac{\partial y_j}{\partial z_k}"
    r" = \frac{\delta_{jk}\, e^{z_j} \sum_i e^{z_i} - e^{z_j} e^{z_k}}{\bigl(\sum_i e^{z_i}\bigr)^2}"
    r" = y_j\,(\delta_{jk} - y_k)",
    r"\frac{\partial L}{\partial z_k}"
    r" = \sum_j \frac{\partial L}{\partial y_j}\,\frac{\partial y_j}{\partial z_k}"
    r" = \sum_j \Bigl(-\frac{t_j}{y_j}\Bigr)\, y_j\,(\delta_{jk} - y_k)"
    r" = -t_k + y_k \sum_j t_j = y_k - t_k \quad\Bigl(\textstyle\sum_j t_j = 1\Bigr)")


def _column(cells: list[str]) -> str:
    return r"\begin{bmatrix} " + r" \\ ".join(cells) + r" \end{bmatrix}"


def softmax_inputs(d: SoftmaxLossDerivation) -> str:
    """z, t, y = softmax(z) and the loss, with the learner's numbers."""
    M, N = latex_matrix, latex_number
    k = int(np.argmax(d.t)) + 1 if np.count_nonzero(d.t) == 1 else None
    true = rf" = -\log y_{{{k}}} = -\log {N(d.y[k - 1])}" if k else ""
    return latex_gathered(rf"\mathbf{{z}} = {M(d.z, row=True)}", rf"\mathbf{{t}} = {M(d.t, row=True)}",
                          rf"\mathbf{{y}} = \mathrm{{softmax}}(\mathbf{{z}}) = {M(d.y, row=True)}",
                          rf"L = -\sum_k t_k \log y_k{true} = {N(d.loss)}")


def jacobian_chain(d: SoftmaxLossDerivation) -> str:
    """dL/dy = -t/y, the Jacobian, their product and y - t, each with the learner's numbers.

    From five classes on the Jacobian is written with three digits, and in the product by its
    name (J, which equals its transpose) rather than its numbers again, so that the lines fit."""
    M, N = latex_matrix, latex_number
    wide = d.z.size > 4
    J = M(d.jacobian, 3 if wide else 4)
    ratios = _column([rf"-{N(tk)} / {N(yk)}" for tk, yk in zip(d.t, d.y, strict=True)])
    dL_dy, dL_dz = r"\frac{\partial L}{\partial \mathbf{y}}", r"\frac{\partial L}{\partial \mathbf{z}}"
    product = rf"J\,{M(d.dy)}" if wide else rf"{M(d.jacobian.T)}\,{M(d.dy)}"  # J is symmetric: Jᵀ = J
    return latex_gathered(
        rf"{dL_dy} = -\frac{{\mathbf{{t}}}}{{\mathbf{{y}}}} = {ratios} = {M(d.dy)}",
        rf"J = \Bigl[\,y_j\,(\delta_{{jk}} - y_k)\,\Bigr]_{{jk}} = {J}",
        rf"{dL_dz} = J^{{\top}} {dL_dy} = {product} = {M(d.dz)}",
        rf"\mathbf{{y}} - \mathbf{{t}} = {M(d.y)} - {M(d.t)} = {M(d.y_minus_t)}", gap="12pt")


def k_class_derivation(d: SoftmaxLossDerivation, true: int, article: bool) -> None:
    """Page 3 §5 under its controls: the one-hot target, the chain from z to y − t with the numbers
    (``softmax_inputs``, ``jacobian_chain``), why it simplifies, and the numbers table."""
    st.caption(t("losses.jacobian.one_hot", k=true + 1))
    if article:
        st.caption(t("losses.jacobian.article"))
    st.latex(softmax_inputs(d))
    st.latex(jacobian_chain(d))
    st.markdown(t("losses.jacobian.reading"))
    st.caption(t("losses.jacobian.sum_note"))
    numbers_table(pd.DataFrame({t("losses.multi.class_axis"): np.arange(1, d.z.size + 1), "z": d.z, "y": d.y,
                                "t": d.t, "∂L/∂y = −t/y": d.dy, "Jᵀ ∂L/∂y": d.dz, "y − t": d.y_minus_t}),
                  title=t("losses.jacobian.table"))
