"""Expanders drawn only while open: the numbers behind a chart and the code behind a page."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from core.format import fmt
from ui.shell.i18n import t


def lazy_expander(label: str, icon: str, key: str, expanded: bool = False):
    """An expander whose content is built only while it is open: the open container, or ``None``
    while it is closed (opening it reruns the section that drew it)."""
    box = st.expander(label, icon=icon, expanded=expanded, on_change="rerun", key=key)
    return box if box.open else None


def numbers_table(frame: pd.DataFrame, digits: int = 4, title: str | None = None,
                  expanded: bool = False, key: str | None = None) -> None:
    """The numbers behind a chart, formatted by the app's one formatter.

    The table is sent to the browser only while its expander is open: a closed table then costs
    a rerun almost nothing, where a table drawn inside a closed expander costs the browser about
    12 ms every time.
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


def show_code(*objects: Callable | type, key: str | None = None,
              sections: tuple[int, int] | None = None) -> None:
    """An expander with the source of the ``core`` functions that computed the page, the ones
    that compute first.

    The code is read from the running module with ``inspect.getsource``, so what the learner
    reads is exactly what computed the numbers on the page. sections: on a long page, the
    first and last section this listing computed (one listing after each part keeps each to a
    few functions, next to what they drew).
    """
    label = (t("common.show_code") if sections is None
             else t("common.show_code_part", first=sections[0], last=sections[1]))
    box = lazy_expander(label, ":material/code:", key or _call_site_key("code"))
    if box is None:
        return
    with box:
        st.caption(t("common.show_code_caption"))
        for obj in objects:
            st.markdown(f"`{obj.__module__}.{obj.__qualname__}`")
            st.code(source(obj), language="python")


@functools.cache
def source(obj: Callable | type) -> str:
    """The source text of a function or class (read once per process: it cannot change)."""
    return inspect.getsource(obj)


def _call_site_key(prefix: str) -> str:
    """A widget key from the page line that called the helper: stable, and unique per page."""
    caller = sys._getframe(2)
    return f"{prefix}_{Path(caller.f_code.co_filename).stem}_{caller.f_lineno}"
