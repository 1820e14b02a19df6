"""Charts of the training playground: decision regions, fitted curves, histories."""

from __future__ import annotations

import base64
import io

import numpy as np
import pandas as pd

from ui import vl
from ui.charts import ACCENT, FORWARD, GOOD, GRADIENT, color_scale, with_text

CLASS_COLORS = [FORWARD, GRADIENT, ACCENT]  # seed 000: blue class and red class


def regions_chart(gx, gy, grid_class, x, labels, names: list[str], size: int = 420) -> vl.LayerChart:
    """Predicted class on a grid (light tiles) with the data points (true class) on top.

    The tiles are one small picture (one pixel per grid point, drawn without smoothing)
    rather than one rectangle each: 2,500 rectangles made the browser spend most of a
    rerun in Vega, while one image costs it next to nothing and looks the same.
    """
    xs_grid, ys_grid = np.unique(gx), np.unique(gy)
    step_x, step_y = float(np.diff(xs_grid)[0]), float(np.diff(ys_grid)[0])
    x_lo, x_hi = float(xs_grid[0]) - step_x / 2, float(xs_grid[-1]) + step_x / 2
    y_lo, y_hi = float(ys_grid[0]) - step_y / 2, float(ys_grid[-1]) + step_y / 2
    tiles = pd.DataFrame({"x": [x_lo], "x2": [x_hi], "y": [y_lo], "y2": [y_hi],
                          "url": [_tiles_png(gx, gy, grid_class, CLASS_COLORS[:len(names)])]})
    points = with_text(pd.DataFrame({"x₁": x[:, 0], "x₂": x[:, 1],
                                     "class": [names[c] for c in labels]}), ["x₁", "x₂"])
    colour = vl.Color("class:N", scale=color_scale(names, CLASS_COLORS[:len(names)]), title=None)
    xs = vl.Scale(domain=[x_lo, x_hi], nice=False)
    ys = vl.Scale(domain=[y_lo, y_hi], nice=False)
    background = vl.Chart(tiles).mark_image(aspect=False, smooth=False).encode(
        x=vl.X("x:Q", scale=xs, title="x₁"), x2=vl.X2("x2"), y=vl.Y("y:Q", scale=ys, title="x₂"),
        y2=vl.Y2("y2"), url=vl.Url("url:N"))
    dots = vl.Chart(points).mark_circle(size=38, opacity=0.9, stroke="white", strokeWidth=0.6).encode(
        x=vl.X("x₁:Q", scale=xs), y=vl.Y("x₂:Q", scale=ys), color=colour,
        tooltip=[vl.Tooltip("class:N"), vl.Tooltip("x₁_text:N", title="x₁"),
                 vl.Tooltip("x₂_text:N", title="x₂")])
    return (background + dots).properties(width=size, height=size)


TILE_OPACITY = 0.22


def _tiles_png(gx, gy, grid_class, colors: list[str]) -> str:
    """The class of every grid point as a PNG data URL: one pixel each, top row = largest y."""
    from PIL import Image  # comes with Streamlit; loaded when the first picture is drawn

    cols, rows = len(np.unique(gx)), len(np.unique(gy))
    order = np.lexsort((gx, -np.asarray(gy)))  # rows from the top, left to right in each
    classes = np.asarray(grid_class)[order].reshape(rows, cols)
    palette = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] + [round(255 * TILE_OPACITY)]
                        for c in colors], dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(palette[classes], "RGBA").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def line_fit_chart(xs, ys, x, t, model_name: str, y_title: str, point_names: list[str],
                   domain: list[str], colors: list[str], reference=None,
                   reference_name: str = "", height: int = 340) -> vl.LayerChart:
    """A 1-D fit: the network's output along x, the data points (named per point, e.g. by
    class), and optionally the true curve (dashed)."""
    curve = with_text(pd.DataFrame({"x": xs, "y": ys, "series": model_name}), ["x", "y"])
    data = with_text(pd.DataFrame({"x": x[:, 0], "y": t[:, 0], "series": point_names}), ["x", "y"])
    domain, colors = [model_name, *domain], [FORWARD, *colors]
    if reference is not None:
        domain.append(reference_name)
        colors.append(GOOD)
    colour = vl.Color("series:N", scale=color_scale(domain, colors), title=None)
    tips = [vl.Tooltip("series:N", title=""), vl.Tooltip("x_text:N", title="x"),
            vl.Tooltip("y_text:N", title=y_title)]
    layers = []
    if reference is not None:
        ref = pd.DataFrame({"x": xs, "y": reference, "series": reference_name})
        layers.append(vl.Chart(ref).mark_line(strokeDash=[6, 4], strokeWidth=1.5).encode(
            x=vl.X("x:Q"), y=vl.Y("y:Q"), color=colour))
    layers.append(vl.Chart(data).mark_circle(size=40, opacity=0.8).encode(
        x=vl.X("x:Q", title="x"), y=vl.Y("y:Q", title=y_title), color=colour, tooltip=tips))
    layers.append(vl.Chart(curve).mark_line(strokeWidth=2.5).encode(
        x=vl.X("x:Q"), y=vl.Y("y:Q"), color=colour, tooltip=tips))
    return vl.layer(*layers).properties(height=height)


def projection_chart(h, labels, names: list[str], colors: list[str], x_title: str,
                     height: int = 110) -> vl.Chart:
    """Seed 000's picture: each sample's hidden value h on one line, coloured by class."""
    frame = with_text(pd.DataFrame({"h": h, "class": [names[c] for c in labels]}), ["h"])
    return vl.Chart(frame).mark_tick(thickness=2, size=36, opacity=0.8).encode(
        x=vl.X("h:Q", title=x_title, scale=vl.Scale(domain=[0, 1])),
        color=vl.Color("class:N", scale=color_scale(names, colors), title=None),
        tooltip=[vl.Tooltip("class:N"), vl.Tooltip("h_text:N", title="h")],
    ).properties(height=height)


def history_chart(frame: pd.DataFrame, y_title: str, x_title: str, domain: list[str],
                  colors: list[str], height: int = 260, log: bool = False) -> vl.Chart:
    """Per-epoch curves (columns: epoch, value, series)."""
    shown = with_text(frame, ["value"])
    y_scale = vl.Scale(type="log") if log else vl.Scale(zero=False)
    return vl.Chart(shown).mark_line().encode(
        x=vl.X("epoch:Q", title=x_title),
        y=vl.Y("value:Q", title=y_title, scale=y_scale),
        color=vl.Color("series:N", scale=color_scale(domain, colors), title=None),
        tooltip=[vl.Tooltip("series:N", title=""), vl.Tooltip("epoch:Q", title=x_title),
                 vl.Tooltip("value_text:N", title=y_title)],
    ).properties(height=height)
