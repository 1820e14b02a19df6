"""Page 8 — the training playground: the seeds' own training examples (seeds 000, 002, 004)."""

import json

import pandas as pd
import streamlit as st

from core.activations import ACTIVATIONS
from core.format import fmt, fmt_array
from core.network import backward_checked, forward_checked
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
from ui import charts
from ui import playground_run as runs
from ui.frame import page_frame, page_header, prev_next
from ui.i18n import labels, t
from ui.playground_charts import (
    history_chart,
    line_fit_chart,
    projection_chart,
    regions_chart,
)
from ui.widgets import numbers_table, quiz, section, show_code

PAGE = "playground"
LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0]
BATCHES = ["1", "4", "8", "16", "32", "64", "all"]
KEEP = {"persist_state": "session"}  # the settings survive a visit to another page

lang = page_frame(PAGE)
page_header(PAGE)


def _load_preset() -> None:
    """Copy a preset into every widget (a callback, so it runs before the widgets are drawn)."""
    key = st.session_state.p8_preset
    if key not in PRESETS:
        return
    s = PRESETS[key]
    st.session_state.update({
        "p8_base": key, "p8_dataset": s.dataset, "p8_n": s.n_samples, "p8_noise": s.noise,
        "p8_seed": s.seed, "p8_test": s.test_fraction, "p8_layers": len(s.hidden),
        "p8_act": s.activation, "p8_head": "|".join(s.head), "p8_init": s.init, "p8_lr": s.lr,
        "p8_mom": s.momentum, "p8_batch": "all" if s.batch_size is None else str(s.batch_size),
        "p8_epochs": s.epochs, "p8_decay": s.lr_decay, "p8_freeze": s.freeze_biases,
    })
    for i, width in enumerate(s.hidden, start=1):
        st.session_state[f"p8_w{i}"] = width


if "p8_base" not in st.session_state:  # first visit: start from seed 002's three classes
    st.session_state.p8_preset = "seed002_classes"
    _load_preset()

@st.cache_data(show_spinner=False, max_entries=16)
def cached_reference(setup: Setup):
    x, t_, xt, tt = runs.data_for(setup)
    return sklearn_reference(setup, x, t_, xt if len(xt) else None, tt if len(xt) else None)


