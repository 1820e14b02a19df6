"""Markdown pieces that pages join into one element: notes, formulas, small tables, badges.

Every element costs the browser time on each rerun, so text and formulas that stand one under
another are drawn as one Markdown element built from these pieces.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

_BRACKETS = str.maketrans({"[": r"\[", "]": r"\]"})  # a bracket would end the directive


def note(text: str) -> str:
    """A small grey note (what ``st.caption`` draws) inside a larger Markdown element."""
    return f":gray[:small[{text.translate(_BRACKETS)}]]"


def display_math(latex: str) -> str:
    """A formula on a line of its own (what ``st.latex`` draws)."""
    return f"$$\n{latex}\n$$"


def markdown_table(frame: pd.DataFrame) -> str:
    """A small table of already formatted cells, right-aligned like numbers."""
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(c) for c in frame.columns) + " |",
             "|" + "|".join(" ---: " for _ in frame.columns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def chips(items: Sequence[tuple[str, str]]) -> None:
    """A row of small coloured badges, (label, colour) each, as one Markdown element."""
    st.markdown(" ".join(f":{color}-badge[{label.translate(_BRACKETS)}]" for label, color in items))
