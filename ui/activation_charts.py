"""Charts and cached tables of the activations page (page 2).

The page chooses inputs and arranges; the numbers come from ``core.activations``,
the drawing from ``ui.charts`` (one theme: forward blue, gradients red, the
learner's probe orange).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.activations import ACTIVATIONS, sigmoid_factors
from ui import vl
from ui.charts import (
    ACCENT,
    AFFINE,
    BEFORE,
    FORWARD,
    GOOD,
    GRADIENT,
    color_scale,
    curve_chart,
    with_text,
)

#: One fixed colour per function when several are compared (blue stays the sigmoid's).
ACT_COLORS = {
    "identity": BEFORE,
    "sigmoid": FORWARD,
    "tanh": AFFINE,
    "relu": GOOD,
    "leaky_relu": "#0f9ba8",
    "softplus": "#a0612b",
    "gaussian_rbf": "#c2458f",
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
    """A y range with a margin, so lines at the edge stay visible."""
    span = max(hi - lo, 1e-9)
    return lo - pad * span, hi + pad * span


def one_function_chart(frame: pd.DataFrame, u0: float, f0: float, df0: float,
                       tangent: tuple[list[float], list[float]], names: dict[str, str],
                       u_title: str, y_title: str, height: int = 360) -> vl.LayerChart:
    """f (blue) and f' (red) of one activation, the probe point and its tangent (orange).

    frame: u, f, df of one function; tangent: ([u_start, u_end], [y_start, y_end]);
    names: series names for "f", "df", "tangent".
    """
    long = pd.concat([pd.DataFrame({"x": frame["u"], "y": frame["f"], "series": names["f"]}),
                      pd.DataFrame({"x": frame["u"], "y": frame["df"], "series": names["df"]})])
    lo = min(frame["f"].min(), frame["df"].min(), 0.0)
    hi = max(frame["f"].max(), frame["df"].max(), 1.0)
    (ua, ub), (ya, yb) = tangent
    segments = pd.DataFrame([{"x": ua, "y": ya, "x2": ub, "y2": yb, "series": names["tangent"]}])
    points = pd.DataFrame([
        {"x": u0, "y": f0, "series": names["tangent"], "label": "f(u₀)"},
        {"x": u0, "y": df0, "series": names["df"], "label": "f′(u₀)"},
    ])
    domain = [names["f"], names["df"], names["tangent"]]
    return curve_chart(long, u_title, y_title, domain, [FORWARD, GRADIENT, ACCENT], points=points,
                       segments=segments, y_domain=padded(lo, hi),
                       x_domain=(float(frame["u"].min()), float(frame["u"].max())), height=height)


def compare_chart(frame: pd.DataFrame, column: str, chosen: list[str], names: dict[str, str],
                  u0: float, values: dict[str, float], u_title: str, y_title: str, probe: str,
                  height: int = 320) -> vl.LayerChart:
    """One column (f or df) of several activations, each in its colour, with the probe u₀.

    values: the value of that column at u₀ per function (from core); probe: the name of
    the vertical probe line.
    """
    part = frame[frame["name"].isin(chosen)]
    long = pd.DataFrame({"x": part["u"], "y": part[column], "series": part["name"].map(names)})
    lo, hi = min(part[column].min(), 0.0), max(part[column].max(), 1.0)
    y_lo, y_hi = padded(lo, hi)
    segments = pd.DataFrame([{"x": u0, "y": y_lo, "x2": u0, "y2": y_hi, "series": probe}])
    points = pd.DataFrame([{"x": u0, "y": values[n], "series": names[n], "label": ""} for n in chosen])
    domain = [names[n] for n in chosen] + [probe]
    colors = [ACT_COLORS[n] for n in chosen] + [ACCENT]
    return curve_chart(long, u_title, y_title, domain, colors, points=points, segments=segments,
                       y_domain=(y_lo, y_hi), x_domain=(float(part["u"].min()), float(part["u"].max())),
                       height=height)


def factor_chart(frame: pd.DataFrame, column: str, series: str, color: str, u0: float, v0: float,
                 u_title: str, y_domain: tuple[float, float], probe: tuple[str, str],
                 peak: tuple[float, float, str, str] | None = None, height: int = 220) -> vl.LayerChart:
    """One panel of seed 001's three-panel figure: f, 1 - f or their product, with the probe.

    probe: (series name, label) of the learner's point; peak: (u, value, series name, label).
    """
    line = pd.DataFrame({"x": frame["u"], "y": frame[column], "series": series})
    rows = [{"x": u0, "y": v0, "series": probe[0], "label": probe[1]}]
    domain, colors = [series, probe[0]], [color, ACCENT]
    if peak is not None:
        rows.append({"x": peak[0], "y": peak[1], "series": peak[2], "label": peak[3]})
        domain, colors = [*domain, peak[2]], [*colors, GRADIENT]
    return curve_chart(line, u_title, series, domain, colors, points=pd.DataFrame(rows),
                       y_domain=y_domain, x_domain=(float(frame["u"].min()), float(frame["u"].max())),
                       height=height)


def rbf_chart(grid_x: np.ndarray, grid_h: np.ndarray, x: np.ndarray, h: np.ndarray,
              classes: list[str], domain: list[str], colors: list[str], curve_name: str,
              x_title: str, y_title: str, height: int = 300) -> vl.LayerChart:
    """Seed 000's hidden unit h = φ(x w_h) as a curve over x, with every sample on it."""
    line = with_text(pd.DataFrame({"x": grid_x, "y": grid_h, "series": curve_name}), ["x", "y"])
    pts = with_text(pd.DataFrame({"x": x, "y": h, "series": classes}), ["x", "y"])
    colour = vl.Color("series:N", scale=color_scale([curve_name, *domain], [BEFORE, *colors]), title=None)
    x_scale = vl.Scale(domain=[float(grid_x[0]), float(grid_x[-1])], nice=False)
    xs = vl.X("x:Q", title=x_title, scale=x_scale)
    ys = vl.Y("y:Q", title=y_title, scale=vl.Scale(domain=[-0.05, 1.08], nice=False))
    tips = [vl.Tooltip("series:N", title=""), vl.Tooltip("x_text:N", title=x_title),
            vl.Tooltip("y_text:N", title=y_title)]
    return vl.layer(
        vl.Chart(line).mark_line().encode(x=xs, y=ys, color=colour, tooltip=tips),
        vl.Chart(pts).mark_circle(size=70, opacity=0.85, stroke="white", strokeWidth=1).encode(
            x=xs, y=ys, color=colour, tooltip=tips),
    ).properties(height=height)


