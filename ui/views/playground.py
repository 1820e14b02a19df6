"""Page 8: training runs kept in the session and advanced in bounded chunks, and their charts
(decision regions, fitted curves, the hidden layer's view, loss and accuracy histories, the RBF
article's loss surface with the descent path).

A run belongs to one ``core.playground.run_key(setup)``. Training advances it a few epochs at a
time, each chunk taking about ``CHUNK_SECONDS``, and stores the state after every chunk, so a
click anywhere (which makes Streamlit rerun and so stops the loop) interrupts training without
losing what was done, and Continue carries on from there. Finished runs stay in the session (a few
of them), so going back to a setup shows its result at once.
"""

from __future__ import annotations

import base64
import io
import json
import time
from dataclasses import dataclass, field

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.format import fmt
from core.playground import (
    TASKS,
    Setup,
    build_network,
    make_split,
    predict_grid,
    predict_line,
    predicted_class,
    run_key,
    target_curve,
)
from core.surface import LEVELS, ArticleEnd, Descent, Surface, descent_path, loss_surface, summed_rate
from core.training import train
from ui.plot import vega
from ui.plot.charts import NO_POINTS, NO_SEGMENTS, curve_chart, paths
from ui.plot.theme import ACCENT, AFFINE, BEFORE, FORWARD, GOOD, GRADIENT
from ui.shell.i18n import t

T = "playground."
CHUNK_SECONDS = 0.15
#: The RBF article's loss over its two weights (core.surface.rbf_loss)
SURFACE_FORMULA = (r"L(w_h, w_o) = -\frac{1}{N}\sum_{n=1}^{N}\left[t_n \log y_n"
                   r" + (1 - t_n)\log(1 - y_n)\right],"
                   r"\quad y_n = \sigma\!\left(e^{-(x_n w_h)^2}\, w_o - 1\right)")
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


# --- what a run shows -----------------------------------------------------------------------------


def score_text(value: float | None, task: str) -> str:
    """A score as the page shows it: an accuracy in per cent, R² as a number."""
    if value is None:
        return "—"
    return fmt(value, 3) if task == "regression" else f"{fmt(100 * value, 3)} %"


def sizes_text(layers) -> str:
    """The network's layer sizes, inputs first: 2 → 3 → 3."""
    return " → ".join(str(n) for n in (layers[0][0].shape[1], *(W.shape[0] for W, _, _ in layers)))


def class_names() -> tuple[str, str]:
    """(red, blue): seed 000's classes, t = 0 red and t = 1 blue."""
    return t(T + "classes.red"), t(T + "classes.blue")


def predictions(setup: Setup, run: Run) -> None:
    """The data with what the network currently predicts: a fitted curve for 1-D inputs, the
    decision regions for 2-D ones."""
    x, target, _, _ = data_for(setup)
    red, blue = class_names()
    if TASKS[setup.dataset][2] == "regression":
        xs, ys = predict_line(run.layers, (-1.0, 1.0))
        data = t(T + "pic.data")
        fit(xs, ys[:, 0], x, target, t(T + "pic.model"), "y", [data] * len(x), [data], [BEFORE],
            reference=target_curve(setup, xs), reference_name=t(T + "pic.sine"))
    elif TASKS[setup.dataset][0] == 1:
        xs, ys = predict_line(run.layers, (-3.5, 3.5))
        fit(xs, ys[:, 0], x, target, t(T + "pic.p_blue"), t(T + "pic.p_blue"),
            [(red, blue)[c] for c in predicted_class(target)], [red, blue], [GRADIENT, FORWARD])
    else:
        lo, hi = x.min(axis=0) - 0.5, x.max(axis=0) + 0.5
        gx, gy, grid = predict_grid(run.layers, (lo[0], hi[0]), (lo[1], hi[1]), 50)
        names = ([blue, red] if target.shape[1] == 2 else [t(f"{T}classes.c{i}") for i in (1, 2, 3)])
        regions(gx, gy, predicted_class(grid), x, predicted_class(target), names)


def histories(run: Run) -> None:
    """The loss per epoch (and the accuracy, for classes), training and test set."""
    hist = run.history()
    if not len(hist["loss"]):
        st.info(t(T + "train.untrained"), icon=":material/hourglass_empty:")
        return
    names = (t(T + "hist.train"), t(T + "hist.test"))
    history(hist["loss"], hist["test_loss"], names, t(T + "hist.loss"), t(T + "hist.epoch"), log=True)
    if len(hist["accuracy"]):
        history(hist["accuracy"], hist["test_accuracy"], names, t(T + "hist.accuracy"), t(T + "hist.epoch"),
                height=200)


