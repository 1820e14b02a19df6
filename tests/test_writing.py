"""One writing standard per catalog: what the review of the Japanese found, kept from coming back.

Japanese prose uses full-width （）：？！ (ASCII stays inside formulas, code and number lists),
すべて and 仕組み, no 「あなた」 and none of the calques found; every article has one short name,
in both languages; a page's title fits the sidebar."""

from __future__ import annotations

import re
import unicodedata

import pytest

from tests.test_glossary import strings
from ui.shell.i18n import catalog
from ui.shell.registry import registered

JA_CHAR = r"[\u3040-\u30ff\u4e00-\u9fff]"
# ASCII punctuation touching Japanese text: 「値(0.5)」「例:」「なぜ?」 (formulas and code removed first)
ASCII_NEXT_TO_JA = re.compile(rf"{JA_CHAR}[(:?!]|\({JA_CHAR}|{JA_CHAR}\)")
JA_NOT_USED = ["全て", "しくみ", "あなた", "爆発", "向こう側", "点線", "戻る」", "シード 0", "シード0"]
# the names the articles had before each got one: "the backpropagation article" could be any of three
EN_NOT_USED = ["Seed 0", "seed 00", "the seed's example", "backpropagation article",
               "Softmax-with-Loss article", "note article", "1-D classification article",
               "Affine-layer article", "sine-fitting article",
               "3-class classifier article", "RBF network article"]


def prose(text: str) -> str:
    """The text without $formulas$ and `code`, where ASCII punctuation belongs."""
    return re.sub(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`", "", text, flags=re.S)


def texts(lang: str):
    return [(key, text) for key, text in strings(catalog(lang))]


def test_japanese_prose_uses_full_width_punctuation():
    found = [(key, m.group(0)) for key, text in texts("ja") for m in ASCII_NEXT_TO_JA.finditer(prose(text))]
    assert found == []


def test_the_check_for_ascii_punctuation_finds_it():
    assert ASCII_NEXT_TO_JA.search(prose("値(0.5)です")) and ASCII_NEXT_TO_JA.search(prose("なぜ?"))
    assert not ASCII_NEXT_TO_JA.search(prose("点 $(0, 0)$ は f(u) と `np.exp(z)`（例）"))


@pytest.mark.parametrize(("lang", "words"), [("ja", JA_NOT_USED), ("en", EN_NOT_USED)])
def test_words_the_review_replaced_do_not_come_back(lang, words):
    found = [(key, w) for key, text in texts(lang) for w in words if w in text]
    assert found == []


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_home_page_lists_the_five_articles_by_their_short_names(lang):
    sources = catalog(lang)["home"]["sources"]
    names = [re.match(r"\*\*(.+?)\*\*", item).group(1) for item in sources]
    assert len(names) == 5
    expected = {"en": ["The Chainer tutorial", "The RBF article", "The Qiita article",
                       "The Affine/Softmax article", "The regression article"],
                "ja": ["Chainer チュートリアル", "RBF の記事", "Qiita の記事", "Affine・Softmax レイヤの記事",
                       "回帰の記事"]}
    assert names == expected[lang]
    # and the pages use those names: each is cited somewhere outside the list
    everything = " ".join(text for key, text in texts(lang) if not key.startswith("home.sources"))
    for name in names:
        short = name[4:] if name.startswith("The ") else name
        assert short.lower() in everything.lower(), name


def width(text: str) -> float:
    """Display width in full-width characters: ASCII counts one half."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_page_title_fits_the_sidebar(lang):
    """The sidebar holds about 13 full-width characters on a line, and a finished page gets a ✓
    (Latin letters are narrower than half a full-width character: 16 for English)."""
    titles = {info.key: catalog(lang)["pages"][info.key]["title"] for info in registered()}
    assert {k: v for k, v in titles.items() if width(v) > (13 if lang == "ja" else 16)} == {}
    assert width(catalog(lang)["app"]["name"]) <= 26  # the sidebar's heading: two lines at most
