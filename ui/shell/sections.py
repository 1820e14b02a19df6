"""Sections of a page: a title and an introduction drawn once, a body that reruns on its own.

A page script is a list of sections called in the order they appear::

    @section("gradient_descent.s3")
    def regimes(run: Run) -> None:
        ...

A section's title and introduction come from the catalog (``<key>.title`` and, where it
exists, ``<key>.intro``). Its body is a fragment (``st.fragment``): moving one of its widgets
reruns the body alone, not the page, and the title and introduction, which never change, are
not sent again.

Some sections follow the settings of an earlier one: ``linked(settings, walk, maps)`` calls
``settings()`` and hands what it returns to ``walk`` and ``maps``. A change of the settings
reruns all three; a widget inside ``walk`` reruns ``walk`` alone (a fragment inside the
fragment). A follower that needs only part of the settings says which, ``@section(key,
uses=lambda layer: layer.W)``: it gets only that part, and reruns only when that part changes.
Containers and fragments are set up here, so a page script only lists its sections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

from ui.shell.i18n import lookup, t


@dataclass
class Section:
    """A body function with its catalog key (title, introduction), and what stands under the
    introduction and never changes: a formula, or whatever ``fixed`` draws."""

    key: str
    body: Callable[..., Any]
    formula: str | None = None
    fixed: Callable[[], None] | None = None
    uses: Callable[[Any], Any] | None = None  # the part of a linked section's value this one needs

    def __post_init__(self) -> None:
        self.fragment = st.fragment(self.body)

    def head(self) -> None:
        """The title, the introduction and the formula: what never changes."""
        st.header(t(f"{self.key}.title"), anchor=anchor(self.key))
        if _has(f"{self.key}.intro"):
            st.markdown(t(f"{self.key}.intro"))
        if self.formula is not None:
            st.latex(self.formula)
        if self.fixed is not None:
            self.fixed()

    def __call__(self, *args: Any) -> Any:
        """Draw the section: its head now, its body as a fragment below it."""
        self.head()
        return self.fragment(*args)


def anchor(key: str) -> str:
    """A section's place in its page's address, the same in both languages: ``losses.multi`` ->
    ``#multi`` (the glossary links to it)."""
    return key.split(".", 1)[1].replace(".", "-")


def section(key: str, formula: str | None = None, fixed: Callable[[], None] | None = None,
            uses: Callable[[Any], Any] | None = None) -> Callable[[Callable[..., Any]], Section]:
    """Decorator: the function is the body of the section whose texts live under ``key``."""
    return lambda body: Section(key, body, formula, fixed, uses)


def linked(first: Section, *followers: Section) -> None:
    """Draw ``first`` and the sections that follow its settings, in this order.

    Every head is drawn once, now; the bodies run in one fragment that fills containers under
    the heads: ``first`` returns a value, and each follower is called with it, as a fragment
    of its own inside that one. A follower with ``uses`` is a fragment of its own outside it,
    called with ``uses(value)``: when a change of the settings changes that part, the page
    reruns so that the follower shows it; other changes leave the follower as it is.
    """
    boxes = []
    for part in (first, *followers):
        part.head()
        boxes.append(st.container())
    apart = {part.key for part in followers if part.uses is not None}

    @st.fragment
    def bodies() -> None:
        with boxes[0]:
            value = first.body()
        changed = False
        for part, box in zip(followers, boxes[1:], strict=True):
            if part.key in apart:
                used = part.uses(value)
                changed |= not _same(st.session_state.get(_USED + part.key), used)
                st.session_state[_USED + part.key] = used
                continue
            # a container inside the outside one: a rerun of ``bodies`` replaces what the
            # follower drew (a fragment drawn straight into an outside container piles up)
            with box, st.container():
                part.fragment(value)
        if changed and _in_fragment_rerun():
            st.rerun()  # the whole page, so the followers apart show the new part too

    bodies()
    for part, box in zip(followers, boxes[1:], strict=True):
        if part.key in apart:
            with box:
                part.fragment(st.session_state[_USED + part.key])


_USED = "section_uses:"  # session-state keys: the part of the settings each follower apart last got


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and bool(np.array_equal(a, b)))
    return a == b


def _in_fragment_rerun() -> bool:
    """Whether this run redraws fragments only (a widget inside one changed), not the page."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def _has(key: str) -> bool:
    try:
        lookup(key)
    except KeyError:
        return False
    return True
