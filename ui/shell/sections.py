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
fragment). Containers and fragments are set up here, so a page script only lists its sections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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

    def __post_init__(self) -> None:
        self.fragment = st.fragment(self.body)

    def head(self) -> None:
        """The title, the introduction and the formula: what never changes."""
        st.header(t(f"{self.key}.title"))
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


def section(key: str, formula: str | None = None,
            fixed: Callable[[], None] | None = None) -> Callable[[Callable[..., Any]], Section]:
    """Decorator: the function is the body of the section whose texts live under ``key``."""
    return lambda body: Section(key, body, formula, fixed)


def linked(first: Section, *followers: Section) -> None:
    """Draw ``first`` and the sections that follow its settings, in this order.

    Every head is drawn once, now; the bodies run in one fragment that fills containers under
    the heads: ``first`` returns a value, and each follower is called with it, as a fragment
    of its own inside that one.
    """
    boxes = []
    for part in (first, *followers):
        part.head()
        boxes.append(st.container())

    @st.fragment
    def bodies() -> None:
        with boxes[0]:
            value = first.body()
        for part, box in zip(followers, boxes[1:], strict=True):
            # a container inside the outside one: a rerun of ``bodies`` replaces what the
            # follower drew (a fragment drawn straight into an outside container piles up)
            with box, st.container():
                part.fragment(value)

    bodies()


def _has(key: str) -> bool:
    try:
        lookup(key)
    except KeyError:
        return False
    return True
