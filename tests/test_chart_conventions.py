"""Charts are built the fast way: encodings as channel objects, never shorthand strings.

Altair turns a shorthand string such as ``x="x:Q"`` into a channel by searching the
Vega-Lite schema, about 6 ms per string on this machine; ``alt.X("x:Q")`` costs 0.01 ms.
A page with a few layered charts spent most of a rerun doing that. This test keeps it
from coming back: it fails on any string literal passed to ``.encode()``.
"""

from __future__ import annotations

import ast

from tests.conftest import ROOT

SOURCES = sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")])


def _shorthand_encodings(source: str, name: str) -> list[str]:
    """``name:line`` of every string literal passed to an ``.encode()`` call in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "encode":
            for value in [*node.args, *(kw.value for kw in node.keywords)]:
                items = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
                found += [f"{name}:{item.lineno}" for item in items
                          if isinstance(item, ast.Constant | ast.JoinedStr)]
    return found


def test_encode_gets_channel_objects_not_strings():
    sources = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in SOURCES}
    assert sum(".encode(" in text for text in sources.values()) >= 3  # the scan does see charts
    offenders = [hit for name, text in sources.items() for hit in _shorthand_encodings(text, name)]
    assert offenders == [], "use alt.X(...), alt.Text(...), alt.Tooltip(...) instead of strings"


def test_the_scan_catches_shorthand_strings():
    sample = ('import altair as alt\n'
              'c = alt.Chart().encode(x=alt.X("a:Q"), y="b:Q",\n'
              '                       tooltip=[alt.Tooltip("c:N"), "d:N"])\n'
              'd = alt.Chart().encode(alt.X("a:Q"), alt.Y("b:Q"), color=alt.Color("c:N"))\n')
    assert _shorthand_encodings(sample, "sample.py") == ["sample.py:2", "sample.py:3"]
