"""Small x-y plots drawn as one SVG picture, in the charts' visual language.

For the charts that change on every move of a slider and need no hovering: the browser
shows a picture at once, where a Vega chart reruns its whole dataflow (on this project's
2-core machine about 30 ms per chart and rerun, most of a page's budget). Axes, grid,
fonts and colours follow ``ui.charts`` (the one theme), so a picture sits next to a chart
without a seam. Every number is written by ``core.format.fmt`` and every text is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

import numpy as np

from core.format import fmt
from ui.charts import FONT

INK = "#31333f"        # text, as in the theme
AXIS = "#a3a8b4"       # axis lines and ticks, as in the theme
GRID = "#e6e9ef"       # grid lines, as in the theme
_FAR = 1e5             # pixel coordinates are clamped here: a diverged value stays drawable


def nice_ticks(lo: float, hi: float, most: int = 9) -> list[float]:
    """Round tick values within [lo, hi]: steps of 1, 2 or 5 times a power of ten, at most
    ``most`` ticks."""
    if not hi > lo:
        return [float(lo)]
    raw = (hi - lo) / (most - 1)
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))
    first = np.ceil(lo / step - 1e-9)
    count = int(np.floor(hi / step + 1e-9) - first) + 1
    return [float(round((first + k) * step, 12)) + 0.0 for k in range(count)]


def text(x: float, y: float, label: str, anchor: str = "middle", size: int = 12, color: str = INK,
         bold: bool = False, baseline: str | None = None) -> str:
    """One SVG text at pixel (x, y)."""
    extra = (' font-weight="bold"' if bold else "") + (f' dominant-baseline="{baseline}"' if baseline else "")
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{color}"'
            f'{extra}>{escape(label)}</text>')


class Plot:
    """An x-y plot: ``Plot(...).line(xs, ys, color)...svg()``. Data coordinates throughout;
    what falls outside the domains is clipped at the plot's edges."""

    def __init__(self, x_domain: tuple[float, float], y_domain: tuple[float, float],
                 x_title: str, y_title: str, width: int = 640, height: int = 380,
                 x_integer: bool = False) -> None:
        self.x_domain = (float(x_domain[0]), float(x_domain[1]))
        self.y_domain = (float(y_domain[0]), float(y_domain[1]))
        self.x_title, self.y_title, self.x_integer = x_title, y_title, x_integer
        self.width, self.height = width, height
        self.left, self.top, self.right, self.bottom = 56, 14, width - 12, height - 48
        self.marks: list[str] = []     # drawn inside the plot area, clipped
        self.labels: list[str] = []    # drawn on top, not clipped
        self.legend_items: list[tuple[str, str]] = []

    # --- coordinates ---
    def x(self, v: float) -> float:
        lo, hi = self.x_domain
        return float(np.clip(self.left + (self.right - self.left) * (v - lo) / (hi - lo), -_FAR, _FAR))

    def y(self, v: float) -> float:
        lo, hi = self.y_domain
        return float(np.clip(self.bottom - (self.bottom - self.top) * (v - lo) / (hi - lo), -_FAR, _FAR))

    def _pixels(self, xs: Iterable[float], ys: Iterable[float]) -> tuple[list[float], list[float]]:
        """Pixel coordinates of many points at once (rounded to a tenth, as they are written)."""
        (x0, x1), (y0, y1) = self.x_domain, self.y_domain
        xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            px = self.left + (self.right - self.left) * (xs - x0) / (x1 - x0)
            py = self.bottom - (self.bottom - self.top) * (ys - y0) / (y1 - y0)
        return tuple(np.clip(np.nan_to_num(p, nan=-_FAR, posinf=_FAR, neginf=-_FAR), -_FAR, _FAR)
                     .round(1).tolist() for p in (px, py))

    def _points(self, xs: Iterable[float], ys: Iterable[float]) -> str:
        px, py = self._pixels(xs, ys)
        return " ".join(f"{a:g},{b:g}" for a, b in zip(px, py, strict=True))

    # --- marks ---
    def line(self, xs: Sequence[float], ys: Sequence[float], color: str, width: float = 2.5,
             opacity: float = 1.0, dash: str | None = None) -> Plot:
        if len(xs):
            self.marks.append(f'<polyline points="{self._points(xs, ys)}" fill="none" stroke="{color}" '
                              f'stroke-width="{width}" stroke-opacity="{opacity}" stroke-linejoin="round"'
                              + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        return self

    def points(self, xs: Sequence[float], ys: Sequence[float], color: str, radius: float = 5.0,
               outline: str | None = None) -> Plot:
        ring = f' stroke="{outline}" stroke-width="1.2"' if outline else ""
        px, py = self._pixels(xs, ys)
        self.marks += [f'<circle cx="{a:g}" cy="{b:g}" r="{radius}" fill="{color}"{ring}/>'
                       for a, b in zip(px, py, strict=True)]
        return self

    def vrule(self, at: float, color: str, width: float = 1.5, dash: str | None = None) -> Plot:
        return self._rule(self.x(at), self.top, self.x(at), self.bottom, color, width, dash)

    def hrule(self, at: float, color: str, width: float = 1.5, dash: str | None = None) -> Plot:
        return self._rule(self.left, self.y(at), self.right, self.y(at), color, width, dash)

    def segment(self, x1: float, y1: float, x2: float, y2: float, color: str, width: float = 2.5) -> Plot:
        return self._rule(self.x(x1), self.y(y1), self.x(x2), self.y(y2), color, width, None)

    def _rule(self, x1, y1, x2, y2, color, width, dash) -> Plot:
        self.marks.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{color}" '
                          f'stroke-width="{width}"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        return self

    def hband(self, lo: float, hi: float, color: str, opacity: float = 0.18) -> Plot:
        top, bottom = sorted((self.y(hi), self.y(lo)))
        self.marks.append(f'<rect x="{self.left}" y="{top:.1f}" width="{self.right - self.left}" '
                          f'height="{max(bottom - top, 1.0):.1f}" fill="{color}" fill-opacity="{opacity}"/>')
        return self

    def label(self, at_x: float, at_y: float, label: str, color: str = INK, dx: float = 0, dy: float = 0,
              anchor: str = "start", size: int = 13, bold: bool = True) -> Plot:
        """A text at a data point (kept inside the plot area: a point outside is not labelled)."""
        px, py = self.x(at_x), self.y(at_y)
        if self.left - 1 <= px <= self.right + 1 and self.top - 1 <= py <= self.bottom + 1:
            self.labels.append(text(px + dx, py + dy, label, anchor=anchor, size=size, color=color,
                                    bold=bold))
        return self

    def edge_label(self, side: str, at_y: float, label: str, color: str) -> Plot:
        """A text at the left or right edge of the plot (for a point that left the picture)."""
        px = self.left + 6 if side == "left" else self.right - 6
        py = float(np.clip(self.y(at_y), self.top + 12, self.bottom - 4))
        self.labels.append(text(px, py, label, anchor="start" if side == "left" else "end", size=13,
                                color=color, bold=True))
        return self

    def legend(self, items: Sequence[tuple[str, str]]) -> Plot:
        """(name, colour) entries, drawn as dots with names under the plot."""
        self.legend_items = list(items)
        return self

    # --- the picture ---
    def svg(self) -> str:
        full = self.height + (22 if self.legend_items else 0)
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{full}" '
               f'viewBox="0 0 {self.width} {full}" font-family="{escape(FONT)}">',
               f'<defs><clipPath id="plot"><rect x="{self.left}" y="{self.top}" '
               f'width="{self.right - self.left}" height="{self.bottom - self.top}"/></clipPath></defs>']
        xt = nice_ticks(*self.x_domain, most=10)
        if self.x_integer:
            xt = [v for v in xt if v == int(v)]
        yt = nice_ticks(*self.y_domain, most=9)
        out.append(f'<g stroke="{GRID}" stroke-width="1">'
                   + "".join(f'<line x1="{self.x(v):.1f}" y1="{self.top}" x2="{self.x(v):.1f}" '
                             f'y2="{self.bottom}"/>' for v in xt)
                   + "".join(f'<line x1="{self.left}" y1="{self.y(v):.1f}" x2="{self.right}" '
                             f'y2="{self.y(v):.1f}"/>' for v in yt) + "</g>")
        out.append(f'<g stroke="{AXIS}"><line x1="{self.left}" y1="{self.bottom}" x2="{self.right}" '
                   f'y2="{self.bottom}"/><line x1="{self.left}" y1="{self.top}" x2="{self.left}" '
                   f'y2="{self.bottom}"/>'
                   + "".join(f'<line x1="{self.x(v):.1f}" y1="{self.bottom}" x2="{self.x(v):.1f}" '
                             f'y2="{self.bottom + 5}"/>' for v in xt)
                   + "".join(f'<line x1="{self.left - 5}" y1="{self.y(v):.1f}" x2="{self.left}" '
                             f'y2="{self.y(v):.1f}"/>' for v in yt) + "</g>")
        out += [text(self.x(v), self.bottom + 18, fmt(v)) for v in xt]
        out += [text(self.left - 8, self.y(v), fmt(v), anchor="end", baseline="central") for v in yt]
        out.append(text((self.left + self.right) / 2, self.bottom + 38, self.x_title, size=13))
        mid = (self.top + self.bottom) / 2
        out.append(f'<text x="14" y="{mid:.1f}" text-anchor="middle" font-size="13" fill="{INK}" '
                   f'transform="rotate(-90 14 {mid:.1f})">{escape(self.y_title)}</text>')
        out.append(f'<g clip-path="url(#plot)">{"".join(self.marks)}</g>')
        out += self.labels
        if self.legend_items:
            px, py = self.left, self.height + 6
            for name, color in self.legend_items:
                out.append(f'<circle cx="{px + 5}" cy="{py}" r="5" fill="{color}"/>')
                out.append(text(px + 14, py, name, anchor="start", baseline="central"))
                px += 30 + 6.5 * len(name) + 5.5 * sum(ord(c) > 0x2E80 for c in name)
        out.append("</svg>")
        return "".join(out)
