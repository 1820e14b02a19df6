"""Page 4's charts, formulas and step table: a descent on a quadratic, the learning-rate regimes,
the momentum race, the batch-size race and the loss with two valleys.

Everything drawn comes from ``core.optim`` (a ``DescentTrace``, a ``ViewWindow``, tangents,
thresholds, ``BatchRun``s, a ``DoubleWell`` and where its runs end). The axes are fixed by the
window, so a diverging run leaves the picture instead of squashing it, and says where it went.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.format import fmt, latex_number
from core.optim import DescentTrace, ViewWindow
from ui.plot import vega
from ui.plot.charts import NO_POINTS, NO_SEGMENTS, curve_chart, marks, paths
from ui.plot.theme import ACCENT, AFFINE, BEFORE, FORWARD, GOOD, GRADIENT, INK, MORE
from ui.shell.i18n import t
from ui.widgets import display_math, markdown_table, note, numbers_table

T = "gradient_descent."
TABLE_ROWS = 8  # rows of the step table shown at once: the start and the latest steps

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


def step_numbers(trace: DescentTrace, pos: int, q, lr: float, momentum: float) -> None:
    """The caption, the formulas at step ``pos`` and the step table, as one element (the start and
    the latest rows; all rows in an expander when there are more)."""
    last = trace.finite_steps
    text = [note(t(T + "s2.caption")), t(T + "s2.formula_title", k=sub("w", pos)),
            display_math(gradient_latex(trace, pos, q.a, q.w_star))]
    for shown, k, title in ((pos > 0, pos - 1, "s2.last_step"), (pos < last, pos, "s2.next_step")):
        if shown:
            text += [note(t(T + title)), display_math(step_latex(trace, k, lr, momentum))]
    table = step_table(trace, pos, momentum, t(T + "s2.update"))
    gap = pd.DataFrame([["⋮"] * table.shape[1]], columns=table.columns)  # rows left out
    shown = table if len(table) <= TABLE_ROWS else pd.concat([table[:1], gap, table[1 - TABLE_ROWS:]])
    st.markdown("\n\n".join([*text, f"**{t(T + 's2.table_title')}**", markdown_table(shown)]))
    if len(table) > TABLE_ROWS:
        numbers_table(table, title=t(T + "s2.all_steps", n=len(table)))


# --- the descent ------------------------------------------------------------------------------
# Every layer of a chart costs the browser time on each change of a slider (measured: page 4's
# three charts with 6, 4 and 5 layers draw in about half the time of the same charts with 9, 10
# and 6), so marks of one kind share one layer, told apart by their columns.


@vega.chart
def descent_chart(names: tuple[str, str, str, str], w_title: str, L_title: str) -> alt.LayerChart:
    """The loss curve (table ``curve``: w, L), the iterates so far joined in order (``path``: k, w,
    L), straight lines (``rules``: w, L, w2, L2, dash: the tangent at the current iterate and the
    minimum w*) and labels (``labels``: w, L, text, side: left-aligned or right-aligned), each row
    with its ``part``, one of names (curve, iterates, tangent, minimum): its colour and legend."""
    part = alt.Color("part:N", title=None, scale=alt.Scale(domain=list(names),
                                                            range=[FORWARD, ACCENT, GRADIENT, GOOD]))
    w = alt.X("w:Q", title=w_title, scale=alt.Scale(domain=vega.domain("curve", "w"), nice=False))
    L = alt.Y("L:Q", title=L_title, scale=alt.Scale(domain=vega.domain("curve", "L"), nice=False))
    tips = [alt.Tooltip("w_text:N", title="w"), alt.Tooltip("L_text:N", title="L(w)")]
    # A line's tooltip would show its first point wherever it is hovered: the iterates carry them.
    curve = alt.Chart(alt.NamedData("curve")).mark_line(clip=True).encode(x=w, y=L, color=part)
    rules = alt.Chart(alt.NamedData("rules")).mark_rule(strokeWidth=2, clip=True).encode(
        x=w, y=L, x2=alt.X2("w2:Q"), y2=alt.Y2("L2:Q"), color=part,
        strokeDash=alt.StrokeDash("dash:N", legend=None, scale=alt.Scale(domain=["solid", "dashed"],
                                                                         range=[[1, 0], [4, 4]])))
    path = alt.Chart(alt.NamedData("path")).encode(x=w, y=L, color=part)
    joined = path.mark_line(strokeWidth=1.6, opacity=0.8, clip=True).encode(order=alt.Order("k:Q"))
    iterates = path.mark_point(filled=True, size=90, opacity=1, stroke="white", strokeWidth=1.2,
                               clip=True).encode(tooltip=[alt.Tooltip("k:Q", title="k"), *tips])
    labels = alt.Chart(alt.NamedData("labels")).encode(x=w, y=L, text=alt.Text("text:N"), color=part)
    bold = {"dy": -10, "fontSize": 13, "fontWeight": "bold", "clip": True}
    left = labels.mark_text(align="left", dx=8, **bold).transform_filter("datum.side === 'left'")
    right = labels.mark_text(align="right", dx=-8, **bold).transform_filter("datum.side === 'right'")
    return alt.layer(curve, rules, joined, iterates, left, right).properties(height=380)


def descent(curve_w: np.ndarray, curve_L: np.ndarray, trace: DescentTrace, pos: int,
            tangent: tuple[float, float, float, float], window: ViewWindow, w_star: float,
            names: tuple[str, str, str, str]) -> None:
    """Draw the loss curve and the run up to step ``pos``: the start and the current iterate
    labelled, and, for an iterate that left the picture, a note at the edge it left through."""
    w, L = trace.w[: pos + 1], trace.loss[: pos + 1]
    top = window.L_hi - 0.02 * (window.L_hi - window.L_lo)
    labels = [(w[k], L[k], sub("w", k), names[1], "left") for k in sorted({0, pos})]
    labels.append((w_star, top, "w*", names[3], "left"))
    if not window.w_lo <= w[-1] <= window.w_hi:  # the current iterate left the picture
        note, low = f"{sub('w', pos)} = {fmt(w[-1])}", window.L_lo + 0.12 * (window.L_hi - window.L_lo)
        labels.append((window.w_lo, low, f"← {note}", names[1], "left") if w[-1] < window.w_lo
                      else (window.w_hi, low, f"{note} →", names[1], "right"))
    w1, L1, w2, L2 = tangent
    rules = [(w1, L1, w2, L2, names[2], "solid"),
             (w_star, window.L_lo, w_star, window.L_hi, names[3], "dashed")]
    vega.show(descent_chart(names, "w", "L(w)"),
              domains={"w": (window.w_lo, window.w_hi), "L": (window.L_lo, window.L_hi)},
              curve={"w": curve_w, "L": curve_L, "part": names[0]},
              path={"k": np.arange(pos + 1), "w": w, "L": L, "part": names[1], "w_text": vega.texts(w),
                    "L_text": vega.texts(L)},
              rules=_columns(rules, ("w", "L", "w2", "L2", "part", "dash")),
              labels=_columns(labels, ("w", "L", "text", "part", "side")))


def _columns(rows: list[tuple], names: tuple[str, ...]) -> dict[str, list]:
    """Rows of values as a table of named columns."""
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}


# --- the learning-rate regimes ------------------------------------------------------------------


@vega.chart
def regime_chart(names: tuple[str, str, str], lr_title: str) -> alt.LayerChart:
    """A number line of learning rates from 0 to 2/a: the three regimes as coloured bands in the
    lower part of the picture (table ``bands``: x, x2, name), vertical lines (``rules``: x, y, y2,
    kind: the two thresholds, the learner's η, the momentum limit when there is one) and labels
    (``labels``: x, y, text, kind, side: left- or right-aligned). Heights run from 0 at the axis
    to 1 at the top."""
    x = alt.X("x:Q", title=lr_title, scale=alt.Scale(domain=vega.domain("bands", "lr"), nice=False),
              axis=alt.Axis(grid=False, tickCount=8))
    unit = alt.Scale(domain=[0, 1])
    kinds = ["threshold", "eta", "limit", *names]
    palette = alt.Scale(domain=kinds, range=[BEFORE, INK, GRADIENT, *(REGIME_HEX[k] for k in REGIME_HEX)])
    colour = alt.Color("kind:N", legend=None, scale=palette)
    bands = alt.Chart(alt.NamedData("bands")).mark_rect(opacity=0.16).encode(
        x=x, x2=alt.X2("x2:Q"), y=alt.YDatum(0, scale=unit, axis=None), y2=alt.Y2Datum(0.72),
        color=alt.Color("name:N", legend=None, scale=palette))
    y = alt.Y("y:Q", scale=unit, axis=None)
    rules = alt.Chart(alt.NamedData("rules")).mark_rule().encode(
        x=x, y=y, y2=alt.Y2("y2:Q"), color=colour,
        strokeWidth=alt.StrokeWidth("kind:N", legend=None, scale=alt.Scale(
            domain=["threshold", "eta", "limit"], range=[1.5, 3, 1.5])),
        strokeDash=alt.StrokeDash("kind:N", legend=None, scale=alt.Scale(
            domain=["threshold", "eta", "limit"], range=[[1, 0], [1, 0], [4, 3]])))
    labels = alt.Chart(alt.NamedData("labels")).encode(
        x=x, y=y, text=alt.Text("text:N"), color=colour,
        size=alt.Size("kind:N", legend=None, scale=alt.Scale(
            domain=kinds, range=[12, 13, 11, *(13 for _ in names)])))
    left = labels.mark_text(align="left", dx=6, fontWeight="bold").transform_filter(
        "datum.side === 'left'")
    right = labels.mark_text(align="right", dx=-6, fontWeight="bold").transform_filter(
        "datum.side === 'right'")
    return alt.layer(bands, rules, left, right).properties(height=150)


def regime_line(thresholds: tuple[float, float], lr: float, names: dict[str, str],
                momentum_limit: float | None = None) -> None:
    """The learning-rate number line: its axis always runs from 0 to 2/a, so the regimes keep
    readable widths (a quarter, a quarter, a half); a larger η sits at the right edge with an arrow.
    names: monotone, oscillating, divergent (band names), lr (axis title), momentum (limit's label)."""
    lo, hi = thresholds
    end = 2.0 * hi
    band_names = tuple(names[k] for k in REGIME_HEX)
    at = min(lr, end)
    rules = [(lo, 0.0, 0.72, "threshold"), (hi, 0.0, 0.72, "threshold"), (at, 0.55, 0.92, "eta")]
    labels = [(a + 0.02 * end, 0.4, name, name, "left")
              for a, name in zip((0.0, lo, hi), band_names, strict=True)]
    labels += [(lo, 0.1, f"1/(2a) = {fmt(lo)}", "threshold", "left"),
               (hi, 0.1, f"1/a = {fmt(hi)}", "threshold", "left"),
               (at, 0.9, f"η = {fmt(lr)}" + (" →" if lr > end else ""), "eta",
                "right" if lr > 0.7 * end else "left")]
    if momentum_limit is not None and momentum_limit <= end:
        rules.append((momentum_limit, 0.0, 0.86, "limit"))
        labels.append((momentum_limit, 0.8, names["momentum"], "limit", "right"))
    vega.show(regime_chart(band_names, names["lr"]), domains={"lr": (0.0, end)},
              bands={"x": [0.0, lo, hi], "x2": [lo, hi, end], "name": list(band_names)},
              rules=_columns(rules, ("x", "y", "y2", "kind")),
              labels=_columns(labels, ("x", "y", "text", "kind", "side")))


# --- the momentum race ----------------------------------------------------------------------------


@vega.chart
def race_chart(plain: str, momentum: str, band: str, k_title: str) -> alt.LayerChart:
    """w_k against k for plain gradient descent and momentum (table ``runs``: k, w, series,
    w_text), the band w* ± tol (``band``: lo, hi), straight lines (``rules``: k, w, k2, w2,
    series, dash: w* across, and down where each run entered the band for good) and their labels
    (``labels``: k, w, text, series)."""
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=[plain, momentum, band],
                                                                range=[FORWARD, AFFINE, GOOD]))
    steps = alt.Scale(domain=vega.domain("runs", "k"), nice=False)
    values = alt.Scale(domain=vega.domain("runs", "w"), nice=False)
    k = alt.X("k:Q", title=k_title, scale=steps, axis=alt.Axis(tickMinStep=1))
    w = alt.Y("w:Q", title="w", scale=values)
    zone = alt.Chart(alt.NamedData("band")).mark_rect(opacity=0.18, color=GOOD).encode(  # named by w*'s rule
        y=alt.Y("lo:Q", scale=values, title="w"), y2=alt.Y2("hi:Q"))
    rules = alt.Chart(alt.NamedData("rules")).mark_rule(strokeWidth=1.5).encode(
        x=k, y=w, x2=alt.X2("k2:Q"), y2=alt.Y2("w2:Q"), color=colour,
        strokeDash=alt.StrokeDash("dash:N", legend=None, scale=alt.Scale(domain=["w*", "arrived"],
                                                                         range=[[4, 4], [6, 3]])))
    labels = alt.Chart(alt.NamedData("labels")).mark_text(align="left", dx=4, dy=14, fontSize=12,
                                                          fontWeight="bold").encode(
        x=k, y=w, text=alt.Text("text:N"), color=colour)
    runs = alt.Chart(alt.NamedData("runs")).encode(x=k, y=w, color=colour)
    lines = runs.mark_line(strokeWidth=2, clip=True)
    dots = runs.mark_point(filled=True, size=24, opacity=1, clip=True).encode(
        tooltip=[alt.Tooltip("series:N", title=" "), alt.Tooltip("k:Q", title=k_title),
                 alt.Tooltip("w_text:N", title="w")])
    return alt.layer(zone, rules, labels, lines, dots).properties(height=320)


