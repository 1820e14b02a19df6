"""Every page in real Chromium, in both languages: no exception, a slider moves.

Uses Playwright's own Chromium when it is installed, else /usr/bin/chromium
(Debian's package). Without either the tests skip with a message, except under
CI=true, where a missing browser fails the run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import LANGS, PAGES

# The ``server`` fixture (``streamlit run app.py`` on a free port) and the ``browser`` fixture
# live in conftest.py, shared with test_concurrency.py and test_replicas.py.

pytestmark = pytest.mark.browser
URL_PATHS = [""] + [re.sub(r"^\d+_", "", Path(p).stem) for p in PAGES]


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

    def _open(path: str, lang: str, ask: bool = True, query: str = ""):
        """A new learner (asking first, as a browser that never came before), or one who switched
        asking off (``ask=False``: every result drawn at once)."""
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        if not ask:
            from bench.browser import ASKING_OFF

            ctx.add_init_script(ASKING_OFF)
        contexts.append(ctx)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/{path}?{query}lang={lang}", timeout=60000)
        wait_idle(page)
        if not ask:  # the store hands "asking off" to the session, which reruns the page
            page.wait_for_timeout(800)
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
    page, errors = open_in_browser(path, "en", ask=False)
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


def test_progress_survives_a_reload(open_in_browser):
    """A learner predicts, answers every self-check of a page, reloads: it is all still there,
    kept in the browser's own storage (nothing on the server: a reload is a new session)."""
    page, errors = open_in_browser("gradient_descent", "en")
    prediction = page.get_by_test_id("stForm").filter(has_text="what will the iterates do")
    prediction.get_by_text("Jump across w* each time").click()
    prediction.get_by_role("button", name="Lock in my prediction").click()
    wait_idle(page)
    assert page.get_by_role("button", name="Next").count() == 1  # the steps are drawn
    quiz = {"For L(w) = a (w − w*)² with a = 2": "η = 0.4",
            "Why does momentum reach the bottom": "Its updates add up while the gradient keeps its sign",
            "The article's learning rate η = 0.5 on a steeper bowl":
                "Diverges, landing farther from w* each step",
            "On section 7's loss, the run from w₀ = −1": "Starting right of the hilltop, at w₀ = 1"}
    for question, answer in quiz.items():
        group = page.get_by_test_id("stRadio").filter(has_text=question)
        group.get_by_text(answer, exact=True).click()
        wait_idle(page)
    number = page.get_by_test_id("stForm").filter(has_text="What is w after one step")
    number.get_by_role("textbox").fill("1.5")
    number.get_by_role("button", name="Check").click()
    wait_idle(page)
    page.get_by_text("All questions on this page answered correctly").wait_for(timeout=20000)
    page.reload()
    wait_idle(page)
    page.get_by_text("All questions on this page answered correctly").wait_for(timeout=20000)
    assert page.get_by_test_id("stSidebar").get_by_text("Gradient descent  ✓").count() == 1
    verdict = page.get_by_test_id("stAlert").filter(has_text="Your prediction:").first
    assert "they agree" in verdict.inner_text()
    assert page.get_by_role("button", name="Next").count() == 1
    page.get_by_test_id("stSidebar").get_by_role("link", name="Home").click()
    wait_idle(page)
    table = page.get_by_test_id("stMarkdown").filter(has_text="Predictions made")
    table.scroll_into_view_if_needed()  # off screen it is not laid out (content-visibility: auto)
    page.wait_for_timeout(500)
    table = table.inner_text()
    assert re.search(r"5\. Gradient descent\s+yes\s+5 / 5\s+1 / 4\s+✓", table), table
    assert errors == []


def test_the_address_bar_reproduces_the_view(open_in_browser):
    """/gradient_descent?lr=1.2&lang=ja opens with η = 1.2 in Japanese; moving a slider writes
    its new value into the address; a value that makes no sense falls back to the default."""
    page, errors = open_in_browser("gradient_descent", "ja", ask=False, query="lr=1.2&")
    assert page.locator("h1").first.inner_text() == "勾配降下法"
    rate = page.get_by_role("slider", name="学習率 η").first
    assert rate.evaluate("e => e.valueAsNumber") == 1.2
    assert "発散" in page.get_by_test_id("stMain").inner_text()  # r = 1 − 2 · 4/3 · 1.2 = −2.2
    rate.focus()
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    assert "lr=1.21" in page.url and "lang=ja" in page.url
    page, errors2 = open_in_browser("gradient_descent", "en", ask=False, query="lr=banana&a=7&")
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_role("slider", name="Learning rate η").first.evaluate("e => e.valueAsNumber") == 0.5
    assert errors == [] and errors2 == []


def test_a_chosen_option_survives_a_switch_of_language_and_a_reload(open_in_browser):
    """The address names the option (?view=graph), not its translated label: after a switch to
    Japanese the address still opens the computational graph, and so does a reload of it."""
    page, errors = open_in_browser("backprop", "en", ask=False)
    page.get_by_text("computational graph", exact=True).first.click()
    wait_idle(page)
    assert "view=graph" in page.url
    page.get_by_test_id("stSidebar").get_by_text("日本語", exact=True).click()
    wait_idle(page)
    assert "view=graph" in page.url and "lang=ja" in page.url
    page.reload()
    wait_idle(page)
    chosen = page.locator("[data-testid='stButtonGroup'] button[aria-checked='true']").all_inner_texts()
    assert "計算グラフ" in chosen, chosen
    assert page.locator("[data-testid='stGraphVizChart']").count() == 1
    assert page.get_by_test_id("stException").count() == 0 and errors == []
