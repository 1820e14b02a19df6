"""Number grids for the convolution page: every cell a coloured square with its value.

One SVG picture per board (grids side by side and stacked), shown as an image: a step
of the walk-through is a single element the browser draws at once, where a Vega chart
of a few hundred cells took it about 100 ms to rebuild. Colours follow the app's
visual language: the window the learner is looking at is outlined in the accent
colour, forward quantities are tinted blue, gradients red, kernels purple and the
zero padding grey. Values are written by ``core.format.fmt``.
"""

from __future__ import annotations

from html import escape

import numpy as np
import streamlit as st

from core.format import fmt, latex_number
from ui.charts import ACCENT, FONT
from ui.i18n import t

WHITE = "#ffffff"
PADDING = "#eceef2"
KERNEL = "#ebe3f6"     # a tint of charts.AFFINE
PRODUCT = "#dbe8f7"    # a tint of charts.FORWARD
OUTPUT = "#c4daf3"     # a deeper tint of charts.FORWARD: results
WINDOW = "#fde7c4"     # a tint of charts.ACCENT
GRADIENT = "#f8dcd9"   # a tint of charts.GRADIENT
PENDING = "#f6f7f9"    # an output cell not computed yet
TEXT = "#31333f"
GRID_LINE = "#d5d9e0"
FADED = "#a3a8b4"


class Board:
    """Many small grids drawn in one picture, each cell a square with its value.

    Every grid is placed at (left, top) in cell units, with its title on the row above,
    all in one coordinate system: one picture however many grids there are.
    """

    def __init__(self) -> None:
        self.cells: list[dict] = []
        self.boxes: list[dict] = []
        self.titles: list[dict] = []
        self.width = 0
        self.height = 0

    def add(self, values, left: int, top: int, title: str, fill=WHITE, fade=None, blank=None,
            highlight: tuple[int, int, int, int] | None = None, digits: int = 3) -> None:
        """A grid with its title row at ``top`` and its cells from ``top + 1``.

        fill: one colour or one per cell; fade: cells with grey text; blank: cells without
        text; highlight: (top, left, height, width) outlined in the accent colour.
        """
        values = np.atleast_2d(np.asarray(values, dtype=float))
        rows, cols = values.shape
        fills = np.broadcast_to(np.asarray(fill, dtype=object), values.shape)
        fade = np.zeros(values.shape, bool) if fade is None else np.asarray(fade, bool)
        blank = np.zeros(values.shape, bool) if blank is None else np.asarray(blank, bool)
        for (r, c), v in np.ndenumerate(values):
            self.cells.append({"x": int(left + c), "y": int(top + 1 + r),
                               "text": "" if blank[r, c] else fmt(v, digits),
                               "fill": str(fills[r, c]), "ink": FADED if fade[r, c] else TEXT})
        self.titles.append({"x": left, "y": top + 0.55, "title": title})
        if highlight is not None:
            r0, c0, h, w = highlight
            self.boxes.append({"x": int(left + c0), "x2": int(left + c0 + w),
                               "y": int(top + 1 + r0), "y2": int(top + 1 + r0 + h)})
        self.width = max(self.width, left + cols)
        self.height = max(self.height, top + 1 + rows)

    def svg(self, cell: int) -> str:
        """The board as one SVG picture, ``cell`` pixels per cell (drawn as an image: the
        browser shows it at once, where a chart of a few hundred marks is rebuilt on every
        change). Every text is escaped, although titles and values are the app's own."""
        m = 3  # a margin, so the image's rounded corners do not cut the outer cells
        w = max([self.width * cell] + [b["x"] * cell + _title_px(b["title"]) for b in self.titles])
        h = self.height * cell
        size = int(np.clip(cell // 2 - 1, 9, 14))
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w + 2 * m}" height="{h + 2 * m}" '
               f'viewBox="{-m} {-m} {w + 2 * m} {h + 2 * m}" font-family="{escape(FONT)}">',
               f'<g stroke="{GRID_LINE}" stroke-width="1">']
        # one path per colour, not one rect per cell: a step's board of 3 channels has some
        # 200 shapes fewer, and a change on page 7 ends about 15 ms sooner (A/B in Chromium)
        by_fill: dict[str, list[str]] = {}
        for c in self.cells:
            square = f'M{c["x"] * cell} {c["y"] * cell}h{cell}v{cell}h-{cell}z'
            by_fill.setdefault(c["fill"], []).append(square)
        out += [f'<path fill="{fill}" d="{"".join(d)}"/>' for fill, d in by_fill.items()]
        out.append(f'</g><g font-size="{size}" text-anchor="middle" dominant-baseline="central">')
        out += [f'<text x="{(c["x"] + 0.5) * cell:g}" y="{(c["y"] + 0.5) * cell:g}" fill="{c["ink"]}">'
                f'{escape(c["text"])}</text>' for c in self.cells if c["text"]]
        out.append(f'</g><g font-size="12" fill="{TEXT}" dominant-baseline="central">')
        out += [f'<text x="{b["x"] * cell:g}" y="{b["y"] * cell:g}">{escape(b["title"])}</text>'
                for b in self.titles]
        out.append(f'</g><g fill="none" stroke="{ACCENT}" stroke-width="3">')
        out += [f'<rect x="{b["x"] * cell + 1.5:g}" y="{b["y"] * cell + 1.5:g}" '
                f'width="{(b["x2"] - b["x"]) * cell - 3:g}" height="{(b["y2"] - b["y"]) * cell - 3:g}"/>'
                for b in self.boxes]
        out.append("</g></svg>")
        return "".join(out)


