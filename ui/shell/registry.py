"""The one list of pages: home cards, sidebar navigation and previous/next links.

A new page joins the app by adding one ``PageInfo`` here (and its texts under
``pages.<key>`` in both catalogs). Only pages whose file exists are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOME = "app.py"
SECTIONS = ("foundations", "training", "convolution", "practice", "reference")


@dataclass(frozen=True)
class PageInfo:
    key: str      # texts live under pages.<key> (title, blurb) and <key>.* in the catalogs
    path: str     # relative to app.py, as st.page_link and AppTest.switch_page want it
    section: str  # one of SECTIONS
    icon: str     # a Material Symbols icon
    lesson: bool = True  # a lesson has self-checks and prediction moments; the glossary has none


_ALL = (
    PageInfo("anatomy", "pages/0_network_anatomy.py", "foundations", ":material/hub:"),
    PageInfo("linear_affine", "pages/1_linear_vs_affine.py", "foundations", ":material/transform:"),
    PageInfo("activations", "pages/2_activations.py", "foundations", ":material/show_chart:"),
    PageInfo("losses", "pages/3_losses.py", "foundations", ":material/target:"),
    PageInfo("gradient_descent", "pages/4_gradient_descent.py", "training", ":material/trending_down:"),
    PageInfo("backprop", "pages/5_backprop.py", "training", ":material/account_tree:"),
    PageInfo("vanishing", "pages/6_vanishing_gradient.py", "training", ":material/blur_on:"),
    PageInfo("conv_pooling", "pages/7_conv_pooling.py", "convolution", ":material/grid_on:"),
    PageInfo("playground", "pages/8_playground.py", "practice", ":material/science:"),
    PageInfo("glossary", "pages/9_glossary.py", "reference", ":material/dictionary:", lesson=False),
)


def pages() -> list[PageInfo]:
    """The pages that exist, in learning order."""
    return list(_existing())


def registered() -> tuple[PageInfo, ...]:
    """Every page of the list, in learning order, whether or not its file exists."""
    return _ALL


@cache
def _existing() -> tuple[PageInfo, ...]:
    # looked up once per process: every rerun of every page draws the navigation
    return tuple(p for p in _ALL if (ROOT / p.path).is_file())


def page(key: str) -> PageInfo:
    for p in _ALL:
        if p.key == key:
            return p
    raise KeyError(f"no page {key!r} in ui/shell/registry.py")


def neighbours(key: str) -> tuple[PageInfo | None, PageInfo | None]:
    """The previous and next existing pages in learning order (None at the ends)."""
    listed = pages()
    keys = [p.key for p in listed]
    i = keys.index(key)
    return (listed[i - 1] if i > 0 else None, listed[i + 1] if i + 1 < len(listed) else None)
