"""Charts, formulas and the step table of the gradient-descent page.

Everything drawn here comes from ``core.optim`` (a ``DescentTrace``, a
``ViewWindow``, tangents, thresholds); this module only arranges it. Axes are
fixed by the window, so a diverging run leaves the picture instead of squashing it.
"""

from __future__ import annotations

import pandas as pd

from core.format import fmt, latex_number
from core.optim import DescentTrace, ViewWindow
from ui import vl
from ui.charts import ACCENT, AFFINE, BEFORE, FORWARD, GOOD, GRADIENT, color_scale, with_text

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
REGIME_COLORS = {"monotone": "green", "oscillating": "orange", "cycle": "violet", "divergent": "red"}
DIGITS = 6  # formulas and the step table show the same digits, so they can be compared
REGIME_HEX = {"monotone": GOOD, "oscillating": ACCENT, "divergent": GRADIENT}


def sub(name: str, k: int) -> str:
    """``w`` and 3 -> ``w₃``."""
    return f"{name}{str(k).translate(_SUB)}"


def num(x) -> str:
    """A number for a formula, in parentheses when negative: ``(-1)``."""
    text = latex_number(x, DIGITS)
    return f"({text})" if text.startswith("-") else text


def shifted(symbol: str, w_star: float) -> str:
    """``w - 1.875``, ``w + 1.5`` or ``w`` (how w* enters a formula)."""
    text = latex_number(w_star)
    if text == "0":
        return symbol
    return f"{symbol} + {text[1:]}" if text.startswith("-") else f"{symbol} - {text}"


# --- formulas with the learner's numbers ---------------------------------------------


def _n(x) -> str:
    return latex_number(x, DIGITS)


def _f(x) -> str:
    return fmt(x, DIGITS)


DLDW = r"\frac{dL}{dw}"


def gradient_latex(trace: DescentTrace, k: int, a: float, w_star: float) -> str:
    """dL/dw at w_k = 2a (w_k - w*) with numbers."""
    return (rf"{DLDW}\Big|_{{w_{{{k}}}}} = 2a\,(w_{{{k}}} - w^*) = 2 \times {_n(a)} \times "
            rf"({_n(trace.w[k])} - {num(w_star)}) = {_n(trace.grad[k])}")


def step_latex(trace: DescentTrace, k: int, lr: float, momentum: float) -> str:
    """The update from w_k to w_{k+1} with numbers (with momentum: the velocity first)."""
    w, g, w_next = trace.w[k], trace.grad[k], trace.w[k + 1]
    if momentum == 0.0:
        return (rf"w_{{{k + 1}}} = w_{{{k}}} - \eta\,{DLDW}\Big|_{{w_{{{k}}}}} = "
                rf"{_n(w)} - {_n(lr)} \times {num(g)} = {_n(w_next)}")
    v_prev = trace.update[k - 1] if k > 0 else 0.0
    v = trace.update[k]
    return (rf"v_{{{k + 1}}} = M\,v_{{{k}}} - \eta\,{DLDW}\Big|_{{w_{{{k}}}}} = {_n(momentum)} \times "
            rf"{num(v_prev)} - {_n(lr)} \times {num(g)} = {_n(v)},\qquad "
            rf"w_{{{k + 1}}} = w_{{{k}}} + v_{{{k + 1}}} = {_n(w)} + {num(v)} = {_n(w_next)}")


def step_table(trace: DescentTrace, upto: int, momentum: float, update_title: str) -> pd.DataFrame:
    """One row per iterate k = 0..upto; the update columns are empty on the last row."""
    rows = []
    for k in range(upto + 1):
        taken = k < upto
        row = {"k": str(k), "wₖ": _f(trace.w[k]), "L(wₖ)": _f(trace.loss[k]),
               "dL/dw": _f(trace.grad[k]), "−η·dL/dw": _f(trace.step[k]) if taken else ""}
        if momentum:
            row["M·vₖ"] = _f(trace.carried[k]) if taken else ""
            row[f"vₖ₊₁ ({update_title})"] = _f(trace.update[k]) if taken else ""
        row["wₖ₊₁"] = _f(trace.w[k + 1]) if taken else ""
        rows.append(row)
    return pd.DataFrame(rows)


# --- charts --------------------------------------------------------------------------


