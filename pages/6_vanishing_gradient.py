"""Page 6 — the vanishing gradient (seed 001 §3.5)."""

import pandas as pd
import streamlit as st

from core.activations import ACTIVATIONS
from core.deep import (
    INITS,
    compare_training,
    deep_network,
    first_to_last,
    gradient_profile,
    init_std,
    layer_movement,
    mean_saturation,
    sigmoid_bound,
    underflowed,
)
from core.format import fmt, latex_number
from core.network import mlp_backward_with_deltas
from core.training import train
from ui import charts
from ui.frame import page_frame, page_header, prev_next
from ui.i18n import labels, t
from ui.vanishing_charts import layer_chart, rings_chart
from ui.widgets import numbers_table, quiz, show_code

PAGE = "vanishing"
EXPERIMENT_ACTS = ["sigmoid", "tanh", "relu"]
ACT_COLORS = {"sigmoid": charts.ACCENT, "tanh": charts.AFFINE, "relu": charts.FORWARD}

lang = page_frame(PAGE)
page_header(PAGE)
act_names = labels("vanishing.act", EXPERIMENT_ACTS)
init_names = labels("vanishing.init", [*INITS, "recommended"])

# --- 1. The bound -------------------------------------------------------------------
st.header(t("vanishing.bound.title"))
st.markdown(t("vanishing.bound.intro"))


@st.fragment
def bound_section() -> None:
    """The number of layers reruns this section only."""
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.latex(r"f'(u) = f(u)\,\bigl(1 - f(u)\bigr) \le \tfrac{1}{2}\cdot\tfrac{1}{2} = 0.25")
        n_bound = st.slider(t("vanishing.bound.layers"), 1, 30, 2, key="p6_bound_layers")
        bound = sigmoid_bound(n_bound)
        st.latex(rf"0.25^{{{n_bound}}} = {latex_number(bound[-1])}")
        st.metric(t("vanishing.bound.metric", n=n_bound), fmt(bound[-1]))
        st.caption(t("vanishing.bound.seed_example", value=fmt(sigmoid_bound(2)[-1])))
    with right:
        frame = pd.DataFrame({"layer": range(len(bound)), "value": bound,
                              "series": t("vanishing.bound.series")})
        charts.show(layer_chart(frame, t("vanishing.bound.y"), t("vanishing.bound.x"),
                                [t("vanishing.bound.series")], [charts.GRADIENT], height=260))


bound_section()

# --- 2. Measure it: gradients per layer at initialisation --------------------------------
st.header(t("vanishing.profile.title"))
st.markdown(t("vanishing.profile.intro"))


@st.cache_data(show_spinner=False, max_entries=64)
def cached_profile(depth: int, width: int, activation: str, init: str, seed: int):
    return gradient_profile(depth, width, activation, init, seed)


@st.fragment
def profile_section() -> None:
    c1, c2, c3, c4, c5 = st.columns(5)
    depth = c1.slider(t("vanishing.profile.depth"), 2, 50, 20, key="p6_depth")
    width = c2.slider(t("vanishing.profile.width"), 4, 64, 32, step=4, key="p6_width")
    activation = c3.selectbox(t("vanishing.profile.activation"), EXPERIMENT_ACTS, key="p6_act",
                              format_func=act_names.get)
    init = c4.selectbox(t("vanishing.profile.init"), INITS, index=1, key="p6_init",
                        format_func=init_names.get)
    seed = c5.number_input(t("vanishing.profile.seed"), 0, 9999, 0, key="p6_seed")
    profile = cached_profile(depth, width, activation, init, int(seed))
    st.caption(t("vanishing.profile.init_std", std=fmt(init_std(width, width, init)),
                 init=init_names[init]))

    layers = range(1, depth + 2)
    grad_name, bound_name = t("vanishing.profile.grad_series"), t("vanishing.profile.bound_series")
    grads = pd.concat([
        pd.DataFrame({"layer": layers, "value": profile.grad_norm, "series": grad_name}),
        pd.DataFrame({"layer": layers, "value": profile.bound, "series": bound_name}),
    ])
    g, a = st.columns(2, gap="large")
    with g:
        st.markdown(f"**{t('vanishing.profile.grad_title')}**")
        charts.show(layer_chart(grads, t("vanishing.profile.grad_y"), t("vanishing.profile.layer_x"),
                                [grad_name, bound_name], [charts.GRADIENT, charts.BEFORE],
                                dashed=(bound_name,)))
    spread_name, sat_name = t("vanishing.profile.spread_series"), t("vanishing.profile.sat_series")
    acts = pd.DataFrame({"layer": range(1, depth + 1), "value": profile.act_std, "series": spread_name})
    with a:
        st.markdown(f"**{t('vanishing.profile.act_title')}**")
        charts.show(layer_chart(acts, t("vanishing.profile.act_y"), t("vanishing.profile.layer_x"),
                                [spread_name], [charts.FORWARD]))
    ratio = first_to_last(profile)
    m1, m2, m3 = st.columns(3)
    m1.metric(t("vanishing.profile.ratio"), fmt(ratio, 3))
    m2.metric(t("vanishing.profile.bound_ratio", n=depth), fmt(sigmoid_bound(depth)[-1], 3))
    m3.metric(t("vanishing.profile.saturated"), f"{fmt(100 * mean_saturation(profile), 3)} %",
              help=t("vanishing.profile.saturated_help"))
    lost = underflowed(profile)
    if lost:
        st.warning(t("vanishing.profile.underflow", n=lost), icon=":material/exposure_zero:")
    st.markdown(t(f"vanishing.profile.reading.{activation}"))
    numbers_table(pd.DataFrame({
        t("vanishing.profile.layer_x"): list(layers),
        grad_name: profile.grad_norm,
        bound_name: profile.bound,
        # the output layer has no hidden activations: its cells say so instead of NaN
        spread_name: [*(fmt(v) for v in profile.act_std), "—"],
        sat_name: [*(fmt(v) for v in profile.saturated), "—"],
    }))


