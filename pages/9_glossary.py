"""Page 9 — the glossary: every term the app uses, in both languages, and where it is taught."""

import streamlit as st

from ui.shell import page_frame, prev_next, t
from ui.views import glossary as view

PAGE = "glossary"

lang = page_frame(PAGE)
st.title(t(f"pages.{PAGE}.title"))
st.markdown(t("glossary.intro"))


@st.fragment
def terms() -> None:
    """The search box and the terms it finds: typing reruns this part alone."""
    query = st.text_input(t("glossary.search"), key="q", type="search", live=True, max_chars=40,
                          placeholder=t("glossary.search_placeholder"), bind="query-params") or ""
    found = view.matching(query, lang)
    st.caption(t("glossary.count", shown=len(found), total=len(view.TERMS)))
    if not found:
        st.info(t("glossary.none", q=query), icon=":material/search_off:")
    numbers = {key: i for i, key in enumerate(view.page_order(), start=1)}
    for key, members in view.by_page(found):
        st.subheader(f"{numbers[key]}. {t(f'pages.{key}.title')}")
        columns = st.columns(2)
        for i, term in enumerate(members):
            with columns[i % 2]:
                view.draw(term, lang)


terms()
prev_next(PAGE)