def scores(run: Run) -> None:
    """The last epoch's losses and accuracies as metrics, and the time training took."""
    hist = run.history()
    cols = st.columns(4)
    for col, name, label, percent in ((cols[0], "loss", "train_loss", False),
                                      (cols[1], "test_loss", "test_loss", False),
                                      (cols[2], "accuracy", "train_acc", True),
                                      (cols[3], "test_accuracy", "test_acc", True)):
        if len(hist[name]):
            value = hist[name][-1]
            col.metric(t(f"{T}result.{label}"), f"{fmt(100 * value, 3)} %" if percent else fmt(value))
    st.caption(t(T + "result.time", epochs=run.epochs_done, seconds=fmt(run.seconds, 2)))


def downloads(setup: Setup, run: Run) -> None:
    """The learned weights as CSV and the run's settings and history as JSON."""
    hist = run.history()
    d1, d2, _ = st.columns([1.1, 1.4, 1.5])  # 「学習の記録をダウンロード（JSON）」 fits
    d1.download_button(t(T + "result.download_weights"), weights_csv(run.layers), file_name="weights.csv",
                       mime="text/csv", icon=":material/download:", on_click="ignore")
    d2.download_button(t(T + "result.download_history"),
                       json.dumps({"setup": {k: v for k, v in setup.__dict__.items() if k != "start"},
                                   "epochs_done": run.epochs_done, "diverged_at": run.diverged_at,
                                   **{k: v.tolist() for k, v in hist.items()}}, indent=1),
                       file_name="history.json", mime="application/json", icon=":material/download:",
                       on_click="ignore")


def reference_table(ref: dict, run: Run) -> pd.DataFrame:
    """This page's final scores beside scikit-learn's (``core.reference.sklearn_reference``)."""
    hist, kind = run.history(), t(f"{T}ref.{ref['kind']}")
    ours, ours_test = (hist["accuracy"], hist["test_accuracy"]) if ref["kind"] == "accuracy" else (
        hist["loss"], hist["test_loss"])
    return pd.DataFrame({
        "": [t(T + "ref.ours"), t(T + "ref.sklearn")],
        f"{kind} ({t(T + 'hist.train')})": [fmt(ours[-1]) if len(ours) else "—", fmt(ref["train"])],
        f"{kind} ({t(T + 'hist.test')})": [fmt(ours_test[-1]) if len(ours_test) else "—",
                                          "—" if ref["test"] is None else fmt(ref["test"])],
        t(T + "ref.seconds"): [fmt(run.seconds, 2), fmt(ref["seconds"], 2)],
    })


# --- the RBF article's loss surface ---------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=32)
def rbf_descent(setup: Setup) -> Descent:
    """``core.surface.descent_path``: the path of the article's network, cached per setup."""
    return descent_path(setup)


@st.cache_data(show_spinner=False, max_entries=16)
def rbf_surface(setup: Setup, window: tuple) -> Surface:
    """``core.surface.loss_surface`` of a setup's training data over ``window``, cached."""
    x, target, _, _ = data_for(setup)
    return loss_surface(x, target, *window)


@vega.chart
def surface_chart(names: tuple[str, ...], tips: tuple[str, str]) -> alt.LayerChart:
    """The loss over (w_h, w_o) as colour bands, one rectangle per grid point (table ``cells``:
    x..x2, y..y2, L, texts), the path of the training loop on it (``path``: w_h, w_o, k, texts) and
    the marked points (``marks``: w_h, w_o, name, texts): the start, this page's end, the article's.

    names: the titles of w_h, w_o, L, then the names of the three marked points; tips: the titles
    of the step number and of its learning rate in the tooltips."""
    xs = alt.Scale(domain=vega.domain("cells", "wh"), nice=False, zero=False)
    ys = alt.Scale(domain=vega.domain("cells", "wo"), nice=False, zero=False)
    w_h, w_o, loss, *points = names
    tip = [alt.Tooltip("wh_text:N", title=w_h), alt.Tooltip("wo_text:N", title=w_o),
           alt.Tooltip("L_text:N", title=loss)]
    bands = alt.Scale(type="threshold", domain=list(LEVELS), scheme="blues", reverse=True)
    cells = alt.Chart(alt.NamedData("cells")).mark_rect().encode(
        x=alt.X("x:Q", scale=xs, title=w_h), x2="x2:Q", y=alt.Y("y:Q", scale=ys, title=w_o), y2="y2:Q",
        color=alt.Color("L:Q", scale=bands, title=loss, legend=alt.Legend(orient="right")), tooltip=tip)
    x, y = alt.X("wh:Q", scale=xs, title=w_h), alt.Y("wo:Q", scale=ys, title=w_o)
    steps = [alt.Tooltip("k:Q", title=tips[0]), *tip, alt.Tooltip("rate_text:N", title=tips[1])]
    line = alt.Chart(alt.NamedData("path")).mark_line(color=ACCENT, strokeWidth=2.5).encode(
        x=x, y=y, order="k:Q")
    dots = alt.Chart(alt.NamedData("path")).mark_circle(color=ACCENT, size=36, opacity=1, stroke="white",
                                                        strokeWidth=0.8).encode(x=x, y=y, tooltip=steps)
    marked = alt.Chart(alt.NamedData("marks")).mark_point(filled=True, size=170, stroke="white",
                                                          strokeWidth=1.2, opacity=1).encode(
        x=x, y=y,
        color=alt.Color("name:N", title=None, scale=alt.Scale(domain=points, range=[BEFORE, ACCENT, AFFINE])),
        shape=alt.Shape("name:N", title=None,
                        scale=alt.Scale(domain=points, range=["circle", "diamond", "cross"])),
        tooltip=[alt.Tooltip("name:N", title=" "), *tip[:2]])
    # shape resolved with colour, so that the three points get one legend, not one per channel
    layers = alt.layer(cells, line, dots, marked)
    return layers.resolve_scale(color="independent", shape="independent").properties(height=440)