def race(runs: dict[str, np.ndarray], arrivals: dict[str, int | None], w_star: float, tol: float,
         window: ViewWindow, names: dict[str, str]) -> None:
    """The two runs (series name -> w_0..w_n), the band and the arrival steps (None: not within the
    steps drawn). names: plain, momentum, band, k."""
    k = np.concatenate([np.arange(len(w)) for w in runs.values()])
    w = np.concatenate(list(runs.values()))
    last = max(int(k.max()), 1)
    shown = {name: n for name, n in arrivals.items() if n is not None}
    rules = [(0, w_star, last, w_star, names["band"], "w*")]
    rules += [(n, window.w_lo, n, window.w_hi, name, "arrived") for name, n in shown.items()]
    vega.show(race_chart(names["plain"], names["momentum"], names["band"], names["k"]),
              domains={"k": (0, last), "w": (window.w_lo, window.w_hi)},
              runs={"k": k, "w": w, "series": np.repeat(list(runs), [len(v) for v in runs.values()]).tolist(),
                    "w_text": vega.texts(w)},
              band={"lo": [w_star - tol], "hi": [w_star + tol]},
              rules=_columns(rules, ("k", "w", "k2", "w2", "series", "dash")),
              labels={"k": list(shown.values()), "w": [window.w_hi] * len(shown),
                      "text": [f"k = {n}" for n in shown.values()], "series": list(shown)})