def descent_chart(
    curve: pd.DataFrame,
    path: pd.DataFrame,
    tangent: tuple[float, float, float, float],
    window: ViewWindow,
    w_star: float,
    names: dict[str, str],
    height: int = 380,
) -> vl.LayerChart:
    """The loss curve, the iterates joined in order, the tangent at the current one and w*.

    curve: w, L           samples of L(w) across the window
    path:  k, w, L, label the iterates shown so far (label only on the start and current one)
    names: curve, path, tangent, minimum (legend entries), w, L (axis titles)
    """
    domain = [names["curve"], names["path"], names["tangent"], names["minimum"]]
    colour = vl.Color("series:N", scale=color_scale(domain, [FORWARD, ACCENT, GRADIENT, GOOD]),
                       title=None)
    x_scale = vl.Scale(domain=[window.w_lo, window.w_hi], nice=False, zero=False)
    y_scale = vl.Scale(domain=[window.L_lo, window.L_hi], nice=False, zero=False)
    x = vl.X("w:Q", scale=x_scale, title=names["w"])
    y = vl.Y("L:Q", scale=y_scale, title=names["L"])
    tips = [vl.Tooltip("w_text:N", title=names["w"]), vl.Tooltip("L_text:N", title=names["L"])]

    curve = with_text(curve.assign(series=names["curve"]), ["w", "L"])
    layers = [vl.Chart(curve).mark_line(clip=True).encode(x=x, y=y, color=colour, tooltip=tips)]
    star = pd.DataFrame({"w": [w_star], "series": [names["minimum"]], "label": ["w*"]})
    layers.append(vl.Chart(star).mark_rule(strokeDash=[4, 4], strokeWidth=1.5).encode(
        x=x, color=colour))
    layers.append(vl.Chart(star.assign(L=window.L_hi)).mark_text(
        dx=6, dy=10, align="left", fontSize=13, fontWeight="bold", clip=True).encode(
        x=x, y=y, text=vl.Text("label:N"), color=colour))
    w1, L1, w2, L2 = tangent
    seg = pd.DataFrame({"w": [w1], "L": [L1], "w2": [w2], "L2": [L2], "series": [names["tangent"]]})
    layers.append(vl.Chart(seg).mark_rule(strokeWidth=2.5, clip=True).encode(
        x=x, y=y, x2=vl.X2("w2:Q"), y2=vl.Y2("L2:Q"), color=colour))
    path = with_text(path.assign(series=names["path"]), ["w", "L"])
    path_tips = [vl.Tooltip("k:Q", title="k"), *tips]
    layers.append(vl.Chart(path).mark_line(strokeWidth=1.6, opacity=0.8, clip=True).encode(
        x=x, y=y, order=vl.Order("k:Q"), color=colour))
    layers.append(vl.Chart(path).mark_point(filled=True, size=90, stroke="white", strokeWidth=1.2,
                                             opacity=1, clip=True).encode(
        x=x, y=y, color=colour, tooltip=path_tips))
    layers.append(vl.Chart(path).mark_text(dx=8, dy=-12, align="left", fontSize=13,
                                            fontWeight="bold", clip=True).encode(
        x=x, y=y, text=vl.Text("label:N"), color=colour))
    current = path.iloc[-1]
    if not window.w_lo <= current["w"] <= window.w_hi:
        # the current iterate left the picture: say where it is, at the edge it left through
        left = current["w"] < window.w_lo
        text = f"{sub('w', int(current['k']))} = {fmt(current['w'])}"
        note = pd.DataFrame({"w": [window.w_lo if left else window.w_hi], "L": [0.12 * window.L_hi],
                             "label": [f"← {text}" if left else f"{text} →"], "series": [names["path"]]})
        layers.append(vl.Chart(note).mark_text(fontSize=13, fontWeight="bold", dx=6 if left else -6,
                                                align="left" if left else "right").encode(
            x=x, y=y, text=vl.Text("label:N"), color=colour))
    return vl.layer(*layers).properties(height=height)


