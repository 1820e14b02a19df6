"""Reading numbers a learner typed, with messages that say what to change.

``parse_matrix("3 1 2\\n-2 -3 -1", (2, 3))`` returns a float array or raises
``InputError`` whose ``key`` names a message in the catalogs. Entries are
separated by spaces, commas or semicolons; rows by new lines. No ``eval``:
each entry goes through ``float()`` and is then checked to be finite and of a
sane size.
"""

from __future__ import annotations

import re

import numpy as np

from core.format import fmt

MAX_ABS = 1e6
_SEPARATORS = re.compile(r"[,\s;]+")


class InputError(ValueError):
    """A learner's entry that cannot be used; ``key`` selects the message."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def _number(token: str, max_abs: float) -> float:
    cleaned = token.replace("−", "-").replace("＋", "+").replace("－", "-")
    try:
        value = float(cleaned)
    except ValueError:
        raise InputError("input.not_a_number", token=token) from None
    if not np.isfinite(value):
        raise InputError("input.not_finite", token=token)
    if abs(value) > max_abs:
        raise InputError("input.too_large", token=token, limit=f"{max_abs:g}")
    return value


def parse_row(text: str, max_abs: float = MAX_ABS) -> list[float]:
    """Numbers on one line: ``"2, 3, 1"`` -> ``[2.0, 3.0, 1.0]``."""
    tokens = [tok for tok in _SEPARATORS.split(text.strip().strip("[]")) if tok]
    return [_number(tok.strip("[]"), max_abs) for tok in tokens]


def parse_matrix(text: str, shape: tuple[int, ...], max_abs: float = MAX_ABS) -> np.ndarray:
    """Parse a vector (shape ``(n,)``, one line) or a matrix (``(rows, cols)``, one row per line)."""
    if text is None or not text.strip():
        raise InputError("input.empty")
    if len(shape) == 1:
        values = parse_row(text.replace("\n", " "), max_abs)
        if len(values) != shape[0]:
            raise InputError("input.wrong_count", expected=shape[0], got=len(values))
        return np.array(values, dtype=float)
    rows = [line for line in text.strip().splitlines() if line.strip()]
    if len(rows) != shape[0]:
        raise InputError("input.wrong_rows", expected=shape[0], got=len(rows))
    parsed = []
    for i, line in enumerate(rows, start=1):
        values = parse_row(line, max_abs)
        if len(values) != shape[1]:
            raise InputError("input.wrong_cols", row=i, expected=shape[1], got=len(values))
        parsed.append(values)
    return np.array(parsed, dtype=float)


def matrix_text(values) -> str:
    """The editable text of an array: one row per line, entries separated by spaces."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 1:
        return ", ".join(fmt(v, 6) for v in arr)
    return "\n".join("  ".join(fmt(v, 6) for v in row) for row in arr)
