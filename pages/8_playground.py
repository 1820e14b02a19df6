"""Page 8 — the training playground: the seeds' own training examples (seeds 000, 002, 004)."""

import numpy as np
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
    predicted_class,
    training_outcome,
    updates_per_epoch,
    with_changes,
)
from core.reference import sklearn_reference
from core.surface import ARTICLE_END, ENDS, SAME_POINT, end_kind, rbf_loss, surface_window
from core.training import loss_and_gradient, train
from ui.plot.theme import FORWARD, GRADIENT
from ui.shell import labels, linked, page_frame, page_header, prev_next, progress, section, t
from ui.views import playground as view
from ui.widgets import answered, choice, markdown_table, numbers_table, predict, quiz, show_code

PAGE = "playground"
T = "playground."
LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0]
BATCHES = ["1", "4", "8", "16", "32", "64", "all"]
# The settings live in the address bar (a link reproduces the experiment) and in the session (a
# visit to another page keeps them); the first visit starts from the Qiita article's 2-3-3 network.
# Their keys are the address's parameter names, and kept for the whole session, so none is a key
# another page uses (page 4's ``lr`` would otherwise take this page's η, and the reverse).
KEEP = {"persist_state": "session", "bind": "query-params"}
KEPT = {"persist_state": "session"}  # for ``choice``, which keeps the option in the address itself
FIRST = "seed002_classes"
START = PRESETS[FIRST]
ARTICLE = PRESETS["seed000_rbf"]  # the RBF article's network, data and 30 steps, for the loss surface
SURFACE_LRS = [0.5, 1.0, 2.0, 4.0, 8.0, 12.0, 16.0, 24.0, 32.0, 48.0]

lang = page_frame(PAGE)
page_header(PAGE)


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
    example = choice(st.selectbox, t(T + "choose.preset"), [*PRESETS, "custom"], default=FIRST,
                     key="example", **KEPT, format_func=labels(T + "presets", [*PRESETS, "custom"]).get,
                     on_change=_load_preset)
    data_col, net_col, opt_col = st.columns(3, gap="large")
    with data_col:
        st.markdown(f"**{t(T + 'data.title')}**")
        dataset = choice(st.selectbox, t(T + "data.dataset"), DATASETS, default=START.dataset,
                         key="data", **KEPT, format_func=labels(T + "datasets", DATASETS).get)
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
        activation = choice(st.selectbox, t(T + "net.activation"), list(ACTIVATIONS),
                            default=START.activation, key="activation", **KEPT,
                            format_func=labels(T + "acts", ACTIVATIONS).get)
        heads = ["|".join(h) for h in HEADS[TASKS[dataset][2]]]
        if st.session_state.get("head", heads[0]) not in heads:
            st.session_state.head = heads[0]
        head = choice(st.selectbox, t(T + "net.head"), heads, default=heads[0], key="head", **KEPT,
                      format_func=labels(T + "heads", heads).get)
        init = choice(st.selectbox, t(T + "net.init"), INITS, default=START.init, key="initial", **KEPT,
                      format_func=labels(T + "inits", INITS).get)
    with opt_col:
        st.markdown(f"**{t(T + 'opt.title')}**")
        lr = st.select_slider(t(T + "opt.lr"), LRS, START.lr, key="eta", **KEEP)
        momentum = st.slider(t(T + "opt.momentum"), 0.0, 0.99, START.momentum, step=0.01, key="momentum",
                             **KEEP, help=t(T + "opt_help.momentum"))
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


