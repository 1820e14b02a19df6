"""Every page renders in both languages under AppTest (pages found by globbing); the home page
and the registry list them all, in learning order."""

import json
import re

import pytest

from tests.conftest import LANGS, PAGES, all_text, open_page


@pytest.mark.parametrize("lang", LANGS)
def test_home_lists_every_page_in_learning_order(lang):
    """Each card: "Step n", a link to the page, its blurb; step numbers go up down the page, in
    the registry's order, and the sections follow one another (the playground, step 8, last)."""
    from ui.shell.i18n import catalog
    from ui.shell.registry import SECTIONS, registered

    at = open_page(None, lang)
    assert not at.exception
    texts = catalog(lang)
    text = all_text(at)
    assert texts["home"]["title"] in text
    for info in registered():
        assert texts["pages"][info.key]["blurb"] in text
    before, after = texts["home"]["step"].split("{n}")  # "Step {n}", "ステップ {n}"
    step = re.compile(re.escape(before) + r"(\d+)" + re.escape(after))
    numbers = [int(m.group(1)) for c in at.main.caption if (m := step.match(c.value))]
    assert numbers == list(range(1, len(registered()) + 1))
    assert [link.label for link in at.main.get("page_link")] == [
        texts["pages"][info.key]["title"] for info in registered()]
    assert [h.value for h in at.main.subheader] == [texts["nav"]["sections"][s] for s in SECTIONS]


def test_the_registry_lists_every_page_file_and_every_entry_has_its_file():
    from ui.shell.registry import ROOT as APP_ROOT
    from ui.shell.registry import SECTIONS, registered

    listed = [info.path for info in registered()]
    assert sorted(set(listed)) == sorted(listed)  # no page twice
    assert [p for p in PAGES if p not in listed] == []  # no page file left out of the navigation
    assert [p for p in listed if not (APP_ROOT / p).is_file()] == []  # no link to a missing file
    # learning order is section order: a section's pages stand together, sections in SECTIONS' order
    order = [SECTIONS.index(info.section) for info in registered()]
    assert order == sorted(order)


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
    else:  # the specs differ between the languages only in their texts
        for chart in at.get("vega_lite_chart"):
            assert_valid_vega_lite(chart.proto.spec)


def assert_valid_vega_lite(spec: str) -> None:
    """The spec as Streamlit sends it to the browser follows the Vega-Lite schema Altair ships
    (whatever built it, and after Streamlit's own additions)."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    validate_jsonschema(json.loads(spec), load_schema())


def test_the_learning_path_starts_with_a_networks_anatomy_then_linear_vs_affine():
    """The first lesson is page 0 (its file sorts first); linear vs affine, once the first, is second."""
    from ui.shell.registry import neighbours, pages

    assert PAGES[0] == "pages/0_network_anatomy.py" == pages()[0].path
    assert [p.key for p in pages()][:2] == ["anatomy", "linear_affine"]
    assert neighbours("anatomy")[0] is None and neighbours("linear_affine")[0].key == "anatomy"


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


def _widget_keys(node, keys: set) -> set:
    children = getattr(node, "children", None) or {}
    for child in children.values() if isinstance(children, dict) else children:
        _widget_keys(child, keys)
    if getattr(node, "key", None):
        keys.add(node.key)
    return keys


def test_no_two_pages_share_a_widget_key():
    """A widget's key is its name in the session and in the address. Two pages with one key pass a
    value between them: the learning rate 0.001 of page 5 would reach page 4's slider, whose
    lowest value is 0.01, and the page would stop with an error (found by the classroom bench)."""
    shared = {"_ask_switch", "_lang_switch", "progress_store"}  # the frame's own, on every page
    owners: dict[str, set[str]] = {}
    for path in PAGES:
        for key in _widget_keys(open_page(path, "en")._tree, set()) - shared:
            owners.setdefault(key, set()).add(path)
    assert {key: sorted(pages) for key, pages in owners.items() if len(pages) > 1} == {}
