"""Page 8: training runs kept in the session and advanced in bounded chunks, and their charts
(decision regions, fitted curves, the hidden layer's view, loss and accuracy histories).

A run belongs to one ``core.playground.run_key(setup)``. Training advances it a few epochs at a
time, each chunk taking about ``CHUNK_SECONDS``, and stores the state after every chunk, so a
click anywhere (which makes Streamlit rerun and so stops the loop) interrupts training without
losing what was done, and Continue carries on from there. Finished runs stay in the session (a few
of them), so going back to a setup shows its result at once.
"""

from __future__ import annotations

import base64
import io
import time
from dataclasses import dataclass, field

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.playground import Setup, build_network, make_split, run_key
from core.training import train
from ui.plot import vega
from ui.plot.charts import NO_POINTS, NO_SEGMENTS, curve_chart, paths
from ui.plot.theme import ACCENT, FORWARD, GOOD, GRADIENT

CHUNK_SECONDS = 0.15
KEPT_RUNS = 12
TILE_OPACITY = 0.22
CLASS_COLORS = (FORWARD, GRADIENT, ACCENT)
_RUNS = "p8_runs"


# --- runs -----------------------------------------------------------------------------------------


@dataclass
class Run:
    """The progress of one run: parameters, momentum and per-epoch history."""

    layers: list
    velocity: list | None = None
    epochs_done: int = 0
    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    diverged_at: int | None = None
    seconds: float = 0.0

    def history(self) -> dict[str, np.ndarray]:
        return {name: np.array(getattr(self, name), dtype=float)
                for name in ("loss", "accuracy", "test_loss", "test_accuracy")}


@st.cache_data(show_spinner=False, max_entries=32)
def data_for(setup: Setup):
    """(x_train, t_train, x_test, t_test): cached, since scikit-learn's generators are slow to load."""
    return make_split(setup)


def current_run(setup: Setup) -> Run:
    runs: dict = st.session_state.setdefault(_RUNS, {})
    key = run_key(setup)
    if key not in runs:
        runs[key] = Run(layers=build_network(setup))
        while len(runs) > KEPT_RUNS:
            runs.pop(next(iter(runs)))
    return runs[key]


def finished(run: Run, setup: Setup) -> bool:
    return run.diverged_at is not None or run.epochs_done >= setup.epochs


def advance(run: Run, setup: Setup, on_chunk=None) -> None:
    """Train ``run`` up to ``setup.epochs`` in chunks, calling ``on_chunk(run)`` after each."""
    x, t, xt, tt = data_for(setup)
    test = (xt, tt) if len(xt) else (None, None)
    per_epoch = None
    while not finished(run, setup):
        remaining = setup.epochs - run.epochs_done
        chunk = 1 if per_epoch is None else max(1, min(remaining, int(CHUNK_SECONDS / per_epoch)))
        start = time.perf_counter()
        h = train(run.layers, x, t, loss=setup.head[1], lr=setup.lr, epochs=chunk,
                  batch_size=setup.batch_size, momentum=setup.momentum, seed=setup.seed,
                  start_epoch=run.epochs_done, velocity=run.velocity, x_test=test[0], t_test=test[1],
                  freeze_biases=setup.freeze_biases,
                  lr_decay_epochs=setup.epochs if setup.lr_decay else None)
        spent = time.perf_counter() - start
        per_epoch = max(spent / chunk, 1e-5)
        run.layers, run.velocity, run.epochs_done = h.layers, h.velocity, h.epochs_done
        for name in ("loss", "accuracy", "test_loss", "test_accuracy"):
            values = getattr(h, name)
            getattr(run, name).extend([] if values is None else values.tolist())
        run.diverged_at = h.diverged_at
        run.seconds += spent
        if on_chunk is not None:
            on_chunk(run)


def reset(setup: Setup) -> None:
    st.session_state.setdefault(_RUNS, {}).pop(run_key(setup), None)


def weights_table(layers: list, titles: tuple[str, str]) -> pd.DataFrame:
    """One row per unit: its layer, its weights w1, w2, ... (one per input) and its bias b. A
    weight that a layer does not have (fewer inputs than another layer) is shown as "—"."""
    widest = max(W.shape[1] for W, _, _ in layers)
    rows = [{titles[0]: str(i), titles[1]: j + 1,
             **{f"w{k + 1}": "—" if k >= W.shape[1] else vega.texts([W[j, k]])[0] for k in range(widest)},
             "b": vega.texts([b[j]])[0]}
            for i, (W, b, _) in enumerate(layers, start=1) for j in range(W.shape[0])]
    return pd.DataFrame(rows)


def weights_csv(layers: list) -> str:
    rows = [{"layer": i, "unit": j + 1, "input": k + 1, "weight": W[j, k]}
            for i, (W, _, _) in enumerate(layers, start=1)
            for j in range(W.shape[0]) for k in range(W.shape[1])]
    rows += [{"layer": i, "unit": j + 1, "input": "bias", "weight": b[j]}
             for i, (W, b, _) in enumerate(layers, start=1) for j in range(W.shape[0])]
    return pd.DataFrame(rows).to_csv(index=False)


# --- charts ---------------------------------------------------------------------------------------


