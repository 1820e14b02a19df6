"""A page's self-check questions: each wrong option says what is wrong with it.

Questions live under ``<page>.quiz.<id>`` in the catalogs, in one of two forms:

- a choice: ``q``, ``choices``, ``answer`` (0-based, the same in both languages) and
  ``feedback``, one text per choice: why the right one is right, and what is wrong with each
  of the others. ``kind = "why"`` marks a question that asks for a reason.
- a number: ``kind = "number"``, ``q``, ``tol`` (how far off an answer may be), ``why`` (shown
  when right, may use ``{answer}``) and ``hint`` (shown when wrong). The right number is not in
  the catalog: the page computes it with ``core`` and passes it in, ``quiz(PAGE, numbers=...)``.

The questions are a fragment: answering one reruns the questions, not the page. A question once
answered right stays answered (in the learner's progress, which survives a reload).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from core.format import fmt
from ui.shell import progress
from ui.shell.i18n import lookup, t, t_list
from ui.widgets.parse import InputError, parse_row


def quiz(page_key: str, numbers: Mapping[str, float] | None = None,
         fields: Mapping[str, Mapping] | None = None) -> None:
    """The page's self-check questions. numbers: the right answer of each number question;
    fields: values for the ``{placeholders}`` of a question's texts, per question id."""
    st.subheader(t("quiz.title"))
    st.caption(t("quiz.caption"))
    _questions(page_key, dict(numbers or {}), {k: dict(v) for k, v in (fields or {}).items()})


@st.fragment
def _questions(page_key: str, numbers: dict, fields: dict) -> None:
    was_done = progress.page_done(page_key)
    recorded = False
    for qid in progress.questions(page_key):
        base, values = f"{page_key}.quiz.{qid}", fields.get(qid, {})
        with st.container(border=True):
            if lookup(base).get("kind") == "number":
                recorded |= _number(page_key, qid, base, numbers[qid], values)
            else:
                recorded |= _choice(page_key, qid, base, values)
    if recorded:
        progress.sync(key=f"progress_store_quiz_{page_key}")
    if progress.page_done(page_key):
        st.success(t("quiz.page_done"), icon=":material/celebration:")
        if not was_done:
            st.rerun()  # the whole page, so the sidebar ticks the page off


def _choice(page_key: str, qid: str, base: str, values: dict) -> bool:
    choices = [c.format(**values) for c in t_list(f"{base}.choices")]
    feedback = [f.format(**values) for f in t_list(f"{base}.feedback")]
    answer = int(lookup(f"{base}.answer"))
    question = t(f"{base}.q", **values)
    if qid in progress.passed(page_key):
        st.markdown(f"**{question}**")
        st.success(f"**{choices[answer]}** — {feedback[answer]}", icon=":material/check:")
        return False
    picked = st.radio(question, range(len(choices)), index=None, format_func=choices.__getitem__,
                      key=f"quiz_{page_key}_{qid}")
    if picked is None:
        return False
    if picked != answer:
        st.warning(f"**{t('quiz.wrong')}** {feedback[picked]}", icon=":material/lightbulb:")
        return False
    progress.record_answer(page_key, qid)
    st.success(f"**{t('quiz.correct')}** {feedback[answer]}", icon=":material/check:")
    return True


def _number(page_key: str, qid: str, base: str, answer: float, values: dict) -> bool:
    tol = float(lookup(f"{base}.tol"))
    question = t(f"{base}.q", **values)
    why = t(f"{base}.why", answer=fmt(answer, 6), **values)
    if qid in progress.passed(page_key):
        st.markdown(f"**{question}**")
        st.success(f"**{fmt(answer, 6)}** — {why}", icon=":material/check:")
        return False
    with st.form(key=f"quiz_{page_key}_{qid}_form", border=False):
        typed = st.text_input(question, key=f"quiz_{page_key}_{qid}", placeholder=t("quiz.number_hint"))
        st.caption(t("quiz.tolerance", tol=f"{tol:g}"))  # 0.0001, not 1e-04
        checked = st.form_submit_button(t("quiz.check"), icon=":material/done:")
    if not checked:
        return False
    try:
        got = parse_row(typed or "")
    except InputError as err:
        st.warning(t(err.key, **err.params), icon=":material/edit:")
        return False
    if len(got) != 1:
        st.warning(t("predict.one_number"), icon=":material/edit:")
        return False
    if abs(got[0] - answer) > tol:
        st.warning(f"**{t('quiz.wrong')}** {t('quiz.you_typed', value=fmt(got[0], 6))} "
                   f"{t(f'{base}.hint', **values)}", icon=":material/lightbulb:")
        return False
    progress.record_answer(page_key, qid)
    st.success(f"**{t('quiz.correct')}** {why}", icon=":material/check:")
    return True

