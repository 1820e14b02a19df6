"""Every page in real Chromium, in both languages: no exception, a slider moves.

Uses Playwright's own Chromium when it is installed, else /usr/bin/chromium
(Debian's package). Without either the tests skip with a message, except under
CI=true, where a missing browser fails the run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import LANGS, PAGES

# The ``server`` fixture (``streamlit run app.py`` on a free port) lives in conftest.py,
# shared with test_concurrency.py.

pytestmark = pytest.mark.browser
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
URL_PATHS = [""] + [re.sub(r"^\d+_", "", Path(p).stem) for p in PAGES]


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


def wait_idle(page, timeout_ms: int = 60000) -> None:
    """Wait until the script run has finished and lazily loaded elements are drawn."""
    page.wait_for_timeout(250)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout_ms)
    page.locator("[data-testid='stSkeleton']").first.wait_for(state="detached", timeout=timeout_ms)
    page.wait_for_timeout(200)


@pytest.fixture
def open_in_browser(server, browser):
    contexts = []

    def _open(path: str, lang: str):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(ctx)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/{path}?lang={lang}", timeout=60000)
        wait_idle(page)
        return page, errors

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", URL_PATHS)
def test_page_opens_and_survives_a_slider_move(open_in_browser, path, lang):
    page, errors = open_in_browser(path, lang)
    assert page.get_by_test_id("stException").count() == 0
    heading = page.locator("h1").first.inner_text()
    if lang == "ja":
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", heading), heading
    sliders = page.get_by_role("slider")
    if sliders.count():
        sliders.first.focus()
        page.keyboard.press("ArrowRight")
        wait_idle(page)
    assert page.get_by_test_id("stException").count() == 0
    assert errors == []


def test_language_switch_and_page_links_keep_the_language(open_in_browser):
    page, errors = open_in_browser("", "en")
    page.get_by_role("radio", name="日本語").click()
    wait_idle(page)
    assert "ニューラルネットワーク" in page.locator("h1").first.inner_text()
    page.get_by_test_id("stSidebar").get_by_text("線形変換とアフィン変換").click()
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "線形変換とアフィン変換"
    assert "lang=ja" in page.url
    assert errors == []


def test_typing_a_bad_matrix_shows_a_message_not_a_traceback(open_in_browser):
    page, errors = open_in_browser("linear_vs_affine", "en")
    box = page.get_by_role("textbox", name="Weight matrix W")
    box.fill("1 banana\n0 1")
    box.press("Control+Enter")
    wait_idle(page)
    alert = page.get_by_test_id("stAlertContentError").first
    assert "“banana” is not a number" in alert.inner_text()
    assert page.get_by_test_id("stException").count() == 0
    assert errors == []


@pytest.mark.parametrize(("path", "inside"), [
    ("linear_vs_affine", "Second layer W₂ (2×2)"),      # section 2, its own fragment
    ("gradient_descent", "Learning rate η (both runs)"),  # section 4, a nested fragment
    ("conv_pooling", "Jump to an output cell"),          # section 2's walk, a nested fragment
])
def test_sections_drawn_by_fragments_are_replaced_not_added(open_in_browser, path, inside):
    """These pages draw sections from fragments into containers under fixed titles. Moving
    the first slider reruns the fragments: what they drew is replaced, never drawn twice."""
    page, errors = open_in_browser(path, "en")
    images, labels = page.get_by_test_id("stImage").count(), page.get_by_text(inside, exact=True).count()
    assert labels >= 1
    slider = next(s for s in page.get_by_role("slider").all() if s.is_enabled())
    for _ in range(2):
        slider.focus()
        page.keyboard.press("ArrowRight")
        wait_idle(page)
    assert page.get_by_text(inside, exact=True).count() == labels
    assert page.get_by_test_id("stImage").count() == images
    assert page.get_by_test_id("stException").count() == 0
    assert errors == []
