"""Page 8 — the training playground: the seeds' own training examples (seeds 000, 002, 004)."""

import json

import pandas as pd
import streamlit as st

from core.activations import ACTIVATIONS
from core.format import fmt, fmt_array
from core.network import mlp_backward_with_deltas, mlp_forward
from core.playground import (
    DATASETS,
    HEADS,
    INITS,
    MAX_UNITS,
    PRESETS,
    TASKS,
    Setup,
    build_network,
    hidden_values,
    predict_grid,
    predict_line,
    predicted_class,
    target_curve,
    with_changes,
)
from core.reference import sklearn_reference
from core.training import loss_and_gradient, train
from ui.plot.theme import BEFORE, FORWARD, GRADIENT
from ui.shell import labels, linked, page_frame, page_header, prev_next, section, t
from ui.views import playground as view
from ui.widgets import numbers_table, quiz, show_code

PAGE = "playground"
T = "playground."
LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0]
BATCHES = ["1", "4", "8", "16", "32", "64", "all"]
KEEP = {"persist_state": "session"}  # the settings survive a visit to another page

lang = page_frame(PAGE)
page_header(PAGE)
red, blue = t(T + "classes.red"), t(T + "classes.blue")  # seed 000: t = 1 is blue, t = 0 red


def _load_preset() -> None:
    """Copy a preset into every widget (a callback, so it runs before the widgets are drawn)."""
    key = st.session_state.p8_preset
    if key not in PRESETS:
        return
    s = PRESETS[key]
    st.session_state.update({
        "p8_base": key, "p8_dataset": s.dataset, "p8_n": s.n_samples, "p8_noise": s.noise, "p8_seed": s.seed,
        "p8_test": s.test_fraction, "p8_layers": len(s.hidden), "p8_act": s.activation,
        "p8_head": "|".join(s.head), "p8_init": s.init, "p8_lr": s.lr, "p8_mom": s.momentum,
        "p8_epochs": s.epochs, "p8_decay": s.lr_decay, "p8_freeze": s.freeze_biases,
        "p8_batch": "all" if s.batch_size is None else str(s.batch_size),
        **{f"p8_w{i}": width for i, width in enumerate(s.hidden, start=1)}})


if "p8_base" not in st.session_state:  # first visit: start from seed 002's three classes
    st.session_state.p8_preset = "seed002_classes"
    _load_preset()


@st.cache_data(show_spinner=False, max_entries=16)
def cached_reference(setup: Setup):
    x, t_, xt, tt = view.data_for(setup)
    return sklearn_reference(setup, x, t_, xt if len(xt) else None, tt if len(xt) else None)