# --- two valleys: local and global minima -------------------------------------------------------

ENDS = ("local", "global", "peak", "unsettled", "diverged")
_END_HEX = (AFFINE, GOOD, BEFORE, MORE[0], GRADIENT)


def valley_limits(well) -> None:
    """How narrow each valley is, and the largest η with which a run can settle in it."""
    at = {"local": well.local_min, "global": well.global_min}
    st.caption(t(T + "s7.limits", **{kind: fmt(m) for kind, m in at.items()},
                 **{f"c_{kind}": fmt(well.curvature(m)) for kind, m in at.items()},
                 **{f"lim_{kind}": fmt(well.lr_limit(m)) for kind, m in at.items()}))


def how_it_ended(well, w0: float, lr: float, end: str, fields: dict) -> str:
    """Why a run ended where it did (a sentence for the prediction's explanation; empty where the
    explanation needs none)."""
    if end in ("local", "global"):
        key = "same_side" if well.basin(w0) == end else "jumped"
    elif end == "unsettled":
        key = "bounce" if lr > well.lr_limit(well.global_min) else "slow"
    else:
        return ""
    return t(T + f"s7.how.{key}", side=t(T + ("s7.left" if w0 < well.peak else "s7.right")), **fields)


def race_summary(runs, names, head: tuple[str, ...], diverged: str) -> pd.DataFrame:
    """One row per run: its name, updates per epoch, updates in all, the loss at the end."""
    return pd.DataFrame([(name, str(run.updates_per_epoch), str(run.updates),
                          diverged if run.diverged else fmt(run.loss[-1], DIGITS))
                         for name, run in zip(names, runs, strict=False)], columns=list(head))


