"""The one stepper: first, previous, next, last (and play / pause) above what they step through.

Used by the gradient-descent run (page 4), the forward and backward pass (page 5) and the
convolution and pooling walks (page 7). The position lives in ``st.session_state[key]``; the
buttons are ``<key>_first``, ``<key>_previous``, ``<key>_next``, ``<key>_last``, ``<key>_play``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from ui.shell.i18n import t


def step_through(key: str, count: int, draw: Callable[[int], None], *,
                 play_every: float | None = None, jump: Mapping[int, str] | None = None,
                 jump_label: str = "", shortcuts: bool = False) -> None:
    """Buttons that walk through ``count`` steps, with ``draw(position)`` under them.

    The buttons and the drawing are a fragment of their own: a click redraws them, not the page.
    play_every: seconds between steps while playing (no Play button without it); Play at the
    last step starts again from the first. jump: a name per position, for a slider that jumps
    to any step. shortcuts: the ← and → keys press Previous and Next (one stepper per page).
    """
    last = max(count - 1, 0)
    playing_key = f"{key}_playing"
    armed = bool(st.session_state.get(playing_key)) and play_every is not None

    @st.fragment(run_every=play_every if armed else None)
    def stepper() -> None:
        playing = bool(st.session_state.get(playing_key)) and play_every is not None
        if playing != armed:  # Play or Pause was pressed: set the page up with (or without) the timer
            st.rerun()
        position = min(max(int(st.session_state.get(key, 0)), 0), last)
        if playing and position < last:
            position += 1  # one tick of the timer
        st.session_state[key] = position
        if position == last:
            st.session_state[playing_key] = False
        _buttons(key, position, last, playing, play_every is not None, shortcuts)
        if jump is not None and last > 0:
            st.select_slider(jump_label, list(jump), key=key, format_func=jump.get,
                             on_change=_stop, args=(playing_key,))
        draw(position)
        if playing and not st.session_state[playing_key]:
            st.rerun()  # the last step was reached: the whole page, so the timer stops

    stepper()


def _buttons(key: str, position: int, last: int, playing: bool, can_play: bool, shortcuts: bool) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(t("stepper.first"), key=f"{key}_first", icon=":material/first_page:",
                  on_click=_go, args=(key, 0), disabled=position == 0)
        st.button(t("stepper.previous"), key=f"{key}_previous", icon=":material/chevron_left:",
                  on_click=_go, args=(key, position - 1), disabled=position == 0,
                  shortcut="Left" if shortcuts else None)
        st.button(t("stepper.next"), key=f"{key}_next", icon=":material/chevron_right:", type="primary",
                  on_click=_go, args=(key, position + 1), disabled=position == last,
                  shortcut="Right" if shortcuts else None)
        st.button(t("stepper.last"), key=f"{key}_last", icon=":material/last_page:",
                  on_click=_go, args=(key, last), disabled=position == last)
        if can_play:
            st.button(t("stepper.pause" if playing else "stepper.play"), key=f"{key}_play",
                      icon=":material/pause:" if playing else ":material/play_arrow:",
                      on_click=_toggle, args=(key, last))
        if shortcuts:
            st.caption(t("stepper.keys"))


def _go(key: str, to: int) -> None:
    st.session_state[key] = max(to, 0)  # the stepper clamps it to the last step
    _stop(f"{key}_playing")


def _stop(playing_key: str) -> None:
    st.session_state[playing_key] = False


def _toggle(key: str, last: int) -> None:
    playing = not st.session_state.get(f"{key}_playing", False)
    st.session_state[f"{key}_playing"] = playing
    if playing and st.session_state.get(key, 0) >= last:
        st.session_state[key] = 0  # play again from the start
