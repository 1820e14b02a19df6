"""Page 8 — the training playground: the seeds' own training examples (seeds 000, 002, 004)."""

import json

import numpy as np
import pandas as pd
import streamlit as st

from core.activations import ACTIVATIONS
from core.format import fmt, fmt_array
from core.network import mlp_backward_with_deltas, mlp_forward
from core.playground import (
    DATASETS,
    GOOD_FIT,
    HEADS,
    INITS,
    MAX_UNITS,
    OUTCOMES,
    OUTCOMES_WITHOUT_TEST,
    OVERFIT_RATIO,
    PRESETS,
    TASKS,
    Setup,
    build_network,
    hidden_values,
    parameter_count,
    predict_grid,
    predict_line,
    predicted_class,
    target_curve,
    training_outcome,
    updates_per_epoch,
    with_changes,
)
from core.reference import sklearn_reference
from core.training import loss_and_gradient, train
from ui.plot.theme import BEFORE, FORWARD, GRADIENT
from ui.shell import labels, linked, page_frame, page_header, prev_next, progress, section, t
from ui.views import playground as view
from ui.widgets import answered, numbers_table, predict, quiz, show_code

PAGE = "playground"
T = "playground."
LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0]
BATCHES = ["1", "4", "8", "16", "32", "64", "all"]
# The settings live in the address bar (a link reproduces the experiment) and in the session (a
# visit to another page keeps them); the first visit starts from the Qiita article's 2-3-3 network.
# Their keys are the address's parameter names, and kept for the whole session, so none is a key
# another page uses (page 4's ``lr`` would otherwise take this page's η, and the reverse).
KEEP = {"persist_state": "session", "bind": "query-params"}
FIRST = "seed002_classes"
START = PRESETS[FIRST]

lang = page_frame(PAGE)
page_header(PAGE)
red, blue = t(T + "classes.red"), t(T + "classes.blue")  # seed 000: t = 1 is blue, t = 0 red


def _load_preset() -> None:
    """Copy a preset into every widget (a callback, so it runs before the widgets are drawn)."""
    key = st.session_state.example
    if key not in PRESETS:
        return
    s = PRESETS[key]
    st.session_state.update({
        "p8_base": key, "data": s.dataset, "samples": s.n_samples, "noise": s.noise, "random_seed": s.seed,
        "test_share": s.test_fraction, "hidden": len(s.hidden), "activation": s.activation,
        "head": "|".join(s.head), "initial": s.init, "eta": s.lr, "momentum": s.momentum,
        "epochs": s.epochs, "lr_decay": s.lr_decay, "freeze": s.freeze_biases,
        "batch": "all" if s.batch_size is None else str(s.batch_size),
        **{f"h{i}": width for i, width in enumerate(s.hidden, start=1)}})


@st.cache_data(show_spinner=False, max_entries=16)
def cached_reference(setup: Setup):
    x, t_, xt, tt = view.data_for(setup)
    return sklearn_reference(setup, x, t_, xt if len(xt) else None, tt if len(xt) else None)


