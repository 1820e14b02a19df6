"""Charts, formulas and the step table of the gradient-descent page.

Everything drawn here comes from ``core.optim`` (a ``DescentTrace``, a
``ViewWindow``, tangents, thresholds); this module only arranges it. Axes are
fixed by the window, so a diverging run leaves the picture instead of squashing it.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from core.format import fmt, latex_number
from core.optim import DescentTrace, ViewWindow
from ui.charts import ACCENT, AFFINE, BEFORE, FONT, FORWARD, GOOD, GRADIENT
from ui.svg import AXIS, INK, Plot, nice_ticks, text

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
    width: int = 660,
    height: int = 380,
) -> str:
    """The loss curve, the iterates joined in order, the tangent at the current one and w*,
    as one SVG picture (``ui.svg``): it changes with every step and every slider.

    curve: w, L           samples of L(w) across the window
    path:  k, w, L, label the iterates shown so far (label only on the start and current one)
    names: curve, path, tangent, minimum (legend entries), w, L (axis titles)
    """
    plot = Plot((window.w_lo, window.w_hi), (window.L_lo, window.L_hi), names["w"], names["L"],
                width=width, height=height)
    plot.line(curve["w"], curve["L"], FORWARD)
    plot.vrule(w_star, GOOD, dash="4 4").label(w_star, window.L_hi, "w*", GOOD, dx=6, dy=14)
    w1, L1, w2, L2 = tangent
    plot.segment(w1, L1, w2, L2, GRADIENT)
    plot.line(path["w"], path["L"], ACCENT, width=1.6, opacity=0.8)
    plot.points(path["w"], path["L"], ACCENT, radius=5.4, outline="white")
    for w, L, label in zip(path["w"], path["L"], path["label"], strict=True):
        if label:
            plot.label(w, L, label, ACCENT, dx=8, dy=-10)
    current = path.iloc[-1]
    if not window.w_lo <= current["w"] <= window.w_hi:
        # the current iterate left the picture: say where it is, at the edge it left through
        left = current["w"] < window.w_lo
        note = f"{sub('w', int(current['k']))} = {fmt(current['w'])}"
        plot.edge_label("left" if left else "right", window.L_lo + 0.12 * (window.L_hi - window.L_lo),
                        f"← {note}" if left else f"{note} →", ACCENT)
    plot.legend([(names["curve"], FORWARD), (names["path"], ACCENT), (names["tangent"], GRADIENT),
                 (names["minimum"], GOOD)])
    return plot.svg()


def regime_line(
    thresholds: tuple[float, float],
    lr: float,
    names: dict[str, str],
    momentum_limit: float | None = None,
    width: int = 900,
) -> str:
    """A number line of learning rates as one SVG picture: the three coloured regimes, the two
    thresholds, the learner's η (and the momentum limit when given).

    The axis always runs from 0 to 2/a, so the three regimes keep readable widths (a quarter,
    a quarter, a half); a larger η is drawn at the right edge with an arrow. A picture, not a
    chart: nothing here needs hovering, and the browser draws an image at once where a Vega
    chart of nine layers is rebuilt on every change.
    names: monotone, oscillating, divergent (band labels), lr (axis title), yours (marker),
           momentum (label of the dashed momentum limit, drawn when momentum_limit is given)
    """
    lo, hi = thresholds
    end = 2.0 * hi
    left, right = 8, width - 16
    top, bottom = 34, 96  # the bands

    def x(v: float) -> float:
        return left + (right - left) * min(max(v / end, 0.0), 1.0)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="148" '
           f'viewBox="0 0 {width} 148" font-family="{escape(FONT)}">']
    for key, (a, b) in zip(REGIME_HEX, ((0.0, lo), (lo, hi), (hi, end)), strict=True):
        out.append(f'<rect x="{x(a):.1f}" y="{top}" width="{x(b) - x(a):.1f}" height="{bottom - top}" '
                   f'fill="{REGIME_HEX[key]}" fill-opacity="0.16"/>')
        out.append(text((x(a) + x(b)) / 2, (top + bottom) / 2 + 4, names[key], color=REGIME_HEX[key],
                        bold=True))
    for v, label in ((lo, f"1/(2a) = {fmt(lo)}"), (hi, f"1/a = {fmt(hi)}")):
        out.append(f'<line x1="{x(v):.1f}" y1="{top}" x2="{x(v):.1f}" y2="{bottom}" stroke="{BEFORE}" '
                   f'stroke-width="1.5"/>')
        out.append(text(x(v) + 5, bottom - 6, label, anchor="start"))
    if momentum_limit is not None:
        xm = x(momentum_limit)
        out.append(f'<line x1="{xm:.1f}" y1="{top}" x2="{xm:.1f}" y2="{bottom}" stroke="{GRADIENT}" '
                   f'stroke-width="1.5" stroke-dasharray="4 3"/>')
        out.append(text(xm - 5, top + 13, names["momentum"], anchor="end", size=11, color=GRADIENT))
    # the axis: a tick at every "nice" step from 0 to 2/a
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{AXIS}"/>')
    for tick in nice_ticks(0.0, end):
        out.append(f'<line x1="{x(tick):.1f}" y1="{bottom}" x2="{x(tick):.1f}" y2="{bottom + 5}" '
                   f'stroke="{AXIS}"/>')
        out.append(text(x(tick), bottom + 18, fmt(tick)))
    out.append(text((left + right) / 2, bottom + 44, names["lr"], size=13))
    # η above the band names, so the marker never runs through them
    beyond = lr > end
    xl = x(lr)
    out.append(f'<line x1="{xl:.1f}" y1="{top - 12}" x2="{xl:.1f}" y2="{top + 16}" stroke="{INK}" '
               f'stroke-width="2.5"/>')
    arrow = (f"{xl - 10:.1f},{top + 10} {xl:.1f},{top + 16} {xl - 10:.1f},{top + 22}" if beyond
             else f"{xl - 6:.1f},{top + 6} {xl + 6:.1f},{top + 6} {xl:.1f},{top + 16}")
    out.append(f'<polygon points="{arrow}" fill="{INK}"/>')
    anchor = "end" if beyond or lr > 0.8 * end else "start" if lr < 0.2 * end else "middle"
    label = f"{names['yours']} η = {fmt(lr)}" + (" →" if beyond else "")
    out.append(text(xl, top - 17, label, anchor=anchor, size=13, bold=True))
    out.append("</svg>")
    return "".join(out)


def race_chart(
    paths: pd.DataFrame,
    w_star: float,
    tol: float,
    window: ViewWindow,
    names: dict[str, str],
    arrivals: pd.DataFrame | None = None,
    width: int = 940,
    height: int = 320,
) -> str:
    """w_k against k for plain gradient descent and momentum, with the band w* ± tol, as one
    SVG picture (``ui.svg``).

    paths:    k, w, series (series = names["plain"] or names["momentum"])
    arrivals: k, series, label — the step from which each run stays in the band
    names: plain, momentum, band, k, w (axis titles)
    """
    colours = {names["plain"]: FORWARD, names["momentum"]: AFFINE}
    plot = Plot((0, max(int(paths["k"].max()), 1)), (window.w_lo, window.w_hi), names["k"], names["w"],
                width=width, height=height, x_integer=True)
    plot.hband(w_star - tol, w_star + tol, GOOD).hrule(w_star, GOOD, width=1, dash="4 4")
    if arrivals is not None:
        # where each run entered the band for good: a dashed line at k in the run's colour
        for k, series, label in zip(arrivals.get("k", []), arrivals.get("series", []),
                                    arrivals.get("label", []), strict=True):
            plot.vrule(k, colours[series], dash="6 3").label(k, window.w_hi, label, colours[series],
                                                               dx=4, dy=14, size=12)
    for name, colour in colours.items():
        run = paths[paths["series"] == name]
        plot.line(run["k"], run["w"], colour, width=2).points(run["k"], run["w"], colour, radius=3)
    plot.legend(list(colours.items()))
    return plot.svg()