@st.fragment
def playground(s1, s2, s3, s4) -> None:
    """Sections 1-4 all follow the settings: a change reruns them, not the whole page. The
    fragment fills the sections' containers (``s1`` ... ``s4``) below their titles, which do
    not change and so are not sent again."""
    # --- 1. Choose an experiment ---------------------------------------------------------
    with s1:
        preset_names = labels("playground.presets", [*PRESETS, "custom"])
        st.selectbox(t("playground.choose.preset"), [*PRESETS, "custom"], key="p8_preset", **KEEP,
                     format_func=preset_names.get, on_change=_load_preset)

        data_col, net_col, opt_col = st.columns(3, gap="large")
        with data_col:
            st.markdown(f"**{t('playground.data.title')}**")
            dataset = st.selectbox(t("playground.data.dataset"), DATASETS, key="p8_dataset", **KEEP,
                                   format_func=labels("playground.datasets", DATASETS).get)
            n = st.slider(t("playground.data.samples"), 10, 600, step=10, key="p8_n", **KEEP,
                          help=t("playground.data.samples_help"))
            noise = st.slider(t("playground.data.noise"), 0.0, 1.0, step=0.05, key="p8_noise", **KEEP,
                              disabled=dataset == "three_classes", help=t("playground.data.noise_help"))
            seed = st.number_input(t("playground.data.seed"), 0, 9999, key="p8_seed", **KEEP)
            test_fraction = st.slider(t("playground.data.test"), 0.0, 0.5, step=0.1, key="p8_test", **KEEP)
        with net_col:
            st.markdown(f"**{t('playground.net.title')}**")
            n_layers = st.slider(t("playground.net.layers"), 1, 3, key="p8_layers", **KEEP)
            for i in range(1, n_layers + 1):
                st.session_state.setdefault(f"p8_w{i}", 8)
            hidden = tuple(st.slider(t("playground.net.width", i=i), 1, MAX_UNITS, key=f"p8_w{i}", **KEEP)
                           for i in range(1, n_layers + 1))
            activation = st.selectbox(t("playground.net.activation"), list(ACTIVATIONS), key="p8_act", **KEEP,
                                      format_func=labels("playground.acts", ACTIVATIONS).get)
            task = TASKS[dataset][2]
            head_options = ["|".join(h) for h in HEADS[task]]
            if st.session_state.get("p8_head") not in head_options:
                st.session_state.p8_head = head_options[0]
            head = st.selectbox(t("playground.net.head"), head_options, key="p8_head", **KEEP,
                                format_func=labels("playground.heads", head_options).get)
            init = st.selectbox(t("playground.net.init"), INITS, key="p8_init", **KEEP,
                                format_func=labels("playground.inits", INITS).get)
        with opt_col:
            st.markdown(f"**{t('playground.opt.title')}**")
            lr = st.select_slider(t("playground.opt.lr"), LRS, key="p8_lr", **KEEP)
            momentum = st.slider(t("playground.opt.momentum"), 0.0, 0.99, step=0.01, key="p8_mom", **KEEP)
            batch = st.select_slider(t("playground.opt.batch"), BATCHES, key="p8_batch", **KEEP,
                                     help=t("playground.opt.batch_help"))
            epochs = st.slider(t("playground.opt.epochs"), 1, 1000, key="p8_epochs", **KEEP)
            decay = st.checkbox(t("playground.opt.decay"), key="p8_decay", **KEEP)
            freeze = st.checkbox(t("playground.opt.freeze"), key="p8_freeze", **KEEP)

        setup: Setup = with_changes(
            PRESETS[st.session_state.p8_base], dataset=dataset, n_samples=int(n), noise=float(noise),
            seed=int(seed), test_fraction=float(test_fraction), hidden=hidden, activation=activation,
            head=tuple(head.split("|")), init=init, lr=float(lr), momentum=float(momentum),
            batch_size=None if batch == "all" else int(batch), epochs=int(epochs), lr_decay=decay,
            freeze_biases=freeze)
        matching = [k for k, s in PRESETS.items() if s == setup]
        if matching:
            st.info(t(f"playground.about.{matching[0]}"), icon=":material/menu_book:")
        else:
            st.caption(t("playground.about.custom"))
        if setup.start:
            start = "; ".join(f"W{i} = {fmt_array(W)}, b{i} = {fmt_array(b)}"
                              for i, (W, b) in enumerate(setup.start, start=1))
            st.caption(t("playground.choose.fixed_start", start=start))

    # --- 2. Train -------------------------------------------------------------------------
    with s2:
        x_train, t_train, x_test, t_test = runs.data_for(setup)
        run = runs.current_run(setup)
        buttons = st.columns([1, 1, 4], vertical_alignment="center")
        go = buttons[0].button(t("playground.train.continue" if 0 < run.epochs_done < setup.epochs
                                 else "playground.train.start"), type="primary", icon=":material/play_arrow:",
                               disabled=runs.finished(run, setup), key="p8_go", width="stretch")
        buttons[1].button(t("playground.train.reset"), icon=":material/restart_alt:", key="p8_reset",
                          on_click=runs.reset, args=(setup,), width="stretch")
        buttons[2].caption(t("playground.train.hint"))
        bar = st.progress(min(run.epochs_done / setup.epochs, 1.0),
                          text=t("playground.train.progress", done=run.epochs_done, total=setup.epochs))
        picture_col, history_col = st.columns([1, 1], gap="large")
        picture_slot, history_slot = picture_col.empty(), history_col.empty()
        # seed 000: t = 1 is the blue class, t = 0 the red class
        BINARY_NAMES = [t("playground.classes.red"), t("playground.classes.blue")]
        BINARY_COLORS = [charts.GRADIENT, charts.FORWARD]
        class_names = {2: [t("playground.classes.blue"), t("playground.classes.red")],
                       3: [t(f"playground.classes.c{i}") for i in (1, 2, 3)]}


        def draw(run) -> None:
            """The data with what the network currently predicts, and the loss history."""
            layers = run.layers
            with picture_slot.container():
                if task == "regression":
                    xs, ys = predict_line(layers, (-1.0, 1.0))
                    data_name = t("playground.pic.data")
                    charts.show(line_fit_chart(xs, ys[:, 0], x_train, t_train, t("playground.pic.model"), "y",
                                               [data_name] * len(x_train), [data_name], [charts.BEFORE],
                                               reference=target_curve(setup, xs),
                                               reference_name=t("playground.pic.sine")))
                elif TASKS[dataset][0] == 1:
                    xs, ys = predict_line(layers, (-3.5, 3.5))
                    point_names = [BINARY_NAMES[c] for c in predicted_class(t_train)]
                    charts.show(line_fit_chart(xs, ys[:, 0], x_train, t_train, t("playground.pic.p_blue"),
                                               t("playground.pic.p_blue"), point_names, BINARY_NAMES,
                                               BINARY_COLORS))
                else:
                    lo, hi = x_train.min(axis=0) - 0.5, x_train.max(axis=0) + 0.5
                    gx, gy, grid = predict_grid(layers, (lo[0], hi[0]), (lo[1], hi[1]), 50)
                    names = class_names[t_train.shape[1]]
                    charts.show(regions_chart(gx, gy, predicted_class(grid), x_train,
                                              predicted_class(t_train), names, size=400), stretch=False)
            with history_slot.container():
                hist = runs.history_arrays(run)
                if len(hist["loss"]):
                    train_name, test_name = t("playground.hist.train"), t("playground.hist.test")

                    def curves(train_values, test_values) -> pd.DataFrame:
                        """One row per epoch and series (the test series only when there is one)."""
                        epochs_axis = range(1, len(train_values) + 1)
                        return pd.concat([
                            pd.DataFrame({"epoch": epochs_axis, "value": values, "series": name})
                            for values, name in ((train_values, train_name), (test_values, test_name))
                            if len(values)])

                    charts.show(history_chart(curves(hist["loss"], hist["test_loss"]),
                                              t("playground.hist.loss"), t("playground.hist.epoch"),
                                              [train_name, test_name], [charts.FORWARD, charts.ACCENT],
                                              log=True))
                    if len(hist["accuracy"]):
                        charts.show(history_chart(curves(hist["accuracy"], hist["test_accuracy"]),
                                                  t("playground.hist.accuracy"), t("playground.hist.epoch"),
                                                  [train_name, test_name], [charts.FORWARD, charts.ACCENT],
                                                  height=200))
                else:
                    st.info(t("playground.train.untrained"), icon=":material/hourglass_empty:")


        def on_chunk(run) -> None:
            bar.progress(min(run.epochs_done / setup.epochs, 1.0),
                         text=t("playground.train.progress", done=run.epochs_done, total=setup.epochs))
            draw(run)


        if go:
            runs.advance(run, setup, on_chunk)
            st.rerun()  # redraw the buttons and results for the finished (or diverged) run
        draw(run)
        if run.diverged_at is not None:
            st.error(t("playground.train.diverged", k=run.diverged_at), icon=":material/trending_up:")

    # --- 3. What the network learned --------------------------------------------------------
    with s3:
        hist = runs.history_arrays(run)
        m = st.columns(4)
        if len(hist["loss"]):
            m[0].metric(t("playground.result.train_loss"), fmt(hist["loss"][-1]))
            if len(hist["test_loss"]):
                m[1].metric(t("playground.result.test_loss"), fmt(hist["test_loss"][-1]))
            if len(hist["accuracy"]):
                m[2].metric(t("playground.result.train_acc"), f"{fmt(100 * hist['accuracy'][-1], 3)} %")
            if len(hist["test_accuracy"]):
                m[3].metric(t("playground.result.test_acc"), f"{fmt(100 * hist['test_accuracy'][-1], 3)} %")
            st.caption(t("playground.result.time", epochs=run.epochs_done, seconds=fmt(run.seconds, 2)))

        if TASKS[dataset][0] == 1 and task != "regression":
            st.subheader(t("playground.result.projection_title"))
            st.markdown(t("playground.result.projection_text"))
            h = hidden_values(run.layers, x_train)[:, 0]
            charts.show(projection_chart(h, predicted_class(t_train), BINARY_NAMES, BINARY_COLORS,
                                         t("playground.result.projection_x")))

        st.subheader(t("playground.result.weights_title"))
        weight_rows = [{t("playground.result.layer"): f"{i}", t("playground.result.unit"): j + 1,
                        **{f"w{k + 1}": v for k, v in enumerate(W[j])}, "b": b[j]}
                       for i, (W, b, _) in enumerate(run.layers, start=1) for j in range(W.shape[0])]
        # layers have different fan-in: a weight a layer does not have is shown as "—", not NaN
        weights = pd.DataFrame(weight_rows)
        weight_cols = [c for c in weights.columns if c[0] == "w" and c[1:].isdigit()]
        weights[weight_cols] = weights[weight_cols].map(lambda v: "—" if pd.isna(v) else fmt(v))
        numbers_table(weights, title=t("playground.result.weights_table"), expanded=True)
        csv_rows = [{"layer": i, "unit": j + 1, "input": k + 1, "weight": W[j, k]}
                    for i, (W, b, _) in enumerate(run.layers, start=1)
                    for j in range(W.shape[0]) for k in range(W.shape[1])]
        csv_rows += [{"layer": i, "unit": j + 1, "input": "bias", "weight": b[j]}
                     for i, (W, b, _) in enumerate(run.layers, start=1) for j in range(W.shape[0])]
        d1, d2, _ = st.columns([1, 1, 2])
        d1.download_button(t("playground.result.download_weights"),
                           pd.DataFrame(csv_rows).to_csv(index=False), file_name="weights.csv",
                           mime="text/csv", icon=":material/download:", on_click="ignore")
        d2.download_button(t("playground.result.download_history"),
                           json.dumps({"setup": {k: v for k, v in setup.__dict__.items() if k != "start"},
                                       "epochs_done": run.epochs_done, "diverged_at": run.diverged_at,
                                       **{k: v.tolist() for k, v in hist.items()}}, indent=1),
                           file_name="history.json", mime="application/json", icon=":material/download:",
                           on_click="ignore")

    # --- 4. scikit-learn as a reference -----------------------------------------------------
    with s4:


        asked = st.session_state.setdefault("p8_ref_asked", set())
        if st.button(t("playground.ref.button"), icon=":material/compare_arrows:", key="p8_ref"):
            asked.add(setup)
        if setup in asked:
            with st.spinner(t("playground.ref.running")):
                ref = cached_reference(setup)
            if ref is None:
                st.warning(t("playground.ref.unsupported"), icon=":material/info:")
            else:
                kind = t(f"playground.ref.{ref['kind']}")
                ours = hist["accuracy"] if ref["kind"] == "accuracy" else hist["loss"]
                ours_test = hist["test_accuracy"] if ref["kind"] == "accuracy" else hist["test_loss"]
                table = pd.DataFrame({
                    "": [t("playground.ref.ours"), t("playground.ref.sklearn")],
                    f"{kind} ({t('playground.hist.train')})": [fmt(ours[-1]) if len(ours) else "—",
                                                               fmt(ref["train"])],
                    f"{kind} ({t('playground.hist.test')})": [
                        fmt(ours_test[-1]) if len(ours_test) else "—",
                        "—" if ref["test"] is None else fmt(ref["test"])],
                    t("playground.ref.seconds"): [fmt(run.seconds, 2), fmt(ref["seconds"], 2)],
                })
                st.dataframe(table, hide_index=True, width="stretch")
                st.caption(t("playground.ref.differences"))


s1 = section(t("playground.choose.title"))
s2 = section(t("playground.train.title"))
s3 = section(t("playground.result.title"))
s4 = section(t("playground.ref.title"), t("playground.ref.intro"))
playground(s1, s2, s3, s4)

show_code(train, forward_checked, backward_checked, loss_and_gradient, build_network,
          predict_grid, sklearn_reference)
quiz(PAGE)
prev_next(PAGE)
