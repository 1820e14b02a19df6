"""The frame every page draws first: page config, language, navigation, progress.

In the pages-directory layout a visitor may open any page first (a deep link),
so each page script begins with ``lang = page_frame("its_key")``; the home page
calls ``page_frame(None)``. The language lives in a plain session-state key and
in ``?lang=``, so it survives page switches and shared links.
"""

from __future__ import annotations

import streamlit as st

from ui.shell import progress, warm
from ui.shell.i18n import DEFAULT_LANG, LANG_KEY, LANGS, current_lang, t, t_list
from ui.shell.registry import HOME, SECTIONS, neighbours, page, pages

_SWITCH_KEY = "_lang_switch"
_ASK_KEY = "_ask_switch"
LANG_NAMES = {"en": "English", "ja": "日本語"}


def _browser_lang() -> str:
    """Japanese for a browser that asks for it, English otherwise."""
    try:
        locale = st.context.locale or ""
    except Exception:  # noqa: BLE001 - no browser context (bare mode, tests)
        locale = ""
    return "ja" if locale.lower().startswith("ja") else DEFAULT_LANG


def _resolve_lang() -> str:
    """``?lang=`` wins (shared links, page links); then the session; then the browser."""
    asked = st.query_params.get("lang")
    if asked in LANGS:
        lang = asked
    elif st.session_state.get(LANG_KEY) in LANGS:
        lang = st.session_state[LANG_KEY]
    else:
        lang = _browser_lang()
    st.session_state[LANG_KEY] = lang
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def _on_switch() -> None:
    chosen = st.session_state.get(_SWITCH_KEY)
    if chosen in LANGS:
        st.session_state[LANG_KEY] = chosen
        st.query_params["lang"] = chosen


def _on_ask() -> None:
    progress.set_asking(bool(st.session_state.get(_ASK_KEY)))


def link_to(info, lang: str, label: str | None = None, **kwargs) -> None:
    """``st.page_link`` to a registered page (or home for None), keeping the language."""
    if info is None:
        st.page_link(HOME, label=label or t("nav.home"), icon=":material/home:",
                     query_params={"lang": lang}, **kwargs)
    else:
        st.page_link(info.path, label=label or t(f"pages.{info.key}.title"), icon=info.icon,
                     query_params={"lang": lang}, **kwargs)


def _sidebar(lang: str, active: str | None) -> None:
    with st.sidebar:
        st.markdown(f"**{t('app.name')}**")
        st.session_state[_SWITCH_KEY] = lang
        st.segmented_control(
            t("lang.label"),
            LANGS,
            format_func=LANG_NAMES.get,
            key=_SWITCH_KEY,
            required=True,
            on_change=_on_switch,
        )
        link_to(None, lang)
        listed = pages()
        for section in SECTIONS:
            members = [p for p in listed if p.section == section]
            if not members:
                continue
            st.caption(t(f"nav.sections.{section}"))
            for info in members:
                done = progress.page_done(info.key)
                label = t(f"pages.{info.key}.title") + ("  ✓" if done else "")
                link_to(info, lang, label=label)
        done, total = progress.summary()
        if total:
            st.divider()
            st.progress(done / total, text=t("progress.label", done=done, total=total))
            st.caption(t("progress.hint"))
        st.session_state[_ASK_KEY] = progress.asking()
        st.toggle(t("predict.toggle"), key=_ASK_KEY, on_change=_on_ask, help=t("predict.toggle_help"))
        progress.sync()


def page_frame(page_key: str | None) -> str:
    """Set up the page and draw the shared sidebar; returns the language ("en"/"ja")."""
    warm.start()  # the first session of the server prepares the heavy modules in the background
    lang = _resolve_lang()
    title = t("app.name") if page_key is None else t(f"pages.{page_key}.title")
    st.set_page_config(page_title=title, page_icon=":material/neurology:", layout="wide")
    if page_key is not None:
        page(page_key)  # fails loudly if the page is not registered
        progress.mark_visited(page_key)
    _sidebar(lang, page_key)
    # The browser lays out and paints only the elements on screen (and those near it); the
    # rest keep their last size. A long page of formulas then costs little on each rerun.
    # A formula wider than a phone's screen scrolls sideways instead of being cut off.
    st.html("<style>[data-testid='stMain'] [data-testid='stElementContainer'] {"
            " content-visibility: auto; contain-intrinsic-size: auto 80px; }"
            " .katex-display { overflow-x: auto; overflow-y: hidden; padding-bottom: 2px; }"
            # the progress store draws nothing: it takes no room either
            " [class*='st-key-progress_store'] { display: none; }</style>")
    return lang


def page_header(page_key: str) -> None:
    """Title, one-line summary and the "what you will learn" box."""
    st.title(t(f"pages.{page_key}.title"))
    st.markdown(t(f"pages.{page_key}.blurb"))
    with st.container(border=True):
        st.markdown(f"**{t('common.what_you_learn')}**")
        st.markdown("\n".join(f"- {item}" for item in t_list(f"{page_key}.learn")))


def prev_next(page_key: str) -> None:
    """Links to the previous and next pages of the learning path."""
    lang = current_lang()
    before, after = neighbours(page_key)
    st.divider()
    left, right = st.columns(2)
    with left:
        link_to(before, lang, label=f"← {t('nav.previous')}: "
                + (t(f"pages.{before.key}.title") if before else t("nav.home")))
    if after is not None:
        with right:
            with st.container(horizontal_alignment="right"):
                link_to(after, lang, label=f"{t('nav.next')}: {t(f'pages.{after.key}.title')} →")
