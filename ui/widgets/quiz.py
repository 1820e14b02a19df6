"""A page's self-check questions, with instant feedback and progress."""

from __future__ import annotations

import streamlit as st

from ui.shell import progress
from ui.shell.i18n import lookup, t, t_list


def _record(page_key: str, qid: str, answer: int) -> None:
    # A callback runs before the script, so the sidebar's progress is current.
    picked = st.session_state.get(f"quiz_{page_key}_{qid}")
    if picked is not None:
        progress.record_answer(page_key, qid, picked == answer)


def quiz(page_key: str) -> None:
    """The page's self-check questions from the catalog, with instant feedback.

    Each question in ``<page_key>.quiz.<id>`` has ``q``, ``choices``, ``answer`` (0-based index,
    the same in both languages), ``why`` (shown when right) and ``hint`` (shown when wrong,
    without giving the answer away).
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