def polynomial_latex(coefficients) -> str:
    """c4 w^4 + c3 w^3 + ... + c0 as LaTeX, highest power first, zero terms left out."""
    terms = []
    for power, c in zip(range(len(coefficients) - 1, -1, -1), coefficients, strict=True):
        if c == 0:
            continue
        w = "" if power == 0 else "w" if power == 1 else f"w^{{{power}}}"
        size = latex_number(abs(c))
        body = size if power == 0 else w if size == "1" else rf"{size}\,{w}"
        terms.append(("-" if c < 0 else "+") + " " + body)
    text = " ".join(terms) or "+ 0"
    return text[2:] if text.startswith("+") else "-" + text[2:]


def well_latex(well) -> str:
    """L(w) written out and its gradient, factored at the three points where it is 0."""
    factors = "".join(rf"\,{part}" if part == "w" else rf"\,({part})"
                      for part in (shifted("w", x) for x in (well.left, well.peak, well.right)))
    return (rf"L(w) = {polynomial_latex(well.coefficients())},\qquad "
            rf"\frac{{dL}}{{dw}} = {latex_number(well.k)}{factors}")


@vega.chart
def valleys_chart(names: tuple[str, ...], w_title: str, L_title: str) -> alt.LayerChart:
    """The loss curve (table ``curve``: w, L, part), a strip along the bottom saying where the run
    from each start ends (``ends``: x, x2, y, y2, part), the run (``path``: k, w, L, part, w_text,
    L_text) and marked, labelled points (``spots``: w, L, text, part, side). names: curve, iterates,
    then one per end of a run (``ENDS``), which colour and name everything in the legend."""
    part = alt.Color("part:N", title=None, scale=alt.Scale(domain=list(names),
                                                            range=[FORWARD, ACCENT, *_END_HEX]),
                     legend=alt.Legend(columns=4))
    w_scale = alt.Scale(domain=vega.domain("curve", "w"), nice=False)
    L_scale = alt.Scale(domain=vega.domain("curve", "L"), nice=False)
    w = alt.X("w:Q", title=w_title, scale=w_scale)
    L = alt.Y("L:Q", title=L_title, scale=L_scale)
    strip = alt.Chart(alt.NamedData("ends")).mark_rect(opacity=0.55).encode(
        x=alt.X("x:Q", title=w_title, scale=w_scale), x2=alt.X2("x2:Q"),
        y=alt.Y("y:Q", title=L_title, scale=L_scale), y2=alt.Y2("y2:Q"), color=part)
    curve = alt.Chart(alt.NamedData("curve")).mark_line(clip=True).encode(x=w, y=L, color=part)
    path = alt.Chart(alt.NamedData("path")).encode(x=w, y=L, color=part)
    joined = path.mark_line(strokeWidth=1.4, opacity=0.7, clip=True).encode(order=alt.Order("k:Q"))
    tips = [alt.Tooltip("k:Q", title="k"), alt.Tooltip("w_text:N", title="w"),
            alt.Tooltip("L_text:N", title="L(w)")]
    iterates = path.mark_point(filled=True, size=60, opacity=1, stroke="white", strokeWidth=1,
                               clip=True).encode(tooltip=tips)
    spots = alt.Chart(alt.NamedData("spots")).encode(x=w, y=L, color=part)
    dots = spots.mark_point(filled=True, size=110, opacity=1, stroke="white", strokeWidth=1.5, clip=True)
    bold = {"dy": -12, "fontSize": 13, "fontWeight": "bold", "clip": True}
    left = spots.mark_text(align="left", dx=6, **bold).encode(text="text:N").transform_filter(
        "datum.side === 'left'")
    right = spots.mark_text(align="right", dx=-6, **bold).encode(text="text:N").transform_filter(
        "datum.side === 'right'")
    return alt.layer(strip, curve, joined, iterates, dots, left, right).properties(height=380)


