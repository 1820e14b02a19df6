"""The one number formatter of the dashboard, in plain text and in LaTeX.

Every number a learner sees goes through here, so the same value looks the same
in a table, a metric, a formula and a tooltip. Rules:

- whole numbers print without decimals (``169``, ``-14``);
- otherwise ``digits`` significant digits, trailing zeros dropped (``0.9526``);
- scientific notation for tiny and huge magnitudes (``-1.431e-06`` in text,
  ``-1.431 \\times 10^{-6}`` in LaTeX), so a vanishing gradient is visible as such;
- ``-0`` prints as ``0``; infinities print as ``∞``/``-∞`` (pages show overflow
  as divergence before a number ever gets here).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

SCI_BELOW = 1e-3
SCI_FROM = 1e6


def _parts(x: float, digits: int) -> tuple[str, int | None]:
    """Mantissa text and exponent (None for fixed notation) of a finite x."""
    if x == 0.0:
        return "0", None
    magnitude = abs(x)
    if x == round(x) and magnitude < SCI_FROM:
        return str(int(round(x))), None
    if SCI_BELOW <= magnitude < SCI_FROM:
        decimals = max(digits - 1 - math.floor(math.log10(magnitude)), 0)
        text = f"{x:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", ""):
            text = "0"
        return text, None
    mantissa, exponent = f"{x:.{max(digits - 1, 0)}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return mantissa, int(exponent)


def fmt(x, digits: int = 4) -> str:
    """Plain-text form of one number: ``fmt(0.95257194, 8) == '0.95257194'``."""
    return _fmt(float(x), digits)


@lru_cache(maxsize=1 << 16)
def _fmt(x: float, digits: int) -> str:
    # Cached: a chart's tooltips format thousands of numbers, mostly the same ones on
    # every rerun (a curve over a fixed grid), and a lookup is far cheaper than formatting.
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    mantissa, exponent = _parts(x, digits)
    if exponent is None:
        return mantissa
    sign = "-" if exponent < 0 else "+"
    return f"{mantissa}e{sign}{abs(exponent):02d}"


def fmt_count(n, latex: bool = False) -> str:
    """A count, every digit shown, thousands grouped: ``3,211,264`` (``3{,}211{,}264`` in LaTeX,
    where a bare comma would be followed by a space). For sizes a learner multiplies out, which
    ``fmt`` would round to ``3.211e+06``."""
    text = f"{int(n):,}"
    return text.replace(",", "{,}") if latex else text


def fmt_array(values, digits: int = 4) -> str:
    """Plain-text form of a vector or matrix: ``[11, -14]`` or ``[[3, 2]]``."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 0:
        return fmt(arr, digits)
    return "[" + ", ".join(fmt_array(row, digits) for row in arr) + "]"


def latex_number(x, digits: int = 4) -> str:
    """LaTeX form of one number: ``-1.431 \\times 10^{-6}``."""
    x = float(x)
    if math.isnan(x):
        return r"\mathrm{NaN}"
    if math.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    mantissa, exponent = _parts(x, digits)
    if exponent is None:
        return mantissa
    return rf"{mantissa} \times 10^{{{exponent}}}"


def latex_matrix(values, digits: int = 4, row: bool = False, split: bool = False) -> str:
    """LaTeX ``bmatrix`` of a matrix, or of a vector (a column unless ``row``).

    Vectors are columns as in seed 001 (``x = [2 3 1]^T``); a scalar is returned
    as a plain number. ``split`` draws a line before the last column (or, for a
    column vector, above the last entry): ``[W | b]`` and ``[x; 1]``.
    """
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 0:
        return latex_number(arr, digits)
    column = arr.ndim == 1 and not row
    if arr.ndim == 1:
        arr = arr[None, :] if row else arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"latex_matrix shows vectors and matrices, got shape {arr.shape}")
    lines = [" & ".join(latex_number(v, digits) for v in line) for line in arr]
    if not split:
        return r"\begin{bmatrix} " + r" \\ ".join(lines) + r" \end{bmatrix}"
    if column:
        body = r" \\ ".join(lines[:-1]) + r" \\ \hline " + lines[-1]
        spec = "c"
    else:
        body = r" \\ ".join(lines)
        spec = "c" * (arr.shape[1] - 1) + "|c"
    return rf"\left[\begin{{array}}{{{spec}}} {body} \end{{array}}\right]"


def latex_gathered(*lines: str, gap: str = "8pt") -> str:
    """Several centred formulas, one under the other, as one LaTeX block (one element on a
    page instead of one per line)."""
    return r"\begin{gathered} " + rf" \\[{gap}] ".join(lines) + r" \end{gathered}"