def show(svg: str) -> None:
    """Draw a board at its own size."""
    st.image(svg)


def _title_px(title: str) -> int:
    """About how wide a title is at 12 px (CJK glyphs are wider)."""
    return sum(12 if ord(ch) > 0x2E80 else 7 for ch in title)


def _title_cells(title: str, cell: int) -> int:
    """Cells a title needs so it does not run into the next grid's."""
    return int(np.ceil(_title_px(title) / cell))


def fit_cell(rows_of_items: list[list[tuple[int, str]]], gap: int, budget: int,
             largest: int = 34, smallest: int = 14) -> int:
    """The largest cell size (pixels) at which every row of grids, titles included, fits
    in ``budget`` pixels. Each item is (columns, title)."""
    for cell in range(largest, smallest, -1):
        widths = [sum(max(cols, _title_cells(title, cell)) + gap for cols, title in row) - gap
                  for row in rows_of_items]
        if max(widths) * cell <= budget:
            return cell
    return smallest


def _row_layout(board: Board, items: list[dict], top: int, cell: int, gap: int = 1) -> int:
    """Place grids left to right from row ``top``; returns the next free row."""
    left, bottom = 0, top
    for item in items:
        rows, cols = np.atleast_2d(item["values"]).shape
        board.add(left=left, top=top, **item)
        left += max(cols, _title_cells(item["title"], cell)) + gap
        bottom = max(bottom, top + 1 + rows)
    return bottom + 1


def padded_fill(shape: tuple[int, int], pad: int, window: tuple[int, int, int, int] | None) -> np.ndarray:
    """Colours of a padded input: grey padding, white inside, the window tinted."""
    fill = np.full(shape, PADDING, dtype=object)
    H, W = shape
    fill[pad : H - pad, pad : W - pad] = WHITE
    if window is not None:
        top, left, h, w = window
        fill[top : top + h, left : left + w] = WINDOW
    return fill


def conv_step_chart(step, xpad: np.ndarray, pad: int, titles: dict, budget: int = 500) -> str:
    """One output cell: for every channel the padded input with the window outlined,
    the kernel's channel and the element-wise products (their sum in the title).

    titles: {"input": [per channel], "kernel": [per channel], "products": [per channel]}
    """
    C, KH, KW = step.kernel.shape
    window = (step.top, step.left, KH, KW)
    P = xpad.shape[-1]
    cell = fit_cell([[(P, titles["input"][c]), (KW, titles["kernel"][c]), (KW, titles["products"][c])]
                     for c in range(C)], gap=1, budget=budget)
    board, top = Board(), 0
    is_pad = padded_fill(xpad.shape[1:], pad, None) == PADDING
    for c in range(C):
        top = _row_layout(board, [
            {"values": xpad[c], "title": titles["input"][c], "highlight": window,
             "fill": padded_fill(xpad.shape[1:], pad, window), "fade": is_pad},
            {"values": step.kernel[c], "title": titles["kernel"][c], "fill": KERNEL},
            {"values": step.products[c], "title": titles["products"][c], "fill": PRODUCT,
             "fade": step.products[c] == 0},
        ], top, cell, gap=1)
    return board.svg(cell)


def output_chart(maps: np.ndarray, titles: list[str], done: np.ndarray | None = None,
                 current: tuple[int, int, int] | None = None, fill: str = OUTPUT,
                 budget: int = 420) -> str:
    """Output maps (F, OH, OW) side by side; cells not ``done`` yet are empty and pale,
    the ``current`` cell (f, i, j) is outlined."""
    done = np.ones(maps.shape, bool) if done is None else done
    cell = fit_cell([[(maps.shape[2], title) for title in titles]], gap=2, budget=budget, smallest=22)
    items = [{"values": maps[f], "title": titles[f], "blank": ~done[f],
              "fill": np.where(done[f], fill, PENDING).astype(object),
              "highlight": (current[1], current[2], 1, 1) if current and current[0] == f else None}
             for f in range(maps.shape[0])]
    board = Board()
    _row_layout(board, items, 0, cell, gap=2)
    return board.svg(cell)


