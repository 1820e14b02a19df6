"""Page 2's charts: activations and their slopes, the sigmoid's two factors, seed 000's RBF
unit, softmax bars. The numbers come from ``core.activations``; this module only draws them."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.activations import ACTIVATIONS, EXP_OVERFLOW, FLOAT64_MAX, sigmoid_factors
from core.format import fmt, latex_gathered, latex_matrix, latex_number
from ui.plot import vega
from ui.plot.charts import NO_SEGMENTS, curve_chart, lines, marks, segments
from ui.plot.theme import ACCENT, AFFINE, BEFORE, FORWARD, GOOD, GRADIENT, MORE

#: One fixed colour per function when several are compared (blue stays the sigmoid's).
ACT_COLORS = {
    "identity": BEFORE, "sigmoid": FORWARD, "tanh": AFFINE, "relu": GOOD,
    "leaky_relu": MORE[0], "softplus": MORE[1], "gaussian_rbf": MORE[2],
}


@st.cache_data(show_spinner=False, max_entries=8)
def curves(lo: float, hi: float, n: int) -> pd.DataFrame:
    """f and f' of every activation on n points of [lo, hi] (long format: u, name, f, df)."""
    u = np.linspace(lo, hi, n)
    return pd.concat([pd.DataFrame({"u": u, "name": name, "f": act.fn(u), "df": act.derivative(u)})
                      for name, act in ACTIVATIONS.items()], ignore_index=True)


@st.cache_data(show_spinner=False, max_entries=8)
def factor_curves(lo: float, hi: float, n: int) -> pd.DataFrame:
    """The sigmoid's slope and its two factors on n points of [lo, hi]."""
    u = np.linspace(lo, hi, n)
    f, one_minus_f, product = sigmoid_factors(u)
    return pd.DataFrame({"u": u, "f": f, "1-f": one_minus_f, "df": product})


def padded(lo: float, hi: float, pad: float = 0.08) -> tuple[float, float]:
    """A range with a margin, so lines at the edge stay visible."""
    span = max(hi - lo, 1e-9)
    return lo - pad * span, hi + pad * span


def one_function(frame: pd.DataFrame, u0: float, f0: float, df0: float, tangent: tuple, names: dict,
                 u_title: str) -> None:
    """f (blue) and f' (red) of one activation, the probe point and its tangent (orange).

    frame: u, f, df of one function; tangent: ([u_a, u_b], [y_a, y_b]); names: series names of
    "f", "df", "tangent".
    """
    (ua, ub), (ya, yb) = tangent
    u = frame["u"].to_numpy()
    lo = min(frame["f"].min(), frame["df"].min(), 0.0)
    hi = max(frame["f"].max(), frame["df"].max(), 1.0)
    spec = curve_chart(u_title, "", (names["f"], names["df"], names["tangent"]), (FORWARD, GRADIENT, ACCENT),
                       x_domain=(float(u[0]), float(u[-1])), y_domain="data", height=360)
    vega.show(spec, domains={"y": padded(lo, hi)},
              curves=lines(u, {names["f"]: frame["f"], names["df"]: frame["df"]}),
              points=marks([u0, u0], [f0, df0], [names["tangent"], names["df"]], ["f(u₀)", "f′(u₀)"]),
              segments=segments([(ua, ya, ub, yb, names["tangent"])]))


def compare(frame: pd.DataFrame, column: str, chosen: list[str], names: dict[str, str], u0: float,
            values: dict[str, float], u_title: str, y_title: str, probe: str) -> None:
    """One column (f or df) of several activations, each in its colour, with the probe u₀ as a
    vertical line and each function's value there as a point."""
    part = frame[frame["name"].isin(chosen)]
    u = part["u"].unique()
    y_lo, y_hi = padded(min(part[column].min(), 0.0), max(part[column].max(), 1.0))
    series = (*(names[n] for n in chosen), probe)
    spec = curve_chart(u_title, y_title, series, (*(ACT_COLORS[n] for n in chosen), ACCENT),
                       x_domain=(float(u[0]), float(u[-1])), y_domain="data", height=260)
    vega.show(spec, domains={"y": (y_lo, y_hi)},
              curves=lines(u, {names[n]: part.loc[part["name"] == n, column] for n in chosen}),
              points=marks([u0] * len(chosen), [values[n] for n in chosen], [names[n] for n in chosen]),
              segments=segments([(u0, y_lo, u0, y_hi, probe)]))