def regime_line(
    thresholds: tuple[float, float],
    lr: float,
    names: dict[str, str],
    momentum_limit: float | None = None,
) -> vl.LayerChart:
    """A number line of learning rates: three coloured regimes, the two thresholds, your η.

    The axis always runs from 0 to 2/a, so the three regimes keep readable widths
    (a quarter, a quarter, a half); a larger η is drawn at the right edge with an arrow.
    names: monotone, oscillating, divergent (band labels), lr (axis title), yours (marker),
           momentum (label of the dashed momentum limit, drawn when momentum_limit is given)
    """
    lo, hi = thresholds
    end = 2.0 * hi
    beyond = lr > end
    x_scale = vl.Scale(domain=[0, end], nice=False, zero=True)
    x = vl.X("x:Q", scale=x_scale, title=names["lr"], axis=vl.Axis(format="~g", grid=False, tickCount=8))
    y_scale = vl.Scale(domain=[0, 1.3], nice=False)

    def y(field: str) -> vl.Y:
        return vl.Y(f"{field}:Q", scale=y_scale, axis=None)

    bands = pd.DataFrame({"x": [0.0, lo, hi], "x2": [lo, hi, end], "y": 0.0, "y2": 1.0,
                          "regime": ["monotone", "oscillating", "divergent"]})
    bands["name"] = bands["regime"].map(names)
    bands["mid"] = (bands["x"] + bands["x2"]) / 2
    bands["ty"] = 0.5
    colour = vl.Color("regime:N", legend=None, scale=vl.Scale(
        domain=list(REGIME_HEX), range=list(REGIME_HEX.values())))
    layers = [
        vl.Chart(bands).mark_rect(opacity=0.16).encode(
            x=x, x2=vl.X2("x2:Q"), y=y("y"), y2=vl.Y2("y2:Q"), color=colour,
            tooltip=[vl.Tooltip("name:N", title="")]),
        vl.Chart(bands).mark_text(fontSize=12, fontWeight="bold").encode(
            x=vl.X("mid:Q", scale=x_scale), y=y("ty"), text=vl.Text("name:N"), color=colour),
    ]
    marks = pd.DataFrame({"x": [lo, hi], "y": 0.0, "y2": 1.0, "ty": 0.16,
                          "label": [f"1/(2a) = {fmt(lo)}", f"1/a = {fmt(hi)}"]})
    layers.append(vl.Chart(marks).mark_rule(color=BEFORE, strokeWidth=1.5).encode(
        x=x, y=y("y"), y2=vl.Y2("y2:Q")))
    layers.append(vl.Chart(marks).mark_text(dx=5, align="left", fontSize=12, color="#31333f").encode(
        x=x, y=y("ty"), text=vl.Text("label:N")))
    if momentum_limit is not None:
        lim = pd.DataFrame({"x": [momentum_limit], "y": 0.0, "y2": 1.0, "ty": 0.84,
                            "label": [names["momentum"]]})
        layers.append(vl.Chart(lim).mark_rule(color=GRADIENT, strokeDash=[4, 3], strokeWidth=1.5)
                      .encode(x=x, y=y("y"), y2=vl.Y2("y2:Q")))
        layers.append(vl.Chart(lim).mark_text(dx=-5, align="right", fontSize=11, color=GRADIENT)
                      .encode(x=x, y=y("ty"), text=vl.Text("label:N")))
    # η is marked above the band names, so the marker never runs through them
    label = f"{names['yours']} η = {fmt(lr)}" + (" →" if beyond else "")
    you = pd.DataFrame({"x": [end if beyond else lr], "y": 0.74, "y2": 1.06, "ty": 1.17, "label": [label]})
    align = "right" if beyond or lr > 0.8 * end else "left" if lr < 0.2 * end else "center"
    layers.append(vl.Chart(you).mark_rule(color="#31333f", strokeWidth=2.5).encode(
        x=x, y=y("y"), y2=vl.Y2("y2:Q")))
    layers.append(vl.Chart(you).mark_point(shape="triangle-right" if beyond else "triangle-down",
                                            filled=True, size=120, color="#31333f", opacity=1).encode(
        x=x, y=y("y")))
    layers.append(vl.Chart(you).mark_text(fontSize=13, fontWeight="bold", color="#31333f",
                                           align=align).encode(x=x, y=y("ty"), text=vl.Text("label:N")))
    return vl.layer(*layers).properties(height=130)


def race_chart(
    paths: pd.DataFrame,
    w_star: float,
    tol: float,
    window: ViewWindow,
    names: dict[str, str],
    arrivals: pd.DataFrame | None = None,
    height: int = 320,
) -> vl.LayerChart:
    """w_k against k for plain gradient descent and momentum, with the band w* ± tol.

    paths:    k, w, series (series = names["plain"] or names["momentum"])
    arrivals: k, series, label — the step from which each run stays in the band
    names: plain, momentum, band, k, w (axis titles)
    """
    domain = [names["plain"], names["momentum"]]
    colour = vl.Color("series:N", scale=color_scale(domain, [FORWARD, AFFINE]), title=None)
    x = vl.X("k:Q", title=names["k"], axis=vl.Axis(format="d"))
    y_scale = vl.Scale(domain=[window.w_lo, window.w_hi], nice=False, zero=False)
    y = vl.Y("w:Q", scale=y_scale, title=names["w"])
    band = pd.DataFrame({"lo": [w_star - tol], "hi": [w_star + tol], "label": [names["band"]]})
    layers = [
        vl.Chart(band).mark_rect(color=GOOD, opacity=0.18).encode(
            y=vl.Y("lo:Q", scale=y_scale), y2=vl.Y2("hi:Q"), tooltip=[vl.Tooltip("label:N", title="")]),
        vl.Chart(band.assign(w=w_star)).mark_rule(color=GOOD, strokeDash=[4, 4]).encode(y=y),
    ]
    if arrivals is not None and len(arrivals):
        # where each run entered the band for good: a dashed line at k in the run's colour
        layers.append(vl.Chart(arrivals).mark_rule(strokeDash=[6, 3], strokeWidth=1.5).encode(
            x=x, color=colour))
        layers.append(vl.Chart(arrivals.assign(w=window.w_hi)).mark_text(
            dx=4, dy=10, align="left", fontSize=12, fontWeight="bold").encode(
            x=x, y=y, text=vl.Text("label:N"), color=colour))
    paths = with_text(paths, ["w"])
    tips = [vl.Tooltip("series:N", title=""), vl.Tooltip("k:Q", title="k"),
            vl.Tooltip("w_text:N", title=names["w"])]
    layers.append(vl.Chart(paths).mark_line(strokeWidth=2, clip=True).encode(
        x=x, y=y, color=colour, order=vl.Order("k:Q")))
    layers.append(vl.Chart(paths).mark_point(filled=True, size=28, opacity=1, clip=True).encode(
        x=x, y=y, color=colour, tooltip=tips))
    return vl.layer(*layers).properties(height=height)