def valleys(well, w0: float, starts: np.ndarray, trace: DescentTrace | None = None,
            ends: np.ndarray | None = None) -> None:
    """The loss with two valleys over the starts' range, its minima and the start w₀ marked; with
    a run (its finite part, the last iterate labelled) and the strip saying where the run from
    each start ends (``ends``, one per start), once the learner has predicted."""
    names = ("L(w)", t(T + "s2.iterates"), *(t(T + f"s7.ends.{e}") for e in ENDS))
    label = dict(zip(("curve", "iterates", *ENDS), names, strict=True))
    curve_w = np.linspace(starts[0], starts[-1], 161)
    curve_L = well.loss(curve_w)
    spots = [(m, well.loss(m), t(T + f"s7.{kind}_label", w=fmt(m), L=fmt(well.loss(m))), label[kind], "left")
             for kind, m in (("local", well.local_min), ("global", well.global_min))]
    spots.append((w0, well.loss(w0), "w₀", names[1], "right"))
    shown = trace.w[: trace.finite_steps + 1] if trace is not None else np.array([])
    path_L = trace.loss[: len(shown)] if trace is not None else np.array([])
    if len(shown) > 1:
        spots.append((shown[-1], path_L[-1], sub("w", len(shown) - 1), names[1], "left"))
    lo, hi = float(curve_L.min()), float(curve_L.max())
    room = 0.12 * (hi - lo)
    strip = {"x": [], "x2": [], "y": [], "y2": [], "part": []}
    if ends is not None:  # each start owns the stretch halfway to its neighbours
        edges = np.r_[starts[0], (starts[1:] + starts[:-1]) / 2, starts[-1]]
        strip = {"x": edges[:-1], "x2": edges[1:], "y": lo - room, "y2": lo - 0.35 * room,
                 "part": [label[e] for e in ends]}
    vega.show(valleys_chart(names, "w", "L(w)"),
              domains={"w": (float(curve_w[0]), float(curve_w[-1])), "L": (lo - 1.1 * room, hi + room)},
              curve={"w": curve_w, "L": curve_L, "part": names[0]},
              ends=strip,
              path={"k": np.arange(len(shown)), "w": shown, "L": path_L, "part": names[1],
                    "w_text": vega.texts(shown), "L_text": vega.texts(path_L)},
              spots=_columns(spots, ("w", "L", "text", "part", "side")))


