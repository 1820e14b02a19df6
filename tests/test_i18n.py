"""Both catalogs have the same keys and fields, every key the code asks for exists.

The self-checks and prediction moments have tests of their own (tests/test_selfchecks.py)."""

import re
import tomllib

import pytest

from tests.conftest import ROOT


def load(lang):
    with open(ROOT / "locales" / f"{lang}.toml", "rb") as f:
        return tomllib.load(f)


def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        else:
            out[key] = v
    return out


EN, JA = flatten(load("en")), flatten(load("ja"))


def test_both_catalogs_have_exactly_the_same_keys():
    assert sorted(set(EN) - set(JA)) == []
    assert sorted(set(JA) - set(EN)) == []


# a glossary term's other names are each language's own: as many as that language has
_NAMES = re.compile(r"^glossary\.terms\.\w+\.(also|avoid)$")


def test_lists_have_the_same_length_and_fields_the_same_names():
    for key, en in EN.items():
        ja = JA[key]
        assert type(en) is type(ja), key
        if isinstance(en, list) and not _NAMES.match(key):
            assert len(en) == len(ja), key
        if isinstance(en, str):
            assert set(re.findall(r"(?<!\{)\{(\w+)\}(?!\})", en)) == set(
                re.findall(r"(?<!\{)\{(\w+)\}(?!\})", ja)
            ), key


_KEY = re.compile(r"""\bt(?:_list)?\(\s*(T\s*\+\s*)?f?["']([a-z0-9_.{}]+)["']""")
_PREFIX = re.compile(r"""^T = f?["']([A-Za-z0-9_.{}]+)["']""", re.M)  # T = "conv_pooling." or f"{PAGE}."
_PAGE = re.compile(r"""^PAGE = ["']([a-z0-9_]+)["']""", re.M)


def _keys_used_in_code():
    """(file, key) of every key written out in a call of t or t_list: ``t("nav.home")``, and
    ``t(T + "s2.title")`` in a module whose ``T`` is a page's prefix."""
    used = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        prefix = _PREFIX.search(text)
        page = _PAGE.search(text)
        prefix = prefix.group(1).replace("{PAGE}", page.group(1) if page else "{PAGE}") if prefix else "{T}"
        used |= {(str(path.relative_to(ROOT)), (prefix if plus else "") + key)
                 for plus, key in _KEY.findall(text)}
    return used


def test_the_key_scan_reads_every_floor_of_ui_and_every_page():
    used = _keys_used_in_code()
    sources = {source for source, _ in used}
    for floor in ("shell", "widgets", "views"):
        assert any(s.startswith(f"ui/{floor}/") for s in sources), floor
    assert ("ui/widgets/stepper.py", "stepper.next") in used
    assert ("pages/4_gradient_descent.py", "gradient_descent.s2.lr") in used  # T = f"{PAGE}."
    assert ("ui/views/conv_pooling.py", "conv_pooling.s2.filling") in used
    pages = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert {s for s in sources if s.startswith("pages/")} == pages


def test_every_literal_key_in_the_code_exists_in_the_catalog():
    missing = []
    for source, key in _keys_used_in_code():
        if "{" in key or key.endswith("."):  # keys built at run time: checked by rendering the pages
            continue
        if key not in EN and not any(k.startswith(key + ".") for k in EN):
            missing.append((source, key))
    assert missing == []


def test_every_registered_page_has_a_title_and_blurb():
    from ui.shell.registry import registered

    for info in registered():
        for field in ("title", "blurb"):
            assert EN[f"pages.{info.key}.{field}"] and JA[f"pages.{info.key}.{field}"]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_japanese_catalog_is_japanese_and_english_is_not(lang):
    texts = " ".join(v for v in (EN if lang == "en" else JA).values() if isinstance(v, str))
    kana = len(re.findall(r"[\u3040-\u30ff]", texts))
    if lang == "ja":
        assert kana > 1000
    else:
        assert kana == 0
