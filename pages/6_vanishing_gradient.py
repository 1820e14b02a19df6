"""Page 6 — the vanishing gradient (seed 001 §3.5)."""

import pandas as pd
import streamlit as st

from core.deep import (
    INITS,
    compare_training,
    deep_network,
    first_to_last,
    gradient_profile,
    higher_accuracy,
    init_std,
    mean_saturation,
    sigmoid_bound,
    smallest_gradient,
    underflowed,
)
from core.format import fmt, latex_number
from core.training import train
from ui.plot.theme import ACCENT, AFFINE, BEFORE, FORWARD, GRADIENT
from ui.shell import labels, page_frame, page_header, prev_next, section, t
from ui.views import vanishing as view
from ui.widgets import choice, numbers_table, predict, quiz, show_code

PAGE = "vanishing"
T = "vanishing."
EXPERIMENT_ACTS = ["sigmoid", "tanh", "relu"]
ACT_COLORS = {"sigmoid": ACCENT, "tanh": AFFINE, "relu": FORWARD}
LEARNING_RATES = (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
TRAIN_INITS = ("recommended", *INITS)
# the defaults: section 1 the article's two layers, section 2 a 20-layer Xavier network, section 3
# an 8-layer pair trained 200 steps with η = 0.1
DEFAULTS = {"layers": 2, "depth": 20, "width": 32, "act": "sigmoid", "init": "xavier", "seed": 0,
            "train_depth": 8, "steps": 200, "lr": 0.1, "train_init": "recommended"}
URL = {"bind": "query-params"}  # the address bar reproduces the view: ?depth=30&exp_act=relu&train_lr=0.5
QUIZ_LAYERS = 4  # the number question: four sigmoid hidden layers, 0.25^4

lang = page_frame(PAGE)
page_header(PAGE)
act_names = labels(T + "act", EXPERIMENT_ACTS)
init_names = labels(T + "init", [*INITS, "recommended"])
layer_x = t(T + "profile.layer_x")


@st.cache_data(show_spinner=False, max_entries=64)
def cached_profile(depth: int, width: int, activation: str, init: str, seed: int):
    return gradient_profile(depth, width, activation, init, seed)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_runs(depth: int, epochs: int, lr: float, init: str):
    return compare_training(("sigmoid", "relu"), depth, 16, epochs, lr, init)


@section(T + "bound")
def the_bound() -> None:
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.latex(r"f'(u) = f(u)\,\bigl(1 - f(u)\bigr) \le \tfrac{1}{2}\cdot\tfrac{1}{2} = 0.25")
        n = st.slider(t(T + "bound.layers"), 1, 30, DEFAULTS["layers"], key="layers", **URL)
        bound = sigmoid_bound(n)
        st.latex(rf"0.25^{{{n}}} = {latex_number(bound[-1])}")
        st.metric(t(T + "bound.metric", n=n), fmt(bound[-1]))
        st.caption(t(T + "bound.seed_example", value=fmt(sigmoid_bound(2)[-1])))
    with right:
        view.per_layer({t(T + "bound.series"): bound}, t(T + "bound.y"), t(T + "bound.x"), (GRADIENT,),
                       first_layer=0, height=260)


@section(T + "profile")
def every_layers_gradient() -> None:
    c1, c2, c3, c4, c5 = st.columns(5)
    depth = c1.slider(t(T + "profile.depth"), 2, 50, DEFAULTS["depth"], key="depth", **URL)
    width = c2.slider(t(T + "profile.width"), 4, 64, DEFAULTS["width"], step=4, key="width", **URL)
    activation = choice(c3.selectbox, t(T + "profile.activation"), EXPERIMENT_ACTS, default=DEFAULTS["act"],
                        key="exp_act", format_func=act_names.get)
    init = choice(c4.selectbox, t(T + "profile.init"), INITS, default=DEFAULTS["init"], key="init",
                  format_func=init_names.get)
    seed = int(c5.number_input(t(T + "profile.seed"), 0, 9999, DEFAULTS["seed"], key="seed", **URL))
    profile = cached_profile(depth, width, activation, init, seed)
    st.caption(t(T + "profile.init_std", std=fmt(init_std(width, width, init)), init=init_names[init]))
    low = smallest_gradient(profile)
    if not predict(PAGE, "smallest", low.where, options=("first", "middle", "last", "same"),
                   context=(depth, width, activation, init, seed),
                   fields={"depth": depth, "width": width, "act": act_names[activation],
                           "init": init_names[init], "seed": seed, "n": depth + 1,
                           "smallest": fmt(low.smallest), "low": low.smallest_layer,
                           "largest": fmt(low.largest), "high": low.largest_layer,
                           "spread": fmt(low.spread, 3)}):
        return
    grad_name, bound_name = t(T + "profile.grad_series"), t(T + "profile.bound_series")
    spread_name, sat_name = t(T + "profile.spread_series"), t(T + "profile.sat_series")
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"**{t(T + 'profile.grad_title')}**")
        view.per_layer({grad_name: profile.grad_norm, bound_name: profile.bound}, t(T + "profile.grad_y"),
                       layer_x, (GRADIENT, BEFORE), dashed=(bound_name,))
    with right:
        st.markdown(f"**{t(T + 'profile.act_title')}**")
        view.per_layer({spread_name: profile.act_std}, t(T + "profile.act_y"), layer_x, (FORWARD,))
    m1, m2, m3 = st.columns(3)
    m1.metric(t(T + "profile.ratio"), fmt(first_to_last(profile), 3))
    m2.metric(t(T + "profile.bound_ratio", n=depth), fmt(sigmoid_bound(depth)[-1], 3))
    m3.metric(t(T + "profile.saturated"), f"{fmt(100 * mean_saturation(profile), 3)} %",
              help=t(T + "profile.saturated_help"))
    if lost := underflowed(profile):
        st.warning(t(T + "profile.underflow", n=lost), icon=":material/exposure_zero:")
    st.markdown(t(f"{T}profile.reading.{activation}"))
    numbers_table(pd.DataFrame({
        layer_x: range(1, depth + 2), grad_name: profile.grad_norm, bound_name: profile.bound,
        # the output layer has no hidden activations: its cells say so instead of NaN
        spread_name: [*(fmt(v) for v in profile.act_std), "—"],
        sat_name: [*(fmt(v) for v in profile.saturated), "—"],
    }))


