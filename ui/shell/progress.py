"""What the learner has done this session: pages visited, self-checks passed.

Kept in plain session-state keys (not widget keys), so it survives page
switches. A page counts as done when every one of its self-check questions has
been answered correctly.
"""

from __future__ import annotations

import streamlit as st

from ui.shell.i18n import DEFAULT_LANG, lookup
from ui.shell.registry import pages

PASSED_KEY = "progress_passed"    # {page_key: set of question ids answered right}
VISITED_KEY = "progress_visited"  # set of page keys


def questions(page_key: str) -> list[str]:
    """The ids of a page's self-check questions, in catalog order."""
    try:
        return list(lookup(f"{page_key}.quiz", DEFAULT_LANG))
    except KeyError:
        return []


def mark_visited(page_key: str) -> None:
    st.session_state.setdefault(VISITED_KEY, set()).add(page_key)


def record_answer(page_key: str, qid: str, correct: bool) -> None:
    passed = st.session_state.setdefault(PASSED_KEY, {}).setdefault(page_key, set())
    if correct:
        passed.add(qid)
    else:
        passed.discard(qid)


def page_done(page_key: str) -> bool:
    wanted = set(questions(page_key))
    got = st.session_state.get(PASSED_KEY, {}).get(page_key, set())
    return bool(wanted) and wanted <= got


def summary() -> tuple[int, int]:
    """(pages done, pages with self-checks)."""
    listed = [p.key for p in pages() if questions(p.key)]
    return sum(page_done(k) for k in listed), len(listed)
