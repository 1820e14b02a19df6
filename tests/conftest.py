"""Shared test helpers: the project root, the page list, an AppTest factory, a server."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Every chart a test draws is validated against the Vega-Lite schema (ui/charts.py
# skips that check in the running app, where it costs most of a rerun).
os.environ["NN_CHECK_CHARTS"] = "1"

PAGES = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))
LANGS = ("en", "ja")


def open_page(page: str | None, lang: str = "en", timeout: float = 60):
    """Run app.py, then switch to ``page`` (DESIGN.md §6: app.py must be the entry point)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params["lang"] = lang
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return open_expanders(at)


def open_expanders(at):
    """Open every expander that is drawn only while open (numbers tables, code listings, the
    convolution page's gradient check), as a curious learner would, and rerun.

    Those are the expanders with a key (ui/widgets.py), so a test that reads them opens them."""
    keys = [e.key for e in at.expander if e.key]
    for key in keys:
        at.session_state[key] = True
    return at.run() if keys else at


def all_text(at) -> str:
    """Every piece of text AppTest can see on the page, joined."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "latex", "info",
                 "success", "warning", "error", "metric", "code"):
        for el in getattr(at, kind):
            parts.append(str(getattr(el, "value", "")))
            parts.append(str(getattr(el, "label", "")))
    return "\n".join(parts)


def formulas(at) -> str:
    """Every formula on the page, one per line: st.latex elements and the $$ blocks that
    pages put inside Markdown (text and formulas joined into one element)."""
    import re

    return "\n".join([el.value for el in at.latex]
                     + [m for el in at.markdown for m in re.findall(r"\$\$\n(.*?)\n\$\$", el.value, re.S)])


@pytest.fixture
def page_app():
    return open_page


@pytest.fixture(scope="session")
def server():
    """``streamlit run app.py`` on a free local port, shared by the browser suites; yields its URL.

    The same server the benchmark measures (bench/browser.py), started the same way."""
    from bench.browser import server as streamlit_server

    with streamlit_server(["run", "app.py"]) as (url, _process, _started):
        yield url