profile_section()

# --- 3. Train them: deep sigmoid against deep ReLU ---------------------------------------
st.header(t("vanishing.train.title"))
st.markdown(t("vanishing.train.intro"))


@st.cache_data(show_spinner=False, max_entries=16)
def cached_runs(depth: int, epochs: int, lr: float, init: str):
    return compare_training(("sigmoid", "relu"), depth, 16, epochs, lr, init)


@st.fragment
def training_section() -> None:
    c1, c2, c3, c4 = st.columns(4)
    depth = c1.slider(t("vanishing.train.depth"), 2, 16, 8, key="p6_train_depth")
    epochs = c2.slider(t("vanishing.train.steps"), 50, 400, 200, step=50, key="p6_train_steps")
    lr = c3.select_slider(t("vanishing.train.lr"), [0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0], value=0.1,
                          key="p6_train_lr")
    init = c4.selectbox(t("vanishing.train.init"), ["recommended", *INITS], key="p6_train_init",
                        format_func=init_names.get)
    with st.spinner(t("vanishing.train.running")):
        runs, (x, y) = cached_runs(depth, epochs, lr, init)
    names = {act: act_names[act] for act in runs}
    domain, colors = list(names.values()), [ACT_COLORS[a] for a in runs]
    loss_frame = pd.concat([
        pd.DataFrame({"x": range(1, len(h.loss) + 1), "y": h.loss, "series": names[act]})
        for act, (h, _) in runs.items()])
    move_frame = pd.concat([
        pd.DataFrame({"layer": range(1, len(mv) + 1), "value": mv, "series": names[act]})
        for act, (_, mv) in runs.items()])
    lc, mc = st.columns(2, gap="large")
    with lc:
        st.markdown(f"**{t('vanishing.train.loss_title')}**")
        charts.show(charts.curve_chart(loss_frame, t("vanishing.train.step_x"), t("vanishing.train.loss_y"),
                                       domain, colors, height=300))
    with mc:
        st.markdown(f"**{t('vanishing.train.move_title')}**")
        charts.show(layer_chart(move_frame, t("vanishing.train.move_y"), t("vanishing.profile.layer_x"),
                                domain, colors))
    cols = st.columns(len(runs) + 1)
    for col, (act, (h, mv)) in zip(cols, runs.items(), strict=False):
        col.metric(t("vanishing.train.accuracy", act=names[act]), f"{fmt(100 * h.accuracy[-1], 3)} %")
        col.caption(t("vanishing.train.first_moved", value=fmt(100 * mv[0], 2)))
        if h.diverged_at is not None:
            col.error(t("vanishing.train.diverged", k=h.diverged_at), icon=":material/trending_up:")
    with cols[-1]:
        charts.show(rings_chart(x, y, {1: t("vanishing.train.inner"), 0: t("vanishing.train.outer")},
                                [charts.FORWARD, charts.ACCENT], size=180), stretch=False)
    st.markdown(t("vanishing.train.reading"))
    numbers_table(move_frame.rename(columns={"layer": t("vanishing.profile.layer_x"),
                                             "value": t("vanishing.train.move_y"), "series": ""}))


training_section()

# --- 4. What fixes it ---------------------------------------------------------------
st.header(t("vanishing.fix.title"))
st.markdown("\n".join(f"- {item}" for item in [t("vanishing.fix.relu"), t("vanishing.fix.init"),
                                               t("vanishing.fix.more")]))

show_code(gradient_profile, deep_network, init_std, sigmoid_bound, mlp_backward_with_deltas,
          ACTIVATIONS["sigmoid"].derivative, train, layer_movement, compare_training)
quiz(PAGE)
prev_next(PAGE)
