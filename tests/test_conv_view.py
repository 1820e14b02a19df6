"""ui.conv_view draws the convolution page's number grids as one SVG picture per board."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np

from core.conv import CONV_EXAMPLE, conv2d_steps, pad2d
from ui import conv_view as view

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def _squares(root: ET.Element, cell: int) -> dict[tuple[int, int], str]:
    """{(x, y): fill} of every cell's square: the cells of one colour are one path."""
    found = {}
    for path in root.iter(f"{SVG}path"):
        for x, y, w, h, back in re.findall(r"M(\d+) (\d+)h(\d+)v(\d+)h-(\d+)z", path.get("d")):
            assert int(w) == int(h) == int(back) == cell
            assert (int(x), int(y)) not in found  # no cell drawn twice
            found[int(x), int(y)] = path.get("fill")
    return found


def test_a_board_has_one_square_per_cell_its_values_titles_and_the_outline():
    board = view.Board()
    board.add(np.array([[1.0, -2.5], [0.0, 3.0]]), left=0, top=0, title="A <&> B",
              highlight=(0, 1, 2, 1), blank=np.array([[False, False], [True, False]]))
    root = _parse(board.svg(30))
    assert _squares(root, 30) == {(0, 30): view.WHITE, (30, 30): view.WHITE,
                                  (0, 60): view.WHITE, (30, 60): view.WHITE}
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[:3] == ["1", "-2.5", "3"]  # the blank cell has no text
    assert "A <&> B" in texts  # escaped in the file, read back as written
    outline = root.findall(f".//{SVG}g[@stroke='{view.ACCENT}']/{SVG}rect")
    assert [(float(r.get("x")), float(r.get("height"))) for r in outline] == [(31.5, 57.0)]


def test_the_picture_is_wide_enough_for_a_long_title():
    board = view.Board()
    board.add(np.zeros((2, 2)), left=0, top=0, title="∂L/∂W0 · channel 3 of the input")
    root = _parse(board.svg(20))
    assert int(root.get("width")) >= 7 * len("∂L/∂W0 · channel 3 of the input")
    assert int(root.get("height")) == 3 * 20 + 6  # title row, two rows, the margin


def test_the_step_picture_shows_the_seeds_first_window_and_products():
    ex = CONV_EXAMPLE
    step = next(iter(conv2d_steps(ex.x, ex.W, ex.b, stride=ex.stride, pad=ex.pad)))
    titles = {"input": ["x1", "x2", "x3"], "kernel": ["k1", "k2", "k3"],
              "products": [f"s = {s:g}" for s in step.channel_sums]}
    svg = view.conv_step_chart(step, pad2d(ex.x, ex.pad), ex.pad, titles)
    root = _parse(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for c in range(3):
        assert f"s = {step.channel_sums[c]:g}" in texts
    padded = ex.x.shape[1] + 2 * ex.pad
    cells = 3 * (padded * padded + 2 * 9)  # per channel: the padded input, kernel, products
    cell = int(re.search(r"h(\d+)v", svg).group(1))
    squares = _squares(root, cell)
    assert len(squares) == cells
    # the window tinted (padding included), the rest of the padding grey, the kernel purple,
    # the products blue: the seed's first window has 5 of its 9 cells in the padding
    assert sum(fill == view.WINDOW for fill in squares.values()) == 3 * 9
    assert sum(fill == view.PADDING for fill in squares.values()) == 3 * (padded**2 - 25 - 5)
    assert sum(fill == view.KERNEL for fill in squares.values()) == 3 * 9
    assert sum(fill == view.PRODUCT for fill in squares.values()) == 3 * 9
    assert re.search(r"stroke-width=\"3\"", svg)  # the window is outlined