def factor_panel(frame: pd.DataFrame, column: str, series: str, color: str, u0: float, v0: float,
                 u_title: str, y_domain: tuple[float, float], probe: tuple[str, str],
                 peak: tuple[float, float, str, str] | None = None) -> None:
    """One panel of seed 001's three-panel figure: f, 1 - f or their product, with the probe.

    probe: (series name, label) of the learner's point; peak: (u, value, series name, label).
    """
    names, colors = [series, probe[0]], [color, ACCENT]
    xs, ys, kinds, labels = [u0], [v0], [probe[0]], [probe[1]]
    if peak is not None:
        names.append(peak[2])
        colors.append(GRADIENT)
        xs, ys, kinds, labels = [*xs, peak[0]], [*ys, peak[1]], [*kinds, peak[2]], [*labels, peak[3]]
    u = frame["u"].to_numpy()
    spec = curve_chart(u_title, series, tuple(names), tuple(colors), x_domain=(float(u[0]), float(u[-1])),
                       y_domain=y_domain, height=220)
    vega.show(spec, curves=lines(u, {series: frame[column]}), points=marks(xs, ys, kinds, labels),
              segments=NO_SEGMENTS)


@vega.chart
def rbf_chart(curve_name: str, classes: tuple[str, ...], colors: tuple[str, ...], x_title: str,
              y_title: str, x_domain: tuple[float, float]) -> alt.LayerChart:
    """Seed 000's hidden unit h = φ(x w_h) as a curve over x (table ``curve``), with every sample
    on it (``samples``: x, y, series, texts)."""
    colour = alt.Color("series:N", title=None,
                       scale=alt.Scale(domain=[curve_name, *classes], range=[BEFORE, *colors]))
    x = alt.X("x:Q", title=x_title, scale=alt.Scale(domain=list(x_domain), nice=False))
    y = alt.Y("y:Q", title=y_title, scale=alt.Scale(domain=[-0.05, 1.08], nice=False))
    tips = [alt.Tooltip("series:N", title=" "), alt.Tooltip("x_text:N", title=x_title),
            alt.Tooltip("y_text:N", title=y_title)]
    return alt.layer(
        alt.Chart(alt.NamedData("curve")).mark_line().encode(x=x, y=y, color=colour, tooltip=tips[:1]),
        alt.Chart(alt.NamedData("samples")).mark_circle(size=70, opacity=0.85, stroke="white",
                                                        strokeWidth=1).encode(x=x, y=y, color=colour,
                                                                              tooltip=tips),
    ).properties(height=300)


def rbf(grid_x: np.ndarray, grid_h: np.ndarray, x: np.ndarray, h: np.ndarray, classes: list[str],
        class_names: list[str], colors: list[str], curve_name: str) -> None:
    spec = rbf_chart(curve_name, tuple(class_names), tuple(colors), "x", "h",
                     (float(grid_x[0]), float(grid_x[-1])))
    vega.show(spec, curve=lines(grid_x, {curve_name: grid_h}), samples=marks(x, h, classes))


@vega.chart
def strip_chart(classes: tuple[str, ...], colors: tuple[str, ...], cut_name: str, title: str,
                scale: tuple[float, float]) -> alt.LayerChart:
    """Samples as ticks on one line (table ``samples``: v, class, v_text), coloured by class, with
    the best single cut as a taller orange tick (``cut``: v, name, v_text)."""
    xs = alt.X("v:Q", title=title, scale=alt.Scale(domain=list(scale), nice=False, clamp=True))
    ticks = alt.Chart(alt.NamedData("samples")).mark_tick(thickness=2, size=34, opacity=0.85).encode(
        x=xs, color=alt.Color("class:N", legend=None,  # the legend is the chart's above
                              scale=alt.Scale(domain=list(classes), range=list(colors))),
        tooltip=[alt.Tooltip("class:N", title=" "), alt.Tooltip("v_text:N", title=title)])
    cut = alt.Chart(alt.NamedData("cut")).mark_tick(color=ACCENT, thickness=3, size=60, opacity=1).encode(
        x=xs, tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("v_text:N", title=title)])
    return alt.layer(ticks, cut).properties(height=90)


