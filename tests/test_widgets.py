"""The Markdown pieces pages join into one element (tables, notes, formulas), and the one stepper."""

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


def _three_steps():
    """The stepper in miniature: three steps, each drawn as "step k"."""
    import streamlit as st

    from ui.widgets import step_through

    step_through("walk", 3, lambda k: st.markdown(f"step {k}"), play_every=0.5)


def _shown(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("step ")]


def test_the_stepper_walks_first_previous_next_last_and_disables_at_the_ends():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_three_steps).run()
    assert _shown(at) == ["step 0"] and at.session_state["walk"] == 0
    assert [at.button(key=f"walk_{b}").label for b in ("first", "previous", "next", "last", "play")] == [
        "First", "Previous", "Next", "Last", "Play"]
    assert at.button(key="walk_first").disabled and at.button(key="walk_previous").disabled
    at.button(key="walk_next").click().run()
    assert _shown(at) == ["step 1"]
    at.button(key="walk_last").click().run()
    assert _shown(at) == ["step 2"]
    assert at.button(key="walk_next").disabled and at.button(key="walk_last").disabled
    at.button(key="walk_previous").click().run()
    assert _shown(at) == ["step 1"]
    at.button(key="walk_first").click().run()
    assert _shown(at) == ["step 0"] and not at.exception


def test_play_steps_once_per_tick_stops_at_the_last_step_and_starts_again_from_the_first():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_three_steps).run()
    at.button(key="walk_play").click().run()
    assert at.button(key="walk_play").label == "Pause" and at.session_state["walk_playing"]
    positions = [at.session_state["walk"]]
    for _ in range(3):
        at.run()  # one tick of the timer each
        positions.append(at.session_state["walk"])
    assert positions == [1, 2, 2, 2] and not at.session_state["walk_playing"]
    assert at.button(key="walk_play").label == "Play"
    at.button(key="walk_play").click().run()  # at the last step: play again from the first
    assert at.session_state["walk"] == 1 and _shown(at) == ["step 1"]
