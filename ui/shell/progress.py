"""What the learner has done: pages visited, self-checks passed, predictions made.

The record lives in the session (a plain session-state key, so it survives page switches) and
in the browser's own storage (``localStorage``), so it survives a reload and a visit on another
day, with no account and nothing kept on the server. ``sync()``, called by the frame on every
page, mounts a small component (``store.js``) that does the browser's half:

- it is given the session's record and merges it into what the browser keeps;
- when the browser kept more (a reload, a new day), it sends the merged record back, and
  ``_take_stored`` merges it into the session, which reruns the page with it.

The record only grows (a question once answered right stays passed; a prediction is kept per
moment, the latest one), so merging is a union and the two sides cannot undo each other's work.
Only ``reset()`` clears it, on both sides.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import streamlit as st

from ui.shell.i18n import DEFAULT_LANG, lookup
from ui.shell.registry import pages

KEY = "progress"                  # the session's record
_STORE = "progress_store"         # the component's key
_REPLACE = "progress_replace"     # set by reset(): the next sync replaces the browser's record
_JS = (Path(__file__).with_name("store.js")).read_text(encoding="utf-8")


def empty() -> dict:
    """A record with nothing in it: pages visited, questions passed per page, the latest
    prediction per page and moment, and whether the learner switched asking off (None: never chose)."""
    return {"visited": [], "passed": {}, "predicted": {}, "ask": None}


def merge(older: dict, newer: dict) -> dict:
    """Both records in one: lists are joined, predictions of ``newer`` win, so does its ``ask``."""
    out = empty()
    out["visited"] = sorted(set(older.get("visited", [])) | set(newer.get("visited", [])))
    for page in sorted(set(older.get("passed", {})) | set(newer.get("passed", {}))):
        out["passed"][page] = sorted(set(older.get("passed", {}).get(page, []))
                                     | set(newer.get("passed", {}).get(page, [])))
    for page in sorted(set(older.get("predicted", {})) | set(newer.get("predicted", {}))):
        out["predicted"][page] = {**older.get("predicted", {}).get(page, {}),
                                  **newer.get("predicted", {}).get(page, {})}
    out["ask"] = newer.get("ask") if newer.get("ask") is not None else older.get("ask")
    return out


def record() -> dict:
    """This session's record (created empty on first use)."""
    if KEY not in st.session_state:
        st.session_state[KEY] = empty()
    return st.session_state[KEY]


def _clean(stored: Any) -> dict:
    """A record sent by the browser, with anything malformed dropped (it is the learner's own
    storage, but it may come from an older version of the app or be edited by hand)."""
    if not isinstance(stored, dict):
        return empty()
    out = empty()
    out["visited"] = [p for p in stored.get("visited", []) if isinstance(p, str)] \
        if isinstance(stored.get("visited"), list) else []
    for name in ("passed", "predicted"):
        part = stored.get(name)
        if isinstance(part, dict):
            for page, value in part.items():
                if name == "passed" and isinstance(value, list):
                    out[name][page] = [q for q in value if isinstance(q, str)]
                elif name == "predicted" and isinstance(value, dict):
                    out[name][page] = {k: v for k, v in value.items()
                                       if isinstance(v, dict) and isinstance(v.get("ctx"), str)}
    out["ask"] = stored["ask"] if isinstance(stored.get("ask"), bool) else None
    return out


def _take_stored() -> None:
    """Component callback: the browser kept more than the session knew."""
    state = st.session_state.get(_STORE)
    stored = state.get("stored") if state is not None else None
    if stored is not None:
        st.session_state[KEY] = merge(_clean(stored), record())


_component = st.components.v2.component("nn_progress_store", js=_JS)


def sync(key: str = _STORE) -> None:
    """Hand the session's record to the browser's storage (and take back what it kept).

    The frame calls this on every page; a section that records something inside a fragment calls
    it with a key of its own, so the browser has it before the rest of the page next reruns.
    """
    data = copy.deepcopy(record())
    if st.session_state.pop(_REPLACE, False):
        data["replace"] = True
    _component(key=key, data=data, height=0, width="content",
                 **({"on_stored_change": _take_stored} if key == _STORE else {}))


def reset() -> None:
    """Button callback: forget everything, here and in the browser."""
    st.session_state[KEY] = empty()
    st.session_state[_REPLACE] = True


# --- pages visited and self-checks -------------------------------------------------------------


def questions(page_key: str) -> list[str]:
    """The ids of a page's self-check questions, in catalog order."""
    try:
        return list(lookup(f"{page_key}.quiz", DEFAULT_LANG))
    except KeyError:
        return []


def moments(page_key: str) -> list[str]:
    """The ids of a page's prediction moments, in catalog order."""
    try:
        return list(lookup(f"{page_key}.predict", DEFAULT_LANG))
    except KeyError:
        return []


def mark_visited(page_key: str) -> None:
    visited = record()["visited"]
    if page_key not in visited:
        visited.append(page_key)
        visited.sort()


def visited(page_key: str) -> bool:
    return page_key in record()["visited"]


def record_answer(page_key: str, qid: str) -> None:
    """A self-check question answered right (wrong answers are not recorded)."""
    passed = record()["passed"].setdefault(page_key, [])
    if qid not in passed:
        passed.append(qid)
        passed.sort()


def passed(page_key: str) -> set[str]:
    return set(record()["passed"].get(page_key, []))


def page_done(page_key: str) -> bool:
    wanted = set(questions(page_key))
    return bool(wanted) and wanted <= passed(page_key)


def counts(page_key: str) -> dict[str, int]:
    """A page's progress in numbers: questions right of how many, moments predicted of how many."""
    asked = questions(page_key)
    return {"right": len(passed(page_key) & set(asked)), "questions": len(asked),
            "predicted": predictions_made(page_key), "moments": len(moments(page_key))}


def summary() -> tuple[int, int]:
    """(pages done, pages with self-checks)."""
    listed = [p.key for p in pages() if questions(p.key)]
    return sum(page_done(k) for k in listed), len(listed)


# --- predictions ---------------------------------------------------------------------------------


def prediction(page_key: str, pid: str) -> dict | None:
    """The latest prediction at a moment: ``{"ctx", "guess", "hit"}`` (guess None: skipped)."""
    return record()["predicted"].get(page_key, {}).get(pid)


def record_prediction(page_key: str, pid: str, ctx: str, guess: Any, hit: bool | None) -> None:
    record()["predicted"].setdefault(page_key, {})[pid] = {"ctx": ctx, "guess": guess, "hit": hit}


def predictions_made(page_key: str) -> int:
    """How many of a page's moments the learner has predicted (skipped ones do not count)."""
    made = record()["predicted"].get(page_key, {})
    return sum(1 for pid in moments(page_key) if made.get(pid, {}).get("guess") is not None)


def asking() -> bool:
    """Whether prediction moments ask before they show (the learner may switch this off)."""
    return record()["ask"] is not False


def set_asking(on: bool) -> None:
    record()["ask"] = bool(on)