def strip_chart(values: np.ndarray, classes: list[str], domain: list[str], colors: list[str],
                cut: float, cut_name: str, title: str, scale: tuple[float, float],
                height: int = 90) -> vl.LayerChart:
    """Samples as ticks on one line, coloured by class, with the best single cut (a taller orange tick)."""
    frame = with_text(pd.DataFrame({"v": values, "class": classes}), ["v"])
    xs = vl.X("v:Q", title=title, scale=vl.Scale(domain=list(scale), nice=False, clamp=True))
    ticks = vl.Chart(frame).mark_tick(thickness=2, size=34, opacity=0.85).encode(
        x=xs, color=vl.Color("class:N", scale=color_scale(domain, colors), legend=None),  # shown above
        tooltip=[vl.Tooltip("class:N", title=""), vl.Tooltip("v_text:N", title=title)])
    rule = vl.Chart(with_text(pd.DataFrame({"v": [cut], "name": [cut_name]}), ["v"])).mark_tick(
        color=ACCENT, thickness=3, size=60, opacity=1).encode(
        x=xs, tooltip=[vl.Tooltip("name:N", title=""), vl.Tooltip("v_text:N", title=title)])
    return vl.layer(ticks, rule).properties(height=height)


def softmax_bars(labels: list[str], y: np.ndarray, y_title: str, height: int = 280) -> vl.LayerChart:
    """The probabilities as bars on a fixed 0..1 axis, each with its value written on top."""
    frame = with_text(pd.DataFrame({"k": labels, "y": y}), ["y"])
    x = vl.X("k:N", title=None, sort=labels, axis=vl.Axis(labelAngle=0))
    ys = vl.Y("y:Q", title=y_title, scale=vl.Scale(domain=[0, 1.1], nice=False))
    tips = [vl.Tooltip("k:N", title=""), vl.Tooltip("y_text:N", title=y_title)]
    return vl.layer(
        vl.Chart(frame).mark_bar(color=FORWARD, size=46).encode(x=x, y=ys, tooltip=tips),
        vl.Chart(frame).mark_text(dy=-9, fontSize=13).encode(x=x, y=ys, text=vl.Text("y_text:N")),
    ).properties(height=height)