@vega.chart
def regions_chart(names: tuple[str, ...], size: int) -> alt.LayerChart:
    """The predicted class on a grid as light tiles (table ``tiles``: one PNG ``url`` spanning x..x2,
    y..y2), with the data points in their true class on top (``points``: x1, x2, class, texts).

    The tiles are one small picture (one pixel per grid point, drawn without smoothing) rather
    than one rectangle each: 2,500 rectangles made the browser spend most of a rerun in Vega,
    while one image costs it next to nothing and looks the same."""
    xs = alt.Scale(domain=vega.domain("tiles", "x"), nice=False)
    ys = alt.Scale(domain=vega.domain("tiles", "y"), nice=False)
    tiles = alt.Chart(alt.NamedData("tiles")).mark_image(aspect=False, smooth=False).encode(
        x=alt.X("x:Q", scale=xs, title="x₁"), x2=alt.X2("x2:Q"), y=alt.Y("y:Q", scale=ys, title="x₂"),
        y2=alt.Y2("y2:Q"), url=alt.Url("url:N"))
    classes = alt.Scale(domain=list(names), range=list(CLASS_COLORS[:len(names)]))
    dots = alt.Chart(alt.NamedData("points")).mark_circle(size=38, opacity=0.9, stroke="white",
                                                          strokeWidth=0.6).encode(
        x=alt.X("x1:Q", scale=xs, title="x₁"), y=alt.Y("x2:Q", scale=ys, title="x₂"),
        color=alt.Color("class:N", title=None, scale=classes),
        tooltip=[alt.Tooltip("class:N", title=" "), alt.Tooltip("x1_text:N", title="x₁"),
                 alt.Tooltip("x2_text:N", title="x₂")])
    return (tiles + dots).properties(width=size, height=size)


def regions(gx, gy, grid_class, x, labels, names: list[str], size: int = 400) -> None:
    xs_grid, ys_grid = np.unique(gx), np.unique(gy)
    step_x, step_y = float(np.diff(xs_grid)[0]), float(np.diff(ys_grid)[0])
    x_lo, x_hi = float(xs_grid[0]) - step_x / 2, float(xs_grid[-1]) + step_x / 2
    y_lo, y_hi = float(ys_grid[0]) - step_y / 2, float(ys_grid[-1]) + step_y / 2
    vega.show(regions_chart(tuple(names), size), stretch=False,
              domains={"x": (x_lo, x_hi), "y": (y_lo, y_hi)},
              tiles={"x": [x_lo], "x2": [x_hi], "y": [y_lo], "y2": [y_hi],
                     "url": [_tiles_png(gx, gy, grid_class, CLASS_COLORS[:len(names)])]},
              points={"x1": x[:, 0], "x2": x[:, 1], "class": [names[c] for c in labels],
                      "x1_text": vega.texts(x[:, 0]), "x2_text": vega.texts(x[:, 1])})


def _tiles_png(gx, gy, grid_class, colors) -> str:
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


@vega.chart
def fit_chart(model: str, y_title: str, point_names: tuple[str, ...], colors: tuple[str, ...],
              reference: str | None) -> alt.LayerChart:
    """A 1-D fit: the network's output along x (table ``model``: x, y, series, texts), the data
    points named per point, e.g. by class (``data``), and the true curve dashed (``reference``)."""
    names, palette = [model, *point_names], [FORWARD, *colors]
    if reference is not None:
        names, palette = [*names, reference], [*palette, GOOD]
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=names, range=palette))
    x, y = alt.X("x:Q", title="x"), alt.Y("y:Q", title=y_title)
    tips = [alt.Tooltip("series:N", title=" "), alt.Tooltip("x_text:N", title="x"),
            alt.Tooltip("y_text:N", title=y_title)]
    return alt.layer(
        alt.Chart(alt.NamedData("reference")).mark_line(strokeDash=[6, 4], strokeWidth=1.5).encode(
            x=x, y=y, color=colour),
        alt.Chart(alt.NamedData("data")).mark_circle(size=40, opacity=0.8).encode(
            x=x, y=y, color=colour, tooltip=tips),
        alt.Chart(alt.NamedData("model")).mark_line(strokeWidth=2.5).encode(
            x=x, y=y, color=colour, tooltip=tips[:1]),
    ).properties(height=340)


def fit(xs, ys, x, t, model: str, y_title: str, point_names: list[str], names: list[str], colors: list[str],
        reference=None, reference_name: str | None = None) -> None:
    with_ref = reference is not None
    vega.show(fit_chart(model, y_title, tuple(names), tuple(colors), reference_name if with_ref else None),
              model=paths({model: (xs, ys)}),
              data={**paths({"": (x[:, 0], t[:, 0])}), "series": point_names},
              reference=paths({reference_name: (xs, reference)} if with_ref else {}))


@vega.chart
def projection_chart(names: tuple[str, ...], colors: tuple[str, ...], x_title: str) -> alt.Chart:
    """Seed 000's picture: each sample's hidden value h on one line (table ``hidden``: h, class,
    h_text), coloured by class."""
    return alt.Chart(alt.NamedData("hidden")).mark_tick(thickness=2, size=36, opacity=0.8).encode(
        x=alt.X("h:Q", title=x_title, scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("class:N", title=None, scale=alt.Scale(domain=list(names), range=list(colors))),
        tooltip=[alt.Tooltip("class:N", title=" "), alt.Tooltip("h_text:N", title="h")],
    ).properties(height=110)


def projection(h, labels, names: list[str], colors: list[str], x_title: str) -> None:
    vega.show(projection_chart(tuple(names), tuple(colors), x_title),
              hidden={"h": h, "class": [names[c] for c in labels], "h_text": vega.texts(h)})


def history(train_values, test_values, names: tuple[str, str], y_title: str, x_title: str, log: bool = False,
            height: int = 260) -> None:
    """Per-epoch curves of the training set and, when there is one, the test set."""
    curves = {name: (np.arange(1, len(v) + 1), v)
              for name, v in zip(names, (train_values, test_values), strict=True) if len(v)}
    vega.show(curve_chart(x_title, y_title, names, (FORWARD, ACCENT), y_log=log, height=height),
              curves=paths(curves, texts=False), points=NO_POINTS, segments=NO_SEGMENTS)
