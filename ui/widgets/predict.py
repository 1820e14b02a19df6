"""Prediction moments: the page asks before it shows.

A learner who commits to a prediction before a demonstration understands it better than one
who only watches it. ``predict`` puts a question where a result is about to appear; the page
draws the result only once the learner has answered (or chosen "just show me")::

    if predict(PAGE, "regime", truth=run.regime, options=REGIMES, context=(a, lr), fields={...}):
        draw_the_steps()

The texts live under ``<page>.predict.<id>`` in the catalogs: ``q`` (the question, with
``{fields}``), ``options.<key>`` (a label per choice) and ``because`` (shown with the result: one
text, or one per possible truth, ``because.<key>``) and, where the common words do not fit, ``hidden``
(what is waiting for the prediction). A number is asked for instead of a choice
when ``tol`` is given; a guess within ``tol`` of ``truth`` counts as right.

A prediction belongs to the settings it was made for (``context``): when they change, the
question is asked anew. It is kept in the learner's progress (``ui.shell.progress``), so a reload
with the same settings shows the result and the prediction again.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import streamlit as st

from core.format import fmt
from ui.shell import progress
from ui.shell.i18n import lookup, t
from ui.widgets.parse import InputError, parse_row


def context_key(context: Any) -> str:
    """A short fingerprint of the settings a prediction was made for."""
    def plain(value: Any) -> Any:
        if isinstance(value, np.ndarray | list | tuple):
            return [plain(v) for v in (value.tolist() if isinstance(value, np.ndarray) else value)]
        if isinstance(value, bool | np.bool_):
            return bool(value)
        if isinstance(value, int | float | np.integer | np.floating):  # 1 and 1.0 are one setting
            return float(f"{float(value):.12g}")
        return value

    text = json.dumps(plain(context), sort_keys=True, default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def answered(page: str, pid: str, context: Any = ()) -> bool:
    """Whether the moment ``pid`` is answered for these settings (or asking is off): for a later
    section that would give the answer away."""
    kept = progress.prediction(page, pid)
    return not progress.asking() or (kept is not None and kept.get("ctx") == context_key(context))


def predict(page: str, pid: str, truth: Any, *, options: Sequence[str] | None = None,
            tol: float | None = None, context: Any = (), fields: Mapping[str, Any] | None = None) -> bool:
    """Ask for a prediction; True once the result may be shown (predicted, skipped, or asking off).

    truth None: the answer is not known yet (a training run still to do); the prediction is kept
    and shown alone, and the verdict comes on a later run that knows the truth."""
    if not progress.asking():
        return True
    base, fields = f"{page}.predict.{pid}", dict(fields or {})
    ctx = context_key(context)
    kept = progress.prediction(page, pid)
    if kept is not None and kept.get("ctx") == ctx:
        _verdict(base, kept.get("guess"), truth, options, tol, fields)
        if truth is not None and kept.get("guess") is not None and kept.get("hit") is None:
            kept["hit"] = _hit(kept["guess"], truth, tol)  # a prediction that waited for its answer
        return True
    box = st.empty()
    with box.container():
        guess, committed, skipped = _ask(base, pid, ctx, options, fields)
    if not (committed or skipped):
        return False
    if committed and guess is None:
        return False  # _ask said what is missing
    hit = None if skipped or truth is None else _hit(guess, truth, tol)
    progress.record_prediction(page, pid, ctx, None if skipped else guess, hit)
    box.empty()
    with box.container():
        _verdict(base, None if skipped else guess, truth, options, tol, fields)
        progress.sync(key=f"progress_store_{page}_{pid}")  # into the browser now, not at the next page run
    return True


def _ask(base: str, pid: str, ctx: str, options: Sequence[str] | None,
         fields: Mapping[str, Any]) -> tuple[Any, bool, bool]:
    """The question as a form: (guess, "lock in" pressed, "just show me" pressed)."""
    with st.form(key=f"predict_{base}_{ctx}", border=True):
        st.markdown(f":orange-badge[:material/psychology_alt: {t('predict.badge')}] "
                    f"{t(base + '.q', **fields)}")
        if options is not None:
            labels = {key: t(f"{base}.options.{key}", **fields) for key in options}
            guess = st.radio(t("predict.choose"), list(options), index=None, format_func=labels.get,
                             key=f"predict_{pid}_{ctx}_choice", label_visibility="collapsed")
        else:
            guess = st.text_input(t("predict.number"), key=f"predict_{pid}_{ctx}_number",
                                  placeholder=t("predict.number_hint"))
        with st.container(horizontal=True):
            committed = st.form_submit_button(t("predict.commit"), type="primary",
                                              icon=":material/lock:")
            skipped = st.form_submit_button(t("predict.skip"), type="tertiary")
        own = isinstance(lookup(base).get("hidden"), str)
        st.caption(t(base + ".hidden" if own else "predict.hidden"))
    if committed and options is None:
        try:
            values = parse_row(guess or "")
        except InputError as err:
            st.warning(t(err.key, **err.params), icon=":material/edit:")
            return None, committed, skipped
        if len(values) != 1:
            st.warning(t("predict.one_number"), icon=":material/edit:")
            return None, committed, skipped
        guess = values[0]
    if committed and guess is None:
        st.warning(t("predict.pick_first"), icon=":material/touch_app:")
    return guess, committed, skipped


def _hit(guess: Any, truth: Any, tol: float | None) -> bool:
    if tol is None:
        return guess == truth
    return bool(math.isfinite(float(truth)) and abs(float(guess) - float(truth)) <= tol)


def _label(base: str, value: Any, options: Sequence[str] | None, fields: Mapping[str, Any]) -> str:
    return t(f"{base}.options.{value}", **fields) if options is not None else fmt(value)


def _verdict(base: str, guess: Any, truth: Any, options: Sequence[str] | None, tol: float | None,
             fields: Mapping[str, Any]) -> None:
    """The prediction beside what the page computed, and why (or, while the answer is still to
    be computed, the prediction alone)."""
    if truth is None:
        if guess is not None:
            mine = f"**{t('predict.yours')}** {_label(base, guess, options, fields)}"
            st.info(f"{mine} — {t('predict.pending')}", icon=":material/hourglass_top:")
        return
    because = lookup(f"{base}.because")
    if isinstance(because, dict):
        because = because[str(truth)]
    because = because.format(**fields)
    computed = f"**{t('predict.computed')}** {_label(base, truth, options, fields)}"
    if guess is None:
        st.info(f"{computed}\n\n{because}", icon=":material/visibility:")
        return
    mine = f"**{t('predict.yours')}** {_label(base, guess, options, fields)}"
    if _hit(guess, truth, tol):
        st.success(f"{mine} · {computed} — {t('predict.agree')}\n\n{because}", icon=":material/check_circle:")
    else:
        st.warning(f"{mine} · {computed} — {t('predict.differ')}\n\n{because}", icon=":material/lightbulb:")
