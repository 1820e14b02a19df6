"""The glossary: the one source of the app's terms, in both languages, each linked to where it
is taught; a catalog that uses a name the glossary marks "not used here" fails."""

from __future__ import annotations

import re

import pytest

from tests.conftest import LANGS, open_page, strings
from ui.shell.i18n import catalog
from ui.shell.registry import page, registered
from ui.views.glossary import TERMS, matching

PAGE = "pages/9_glossary.py"


def test_at_least_forty_terms_each_in_both_catalogs_with_a_definition():
    assert len(TERMS) >= 40
    assert len({term.id for term in TERMS}) == len(TERMS)
    for lang in LANGS:
        entries = catalog(lang)["glossary"]["terms"]
        assert sorted(entries) == sorted(term.id for term in TERMS), lang
        for term_id, entry in entries.items():
            assert entry["term"].strip() and len(entry["means"]) > 20, (lang, term_id)
            assert set(entry) == {"term", "reading", "means", "also", "avoid"}, (lang, term_id)


def test_every_term_links_to_a_lesson_and_a_section_that_exist():
    for term in TERMS:
        info = page(term.page)
        assert info.lesson and info in registered(), term.id
        for lang in LANGS:
            assert catalog(lang)[term.page][term.section]["title"], (term.id, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_no_catalog_uses_a_name_the_glossary_says_is_not_used_here(lang):
    texts = catalog(lang)
    avoided = {name: term_id for term_id, entry in texts["glossary"]["terms"].items()
               for name in entry["avoid"]}
    assert len(avoided) >= (15 if lang == "ja" else 8)  # the glossary does list what it avoids
    found = []
    for key, text in strings({k: v for k, v in texts.items() if k != "glossary"}):
        for name, term_id in avoided.items():
            if lang == "en":  # whole words, any case: "filter" is not in "filtered"
                hit = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.I)
            else:
                hit = name in text
            if hit:
                found.append((key, name, term_id))
    assert found == []


def test_the_variant_check_catches_a_variant():
    """The check above, on a catalog that says 中間層: it reports it (a check that cannot fail is
    a defect)."""
    entries = catalog("ja")["glossary"]["terms"]
    assert "中間層" in entries["hidden_layer"]["avoid"]
    assert "損失関数" in entries["objective"]["avoid"]
    assert any("中間層" in text for _, text in strings({"x": {"y": "中間層のユニット"}}))


@pytest.mark.parametrize(("query", "lang", "expected"), [
    ("stride", "en", "stride"), ("ストライド", "ja", "stride"), ("STRIDE", "ja", "stride"),
    ("ｓｔｒｉｄｅ", "ja", "stride"),        # typed with the input method on
    ("かくれそう", "ja", "hidden_layer"),  # the reading
    ("中間層", "ja", "hidden_layer"),       # another text's name finds the one used here
    ("intermediate layer", "en", "hidden_layer"),
    ("目的関数", "en", "objective"),        # the Japanese name from the English page
    ("loss function", "ja", "objective"),
])
def test_the_search_finds_a_term_by_any_of_its_names(query, lang, expected):
    found = [term.id for term in matching(query, lang)]
    assert expected in found, (query, found)
    assert len(found) < len(TERMS)


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_lists_every_term_and_filters_them(lang):
    at = open_page(PAGE, lang)
    assert not at.exception
    entries = catalog(lang)["glossary"]["terms"]
    shown = " ".join(m.value for m in at.markdown)
    assert all(f"**{entry['term']}**" in shown for entry in entries.values())
    links = re.findall(r"\]\(([a-z_]+)\?lang=(\w+)#([\w-]+)\)", shown)
    assert len(links) == len(TERMS)  # one "taught in" link per term, to its page and section
    assert ("conv_pooling", lang, "s1") in links and ("losses", lang, "multi") in links
    box = next(w for w in at.text_input if w.key == "q")
    box.set_value("ストライド" if lang == "ja" else "stride").run()
    shown = " ".join(m.value for m in at.markdown)
    assert f"**{entries['stride']['term']}**" in shown
    assert f"**{entries['sigmoid']['term']}**" not in shown
    box = next(w for w in at.text_input if w.key == "q")
    box.set_value("zzzz").run()
    assert any("zzzz" in i.value for i in at.info)
    assert not at.exception
