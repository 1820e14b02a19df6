"""Home: what this dashboard is, the learning path, how to use it, progress.

Run with ``streamlit run app.py``. Every page in ``pages/`` draws the same frame
(language, navigation, progress) through ``ui.shell.page_frame``.
"""

import pandas as pd
import streamlit as st

from ui.shell import link_to, page_frame, progress, t, t_list
from ui.shell.registry import SECTIONS, pages
from ui.widgets import markdown_table

lang = page_frame(None)

st.title(t("home.title"))
st.markdown(t("home.intro"))
st.markdown(t("home.audience"))

st.header(t("home.path_title"))
listed = pages()
number = {info.key: i for i, info in enumerate(listed, start=1)}
for section in SECTIONS:
    members = [p for p in listed if p.section == section]
    if not members:
        continue
    st.subheader(t(f"nav.sections.{section}"))
    for i, info in enumerate(members):
        if i % 3 == 0:  # a row of three cards at a time: on a phone they stack in the path's order
            columns = st.columns(3)
        with columns[i % 3], st.container(border=True, height="stretch"):
            status = t("home.done") if progress.page_done(info.key) else ""
            st.caption(f"{t('home.step', n=number[info.key])}  {status}")
            link_to(info, lang)
            st.markdown(t(f"pages.{info.key}.blurb"))

st.header(t("home.how_title"))
st.markdown("\n".join(f"- {item}" for item in t_list("home.how")))

st.header(t("home.progress_title"))
done, total = progress.summary()
st.progress(done / total if total else 0.0, text=t("progress.label", done=done, total=total))
rows = []
for info in (p for p in listed if p.lesson):
    n = progress.counts(info.key)
    rows.append({t("home.col_page"): f"{number[info.key]}. {t(f'pages.{info.key}.title')}",
                 t("home.col_visited"): t("home.yes") if progress.visited(info.key) else t("home.no"),
                 t("home.col_checks"): f"{n['right']} / {n['questions']}",
                 t("home.col_predictions"): f"{n['predicted']} / {n['moments']}",
                 t("home.col_done"): "✓" if progress.page_done(info.key) else ""})
st.markdown(markdown_table(pd.DataFrame(rows)))
st.caption(t("home.progress_note"))
with st.popover(t("home.reset"), icon=":material/delete_history:"):
    st.markdown(t("home.reset_confirm"))
    if st.button(t("home.reset_yes"), type="primary", on_click=progress.reset, key="home_reset"):
        st.success(t("home.reset_done"), icon=":material/check:")

with st.expander(t("home.sources_title"), icon=":material/menu_book:"):
    st.markdown("\n".join(f"- {item}" for item in t_list("home.sources")))
    st.caption(t("home.core_note"))