@section(T + "choose")
def choose_an_experiment() -> Setup:
    example = st.selectbox(t(T + "choose.preset"), [*PRESETS, "custom"], index=list(PRESETS).index(FIRST),
                           key="example", **KEEP, format_func=labels(T + "presets", [*PRESETS, "custom"]).get,
                           on_change=_load_preset)
    data_col, net_col, opt_col = st.columns(3, gap="large")
    with data_col:
        st.markdown(f"**{t(T + 'data.title')}**")
        dataset = st.selectbox(t(T + "data.dataset"), DATASETS, index=DATASETS.index(START.dataset),
                               key="data", **KEEP,
                               format_func=labels(T + "datasets", DATASETS).get)
        n = st.slider(t(T + "data.samples"), 10, 600, START.n_samples, step=10, key="samples", **KEEP,
                      help=t(T + "data.samples_help"))
        noise = st.slider(t(T + "data.noise"), 0.0, 1.0, START.noise, step=0.05, key="noise", **KEEP,
                          disabled=dataset == "three_classes", help=t(T + "data.noise_help"))
        seed = st.number_input(t(T + "data.seed"), 0, 9999, START.seed, key="random_seed", **KEEP)
        test_fraction = st.slider(t(T + "data.test"), 0.0, 0.5, START.test_fraction, step=0.1,
                                  key="test_share", **KEEP)
    with net_col:
        st.markdown(f"**{t(T + 'net.title')}**")
        n_layers = st.slider(t(T + "net.layers"), 1, 3, len(START.hidden), key="hidden", **KEEP)
        widths = (*START.hidden, 8, 8)  # a layer the first preset does not have starts with 8 units
        hidden = tuple(st.slider(t(T + "net.width", i=i), 1, MAX_UNITS, widths[i - 1], key=f"h{i}", **KEEP)
                       for i in range(1, n_layers + 1))
        activation = st.selectbox(t(T + "net.activation"), list(ACTIVATIONS),
                                  index=list(ACTIVATIONS).index(START.activation), key="activation", **KEEP,
                                  format_func=labels(T + "acts", ACTIVATIONS).get)
        heads = ["|".join(h) for h in HEADS[TASKS[dataset][2]]]
        if st.session_state.get("head", heads[0]) not in heads:
            st.session_state.head = heads[0]
        head = st.selectbox(t(T + "net.head"), heads, key="head", **KEEP,
                            format_func=labels(T + "heads", heads).get)
        init = st.selectbox(t(T + "net.init"), INITS, index=INITS.index(START.init), key="initial", **KEEP,
                            format_func=labels(T + "inits", INITS).get)
    with opt_col:
        st.markdown(f"**{t(T + 'opt.title')}**")
        lr = st.select_slider(t(T + "opt.lr"), LRS, START.lr, key="eta", **KEEP)
        momentum = st.slider(t(T + "opt.momentum"), 0.0, 0.99, START.momentum, step=0.01, key="momentum",
                             **KEEP)
        batch = st.select_slider(t(T + "opt.batch"), BATCHES, str(START.batch_size), key="batch", **KEEP,
                                 help=t(T + "opt.batch_help"))
        epochs = st.slider(t(T + "opt.epochs"), 1, 1000, START.epochs, key="epochs", **KEEP)
        decay = st.checkbox(t(T + "opt.decay"), START.lr_decay, key="lr_decay", **KEEP)
        freeze = st.checkbox(t(T + "opt.freeze"), START.freeze_biases, key="freeze", **KEEP)
    # fixed starting weights come from the example chosen (from a link too), else from the last one loaded
    base = example if example in PRESETS else st.session_state.get("p8_base", FIRST)
    setup = with_changes(
        PRESETS[base], dataset=dataset, n_samples=int(n), noise=float(noise),
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


def outcome_context(setup: Setup) -> tuple:
    """What a prediction of the outcome is tied to: everything that decides the run."""
    return (repr(setup),)


def score_text(value: float | None, task: str) -> str:
    """A score as the page shows it: an accuracy in per cent, R² as a number."""
    if value is None:
        return "—"
    return fmt(value, 3) if task == "regression" else f"{fmt(100 * value, 3)} %"


def sizes_text(layers) -> str:
    """The network's layer sizes, inputs first: 2 → 3 → 3."""
    return " → ".join(str(n) for n in (layers[0][0].shape[1], *(W.shape[0] for W, _, _ in layers)))


def outcome_predicted(setup: Setup, run: view.Run) -> bool:
    """The first moment: how training will end. Asked before training starts, when nobody knows
    the answer yet (the page shows the prediction alone); the verdict comes once the run is done."""
    if not progress.asking():
        return True  # nothing to ask, nothing to compute
    task, data = TASKS[setup.dataset][2], view.data_for(setup)
    score = t(T + ("score.r2" if task == "regression" else "score.accuracy"))
    fields = {"sizes": sizes_text(run.layers), "lr": fmt(setup.lr), "epochs": setup.epochs,
              "n_train": len(data[0]), "n_test": len(data[2]), "fit": score_text(GOOD_FIT, task),
              "limit": fmt(OVERFIT_RATIO), "score": score, "train": "—", "test": "—", "ratio": "—",
              "k": run.diverged_at or "—"}
    truth = None
    if view.finished(run, setup):
        result = training_outcome(run.layers, data, run.history(), run.diverged_at, task)
        truth = result.kind
        fields.update(train=score_text(result.train_score, task), test=score_text(result.test_score, task),
                      ratio="—" if result.loss_ratio is None else fmt(result.loss_ratio, 3))
    waited = not answered(PAGE, "outcome", outcome_context(setup))
    ready = predict(PAGE, "outcome", truth, options=OUTCOMES if len(data[2]) else OUTCOMES_WITHOUT_TEST,
                    context=outcome_context(setup), fields=fields)
    if waited and ready:
        st.rerun()  # the scores in sections 3 and 4, fragments of their own, waited for this answer too
    return ready


@section(T + "train")
def train_it(setup: Setup) -> None:
    run = view.current_run(setup)
    ready = outcome_predicted(setup, run)  # no training before the learner has said how it will end
    buttons = st.columns([1, 1.3, 3.7], vertical_alignment="center")  # 「最初からやり直す」 fits
    go = buttons[0].button(t(T + ("train.continue" if 0 < run.epochs_done < setup.epochs else "train.start")),
                           type="primary", icon=":material/play_arrow:",
                           disabled=view.finished(run, setup) or not ready, key="p8_go", width="stretch")
    buttons[1].button(t(T + "train.reset"), icon=":material/restart_alt:", key="p8_reset",
                      on_click=view.reset, args=(setup,), width="stretch")
    buttons[2].caption(t(T + "train.hint"))
    progress_bar = st.empty()
    picture, history = (col.empty() for col in st.columns(2, gap="large"))

    def draw(run: view.Run) -> None:
        progress_bar.progress(min(run.epochs_done / setup.epochs, 1.0),
                              text=t(T + "train.progress", done=run.epochs_done, total=setup.epochs))
        with picture.container():
            predictions(setup, run)
        with history.container():
            histories(run)

    if go:
        view.advance(run, setup, on_chunk=draw)
        st.rerun()  # the whole page: the buttons and results for the finished (or diverged) run
    if not ready and run.epochs_done:  # trained before this prediction: its result would answer it
        return
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
    # a run trained before the outcome was predicted for these settings: its scores would answer it
    hidden = len(hist["loss"]) > 0 and not answered(PAGE, "outcome", outcome_context(setup))
    if hidden:
        st.info(t(T + "result.waiting"), icon=":material/hourglass_empty:")
    elif len(hist["loss"]):
        cols = st.columns(4)
        for col, name, label, percent in ((cols[0], "loss", "train_loss", False),
                                          (cols[1], "test_loss", "test_loss", False),
                                          (cols[2], "accuracy", "train_acc", True),
                                          (cols[3], "test_accuracy", "test_acc", True)):
            if len(hist[name]):
                value = hist[name][-1]
                col.metric(t(f"{T}result.{label}"), f"{fmt(100 * value, 3)} %" if percent else fmt(value))
        st.caption(t(T + "result.time", epochs=run.epochs_done, seconds=fmt(run.seconds, 2)))
    if TASKS[setup.dataset][0] == 1 and TASKS[setup.dataset][2] != "regression" and not hidden:
        st.subheader(t(T + "result.projection_title"))
        st.markdown(t(T + "result.projection_text"))
        view.projection(hidden_values(run.layers, x)[:, 0], predicted_class(target), [red, blue],
                        [GRADIENT, FORWARD], t(T + "result.projection_x"))
    st.subheader(t(T + "result.weights_title"))
    shapes = [np.asarray(W).shape for W, _, _ in run.layers]
    count = parameter_count(run.layers)
    if not predict(PAGE, "params", count, tol=0.5, context=(shapes,),
                   fields={"sizes": sizes_text(run.layers), "total": count,
                           "weights": " + ".join(f"{a} × {b}" for a, b in shapes),
                           "biases": " + ".join(str(a) for a, _ in shapes)}):
        return
    numbers_table(view.weights_table(run.layers, (t(T + "result.layer"), t(T + "result.unit"))),
                  title=t(T + "result.weights_table"), expanded=True)
    d1, d2, _ = st.columns([1.1, 1.4, 1.5])  # 「学習の記録をダウンロード(JSON)」 fits
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
    if not answered(PAGE, "outcome", outcome_context(setup)):  # scikit-learn's scores would answer it
        st.info(t(T + "result.waiting"), icon=":material/hourglass_empty:")
        return
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
quiz(PAGE, numbers={"q4": updates_per_epoch(PRESETS[FIRST])})
prev_next(PAGE)