@section(T + "train")
def train_them() -> None:
    c1, c2, c3, c4 = st.columns(4)
    depth = c1.slider(t(T + "train.depth"), 2, 16, DEFAULTS["train_depth"], key="train_depth", **URL)
    epochs = c2.slider(t(T + "train.steps"), 50, 400, DEFAULTS["steps"], step=50, key="train_steps", **URL)
    lr = c3.select_slider(t(T + "train.lr"), LEARNING_RATES, value=DEFAULTS["lr"], key="train_lr", **URL)
    init = choice(c4.selectbox, t(T + "train.init"), TRAIN_INITS, default=DEFAULTS["train_init"],
                  key="train_init", format_func=init_names.get)
    with st.spinner(t(T + "train.running")):
        runs, (x, y) = cached_runs(depth, epochs, lr, init)
    final = {act: h for act, (h, _) in runs.items()}
    if not predict(PAGE, "learner", higher_accuracy({act: h.accuracy[-1] for act, h in final.items()}),
                   options=("sigmoid", "relu", "same"), context=(depth, epochs, lr, init),
                   fields={"depth": depth, "steps": epochs, "lr": fmt(lr), "init": init_names[init],
                           **{act: f"{fmt(100 * h.accuracy[-1], 3)} %" for act, h in final.items()},
                           **{f"{act}_loss": fmt(h.loss[-1]) for act, h in final.items()}}):
        view.rings(x, y, {1: t(T + "train.inner"), 0: t(T + "train.outer")}, (FORWARD, ACCENT))
        return  # the data stays in view; the runs wait for the prediction
    colors = tuple(ACT_COLORS[act] for act in runs)
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"**{t(T + 'train.loss_title')}**")
        view.loss_histories({act_names[act]: h.loss for act, (h, _) in runs.items()}, t(T + "train.step_x"),
                            t(T + "train.loss_y"), colors)
    moved = {act_names[act]: mv for act, (_, mv) in runs.items()}
    with right:
        st.markdown(f"**{t(T + 'train.move_title')}**")
        view.per_layer(moved, t(T + "train.move_y"), layer_x, colors)
    cols = st.columns(len(runs) + 1)
    for col, (act, (h, mv)) in zip(cols, runs.items(), strict=False):
        col.metric(t(T + "train.accuracy", act=act_names[act]), f"{fmt(100 * h.accuracy[-1], 3)} %")
        col.caption(t(T + "train.first_moved", value=fmt(100 * mv[0], 2)))
        if h.diverged_at is not None:
            col.error(t(T + "train.diverged", k=h.diverged_at), icon=":material/trending_up:")
    with cols[-1]:
        view.rings(x, y, {1: t(T + "train.inner"), 0: t(T + "train.outer")}, (FORWARD, ACCENT))
    st.markdown(t(T + "train.reading"))
    numbers_table(pd.concat([pd.DataFrame({layer_x: range(1, len(mv) + 1), t(T + "train.move_y"): mv,
                                           "": name}) for name, mv in moved.items()]))


@section(T + "fix")
def what_fixes_it() -> None:
    st.markdown("\n".join(f"- {t(T + 'fix.' + item)}" for item in ("relu", "init", "more")))


the_bound()
every_layers_gradient()
train_them()
what_fixes_it()
show_code(sigmoid_bound, init_std, deep_network, gradient_profile, train)
quiz(PAGE, numbers={"q2": sigmoid_bound(QUIZ_LAYERS)[-1]})
prev_next(PAGE)
