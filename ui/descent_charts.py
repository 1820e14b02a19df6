"""Charts, formulas and the step table of the gradient-descent page.

Everything drawn here comes from ``core.optim`` (a ``DescentTrace``, a
``ViewWindow``, tangents, thresholds); this module only arranges it. Axes are
fixed by the window, so a diverging run leaves the picture instead of squashing it.
"""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from core.format import fmt, latex_number
from core.optim import DescentTrace, ViewWindow
from ui import vl
from ui.charts import ACCENT, AFFINE, BEFORE, FONT, FORWARD, GOOD, GRADIENT, color_scale, with_text

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
REGIME_COLORS = {"monotone": "green", "oscillating": "orange", "cycle": "violet", "divergent": "red"}
DIGITS = 6  # formulas and the step table show the same digits, so they can be compared
REGIME_HEX = {"monotone": GOOD, "oscillating": ACCENT, "divergent": GRADIENT}
_INK = "#31333f"   # text, as in the charts' theme
_AXIS = "#a3a8b4"  # axis line and ticks, as in the charts' theme


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

    def text(px: float, py: float, label: str, anchor: str = "middle", size: int = 12,
             color: str = _INK, bold: bool = False) -> str:
        weight = ' font-weight="bold"' if bold else ""
        return (f'<text x="{px:.1f}" y="{py:.1f}" text-anchor="{anchor}" font-size="{size}" '
                f'fill="{color}"{weight}>{escape(label)}</text>')

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
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{_AXIS}"/>')
    for tick in nice_ticks(end):
        out.append(f'<line x1="{x(tick):.1f}" y1="{bottom}" x2="{x(tick):.1f}" y2="{bottom + 5}" '
                   f'stroke="{_AXIS}"/>')
        out.append(text(x(tick), bottom + 18, fmt(tick)))
    out.append(text((left + right) / 2, bottom + 44, names["lr"], size=13))
    # η above the band names, so the marker never runs through them
    beyond = lr > end
    xl = x(lr)
    out.append(f'<line x1="{xl:.1f}" y1="{top - 12}" x2="{xl:.1f}" y2="{top + 16}" stroke="{_INK}" '
               f'stroke-width="2.5"/>')
    arrow = (f"{xl - 10:.1f},{top + 10} {xl:.1f},{top + 16} {xl - 10:.1f},{top + 22}" if beyond
             else f"{xl - 6:.1f},{top + 6} {xl + 6:.1f},{top + 6} {xl:.1f},{top + 16}")
    out.append(f'<polygon points="{arrow}" fill="{_INK}"/>')
    anchor = "end" if beyond or lr > 0.8 * end else "start" if lr < 0.2 * end else "middle"
    label = f"{names['yours']} η = {fmt(lr)}" + (" →" if beyond else "")
    out.append(text(xl, top - 17, label, anchor=anchor, size=13, bold=True))
    out.append("</svg>")
    return "".join(out)


def nice_ticks(end: float, most: int = 9) -> list[float]:
    """Round tick values from 0 to ``end``: steps of 1, 2 or 5 times a power of ten, at most
    ``most`` ticks."""
    raw = end / (most - 1)
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [float(round(k * step, 12)) for k in range(int(np.floor(end / step + 1e-9)) + 1)]


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