# --- the batch-size race ----------------------------------------------------------------------------

RACE_COLORS = (FORWARD, AFFINE, ACCENT, GOOD)  # full batch, 4, 1, and the minimum (dashed)


def race_results(runs, t_data: np.ndarray, w0: float, loss_floor: float) -> None:
    """The race: its two charts, a row per run (updates, loss at the end) and, in an expander, the
    loss of every run after every epoch."""
    n, epochs = len(t_data), len(runs[0].loss) - 1
    names = (*(t(T + ("s6.full" if run.batch_size == n else "s6.batch"), k=run.batch_size) for run in runs),
             t(T + "s6.minimum"))
    batch_race(runs, loss_floor, float(t_data.mean()), (min(w0, t_data.min()), max(w0, t_data.max())), names,
               {"epoch": t(T + "s6.epoch"), "loss": t(T + "s6.loss"), "w": "w"})
    head = tuple(t(T + f"s6.col_{c}", epochs=epochs) for c in ("run", "per_epoch", "updates", "loss"))
    st.markdown(markdown_table(race_summary(runs, names, head, t(T + "s6.diverged_cell"))))
    numbers_table(pd.DataFrame({t(T + "s6.epoch"): np.arange(epochs + 1),
                                **{name: run.loss for name, run in zip(names, runs, strict=False)}}))


def batch_race(runs, loss_floor: float, w_best: float, w_range: tuple[float, float], names: tuple[str, ...],
               titles: dict[str, str]) -> None:
    """Two charts side by side: L on all the data at the start and after each epoch, and w after
    each update on the same epoch axis (batch size 1 shows its N steps per epoch). names: one per
    run, then the minimum (dashed in both); titles: epoch, loss, w. Values beyond the axes sit on
    their edge (a diverging run)."""
    epochs = max(len(runs[0].loss) - 1, 1)
    losses = {name: (np.arange(len(run.loss)), _finite(run.loss))
              for name, run in zip(names, runs, strict=False)}
    ws = {name: (np.arange(run.updates + 1) / run.updates_per_epoch, _finite(run.w))
          for name, run in zip(names, runs, strict=False)}
    losses[names[-1]], ws[names[-1]] = ([0, epochs], [loss_floor] * 2), ([0, epochs], [w_best] * 2)
    dots = [(e, v, name) for name, (x, y) in list(losses.items())[:-1] for e, v in zip(x, y, strict=True)]
    lo, hi = w_range
    charts = ((titles["loss"], losses, (0.0, 1.05 * float(runs[0].loss[0])), marks(*zip(*dots, strict=True))),
              (titles["w"], ws, (lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo)), NO_POINTS))
    for column, (y_title, curves, y_domain, points) in zip(st.columns(2), charts, strict=True):
        with column:
            vega.show(curve_chart(titles["epoch"], y_title, tuple(names), RACE_COLORS, dashed=(names[-1],),
                                  x_domain="data", y_domain="data", height=280),
                      domains={"x": (0, epochs), "y": y_domain}, curves=paths(curves, texts=False),
                      points=points, segments=NO_SEGMENTS)


def _finite(values: np.ndarray) -> np.ndarray:
    """Numbers beyond float64 as gaps (NaN travels as null), not as a line to infinity."""
    return np.where(np.isfinite(values), values, np.nan)
