"""Every learner-facing string, from ``locales/en.toml`` and ``locales/ja.toml``.

``t("nav.home")`` returns the text in the current language; ``{name}`` fields
are filled from keyword arguments. Both catalogs have the same keys (a test
proves it), so a missing translation is caught before a learner sees it.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

import streamlit as st

LANGS = ("en", "ja")
DEFAULT_LANG = "en"
LOCALES = Path(__file__).resolve().parents[2] / "locales"
LANG_KEY = "lang"  # a plain session-state key: it survives page switches


@functools.cache
def catalog(lang: str) -> dict:
    """The parsed catalog of one language (read once per process)."""
    with open(LOCALES / f"{lang}.toml", "rb") as f:
        return tomllib.load(f)


def current_lang() -> str:
    lang = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def lookup(key: str, lang: str | None = None):
    """The raw catalog entry for a dotted key (a string, a list or a table)."""
    node = catalog(lang or current_lang())
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no text for {key!r} in locales/{lang or current_lang()}.toml")
        node = node[part]
    return node


def t(key: str, **fields) -> str:
    """The text for ``key`` in the current language, with ``{fields}`` filled in."""
    text = lookup(key)
    if not isinstance(text, str):
        raise KeyError(f"{key!r} is not a single text; use t_list or lookup")
    return text.format(**fields) if fields else text


def t_list(key: str) -> list[str]:
    """A list of texts (bullet points, quiz choices)."""
    items = lookup(key)
    if not isinstance(items, list):
        raise KeyError(f"{key!r} is not a list of texts")
    return list(items)


def labels(prefix: str, keys) -> dict:
    """``{key: t(f"{prefix}.{key}")}`` for a widget's ``format_func=labels(...).get``.

    The texts are looked up now, in this run's language, so the widget never
    calls back into the catalog later.
    """
    return {key: t(f"{prefix}.{key}") for key in keys}
