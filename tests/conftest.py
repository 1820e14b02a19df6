"""Shared test helpers: the project root, the page list, an AppTest factory, readers for what a
page shows (formulas, chart data), a server; and two shortcuts that make every AppTest run cheaper
without changing what runs (installed components scanned once, scripts compiled once)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Every chart a test draws is validated against the Vega-Lite schema (ui/plot/vega.py
# skips that check in the running app, where it costs most of a rerun).
os.environ["NN_CHECK_CHARTS"] = "1"


def _scan_installed_components_once() -> None:
    """Every new AppTest scans the metadata of every installed package for custom components
    (Streamlit 1.67, ``discover_and_register_components``): about 0.2 s, on each of the few
    hundred AppTests of a run. The installed packages do not change during a test session, so
    the scan runs once; the app under test sees the same components."""
    import functools

    try:  # a shortcut only: without it (another Streamlit version) the tests run as they are
        from streamlit.components.v2 import manifest_scanner

        scan = manifest_scanner.scan_component_manifests
    except (ImportError, AttributeError):
        return
    if not hasattr(scan, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(scan)


def _compile_each_script_once() -> None:
    """AppTest makes a new ``ScriptCache`` for every run, so app.py and the page were read,
    given Streamlit's "magic" and compiled again on each of the thousands of runs of a test
    session: a third of the time of a page test. Keep the compiled code per file content, as
    a server keeps it across sessions; a file edited during the session is compiled again."""
    try:  # a shortcut only, as above
        from streamlit.runtime.scriptrunner.script_cache import ScriptCache

        compile_script = ScriptCache.get_bytecode
    except (ImportError, AttributeError):
        return
    if getattr(compile_script, "once", False):
        return
    compiled: dict[tuple[str, bytes], object] = {}

    def get_bytecode(self, script_path: str):
        key = (os.path.abspath(script_path), Path(script_path).read_bytes())
        if key not in compiled:
            compiled[key] = compile_script(self, script_path)
        return compiled[key]

    get_bytecode.once = True
    ScriptCache.get_bytecode = get_bytecode


_scan_installed_components_once()
_compile_each_script_once()

PAGES = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))
LANGS = ("en", "ja")


def open_page(page: str | None, lang: str = "en", timeout: float = 60, ask: bool = False,
              query: dict | None = None):
    """Run app.py, then switch to ``page`` (DESIGN.md §6: app.py must be the entry point).

    ask: whether the page's prediction moments ask first. Off by default, so that a test sees
    every result at once (as a learner who switched asking off); the tests of the moments
    themselves switch it on. query: parameters in the page's address, as a shared link has them."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params["lang"] = lang
    set_asking(at, ask)
    at.run()
    at.query_params.update(query or {})
    if page is not None:
        at.switch_page(page).run()
    return open_expanders(at)


def set_asking(at, ask: bool) -> None:
    """Before the first run: start the session with prediction moments asking, or not."""
    from ui.shell import progress

    record = progress.empty()
    record["ask"] = ask
    at.session_state[progress.KEY] = record


def predict_in(at, pid: str, answer=None):
    """Answer the prediction moment ``pid`` on the page: its choice key, or a number (typed as
    text); ``None`` presses "Just show me". Returns the rerun app."""
    def in_form(widget) -> bool:
        return f".predict.{pid}_" in widget.proto.form_id

    if answer is not None:
        kind = at.text_input if _is_number(answer) else at.radio
        next(w for w in kind if in_form(w)).set_value(str(answer) if _is_number(answer) else answer)
    submits = [b for b in at.button if in_form(b)]  # "lock in" first, "just show me" second
    submits[0 if answer is not None else 1].click()
    return at.run()


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def answer_quiz(at, page_key: str, numbers: dict | None = None):
    """Answer every self-check question of a page right: the catalog's answer for a choice, and
    for a number question the value the test states (``numbers``). Returns the rerun app."""
    from ui.shell.i18n import catalog

    for qid, q in catalog("en")[page_key]["quiz"].items():
        if q.get("kind") == "number":
            at.text_input(key=f"quiz_{page_key}_{qid}").set_value(str(numbers[qid]))
            next(b for b in at.button if b.proto.form_id == f"quiz_{page_key}_{qid}_form").click()
        else:
            at.radio(key=f"quiz_{page_key}_{qid}").set_value(q["answer"])
        at.run()
    return at


def open_expanders(at):
    """Open every expander that is drawn only while open (numbers tables, code listings, the
    convolution page's gradient check), as a curious learner would, and rerun.

    Those are the expanders with a key (ui/widgets/expanders.py), so a test that reads them opens them."""
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


def charts(at) -> list[dict]:
    """Every chart on the page, in page order, as what it shows: data-set name -> DataFrame.

    Charts send their numbers as named data sets (ui/plot/vega.py): "curves", "points",
    "segments", "path", ... A scale whose range moves with the numbers reads it from the
    columns ``_<name>_lo`` and ``_<name>_hi`` of one of them (see ``domain``)."""
    from streamlit import dataframe_util

    def table(dataset):
        return dataframe_util.convert_arrow_bytes_to_pandas_df(dataset.data.data)

    return [{d.name: table(d) for d in chart.proto.datasets} for chart in at.get("vega_lite_chart")]


def chart_with(at, *names: str) -> dict:
    """The one chart on the page that reads all the data sets ``names``."""
    found = [data for data in charts(at) if set(names) <= set(data)]
    assert len(found) == 1, f"{len(found)} charts read {names}"
    return found[0]


def domain(table, name: str) -> tuple[float, float]:
    """The scale domain a chart reads from ``table``: its columns ``_<name>_lo``, ``_<name>_hi``."""
    return float(table[f"_{name}_lo"].iloc[0]), float(table[f"_{name}_hi"].iloc[0])


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


# Chromium for the browser suites (test_browser, test_concurrency, test_replicas): Playwright's own
# when installed, else Debian's; without either they skip, except under CI=true.
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}; .ci/run should have installed it")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as p:
        own = Path(p.chromium.executable_path)
        if own.exists():
            b = p.chromium.launch(args=BROWSER_ARGS)
        elif SYSTEM_CHROMIUM.exists():
            b = p.chromium.launch(executable_path=str(SYSTEM_CHROMIUM), args=BROWSER_ARGS)
        else:
            _missing("no Chromium found (apt-get install chromium, or playwright install chromium)")
        yield b
        b.close()


def strings(node, path=""):
    """(key, text) of every string of a catalog, lists included."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, f"{path}.{k}" if path else k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from strings(v, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node
