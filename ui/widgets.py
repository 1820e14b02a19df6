"""Widgets shared by pages: typed matrices, the code behind a page, self-checks, tables."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from core.format import fmt
from ui import progress
from ui.i18n import lookup, t, t_list
from ui.parse import MAX_ABS, InputError, matrix_text, parse_matrix

_GOOD = "__last_good"


def _good_key(key: str) -> str:
    return f"{key}{_GOOD}"


def matrix_input(
    label: str,
    key: str,
    default,
    help: str | None = None,
    max_abs: float = MAX_ABS,
) -> np.ndarray:
    """A text box for a vector (one line) or a matrix (one row per line).

    Returns the parsed array. On a bad entry it shows what to change and returns
    the last good value (the default until the learner's first good entry), so
    the rest of the page keeps working.
    """
    default = np.asarray(default, dtype=float)
    if default.ndim == 1:
        text = st.text_input(label, value=matrix_text(default), key=key, help=help)
    else:
        text = st.text_area(label, value=matrix_text(default), key=key, help=help,
                            height=max(68, 30 * default.shape[0] + 14))
    try:
        value = parse_matrix(text, default.shape, max_abs)
    except InputError as err:
        st.error(f"{label}: {t(err.key, **err.params)} {t('input.kept_last')}",
                 icon=":material/edit_off:")
        return st.session_state.get(_good_key(key), default)
    st.session_state[_good_key(key)] = value
    return value


def reset_inputs(values: dict[str, np.ndarray]) -> None:
    """Button callback: put example values back into matrix inputs."""
    for key, value in values.items():
        st.session_state[key] = matrix_text(value)
        st.session_state[_good_key(key)] = np.asarray(value, dtype=float)


def show_code(*objects: Callable | type, key: str | None = None) -> None:
    """An expander with the source of the ``core`` functions a page used.

    The code is read from the running module with ``inspect.getsource``, so what
    the learner reads is exactly what computed the numbers on the page. Like the
    numbers tables, it is drawn only while open.
    """
    box = lazy_expander(t("common.show_code"), ":material/code:", key or _call_site_key("code"))
    if box is None:
        return
    with box:
        st.caption(t("common.show_code_caption"))
        for obj in objects:
            st.markdown(f"`{obj.__module__}.{obj.__qualname__}`")
            st.code(_source(obj), language="python")


def lazy_expander(label: str, icon: str, key: str, expanded: bool = False):
    """An expander whose content is built only while it is open: the open container, or
    ``None`` while it is closed (opening it reruns the section that drew it)."""
    box = st.expander(label, icon=icon, expanded=expanded, on_change="rerun", key=key)
    return box if box.open else None


def _call_site_key(prefix: str) -> str:
    """A widget key from the page line that called the helper: stable, and unique per page."""
    caller = sys._getframe(2)
    return f"{prefix}_{Path(caller.f_code.co_filename).stem}_{caller.f_lineno}"


@functools.cache
def _source(obj: Callable | type) -> str:
    """The source text of a function or class (read once per process: it cannot change)."""
    return inspect.getsource(obj)


def numbers_table(frame: pd.DataFrame, digits: int = 4, title: str | None = None,
                  expanded: bool = False, key: str | None = None) -> None:
    """The numbers behind a chart, formatted by the app's one formatter.

    The table is sent to the browser only while its expander is open (opening it
    reruns the section): a closed table then costs a rerun almost nothing, where a
    table drawn inside a closed expander costs the browser about 12 ms every time.
    """
    box = lazy_expander(title or t("common.numbers_behind"), ":material/table:",
                        key or _call_site_key("numbers"), expanded=expanded)
    if box is None:
        return
    shown = frame.copy()
    for col in shown.columns:
        if pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col]):
            shown[col] = [fmt(v, digits) for v in shown[col]]
    box.dataframe(shown, hide_index=True, width="stretch")


def _record(page_key: str, qid: str, answer: int) -> None:
    # A callback runs before the script, so the sidebar's progress is current.
    picked = st.session_state.get(f"quiz_{page_key}_{qid}")
    if picked is not None:
        progress.record_answer(page_key, qid, picked == answer)


def quiz(page_key: str) -> None:
    """The page's self-check questions from the catalog, with instant feedback.

    Each question in ``<page_key>.quiz.<id>`` has ``q``, ``choices``, ``answer``
    (0-based index, the same in both languages), ``why`` (shown when right) and
    ``hint`` (shown when wrong, without giving the answer away).
    """
    st.subheader(t("quiz.title"))
    st.caption(t("quiz.caption"))
    for qid in progress.questions(page_key):
        base = f"{page_key}.quiz.{qid}"
        choices = t_list(f"{base}.choices")
        answer = int(lookup(f"{base}.answer"))
        with st.container(border=True):
            picked = st.radio(t(f"{base}.q"), range(len(choices)), index=None,
                              format_func=choices.__getitem__, key=f"quiz_{page_key}_{qid}",
                              on_change=_record, args=(page_key, qid, answer))
            if picked is None:
                continue
            if picked == answer:
                st.success(f"**{t('quiz.correct')}** {t(f'{base}.why')}", icon=":material/check:")
            else:
                st.warning(f"**{t('quiz.wrong')}** {t(f'{base}.hint')}", icon=":material/lightbulb:")
    if progress.page_done(page_key):
        st.success(t("quiz.page_done"), icon=":material/celebration:")


def section(title: str, intro: str | None = None, formula: str | None = None):
    """A section's title, introduction and fixed formula, and below them the container a
    fragment fills: a fragment rerun then does not send the text that never changes."""
    st.header(title)
    if intro is not None:
        st.markdown(intro)
    if formula is not None:
        st.latex(formula)
    return st.container()


def in_fragment_rerun() -> bool:
    """Whether this run redraws fragments only (a widget inside one changed), not the page."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx is not None and ctx.fragment_ids_this_run)


# A value one fragment works out and another fragment draws with (page 1's W, page 7's x).
# The giver calls ``hand_over`` and, at its end, ``rerun_if_handed_over_changed``; the
# taker calls ``take``. A fragment rerun redraws only the giver, so when the value has
# changed the page reruns and the taker shows the new one too.


def hand_over(key: str, value: Any) -> None:
    st.session_state[key] = value


def take(key: str) -> Any:
    value = st.session_state[key]
    st.session_state[f"{key}_shown"] = value
    return value


def rerun_if_handed_over_changed(key: str) -> None:
    if in_fragment_rerun() and not np.array_equal(st.session_state.get(f"{key}_shown"),
                                                  st.session_state[key]):
        st.rerun()


_BRACKETS = str.maketrans({"[": r"\[", "]": r"\]"})  # a bracket would end the directive


def note(text: str) -> str:
    """Markdown for a small grey note (what ``st.caption`` draws) inside a larger Markdown
    element: a few formulas with notes between them are then one element, not five."""
    return f":gray[:small[{text.translate(_BRACKETS)}]]"


def display_math(latex: str) -> str:
    """Markdown for a formula on a line of its own (what ``st.latex`` draws)."""
    return f"$$\n{latex}\n$$"


def markdown_table(frame: pd.DataFrame) -> str:
    """A small table of already formatted cells as Markdown, right-aligned like numbers: part
    of a larger Markdown element, it costs the browser far less than a data grid."""
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(c) for c in frame.columns) + " |",
             "|" + "|".join(" ---: " for _ in frame.columns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def chips(items: Sequence[tuple[str, str]]) -> None:
    """A row of small coloured badges, e.g. status labels: one Markdown element (the
    badge directive), not a container of badges, since every element costs the browser
    time on each rerun."""
    st.markdown(" ".join(f":{color}-badge[{label.translate(_BRACKETS)}]" for label, color in items))
