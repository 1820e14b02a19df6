"""Number boards (ui/plot/boards.py) and page 7's boards (ui/views/conv_pooling.py): every cell
shows its value, the window the learner follows is tinted and outlined, titles fit.

The pictures are read back as a learner sees them: which colour each cell has, which number is
written in it, which cells are outlined, and which titles stand above the grids (in cell units,
so the tests do not depend on how the SVG is written).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np

from core.conv import CONV_EXAMPLE, POOL_EXAMPLE, conv2d_steps, pad2d, pool2d_steps
from core.format import fmt
from ui.plot import boards
from ui.plot.theme import ACCENT, AXIS, INK
from ui.views import conv_pooling as view

SVG = "{http://www.w3.org/2000/svg}"
Cell = tuple[int, int]  # (column, row) in cells, from the picture's top-left corner


@dataclass
class Picture:
    width: int                           # pixels
    height: int
    cell: int                            # pixels per cell
    fills: dict[Cell, str]               # the colour of every cell
    values: dict[Cell, tuple[str, str]]  # the number written in a cell, and its colour
    titles: list[str]                    # texts above the grids
    outlines: list[tuple[int, int, int, int]]  # (column, row, columns, rows) outlined in the accent colour


def read(svg: str) -> Picture:
    """The picture as a learner sees it: parsed as XML (so it is well-formed), in cell units."""
    root = ET.fromstring(svg)
    squares: dict[tuple[int, int], str] = {}
    sizes = set()
    for path in root.iter(f"{SVG}path"):
        for x, y, w, h in re.findall(r"M(\d+) (\d+)h(\d+)v(\d+)", path.get("d")):
            assert (int(x), int(y)) not in squares  # no cell drawn twice
            squares[int(x), int(y)] = path.get("fill")
            sizes |= {int(w), int(h)}
    (cell,) = sizes  # every cell a square of one size
    fills = {(x // cell, y // cell): fill for (x, y), fill in squares.items()}
    values, titles = {}, []
    for group in root.iter(f"{SVG}g"):
        for text in group.findall(f"{SVG}text"):
            at = (int(float(text.get("x")) // cell), int(float(text.get("y")) // cell))
            if at in fills:
                values[at] = (text.text, text.get("fill") or group.get("fill"))
            else:
                titles.append(text.text)
    outlines = [(round(float(r.get("x")) / cell), round(float(r.get("y")) / cell),
                 round(float(r.get("width")) / cell), round(float(r.get("height")) / cell))
                for group in root.iter(f"{SVG}g") if group.get("stroke") == ACCENT
                for r in group.findall(f"{SVG}rect")]
    return Picture(int(root.get("width")), int(root.get("height")), cell, fills, values, titles, outlines)


def first_step():
    ex = CONV_EXAMPLE
    return next(iter(conv2d_steps(ex.x, ex.W, ex.b, stride=ex.stride, pad=ex.pad)))


# --- one board --------------------------------------------------------------------------------


def test_every_cell_shows_its_value_except_blank_ones_and_the_window_is_outlined():
    board = boards.Board()
    board.add(np.array([[1.0, -2.5], [0.0, 3.0]]), left=0, top=0, title="A <&> B",
              highlight=(0, 1, 2, 1), blank=np.array([[False, False], [True, False]]),
              fade=np.array([[False, True], [False, False]]))
    pic = read(board.svg(30))
    assert pic.cell == 30
    assert sorted(pic.fills) == [(0, 1), (0, 2), (1, 1), (1, 2)]  # the title row has no cells
    assert {at: text for at, (text, _) in pic.values.items()} == {(0, 1): "1", (1, 1): "-2.5", (1, 2): "3"}
    assert pic.values[(1, 1)][1] == AXIS and pic.values[(0, 1)][1] == INK  # a faded value is grey
    assert pic.titles == ["A <&> B"]  # written safely, read back as written
    assert pic.outlines == [(1, 1, 1, 2)]  # the right column, both rows


def test_numbers_are_written_by_the_apps_formatter():
    board = boards.Board()
    values = [1 / 3, 2e-7, -1234.5678]
    board.add(np.array([values]), left=0, top=0, title="x", digits=3)
    written = [text for text, _ in read(board.svg(40)).values.values()]
    assert written == [fmt(v, 3) for v in values] == ["0.333", "2e-07", "-1235"]


def test_the_picture_is_wide_enough_for_a_long_title():
    for title, per_char in (("∂L/∂W0 · channel 3 of the input", 7), ("∂L/∂W0 · 入力のチャンネル 3", 7)):
        board = boards.Board()
        board.add(np.zeros((2, 2)), left=0, top=0, title=title)
        pic = read(board.svg(20))
        assert pic.width >= per_char * len(title), title
        assert pic.height >= 3 * 20  # the title row and two rows of cells
    japanese = boards.Board()
    japanese.add(np.zeros((2, 2)), left=0, top=0, title="入力のチャンネル")
    assert read(japanese.svg(20)).width >= 12 * len("入力のチャンネル")  # CJK glyphs are wider


def test_the_cell_size_shrinks_until_every_row_and_its_titles_fit():
    assert boards.fit_cell([[(3, "a"), (3, "b")]], gap=1, budget=500) == 34  # roomy: the largest cell
    # a 9-wide input, a 3-wide kernel and products, gaps of one: 17 cells of 17 px fit in 300 px
    assert boards.fit_cell([[(9, "x"), (3, "W"), (3, "s")]] * 3, gap=1, budget=300) == 17
    # a title wider than its grid takes the room it needs: "products" needs 4 cells of 17 px
    assert boards.fit_cell([[(9, "x"), (3, "W"), (3, "products")]] * 3, gap=1, budget=300) == 16
    assert boards.fit_cell([[(60, "x")]], gap=1, budget=100) == 14  # never smaller than readable


def test_grids_in_rows_keep_every_matrix_and_title():
    arrays = [np.full((2, 2), k) for k in range(5)]
    pic = read(boards.grids_chart(arrays, [f"dW{k}" for k in range(5)], boards.GRADIENT_FILL, per_row=3))
    assert pic.titles == [f"dW{k}" for k in range(5)]
    assert len(pic.fills) == 5 * 4 and set(pic.fills.values()) == {boards.GRADIENT_FILL}
    written = sorted(text for text, _ in pic.values.values())
    assert written == sorted(str(k) for k in range(5) for _ in range(4))
    assert all(colour == AXIS for text, colour in pic.values.values() if text == "0")  # zeros faded


# --- page 7's boards ---------------------------------------------------------------------------


def test_the_step_picture_shows_the_seeds_first_window_and_products():
    ex, step = CONV_EXAMPLE, first_step()
    titles = {"input": ["x1", "x2", "x3"], "kernel": ["k1", "k2", "k3"],
              "products": [f"s = {s:g}" for s in step.channel_sums]}
    pic = read(view.conv_step_chart(step, pad2d(ex.x, ex.pad), ex.pad, titles))
    padded = ex.x.shape[1] + 2 * ex.pad  # 7
    assert len(pic.fills) == 3 * (padded * padded + 9 + 9)  # per channel: padded input, kernel, products
    colours = list(pic.fills.values())
    # the window tinted on 3 × 9 cells, padding included; the rest of the padding grey: the
    # seed's first window has 5 of its 9 cells in the padding
    assert colours.count(boards.WINDOW) == 3 * 9
    assert colours.count(boards.PADDING) == 3 * (padded**2 - 25 - 5)
    assert colours.count(boards.KERNEL) == 3 * 9 and colours.count(boards.PRODUCT) == 3 * 9
    # one outline per channel, around the window: 3 × 3 cells at the padded input's top-left
    # (channel 1's grid starts under its title, in row 1)
    assert len(pic.outlines) == 3 and pic.outlines[0] == (0, 1, 3, 3)
    outlined = {(c, r) for c in range(3) for r in range(1, 4)}
    assert {at for at in pic.fills if at[1] <= padded and pic.fills[at] == boards.WINDOW} == outlined
    # channel 1's window is the seed's [[0, 0, 0], [0, 0, 1], [0, 2, 0]], written in its cells
    window = [[pic.values[(c, r)][0] for c in range(3)] for r in range(1, 4)]
    assert window == [["0", "0", "0"], ["0", "0", "1"], ["0", "2", "0"]]
    # the titles say each channel's sum: -2, 0, 1
    assert {"s = -2", "s = 0", "s = 1", "x1", "k3"} <= set(pic.titles)


def test_the_output_maps_fill_up_cell_by_cell_with_the_current_one_outlined():
    maps = np.arange(18.0).reshape(2, 3, 3)
    done = (np.arange(18) <= 4).reshape(2, 3, 3)  # five cells computed: map 0's first row and a half
    pic = read(view.output_chart(maps, ["z0", "z1"], done, current=(0, 1, 1)))
    assert pic.titles == ["z0", "z1"]
    assert sorted(text for text, _ in pic.values.values()) == sorted(str(v) for v in range(5))
    colours = list(pic.fills.values())
    assert colours.count(boards.OUTPUT) == 5 and colours.count(boards.PENDING) == 13  # the rest: empty, pale
    ((col, row, w, h),) = pic.outlines
    assert (w, h) == (1, 1) and pic.values[(col, row)][0] == "4"  # z0[1, 1], the cell just computed


def test_max_pooling_tints_the_windows_maximum_and_outlines_the_cell_it_fills():
    second = list(pool2d_steps(POOL_EXAMPLE[None], 2, 2, "max"))[1]  # the window [[2, 4], [7, 8]]
    out = np.array([[6.0, 8.0], [3.0, 4.0]])
    done = np.array([[True, True], [False, False]])
    pic = read(view.pool_step_chart(POOL_EXAMPLE, second, 2, out, done, ("x", "max")))
    (maximum,) = [at for at, fill in pic.fills.items() if fill == ACCENT]
    assert pic.values[maximum][0] == "8"
    assert list(pic.fills.values()).count(boards.WINDOW) == 3  # the rest of the window
    assert sorted(w for _, _, w, _ in pic.outlines) == [1, 2]  # the 2 × 2 window and one output cell
    (current,) = [o for o in pic.outlines if o[2] == 1]
    assert pic.values[current[:2]][0] == "8"
    assert len([at for at in pic.values if at[0] > 4]) == 2  # the output: two cells done, two empty


def test_the_backward_routing_shows_the_upstream_gradient_and_where_it_goes():
    dout = np.array([[1.0, 2.0], [3.0, 4.0]])
    dx = np.zeros((4, 4))
    dx[1, 1], dx[1, 3], dx[2, 0], dx[3, 3] = 1, 2, 3, 4
    pic = read(view.routing_chart(dout, [(dx, "dx (max)")], "dz"))
    assert pic.titles == ["dz", "dx (max)"]
    assert set(pic.fills.values()) == {boards.GRADIENT_FILL}
    written = [text for text, _ in pic.values.values()]
    assert sorted(written) == sorted(["1", "2", "3", "4"] * 2 + ["0"] * 12)
    assert all(colour == AXIS for text, colour in pic.values.values() if text == "0")  # nothing routed: faded
