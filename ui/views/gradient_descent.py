"""Page 4's charts, formulas and step table: a descent on a quadratic, the learning-rate regimes
and the momentum race.

Everything drawn comes from ``core.optim`` (a ``DescentTrace``, a ``ViewWindow``, tangents,
thresholds). The axes are fixed by the window, so a diverging run leaves the picture instead of
squashing it, and says where it went.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from core.format import fmt, latex_number
from core.optim import DescentTrace, ViewWindow
from ui.plot import vega
from ui.plot.theme import ACCENT, AFFINE, BEFORE, FORWARD, GOOD, GRADIENT, INK

REGIME_COLORS = {"monotone": "green", "oscillating": "orange", "cycle": "violet", "divergent": "red"}
REGIME_HEX = {"monotone": GOOD, "oscillating": ACCENT, "divergent": GRADIENT}
DIGITS = 6  # formulas and the step table show the same digits, so they can be compared
DLDW = r"\frac{dL}{dw}"
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sub(name: str, k: int) -> str:
    """``w`` and 3 -> ``w₃``."""
    return f"{name}{str(k).translate(_SUB)}"


def _n(x) -> str:
    return latex_number(x, DIGITS)


def num(x) -> str:
    """A number for a formula, in parentheses when negative: ``(-1)``."""
    text = _n(x)
    return f"({text})" if text.startswith("-") else text


def shifted(symbol: str, w_star: float) -> str:
    """``w - 1.875``, ``w + 1.5`` or ``w`` (how w* enters a formula)."""
    text = latex_number(w_star)
    if text == "0":
        return symbol
    return f"{symbol} + {text[1:]}" if text.startswith("-") else f"{symbol} - {text}"


# --- formulas and the step table with the learner's numbers ----------------------------------


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
    v_prev, v = (trace.update[k - 1] if k > 0 else 0.0), trace.update[k]
    return (rf"v_{{{k + 1}}} = M\,v_{{{k}}} - \eta\,{DLDW}\Big|_{{w_{{{k}}}}} = {_n(momentum)} \times "
            rf"{num(v_prev)} - {_n(lr)} \times {num(g)} = {_n(v)},\qquad "
            rf"w_{{{k + 1}}} = w_{{{k}}} + v_{{{k + 1}}} = {_n(w)} + {num(v)} = {_n(w_next)}")


def step_table(trace: DescentTrace, upto: int, momentum: float, update_title: str) -> pd.DataFrame:
    """One row per iterate k = 0..upto; the update columns are empty on the last row."""
    def f(x) -> str:
        return fmt(x, DIGITS)

    rows = []
    for k in range(upto + 1):
        taken = k < upto
        row = {"k": str(k), "wₖ": f(trace.w[k]), "L(wₖ)": f(trace.loss[k]), "dL/dw": f(trace.grad[k]),
               "−η·dL/dw": f(trace.step[k]) if taken else ""}
        if momentum:
            row["M·vₖ"] = f(trace.carried[k]) if taken else ""
            row[f"vₖ₊₁ ({update_title})"] = f(trace.update[k]) if taken else ""
        row["wₖ₊₁"] = f(trace.w[k + 1]) if taken else ""
        rows.append(row)
    return pd.DataFrame(rows)


# --- the descent ------------------------------------------------------------------------------


@vega.chart
def descent_chart(names: tuple[str, str, str, str], w_title: str, L_title: str) -> alt.LayerChart:
    """The loss curve (table ``curve``: w, L), the iterates so far joined in order (``path``: k, w,
    L, label), the tangent at the current one (``tangent``: w, L, w2, L2), the minimum w*
    (``minimum``: w) and, for an iterate that left the picture, a note at the edge it left through
    (``edge``: w, L, label, side). names: curve, iterates, tangent, minimum (the legend)."""
    # every table has a column "part" (one of names): one colour per part, all in one legend
    part = alt.Color("part:N", title=None, scale=alt.Scale(domain=list(names),
                                                            range=[FORWARD, ACCENT, GRADIENT, GOOD]))
    w = alt.X("w:Q", title=w_title, scale=alt.Scale(domain=vega.domain("curve", "w"), nice=False))
    L = alt.Y("L:Q", title=L_title, scale=alt.Scale(domain=vega.domain("curve", "L"), nice=False))
    tips = [alt.Tooltip("w_text:N", title="w"), alt.Tooltip("L_text:N", title="L(w)")]
    curve = alt.Chart(alt.NamedData("curve")).mark_line(clip=True).encode(
        x=w, y=L, color=part, tooltip=tips)
    minimum = alt.Chart(alt.NamedData("minimum"))
    at_min = minimum.mark_rule(strokeDash=[4, 4], strokeWidth=1.5, clip=True).encode(x=w, color=part)
    min_name = minimum.mark_text(text="w*", dx=6, dy=8, align="left", baseline="top", fontWeight="bold",
                                 color=GOOD, clip=True).encode(x=w, y=alt.value(0))
    tangent = alt.Chart(alt.NamedData("tangent")).mark_rule(strokeWidth=2.5, clip=True).encode(
        x=w, y=L, x2=alt.X2("w2:Q"), y2=alt.Y2("L2:Q"), color=part)
    path = alt.Chart(alt.NamedData("path"))
    joined = path.mark_line(strokeWidth=1.6, opacity=0.8, clip=True).encode(
        x=w, y=L, order=alt.Order("k:Q"), color=part)
    iterates = path.mark_point(filled=True, size=90, opacity=1, stroke="white", strokeWidth=1.2,
                               clip=True).encode(x=w, y=L, color=part,
                                                 tooltip=[alt.Tooltip("k:Q", title="k"), *tips])
    labels = path.mark_text(dx=8, dy=-10, align="left", fontSize=13, fontWeight="bold", color=ACCENT,
                            clip=True).encode(x=w, y=L, text=alt.Text("label:N"))
    edge = alt.Chart(alt.NamedData("edge")).encode(x=w, y=L, text=alt.Text("label:N"))
    bold = {"fontSize": 13, "fontWeight": "bold", "color": ACCENT}
    left = edge.mark_text(align="left", dx=6, **bold).transform_filter("datum.side === 'left'")
    right = edge.mark_text(align="right", dx=-6, **bold).transform_filter("datum.side === 'right'")
    layers = (curve, at_min, min_name, tangent, joined, iterates, labels, left, right)
    return alt.layer(*layers).properties(height=380)


def descent(curve_w: np.ndarray, curve_L: np.ndarray, trace: DescentTrace, pos: int,
            tangent: tuple[float, float, float, float], window: ViewWindow, w_star: float,
            names: tuple[str, str, str, str]) -> None:
    """Draw the loss curve and the run up to step ``pos``."""
    w, L = trace.w[: pos + 1], trace.loss[: pos + 1]
    path = {"k": np.arange(pos + 1), "w": w, "L": L, "part": names[1],
            "label": [sub("w", k) if k in (0, pos) else "" for k in range(pos + 1)],
            "w_text": vega.texts(w), "L_text": vega.texts(L)}
    edge = {"w": [], "L": [], "label": [], "side": []}
    if not window.w_lo <= w[-1] <= window.w_hi:  # the current iterate left the picture
        side = "left" if w[-1] < window.w_lo else "right"
        note = f"{sub('w', pos)} = {fmt(w[-1])}"
        edge = {"w": [window.w_lo if side == "left" else window.w_hi],
                "L": [window.L_lo + 0.12 * (window.L_hi - window.L_lo)],
                "label": [f"← {note}" if side == "left" else f"{note} →"], "side": [side]}
    w1, L1, w2, L2 = tangent
    vega.show(descent_chart(names, "w", "L(w)"),
              domains={"w": (window.w_lo, window.w_hi), "L": (window.L_lo, window.L_hi)},
              curve={"w": curve_w, "L": curve_L, "part": names[0], "w_text": vega.texts(curve_w),
                     "L_text": vega.texts(curve_L)},
              path=path, tangent={"w": [w1], "L": [L1], "w2": [w2], "L2": [L2], "part": [names[2]]},
              minimum={"w": [w_star], "part": [names[3]]},
              edge=edge)


# --- the learning-rate regimes ------------------------------------------------------------------


@vega.chart
def regime_chart(names: tuple[str, str, str], lr_title: str) -> alt.LayerChart:
    """A number line of learning rates from 0 to 2/a: the three regimes as coloured bands (table
    ``bands``: x, x2, mid, name), the two thresholds (``thresholds``: x, label), the learner's η
    (``eta``: x, label, side: where its label goes) and the momentum limit when there is one
    (``limit``: x, label). The
    bands fill the lower part of the picture; η and the limit are named above them."""
    lr = alt.Scale(domain=vega.domain("bands", "lr"), nice=False)
    x = alt.X("x:Q", title=lr_title, scale=lr, axis=alt.Axis(grid=False, tickCount=8))

    def at(height: float) -> alt.YDatum:  # a height in the picture, 0 at the axis and 1 at the top
        return alt.YDatum(height, scale=alt.Scale(domain=[0, 1]), axis=None)

    regime = alt.Color("name:N", legend=None,
                       scale=alt.Scale(domain=list(names), range=[REGIME_HEX[k] for k in REGIME_HEX]))
    bands = alt.Chart(alt.NamedData("bands"))
    fill = bands.mark_rect(opacity=0.16).encode(x=x, x2=alt.X2("x2:Q"), y=at(0), y2=alt.Y2Datum(0.72),
                                                color=regime)
    band_names = bands.mark_text(fontWeight="bold", fontSize=13).encode(
        x=alt.X("mid:Q", title=lr_title, scale=lr), y=at(0.4), text=alt.Text("name:N"), color=regime)
    thresholds = alt.Chart(alt.NamedData("thresholds"))
    rules = thresholds.mark_rule(color=BEFORE, strokeWidth=1.5).encode(x=x, y=at(0), y2=alt.Y2Datum(0.72))
    rule_names = thresholds.mark_text(align="left", dx=5, color=INK, fontSize=12).encode(
        x=x, y=at(0.1), text=alt.Text("label:N"))
    limit = alt.Chart(alt.NamedData("limit"))
    limit_rule = limit.mark_rule(color=GRADIENT, strokeWidth=1.5, strokeDash=[4, 3]).encode(
        x=x, y=at(0), y2=alt.Y2Datum(0.86))
    limit_name = limit.mark_text(align="right", dx=-5, color=GRADIENT, fontSize=11).encode(
        x=x, y=at(0.86), text=alt.Text("label:N"))
    eta = alt.Chart(alt.NamedData("eta"))
    marker = eta.mark_rule(color=INK, strokeWidth=3).encode(x=x, y=at(0.6), y2=alt.Y2Datum(0.9))
    tip = eta.mark_point(shape="triangle-down", filled=True, size=120, color=INK, opacity=1).encode(
        x=x, y=at(0.9), tooltip=[alt.Tooltip("label:N", title=" ")])
    eta_name = eta.encode(x=x, y=at(0.9), text=alt.Text("label:N"))  # on the side with room
    bold = {"fontWeight": "bold", "fontSize": 13, "color": INK}
    eta_right = eta_name.mark_text(align="left", dx=9, **bold).transform_filter("datum.side === 'right'")
    eta_left = eta_name.mark_text(align="right", dx=-9, **bold).transform_filter("datum.side === 'left'")
    return alt.layer(fill, band_names, rules, rule_names, limit_rule, limit_name, marker, tip, eta_right,
                     eta_left).properties(height=150)


def regime_line(thresholds: tuple[float, float], lr: float, names: dict[str, str],
                momentum_limit: float | None = None) -> None:
    """The learning-rate number line: its axis always runs from 0 to 2/a, so the regimes keep
    readable widths (a quarter, a quarter, a half); a larger η sits at the right edge with an arrow.
    names: monotone, oscillating, divergent (band names), lr (axis title), momentum (limit's label)."""
    lo, hi = thresholds
    end = 2.0 * hi
    edges = [(0.0, lo), (lo, hi), (hi, end)]
    band_names = tuple(names[k] for k in REGIME_HEX)
    bands = {"x": [a for a, _ in edges], "x2": [b for _, b in edges], "mid": [(a + b) / 2 for a, b in edges],
             "name": list(band_names)}
    beyond = lr > end
    eta = {"x": [min(lr, end)], "label": [f"η = {fmt(lr)}" + (" →" if beyond else "")],
           "side": ["left" if lr > 0.7 * end else "right"]}
    limit = ({"x": [momentum_limit], "label": [names["momentum"]]} if momentum_limit is not None
             and momentum_limit <= end else {"x": [], "label": []})
    vega.show(regime_chart(band_names, names["lr"]), domains={"lr": (0.0, end)}, bands=bands,
              thresholds={"x": [lo, hi], "label": [f"1/(2a) = {fmt(lo)}", f"1/a = {fmt(hi)}"]}, eta=eta,
              limit=limit)


# --- the momentum race ----------------------------------------------------------------------------


@vega.chart
def race_chart(plain: str, momentum: str, band: str, k_title: str) -> alt.LayerChart:
    """w_k against k for plain gradient descent and momentum (table ``runs``: k, w, series, w_text),
    the band w* ± tol (``band``: lo, hi, w_star, series) and where each run entered it for good
    (``arrivals``: k, series, label)."""
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=[plain, momentum, band],
                                                                range=[FORWARD, AFFINE, GOOD]))
    k = alt.X("k:Q", title=k_title, scale=alt.Scale(domain=vega.domain("runs", "k"), nice=False),
              axis=alt.Axis(tickMinStep=1))
    w = alt.Y("w:Q", title="w", scale=alt.Scale(domain=vega.domain("runs", "w"), nice=False))
    target = alt.Chart(alt.NamedData("band"))
    zone = target.mark_rect(opacity=0.18).encode(
        y=alt.Y("lo:Q", scale=alt.Scale(domain=vega.domain("runs", "w"), nice=False), title="w"),
        y2=alt.Y2("hi:Q"), color=colour)
    centre = target.mark_rule(color=GOOD, strokeDash=[4, 4], strokeWidth=1).encode(
        y=alt.Y("w_star:Q", scale=alt.Scale(domain=vega.domain("runs", "w"), nice=False), title="w"))
    arrivals = alt.Chart(alt.NamedData("arrivals"))
    arrived = arrivals.mark_rule(strokeDash=[6, 3], strokeWidth=1.5).encode(x=k, color=colour)
    arrived_name = arrivals.mark_text(align="left", dx=4, dy=14, fontSize=12, fontWeight="bold").encode(
        x=k, y=alt.value(0), text=alt.Text("label:N"), color=colour)
    runs = alt.Chart(alt.NamedData("runs"))
    lines = runs.mark_line(strokeWidth=2, clip=True).encode(x=k, y=w, color=colour)
    dots = runs.mark_point(filled=True, size=24, opacity=1, clip=True).encode(
        x=k, y=w, color=colour,
        tooltip=[alt.Tooltip("series:N", title=" "), alt.Tooltip("k:Q", title=k_title),
                 alt.Tooltip("w_text:N", title="w")])
    return alt.layer(zone, centre, arrived, arrived_name, lines, dots).properties(height=320)


def race(runs: dict[str, np.ndarray], arrivals: dict[str, int | None], w_star: float, tol: float,
         window: ViewWindow, names: dict[str, str]) -> None:
    """The two runs (series name -> w_0..w_n), the band and the arrival steps (None: not within the
    steps drawn). names: plain, momentum, band, k."""
    k = np.concatenate([np.arange(len(w)) for w in runs.values()])
    w = np.concatenate(list(runs.values()))
    shown = {name: n for name, n in arrivals.items() if n is not None}
    vega.show(race_chart(names["plain"], names["momentum"], names["band"], names["k"]),
              domains={"k": (0, max(int(k.max()), 1)), "w": (window.w_lo, window.w_hi)},
              runs={"k": k, "w": w, "series": np.repeat(list(runs), [len(v) for v in runs.values()]).tolist(),
                    "w_text": vega.texts(w)},
              band={"lo": [w_star - tol], "hi": [w_star + tol], "w_star": [w_star],
                    "series": [names["band"]]},
              arrivals={"k": list(shown.values()), "series": list(shown),
                        "label": [f"k = {n}" for n in shown.values()]})