def grids_chart(arrays: list[np.ndarray], titles: list[str], fill: str, per_row: int = 4,
                digits: int = 3, budget: int = 640) -> str:
    """Several small matrices in rows of ``per_row`` (e.g. dW per kernel and channel)."""
    rows = [[(np.atleast_2d(a).shape[1], t) for a, t in zip(arrays[i : i + per_row],
                                                            titles[i : i + per_row], strict=True)]
            for i in range(0, len(arrays), per_row)]
    cell = fit_cell(rows, gap=2, budget=budget, smallest=22)
    board, top = Board(), 0
    for i in range(0, len(arrays), per_row):
        items = [{"values": a, "title": t, "fill": fill, "fade": np.asarray(a) == 0,
                  "digits": digits} for a, t in zip(arrays[i : i + per_row], titles[i : i + per_row],
                                                     strict=True)]
        top = _row_layout(board, items, top, cell, gap=2)
    return board.svg(cell)


def pool_step_chart(x: np.ndarray, step, size: int, out: np.ndarray, done: np.ndarray,
                    titles: tuple[str, str]) -> str:
    """Pooling one cell: the input with the window outlined (its maximum tinted, for max
    pooling) and the output being filled."""
    fill = np.full(x.shape, WHITE, dtype=object)
    fill[step.top : step.top + size, step.left : step.left + size] = WINDOW
    if step.argmax is not None:
        fill[step.top + step.argmax[0], step.left + step.argmax[1]] = ACCENT
    board = Board()
    _row_layout(board, [
        {"values": x, "title": titles[0], "fill": fill, "highlight": (step.top, step.left, size, size)},
        {"values": out, "title": titles[1], "fill": np.where(done, OUTPUT, PENDING).astype(object),
         "highlight": (step.i, step.j, 1, 1), "blank": ~done},
    ], 0, 40, gap=2)
    return board.svg(40)


def routing_chart(dout: np.ndarray, routes: list[tuple[np.ndarray, str]], dout_title: str,
                  digits: int = 3) -> str:
    """Pooling backward: the upstream gradient and where each pooling sends it."""
    items = [{"values": dout, "title": dout_title, "fill": GRADIENT, "digits": digits}]
    items += [{"values": dx, "title": title, "fill": GRADIENT, "fade": dx == 0, "digits": digits}
              for dx, title in routes]
    board = Board()
    _row_layout(board, items, 0, 40, gap=2)
    return board.svg(40)


def signed_sum(values, digits: int = 4) -> str:
    """LaTeX ``(-2) + 0 + 1``: the terms of a sum, negative ones in parentheses."""
    terms = [latex_number(v, digits) for v in np.ravel(values)]
    return " + ".join(f"({s})" if s.startswith("-") else s for s in terms)



def size_latex(fit, n: str, k: str, p: str | None, s: str) -> str:
    """The output-size formula with the learner's numbers, and its verdict.

    ``(W - K + 2P) / S + 1 = (5 - 3 + 2·1) / 2 + 1 = 3``; a value that is not a valid
    size is marked with a red cross. ``p=None`` leaves the padding out (pooling).
    """
    pad_sym = rf" + 2{p}" if p else ""
    pad_num = rf" + 2 \cdot {fit.pad}" if p else ""
    head = (rf"O = \frac{{{n} - {k}{pad_sym}}}{{{s}}} + 1 = "
            rf"\frac{{{fit.n} - {fit.k}{pad_num}}}{{{fit.stride}}} + 1 = ")
    value = latex_number(fit.positions)
    if fit.problem is None:
        return head + value
    return head + value + r"\quad \color{#d1352b}{\boldsymbol{\times}}"


def fit_message(fit, prefix: str, window: str) -> str:
    """Which constraint of the output-size formula fails, in the learner's language."""
    fields = {"n": fit.n, "k": fit.k, "pad": fit.pad, "padded": fit.padded, "stride": fit.stride,
              "span": fit.span, "positions": fmt(fit.positions),
              "strides": ", ".join(str(s) for s in fit.strides)}
    return t(f"{prefix}.{fit.problem}", **fields)


def shape_latex(before: tuple[int, ...], after: tuple[int, ...]) -> str:
    """``224 \\times 224 \\times 64 \\to 112 \\times 112 \\times 64`` (the seed's pooling)."""
    def dims(shape):
        return r" \times ".join(str(d) for d in shape)

    return rf"{dims(before)} \xrightarrow{{\ 2\times 2,\ S = 2\ }} {dims(after)}"
