"""Typed numbers: a vector or a matrix in a text box, with the last good value kept."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui.shell.i18n import t
from ui.widgets.parse import MAX_ABS, InputError, matrix_text, parse_matrix

_GOOD = "__last_good"


def _good_key(key: str) -> str:
    return f"{key}{_GOOD}"


def matrix_input(label: str, key: str, default, help: str | None = None,
                 max_abs: float = MAX_ABS, bind: bool = False) -> np.ndarray:
    """A text box for a vector (one line) or a matrix (one row per line).

    bind: the text lives in the address bar too (``?key=...``, the key kept short), so a link
    reproduces it. Returns the parsed array. On a bad entry it shows what to change and returns the last good
    value (the default until the learner's first good entry), so the rest of the page keeps
    working.
    """
    default = np.asarray(default, dtype=float)
    url = {"bind": "query-params"} if bind else {}
    if default.ndim == 1:
        text = st.text_input(label, value=matrix_text(default), key=key, help=help, **url)
    else:
        text = st.text_area(label, value=matrix_text(default), key=key, help=help,
                            height=max(68, 30 * default.shape[0] + 14), **url)
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
