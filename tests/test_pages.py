"""Every page renders in both languages under AppTest (pages found by globbing)."""

import pytest

from tests.conftest import LANGS, PAGES, all_text, open_page


@pytest.mark.parametrize("lang", LANGS)
def test_home_renders_and_lists_every_page(lang):
    from ui.i18n import catalog
    from ui.registry import pages

    at = open_page(None, lang)
    assert not at.exception
    text = all_text(at)
    assert catalog(lang)["home"]["title"] in text
    for info in pages():
        assert catalog(lang)["pages"][info.key]["blurb"] in text


def test_every_page_file_is_registered_and_every_registered_file_exists():
    from ui.registry import pages

    assert sorted(p.path for p in pages()) == PAGES


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(page, lang):
    at = open_page(page, lang)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    text = all_text(at)
    assert "Traceback" not in text
    if lang == "ja":
        assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in at.title[0].value)


def test_language_survives_a_page_switch_and_the_sidebar_is_translated():
    at = open_page("pages/1_linear_vs_affine.py", "ja")
    assert at.session_state["lang"] == "ja"
    assert at.title[0].value == "線形変換とアフィン変換"
    assert at.query_params["lang"] == ["ja"] or at.query_params["lang"] == "ja"


def test_switching_language_in_the_sidebar_changes_the_page():
    at = open_page("pages/1_linear_vs_affine.py", "en")
    assert at.title[0].value == "Linear vs affine"
    at.sidebar.button_group[0].set_value("ja").run()
    assert at.session_state["lang"] == "ja"
    assert at.title[0].value == "線形変換とアフィン変換"
