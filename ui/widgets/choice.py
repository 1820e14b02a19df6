"""Option widgets whose choice the address names the same way in both languages.

Streamlit's ``bind="query-params"`` writes an option's label into the address, the text
``format_func`` returns (streamlit/streamlit#14224), and this app's labels are translated. A link
copied in Japanese said ``?view=計算グラフ``; after a switch of language the address still named
the English label, which Japanese does not know, so that link opened at the default view; and
``?view=graph`` typed by hand chose nothing. ``choice`` writes the option itself
(``?view=graph``), whatever the language. A link made before, naming a label in the link's own
language, still opens its view.

Sliders and typed numbers keep ``bind``: their values are numbers, the same in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st


def choice(widget: Callable[..., Any], label: str, options: Sequence, *, key: str, default: Any,
           format_func: Callable[[Any], str], **kwargs: Any) -> Any:
    """``widget`` (``st.selectbox``, ``st.segmented_control`` or ``st.multiselect``, of any
    container) with its choice kept in the address as ``?key=<option>``.

    default: the option chosen when the address names none (a list for a multiselect); it is
    left out of the address, as ``bind`` does. The widget's own state wins over the address once
    the widget exists, so a change of language or a rerun never resets it.
    """
    options = list(options)
    many = widget.__name__ == "multiselect"
    if key in st.session_state:
        start = st.session_state[key]
    else:
        start = _asked(key, options, format_func, default, many)
    if widget.__name__ == "selectbox":
        kwargs["index"] = options.index(start) if start in options else None
    else:
        kwargs["default"] = start
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    _remember(key, value, default, many)
    return value


def _asked(key: str, options: list, format_func: Callable[[Any], str], default: Any, many: bool) -> Any:
    """The option(s) the address names: by the option itself, or by its label in this language."""
    def find(raw: str) -> Any:
        return next((o for o in options if raw == str(o) or raw == format_func(o)), None)

    if many:
        found = [o for o in (find(raw) for raw in st.query_params.get_all(key)) if o is not None]
        return found or list(default)
    raw = st.query_params.get(key)
    found = None if raw is None else find(raw)
    return default if found is None else found


def _remember(key: str, value: Any, default: Any, many: bool) -> None:
    """Write the choice into the address, or take it out when it is the default (or nothing)."""
    if many:
        # an empty choice stays out of the address too: a link to it opens at the default
        want = None if not value or list(value) == list(default) else [str(v) for v in value]
        have = st.query_params.get_all(key) or None
    else:
        want = None if value is None or value == default else str(value)
        have = st.query_params.get(key)
    if want == have:
        return
    if want is None:
        del st.query_params[key]
    else:
        st.query_params[key] = want
