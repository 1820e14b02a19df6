"""Every ``**`` in the catalogs can do its job under CommonMark's rules, which Streamlit's Markdown
follows. A closing ``**`` right after a punctuation mark (``。``, ``)``, ``}``) closes only when
a space or a punctuation mark follows it, so ``**局所最適解。**{local}`` is drawn with its stars
showing; Japanese puts no space after a bold word, where English does. The check reads the
catalogs, so it covers the texts a page draws only in some states (an overflow, a wrong answer)."""

import re
import unicodedata

import pytest

from tests.conftest import LANGS, strings
from ui.shell.i18n import catalog


def punctuation(c: str) -> bool:
    return unicodedata.category(c)[0] in "PS"


def flanking(text: str, at: int) -> tuple[bool, bool]:
    """(left-flanking, right-flanking) for the delimiter run ``**`` at ``at`` (CommonMark 0.31)."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 2] if at + 2 < len(text) else " "
    left = not after.isspace() and (not punctuation(after) or before.isspace() or punctuation(before))
    right = not before.isspace() and (not punctuation(before) or after.isspace() or punctuation(after))
    return left, right


def broken(text: str) -> list[str]:
    """The ``**`` that cannot open or close where the text needs them to."""
    # code, maths and {placeholders} (a word or a number once filled in): one letter each
    text = re.sub(r"\{[a-z_0-9]*\}", "x", re.sub(r"`[^`]*`", "x", re.sub(r"\$[^$]*\$", "x", text)))
    runs = [m.start() for m in re.finditer(r"(?<!\*)\*\*(?!\*)", text)]
    found = []
    for n, at in enumerate(runs):
        left, right = flanking(text, at)
        if (n % 2 == 0 and not left) or (n % 2 == 1 and not right):
            found.append(text[max(0, at - 12):at + 14])
    if len(runs) % 2:
        found.append("an odd number of **")
    return found


def test_the_rules_on_known_cases():
    assert broken("**局所最適解。**{local}") == ["**局所最適解。**x"]
    assert broken("**局所最適解。** {local}") == []
    assert broken("重みを**モメンタム**付きで") == []
    assert broken("**η < 1/(2a)**の") != [] and broken("**η < 1/(2a)** の") == []
    assert broken("a **bold** word") == [] and broken("a ** bold** word") != []


@pytest.mark.parametrize("lang", LANGS)
def test_every_bold_in_the_catalog_opens_and_closes(lang):
    bad = {path: found for path, text in strings(catalog(lang)) if (found := broken(text))}
    assert not bad, bad