def outcome_predicted(setup: Setup, run: view.Run) -> bool:
    """The first moment: how training will end. Asked before training starts, when nobody knows
    the answer yet (the page shows the prediction alone); the verdict comes once the run is done."""
    if not progress.asking():
        return True  # nothing to ask, nothing to compute
    task, data = TASKS[setup.dataset][2], view.data_for(setup)
    score = t(T + ("score.r2" if task == "regression" else "score.accuracy"))
    fields = {"sizes": view.sizes_text(run.layers), "lr": fmt(setup.lr), "epochs": setup.epochs,
              "n_train": len(data[0]), "n_test": len(data[2]), "fit": view.score_text(GOOD_FIT, task),
              "limit": fmt(OVERFIT_RATIO), "score": score, "train": "—", "test": "—", "ratio": "—",
              "k": run.diverged_at or "—"}
    truth = None
    if view.finished(run, setup):
        result = training_outcome(run.layers, data, run.history(), run.diverged_at, task)
        truth = result.kind
        fields.update(train=view.score_text(result.train_score, task),
                      test=view.score_text(result.test_score, task),
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
            view.predictions(setup, run)
        with history.container():
            view.histories(run)

    if go:
        view.advance(run, setup, on_chunk=draw)
        st.rerun()  # the whole page: the buttons and results for the finished (or diverged) run
    if not ready and run.epochs_done:  # trained before this prediction: its result would answer it
        return
    draw(run)
    if run.diverged_at is not None:
        st.error(t(T + "train.diverged", k=run.diverged_at), icon=":material/trending_up:")


@section(T + "result")
def what_it_learned(setup: Setup) -> None:
    run, (x, target, _, _) = view.current_run(setup), view.data_for(setup)
    hist = run.history()
    # a run trained before the outcome was predicted for these settings: its scores would answer it
    hidden = len(hist["loss"]) > 0 and not answered(PAGE, "outcome", outcome_context(setup))
    if hidden:
        st.info(t(T + "result.waiting"), icon=":material/hourglass_empty:")
    elif len(hist["loss"]):
        view.scores(run)
    if TASKS[setup.dataset][0] == 1 and TASKS[setup.dataset][2] != "regression" and not hidden:
        st.subheader(t(T + "result.projection_title"))
        st.markdown(t(T + "result.projection_text"))
        view.projection(hidden_values(run.layers, x)[:, 0], predicted_class(target), list(view.class_names()),
                        [GRADIENT, FORWARD], t(T + "result.projection_x"))
    st.subheader(t(T + "result.weights_title"))
    shapes = [np.asarray(W).shape for W, _, _ in run.layers]
    count = parameter_count(run.layers)
    if not predict(PAGE, "params", count, tol=0.5, context=(shapes,),
                   fields={"sizes": view.sizes_text(run.layers), "total": count,
                           "weights": " + ".join(f"{a} × {b}" for a, b in shapes),
                           "biases": " + ".join(str(a) for a, _ in shapes)}):
        return
    numbers_table(view.weights_table(run.layers, (t(T + "result.layer"), t(T + "result.unit"))),
                  title=t(T + "result.weights_table"), expanded=True)
    view.downloads(setup, run)


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
    st.dataframe(view.reference_table(ref, view.current_run(setup)), hide_index=True, width="stretch")
    st.caption(t(T + "ref.differences"))


@section(T + "surface", formula=view.SURFACE_FORMULA)
def the_rbf_articles_loss_surface() -> None:
    k = T + "surface."
    lr_col, seed_col = st.columns(2, gap="large")
    lr = lr_col.select_slider(t(k + "lr"), SURFACE_LRS, ARTICLE.lr, key="surface_eta", **KEEP,
                              help=t(k + "lr_help"))
    seed = int(seed_col.number_input(t(k + "seed"), 0, 9999, ARTICLE.seed, key="surface_seed", **KEEP,
                                     help=t(k + "seed_help")))
    data = with_changes(ARTICLE, seed=seed)
    steps = view.rbf_descent(data)  # the article's own steps (η = 8 on the mean): what the question asks
    fields = {"seed": seed, "lr": fmt(ARTICLE.lr), "wh": fmt(steps.w_h[-1], 3), "wo": fmt(steps.w_o[-1], 3),
              "acc": view.score_text(steps.accuracy[-1], "binary"), "tol": fmt(SAME_POINT),
              "fit": view.score_text(GOOD_FIT, "binary"), "a_wh": fmt(ARTICLE_END.w_h),
              "a_wo": fmt(ARTICLE_END.w_o), "a_lr": fmt(ARTICLE_END.lr)}
    if not predict(PAGE, "surface", end_kind(steps), options=ENDS, context=(seed,), fields=fields):
        return
    chosen = with_changes(data, lr=float(lr))
    path = view.rbf_descent(chosen)
    area = view.rbf_surface(data, surface_window(path))
    names = ("w_h", "w_o", "L", *(t(k + name) for name in ("start", "end", "article_end")))
    view.surface(area, path, ARTICLE_END, names, (t(k + "step"), t(k + "rate")))
    st.caption(t(k + "legend"))
    low_h, low_o, low = area.lowest()
    st.markdown(t(k + ("no_bottom" if area.lowest_on_edge() else "bottom"),
                  L=fmt(low, 3), wh=fmt(low_h, 3), wo=fmt(low_o, 3)))
    columns = tuple(t(k + f"steps.{c}") for c in ("k", "rate", "w_h", "w_o", "L"))
    numbers_table(view.steps_table(path, columns), title=t(k + "steps.title"))
    st.subheader(t(k + "versus"))
    st.markdown(markdown_table(view.comparison_table(ARTICLE_END, path, chosen)))
    st.markdown(t(k + "why", cost=fmt(ARTICLE_END.cost), wh=fmt(ARTICLE_END.w_h), wo=fmt(ARTICLE_END.w_o)))


linked(choose_an_experiment, train_it, what_it_learned, scikit_learn)
the_rbf_articles_loss_surface()
show_code(train, mlp_forward, mlp_backward_with_deltas, loss_and_gradient, build_network, rbf_loss)
quiz(PAGE, numbers={"q4": updates_per_epoch(PRESETS[FIRST])})
prev_next(PAGE)