def strip(values: np.ndarray, classes: list[str], class_names: list[str], colors: list[str], cut: float,
          cut_name: str, title: str, scale: tuple[float, float]) -> None:
    vega.show(strip_chart(tuple(class_names), tuple(colors), cut_name, title, scale),
              samples={"v": values, "class": classes, "v_text": vega.texts(values)},
              cut={"v": [cut], "name": [cut_name], "v_text": vega.texts([cut])})


@vega.chart
def softmax_chart(y_title: str) -> alt.LayerChart:
    """The probabilities as bars on a fixed 0..1 axis, each with its value written on top
    (table ``probs``: k, y, y_text)."""
    x = alt.X("k:N", title=None, sort=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("y:Q", title=y_title, scale=alt.Scale(domain=[0, 1.1], nice=False))
    probs = alt.Chart(alt.NamedData("probs"))
    return alt.layer(
        probs.mark_bar(color=FORWARD, size=46).encode(
            x=x, y=y, tooltip=[alt.Tooltip("k:N", title=" "), alt.Tooltip("y_text:N", title=y_title)]),
        probs.mark_text(dy=-9, fontSize=13).encode(x=x, y=y, text=alt.Text("y_text:N")),
    ).properties(height=280)


def softmax_bars(names: list[str], y: np.ndarray, y_title: str) -> None:
    vega.show(softmax_chart(y_title), probs={"k": names, "y": y, "y_text": vega.texts(y)})


def naive_softmax(steps, overflow: str, underflow: str, fine: str) -> None:
    """The naive way, exponentiate first, with what goes wrong (a ``core.activations.SoftmaxSteps``)."""
    N, M = latex_number, latex_matrix
    exps = [rf"\color{{{GRADIENT}}}{{e^{{{N(s)}}}}}" if over else N(v)
            for s, v, over in zip(steps.scaled, steps.naive_exp, steps.overflow_mask, strict=True)]
    lines = [rf"z / T = {M(steps.scaled, row=True)}", r"e^{z/T} = \begin{bmatrix} " + " & ".join(exps)
             + r" \end{bmatrix}"]
    if steps.naive_status == "overflow":
        lines.append(rf"e^{{{N(steps.m)}}} > e^{{{N(EXP_OVERFLOW, 6)}}} \approx {N(FLOAT64_MAX)}"
                     if steps.overflow_mask.any() else rf"\sum_j e^{{z_j/T}} > {N(FLOAT64_MAX)}")
        message = overflow.format(limit=fmt(EXP_OVERFLOW, 6))
    elif steps.naive_status == "underflow":
        lines.append(r"\sum_j e^{z_j/T} = 0")
        message = underflow
    else:
        lines += [rf"\sum_j e^{{z_j/T}} = {N(steps.naive_total)}", rf"y = {M(steps.naive_y, row=True)}"]
        message = None
    st.latex(latex_gathered(*lines))
    if message is None:
        st.markdown(fine)
    else:
        st.warning(message, icon=":material/error:")


def stable_softmax(steps) -> None:
    """The stable way: subtract the largest logit first."""
    N, M = latex_number, latex_matrix
    st.latex(latex_gathered(rf"m = \max_k z_k / T = {N(steps.m)}",
                            rf"z / T - m = {M(steps.shifted, row=True)}",
                            rf"e^{{z/T - m}} = {M(steps.exp_shifted, row=True)}",
                            rf"\sum_j e^{{z_j/T - m}} = {N(steps.total)}", rf"y = {M(steps.y, row=True)}",
                            rf"\sum_k y_k = {N(steps.y_sum)}"))


def softmax_table(steps, overflow: str, underflow: str, naive_exp_title: str,
                  naive_y_title: str) -> pd.DataFrame:
    """Every intermediate of both ways, one row per class; what the naive way cannot compute says so."""
    bad = {"overflow": overflow, "underflow": underflow}.get(steps.naive_status)
    return pd.DataFrame({
        "k": range(1, len(steps.z) + 1), "z_k": steps.z, "z_k / T": steps.scaled,
        "z_k / T − m": steps.shifted,
        "e^(z_k/T − m)": steps.exp_shifted, "y_k": steps.y,
        naive_exp_title: [overflow if over else fmt(v) for v, over in
                          zip(steps.naive_exp, steps.overflow_mask, strict=True)],
        naive_y_title: [bad or fmt(v) for v in steps.naive_y],
    })