@section(T + "choose")
def choose_an_experiment() -> Setup:
    st.selectbox(t(T + "choose.preset"), [*PRESETS, "custom"], key="p8_preset", **KEEP,
                 format_func=labels(T + "presets", [*PRESETS, "custom"]).get, on_change=_load_preset)
    data_col, net_col, opt_col = st.columns(3, gap="large")
    with data_col:
        st.markdown(f"**{t(T + 'data.title')}**")
        dataset = st.selectbox(t(T + "data.dataset"), DATASETS, key="p8_dataset", **KEEP,
                               format_func=labels(T + "datasets", DATASETS).get)
        n = st.slider(t(T + "data.samples"), 10, 600, step=10, key="p8_n", **KEEP,
                      help=t(T + "data.samples_help"))
        noise = st.slider(t(T + "data.noise"), 0.0, 1.0, step=0.05, key="p8_noise", **KEEP,
                          disabled=dataset == "three_classes", help=t(T + "data.noise_help"))
        seed = st.number_input(t(T + "data.seed"), 0, 9999, key="p8_seed", **KEEP)
        test_fraction = st.slider(t(T + "data.test"), 0.0, 0.5, step=0.1, key="p8_test", **KEEP)
    with net_col:
        st.markdown(f"**{t(T + 'net.title')}**")
        n_layers = st.slider(t(T + "net.layers"), 1, 3, key="p8_layers", **KEEP)
        for i in range(1, n_layers + 1):
            st.session_state.setdefault(f"p8_w{i}", 8)
        hidden = tuple(st.slider(t(T + "net.width", i=i), 1, MAX_UNITS, key=f"p8_w{i}", **KEEP)
                       for i in range(1, n_layers + 1))
        activation = st.selectbox(t(T + "net.activation"), list(ACTIVATIONS), key="p8_act", **KEEP,
                                  format_func=labels(T + "acts", ACTIVATIONS).get)
        heads = ["|".join(h) for h in HEADS[TASKS[dataset][2]]]
        if st.session_state.get("p8_head") not in heads:
            st.session_state.p8_head = heads[0]
        head = st.selectbox(t(T + "net.head"), heads, key="p8_head", **KEEP,
                            format_func=labels(T + "heads", heads).get)
        init = st.selectbox(t(T + "net.init"), INITS, key="p8_init", **KEEP,
                            format_func=labels(T + "inits", INITS).get)
    with opt_col:
        st.markdown(f"**{t(T + 'opt.title')}**")
        lr = st.select_slider(t(T + "opt.lr"), LRS, key="p8_lr", **KEEP)
        momentum = st.slider(t(T + "opt.momentum"), 0.0, 0.99, step=0.01, key="p8_mom", **KEEP)
        batch = st.select_slider(t(T + "opt.batch"), BATCHES, key="p8_batch", **KEEP,
                                 help=t(T + "opt.batch_help"))
        epochs = st.slider(t(T + "opt.epochs"), 1, 1000, key="p8_epochs", **KEEP)
        decay = st.checkbox(t(T + "opt.decay"), key="p8_decay", **KEEP)
        freeze = st.checkbox(t(T + "opt.freeze"), key="p8_freeze", **KEEP)
    setup = with_changes(
        PRESETS[st.session_state.p8_base], dataset=dataset, n_samples=int(n), noise=float(noise),
        seed=int(seed), test_fraction=float(test_fraction), hidden=hidden, activation=activation,
        head=tuple(head.split("|")), init=init, lr=float(lr), momentum=float(momentum),
        batch_size=None if batch == "all" else int(batch), epochs=int(epochs), lr_decay=decay,
        freeze_biases=freeze)
    matching = [k for k, s in PRESETS.items() if s == setup]
    if matching:
        st.info(t(f"{T}about.{matching[0]}"), icon=":material/menu_book:")
    else:
        st.caption(t(T + "about.custom"))
    if setup.start:
        start = "; ".join(f"W{i} = {fmt_array(W)}, b{i} = {fmt_array(b)}"
                          for i, (W, b) in enumerate(setup.start, 1))
        st.caption(t(T + "choose.fixed_start", start=start))
    return setup


@section(T + "train")
def train_it(setup: Setup) -> None:
    run = view.current_run(setup)
    buttons = st.columns([1, 1, 4], vertical_alignment="center")
    go = buttons[0].button(t(T + ("train.continue" if 0 < run.epochs_done < setup.epochs else "train.start")),
                           type="primary", icon=":material/play_arrow:", disabled=view.finished(run, setup),
                           key="p8_go", width="stretch")
    buttons[1].button(t(T + "train.reset"), icon=":material/restart_alt:", key="p8_reset",
                      on_click=view.reset, args=(setup,), width="stretch")
    buttons[2].caption(t(T + "train.hint"))
    progress = st.empty()
    picture, history = (col.empty() for col in st.columns(2, gap="large"))

    def draw(run: view.Run) -> None:
        progress.progress(min(run.epochs_done / setup.epochs, 1.0),
                          text=t(T + "train.progress", done=run.epochs_done, total=setup.epochs))
        with picture.container():
            predictions(setup, run)
        with history.container():
            histories(run)

    if go:
        view.advance(run, setup, on_chunk=draw)
        st.rerun()  # the whole page: the buttons and results for the finished (or diverged) run
    draw(run)
    if run.diverged_at is not None:
        st.error(t(T + "train.diverged", k=run.diverged_at), icon=":material/trending_up:")


def predictions(setup: Setup, run: view.Run) -> None:
    """The data with what the network currently predicts."""
    x, target, _, _ = view.data_for(setup)
    if TASKS[setup.dataset][2] == "regression":
        xs, ys = predict_line(run.layers, (-1.0, 1.0))
        data = t(T + "pic.data")
        view.fit(xs, ys[:, 0], x, target, t(T + "pic.model"), "y", [data] * len(x), [data], [BEFORE],
                 reference=target_curve(setup, xs), reference_name=t(T + "pic.sine"))
    elif TASKS[setup.dataset][0] == 1:
        xs, ys = predict_line(run.layers, (-3.5, 3.5))
        view.fit(xs, ys[:, 0], x, target, t(T + "pic.p_blue"), t(T + "pic.p_blue"),
                 [(red, blue)[c] for c in predicted_class(target)], [red, blue], [GRADIENT, FORWARD])
    else:
        lo, hi = x.min(axis=0) - 0.5, x.max(axis=0) + 0.5
        gx, gy, grid = predict_grid(run.layers, (lo[0], hi[0]), (lo[1], hi[1]), 50)
        names = ([blue, red] if target.shape[1] == 2 else [t(f"{T}classes.c{i}") for i in (1, 2, 3)])
        view.regions(gx, gy, predicted_class(grid), x, predicted_class(target), names)