def surface(area: Surface, path: Descent, article: ArticleEnd, names: tuple[str, ...],
            tips: tuple[str, str]) -> None:
    """Draw ``surface_chart``: the grid's cells centred on its points, the path, the three points."""
    half_h, half_o = (area.w_h[1] - area.w_h[0]) / 2, (area.w_o[1] - area.w_o[0]) / 2
    grid_h, grid_o = (g.ravel() for g in np.meshgrid(area.w_h, area.w_o))
    loss = area.loss.ravel()
    marked_h, marked_o = [path.w_h[0], path.w_h[-1], article.w_h], [path.w_o[0], path.w_o[-1], article.w_o]
    vega.show(surface_chart(names, tips),
              domains={"wh": (area.w_h[0] - half_h, area.w_h[-1] + half_h),
                       "wo": (area.w_o[0] - half_o, area.w_o[-1] + half_o)},
              cells={"x": grid_h - half_h, "x2": grid_h + half_h, "y": grid_o - half_o, "y2": grid_o + half_o,
                     "L": loss, "wh_text": vega.texts(grid_h), "wo_text": vega.texts(grid_o),
                     "L_text": vega.texts(loss)},
              path={"wh": path.w_h, "wo": path.w_o, "k": np.arange(len(path.w_h)),
                    "wh_text": vega.texts(path.w_h), "wo_text": vega.texts(path.w_o),
                    "L_text": vega.texts(path.loss),
                    "rate_text": ["—", *vega.texts(path.rate)]},
              marks={"wh": marked_h, "wo": marked_o, "name": list(names[3:]),
                     "wh_text": vega.texts(marked_h), "wo_text": vega.texts(marked_o)})


def comparison_table(article: ArticleEnd, path: Descent, setup: Setup) -> pd.DataFrame:
    """The article's printed result beside this page's, from the same start with the same kind
    of steps: data, learning rate (on the sum and on the mean), the two weights, the loss summed
    (the article's cost) and averaged (this page's L). Weights and losses to 3 significant digits,
    the article's as it prints them."""
    k = T + "surface.table."
    ours_rate = summed_rate(setup.lr, path.samples)
    return pd.DataFrame({
        "": [t(k + row) for row in ("data", "lr", "w_h", "w_o", "sum", "mean")],
        t(k + "article"): [t(k + "article_data", n=article.samples),
                           t(k + "rates", summed=fmt(article.lr), mean=fmt(article.mean_rate)),
                           fmt(article.w_h), fmt(article.w_o), fmt(article.cost), fmt(article.mean_loss, 3)],
        t(k + "ours"): [t(k + "our_data", n=path.samples, seed=setup.seed),
                        t(k + "rates", summed=fmt(ours_rate, 3), mean=fmt(setup.lr)),
                        fmt(path.w_h[-1], 3), fmt(path.w_o[-1], 3), fmt(path.total_loss, 3),
                        fmt(path.loss[-1], 3)],
    })


def steps_table(path: Descent, titles: tuple[str, ...]) -> pd.DataFrame:
    """The numbers behind the path: step k, its learning rate, w_h, w_o and L after it."""
    return pd.DataFrame({titles[0]: np.arange(len(path.w_h)), titles[1]: ["—", *vega.texts(path.rate)],
                         titles[2]: path.w_h, titles[3]: path.w_o, titles[4]: path.loss})
