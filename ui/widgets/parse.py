"""Reading numbers a learner typed, with messages that say what to change.

``parse_matrix("3 1 2\\n-2 -3 -1", (2, 3))`` returns a float array or raises
``InputError`` whose ``key`` names a message in the catalogs. The text is first brought to one
form (``normalise``), so numbers read the same however they were typed:

- with a Japanese input method on: full-width digits, signs, points and spaces (``１　０．８``),
  「、」 and 「，」 between entries, 「ー」 or 「−」 as a minus sign;
- pasted from NumPy: ``[[1, 0.8], [0, 1]]`` or ``array([[1, 0.8], [0, 1]])``, one row per
  bracket, on one line or several;
- pasted from a spreadsheet: entries split by tabs, rows by line breaks (``\\r\\n`` too).

Entries are separated by spaces, commas or semicolons; rows by new lines, by brackets, or (on
one line) by semicolons. No ``eval``: each entry goes through ``float()`` and is then checked to
be finite and of a sane size.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from core.format import fmt

MAX_ABS = 1e6
_SEPARATORS = re.compile(r"[,\s;]+")
# After NFKC: the ideographic comma and the other dashes a keyboard or an input method gives.
_TO_COMMA = str.maketrans({"、": ",", "､": ","})
_DASHES = "\u2212\u2010\u2011\u2012\u2013\u2014\u2015\u30fc\uff70"  # − ‐ ‑ ‒ – — ― ー ｰ
_SIGN = re.compile(rf"[{_DASHES}](?=\s*[\d.])")
_ARRAY = re.compile(r"^\s*(?:np\.|numpy\.)?array\s*\((.*)\)\s*$", re.DOTALL)
_ROW_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


class InputError(ValueError):
    """A learner's entry that cannot be used; ``key`` selects the message."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def normalise(text: str) -> str:
    """One form for what was typed: NFKC (full-width to ASCII), 「、」 to a comma, a dash or 「ー」
    before a digit to a minus sign, ``array(...)`` unwrapped."""
    text = unicodedata.normalize("NFKC", text).translate(_TO_COMMA)
    text = _SIGN.sub("-", text)
    unwrapped = _ARRAY.match(text)
    return unwrapped.group(1) if unwrapped else text


def _number(token: str, max_abs: float) -> float:
    try:
        value = float(token)
    except ValueError:
        raise InputError("input.not_a_number", token=token) from None
    if not np.isfinite(value):
        raise InputError("input.not_finite", token=token)
    if abs(value) > max_abs:
        raise InputError("input.too_large", token=token, limit=f"{max_abs:g}")
    return value


def _entries(text: str, max_abs: float) -> list[float]:
    tokens = [tok.strip("[]") for tok in _SEPARATORS.split(text.strip()) if tok.strip("[]")]
    return [_number(tok, max_abs) for tok in tokens]


def parse_row(text: str, max_abs: float = MAX_ABS) -> list[float]:
    """Numbers on one line: ``"2, 3, 1"`` (or ``"２、３、１"``) -> ``[2.0, 3.0, 1.0]``."""
    return _entries(normalise(text or ""), max_abs)


def _rows(text: str) -> list[str]:
    """A matrix's rows: the innermost brackets when there are nested ones (NumPy's print), else
    the lines, else (one line) the parts between semicolons."""
    if text.count("[") >= 2:
        inner = _ROW_BRACKETS.findall(text)
        if inner:
            return [row for row in inner if row.strip(" ,")]
    lines = [line for line in text.strip().splitlines() if line.strip(" ,[]")]
    if len(lines) == 1 and ";" in lines[0]:
        return [part for part in lines[0].strip().strip("[]").split(";") if part.strip(" ,")]
    return lines


def parse_matrix(text: str, shape: tuple[int, ...], max_abs: float = MAX_ABS) -> np.ndarray:
    """Parse a vector (shape ``(n,)``) or a matrix (``(rows, cols)``, one row per line or bracket)."""
    text = normalise(text or "")
    if not text.strip(" \t\r\n[],"):
        raise InputError("input.empty")
    if len(shape) == 1:
        values = _entries(text.replace("\n", " "), max_abs)
        if len(values) != shape[0]:
            raise InputError("input.wrong_count", expected=shape[0], got=len(values))
        return np.array(values, dtype=float)
    rows = _rows(text)
    if len(rows) != shape[0]:
        raise InputError("input.wrong_rows", expected=shape[0], got=len(rows))
    parsed = []
    for i, line in enumerate(rows, start=1):
        values = _entries(line, max_abs)
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