def histories(run: view.Run) -> None:
    hist = run.history()
    if not len(hist["loss"]):
        st.info(t(T + "train.untrained"), icon=":material/hourglass_empty:")
        return
    names = (t(T + "hist.train"), t(T + "hist.test"))
    view.history(hist["loss"], hist["test_loss"], names, t(T + "hist.loss"), t(T + "hist.epoch"), log=True)
    if len(hist["accuracy"]):
        view.history(hist["accuracy"], hist["test_accuracy"], names, t(T + "hist.accuracy"),
                     t(T + "hist.epoch"), height=200)


@section(T + "result")
def what_it_learned(setup: Setup) -> None:
    run, (x, target, _, _) = view.current_run(setup), view.data_for(setup)
    hist = run.history()
    if len(hist["loss"]):
        cols = st.columns(4)
        for col, name, label, percent in ((cols[0], "loss", "train_loss", False),
                                          (cols[1], "test_loss", "test_loss", False),
                                          (cols[2], "accuracy", "train_acc", True),
                                          (cols[3], "test_accuracy", "test_acc", True)):
            if len(hist[name]):
                value = hist[name][-1]
                col.metric(t(f"{T}result.{label}"), f"{fmt(100 * value, 3)} %" if percent else fmt(value))
        st.caption(t(T + "result.time", epochs=run.epochs_done, seconds=fmt(run.seconds, 2)))
    if TASKS[setup.dataset][0] == 1 and TASKS[setup.dataset][2] != "regression":
        st.subheader(t(T + "result.projection_title"))
        st.markdown(t(T + "result.projection_text"))
        view.projection(hidden_values(run.layers, x)[:, 0], predicted_class(target), [red, blue],
                        [GRADIENT, FORWARD], t(T + "result.projection_x"))
    st.subheader(t(T + "result.weights_title"))
    numbers_table(view.weights_table(run.layers, (t(T + "result.layer"), t(T + "result.unit"))),
                  title=t(T + "result.weights_table"), expanded=True)
    d1, d2, _ = st.columns([1, 1, 2])
    d1.download_button(t(T + "result.download_weights"), view.weights_csv(run.layers),
                       file_name="weights.csv", mime="text/csv", icon=":material/download:",
                       on_click="ignore")
    d2.download_button(t(T + "result.download_history"),
                       json.dumps({"setup": {k: v for k, v in setup.__dict__.items() if k != "start"},
                                   "epochs_done": run.epochs_done, "diverged_at": run.diverged_at,
                                   **{k: v.tolist() for k, v in hist.items()}}, indent=1),
                       file_name="history.json", mime="application/json", icon=":material/download:",
                       on_click="ignore")


@section(T + "ref")
def scikit_learn(setup: Setup) -> None:
    asked = st.session_state.setdefault("p8_ref_asked", set())
    if st.button(t(T + "ref.button"), icon=":material/compare_arrows:", key="p8_ref"):
        asked.add(setup)
    if setup not in asked:
        return
    with st.spinner(t(T + "ref.running")):
        ref = cached_reference(setup)
    if ref is None:
        st.warning(t(T + "ref.unsupported"), icon=":material/info:")
        return
    hist, kind = view.current_run(setup).history(), t(f"{T}ref.{ref['kind']}")
    ours, ours_test = (hist["accuracy"], hist["test_accuracy"]) if ref["kind"] == "accuracy" else (
        hist["loss"], hist["test_loss"])
    st.dataframe(pd.DataFrame({
        "": [t(T + "ref.ours"), t(T + "ref.sklearn")],
        f"{kind} ({t(T + 'hist.train')})": [fmt(ours[-1]) if len(ours) else "—", fmt(ref["train"])],
        f"{kind} ({t(T + 'hist.test')})": [fmt(ours_test[-1]) if len(ours_test) else "—",
                                          "—" if ref["test"] is None else fmt(ref["test"])],
        t(T + "ref.seconds"): [fmt(view.current_run(setup).seconds, 2), fmt(ref["seconds"], 2)],
    }), hide_index=True, width="stretch")
    st.caption(t(T + "ref.differences"))


linked(choose_an_experiment, train_it, what_it_learned, scikit_learn)
show_code(train, mlp_forward, mlp_backward_with_deltas, loss_and_gradient, build_network)
quiz(PAGE)
prev_next(PAGE)
