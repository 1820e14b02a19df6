"""Number boards: small grids of numbers drawn as one SVG picture, each cell a square with its value.

For tables of numbers that change with every click (page 7's windows, kernels, products and
maps): one picture is a single element the browser draws at once, where a chart of a few hundred
cells took it about 100 ms to rebuild, and nothing on a board needs hovering. Colours come from
``ui.plot.theme``: the window the learner looks at is outlined in the accent colour, forward
quantities are tinted blue, gradients red, kernels purple, the zero padding grey. Values are
written by ``core.format.fmt``.
"""

from __future__ import annotations

from html import escape

import numpy as np
import streamlit as st

from core.format import fmt
from ui.plot.theme import ACCENT, AXIS, FONT, INK, LINE, TINT

WHITE, PADDING, PENDING = TINT["white"], TINT["padding"], TINT["pending"]
KERNEL, PRODUCT, OUTPUT = TINT["affine"], TINT["forward"], TINT["forward_strong"]
WINDOW, GRADIENT_FILL = TINT["accent"], TINT["gradient"]


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
                               "fill": str(fills[r, c]), "ink": AXIS if fade[r, c] else INK})
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
               f'<g stroke="{LINE}" stroke-width="1">']
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
        out.append(f'</g><g font-size="12" fill="{INK}" dominant-baseline="central">')
        out += [f'<text x="{b["x"] * cell:g}" y="{b["y"] * cell:g}">{escape(b["title"])}</text>'
                for b in self.titles]
        out.append(f'</g><g fill="none" stroke="{ACCENT}" stroke-width="3">')
        out += [f'<rect x="{b["x"] * cell + 1.5:g}" y="{b["y"] * cell + 1.5:g}" '
                f'width="{(b["x2"] - b["x"]) * cell - 3:g}" height="{(b["y2"] - b["y"]) * cell - 3:g}"/>'
                for b in self.boxes]
        out.append("</g></svg>")
        return "".join(out)


def show(svg: str) -> None:
    """Draw a board at its own size (shrunk to fit a narrow screen)."""
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


def row_layout(board: Board, items: list[dict], top: int, cell: int, gap: int = 1) -> int:
    """Place grids left to right from row ``top``; returns the next free row."""
    left, bottom = 0, top
    for item in items:
        rows, cols = np.atleast_2d(item["values"]).shape
        board.add(left=left, top=top, **item)
        left += max(cols, _title_cells(item["title"], cell)) + gap
        bottom = max(bottom, top + 1 + rows)
    return bottom + 1


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
        top = row_layout(board, items, top, cell, gap=2)
    return board.svg(cell)
