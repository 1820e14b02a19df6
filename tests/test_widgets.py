"""The Markdown pieces pages join into one element: tables, notes and formulas."""

from __future__ import annotations

import pandas as pd

from ui.widgets import display_math, markdown_table, note


def test_a_markdown_table_has_a_header_a_right_aligned_rule_and_one_line_per_row():
    frame = pd.DataFrame({"k": ["0", "1"], "w|x": ["3", ""]})
    assert markdown_table(frame).split("\n") == [
        "| k | w\\|x |",
        "| ---: | ---: |",
        "| 0 | 3 |",
        "| 1 |  |",
    ]


def test_notes_and_formulas_keep_their_text_intact():
    # a bracket would end the directive early; the formula sits on lines of its own
    assert note("What [Step] does") == r":gray[:small[What \[Step\] does]]"
    assert display_math(r"w_{1} = 1.5") == "$$\nw_{1} = 1.5\n$$"
