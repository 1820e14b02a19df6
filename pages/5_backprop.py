"""Page 5 — backpropagation step by step on seed 001's 3-2-1 network (§3.1.3, §3.3.1, §3.4)."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.format import fmt, fmt_array, latex_gathered, latex_matrix, latex_number
from core.gradcheck import numerical_gradient
from core.graph import delta_recursion, graph_state, rbf_deltas
from core.losses import mse, mse_grad
from core.network import (
    ACTIVATION_SYMBOL,
    EXAMPLE_321,
    TraceStep,
    backprop_trace,
    loss_change,
    mlp_backward_with_deltas,
    mlp_forward,
    mlp_gradient_check,
    mlp_gradient_descent,
    sign_name,
)
from core.surface import rbf_loss
from ui.shell import labels, linked, page_frame, page_header, prev_next, section, t
from ui.views import backprop as view
from ui.widgets import (
    answered,
    chips,
    choice,
    matrix_input,
    numbers_table,
    predict,
    quiz,
    reset_inputs,
    show_code,
    step_through,
)

PAGE = "backprop"
T = "backprop."
E = EXAMPLE_321
M = latex_matrix
ACTS = list(ACTIVATION_SYMBOL)
SCENARIOS = {"relu_identity": ("relu", "identity"), "sigmoid_sigmoid": ("sigmoid", "sigmoid"),
             "sigmoid_identity": ("sigmoid", "identity")}
LIMIT = 1000.0
VIEWS = ("units", "graph")
LRS = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0]
URL = {"bind": "query-params"}  # the address bar reproduces the view: ?scenario=sigmoid_sigmoid&bp_lr=0.01

lang = page_frame(PAGE)
page_header(PAGE)
act_names = labels(T + "act", ACTS)


def article_trace(act1: str, act2: str, digits: int = 4) -> dict[str, TraceStep]:
    return {s.key: s for s in backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2, act1, act2, digits=digits)}


@section(T + "seed", formula=rf"\mathbf{{x}} = {M(E.x)},\quad W_1 = {M(E.W1)},\quad W_2 = {M(E.W2)},\quad "
                             rf"\mathbf{{b}}_1 = {M(E.b1)},\quad \mathbf{{b}}_2 = {M(E.b2)},"
                             rf"\quad t = {latex_number(E.t[0])}")
def the_articles_examples() -> None:
    relu_tab, sigmoid_tab = st.tabs([t(T + "seed.relu_tab"), t(T + "seed.sigmoid_tab")])
    with relu_tab:
        relu = article_trace("relu", "identity")
        st.markdown(t(T + "seed.relu_text"))
        st.latex(latex_gathered(*(relu[key].formula for key in ("u1", "h1", "u2", "L"))))
    with sigmoid_tab:
        sig8, sig9 = article_trace("sigmoid", "sigmoid", 8), article_trace("sigmoid", "sigmoid", 9)
        st.markdown(t(T + "seed.sigmoid_text"))
        st.latex(latex_gathered(sig8["y"].formula, rf"{sig9['dL_dW2'].symbol} = {M(sig9['dL_dW2'].value, 9)}",
                                rf"{sig9['dL_dW1'].symbol} = {M(sig9['dL_dW1'].value, 9)}"))
        st.info(t(T + "seed.never_20", y=fmt(sig8["y"].value[0], 8), floor=fmt(mse([1.0], E.t)),
                  loss=fmt(sig8["L"].value, 6)), icon=":material/block:")


@dataclass(frozen=True)
class Network:
    """The learner's 3-2-1 network, its input and target, and the trace of one pass."""

    x: np.ndarray
    t: np.ndarray
    layers: list
    steps: list[TraceStep]

    @property
    def settings(self) -> tuple:
        """What a prediction about this network is tied to."""
        return (self.x, self.t, *((W, b, act) for W, b, act in self.layers))

    def step(self, key: str) -> TraceStep:
        return next(s for s in self.steps if s.key == key)


def _back_to_the_article() -> None:
    reset_inputs({"x": E.x, "t": E.t, "W1": E.W1, "b1": E.b1, "W2": E.W2, "b2": E.b2})
    st.session_state.p5_step = 0


@section(T + "setup")
def your_network() -> Network:
    with st.container(horizontal=True, vertical_alignment="bottom"):
        scenario = choice(st.segmented_control, t(T + "setup.scenario"), [*SCENARIOS, "custom"],
                          key="scenario", default="relu_identity", required=True,
                          format_func=labels(T + "scenario", [*SCENARIOS, "custom"]).get)
        st.button(t(T + "setup.reset"), on_click=_back_to_the_article, icon=":material/restart_alt:")
    c1, c2, c3, c4 = st.columns([1.2, 1.2, 1, 1], gap="medium")
    with c1:
        x = matrix_input("x", "x", E.x, max_abs=LIMIT, help=t(T + "setup.x_help"), bind=True)
        target = matrix_input("t", "t", E.t, max_abs=LIMIT, help=t(T + "setup.t_help"), bind=True)
    with c2:
        W1 = matrix_input("W₁ (2×3)", "W1", E.W1, max_abs=LIMIT, bind=True)
        b1 = matrix_input("b₁", "b1", E.b1, max_abs=LIMIT, bind=True)
    with c3:
        W2 = matrix_input("W₂ (1×2)", "W2", E.W2, max_abs=LIMIT, bind=True)
        b2 = matrix_input("b₂", "b2", E.b2, max_abs=LIMIT, bind=True)
    with c4:
        if scenario == "custom":
            act1 = choice(st.selectbox, t(T + "setup.act1"), ACTS, default="sigmoid", key="act1",
                          format_func=act_names.get)
            act2 = choice(st.selectbox, t(T + "setup.act2"), ACTS, default="identity", key="act2",
                          format_func=act_names.get)
        else:
            act1, act2 = SCENARIOS[scenario]
            st.markdown(t(T + "setup.acts_now", a1=act_names[act1], a2=act_names[act2]))
    steps = backprop_trace(x, target, W1, b1, W2, b2, act1, act2, digits=4)
    if not all(np.all(np.isfinite(s.value)) for s in steps):
        st.warning(t(T + "setup.overflow"), icon=":material/warning:")
    return Network(x, target, [(W1, b1, act1), (W2, b2, act2)], steps)


@section(T + "walk")
def step_by_step(net: Network) -> None:
    h1, y, dy, du2, dW2 = (net.step(key).value for key in ("h1", "y", "dL_dy", "dL_du2", "dL_dW2"))
    # the first entry of dL/dW2 is dL/du2 times the first hidden value: the product the reveal shows
    fields = {"y": fmt(y[0]), "t": fmt(net.t[0]), "h": fmt_array(h1), "dy": fmt(dy[0]), "du2": fmt(du2[0]),
              "h11": fmt(h1[0]), "w": fmt(dW2[0, 0]), "dW2": fmt_array(dW2)}
    waited = not answered(PAGE, "sign", net.settings)
    backward = predict(PAGE, "sign", sign_name(float(dW2[0, 0])), options=("positive", "negative", "zero"),
                       context=net.settings, fields=fields)
    if waited and backward:
        st.rerun()  # the check and the update, fragments of their own, waited for this answer too
    # until the learner has predicted, the walk stops at the loss: the backward pass waits
    steps = net.steps if backward else [s for s in net.steps if s.phase == "forward"]
    step_through("p5_step", len(steps), lambda i: one_step(net, i), shortcuts=True)
    st.subheader(t(T + "ledger.title"))
    st.dataframe(pd.DataFrame({
        "#": range(1, len(steps) + 1), t(T + "ledger.phase"): [t(f"{T}walk.{s.phase}") for s in steps],
        t(T + "ledger.quantity"): [s.text for s in steps],
        t(T + "ledger.value"): [fmt_array(s.value, 9) for s in steps],
        t(T + "ledger.step"): [t(f"{T}steps.{s.key}.title") for s in steps]}), hide_index=True,
        width="stretch")
    csv = pd.DataFrame({"step": range(1, len(steps) + 1), "phase": [s.phase for s in steps],
                        "quantity": [s.text for s in steps], "value": [fmt_array(s.value, 17) for s in steps],
                        "formula_latex": [s.formula for s in steps]}).to_csv(index=False)
    st.download_button(t(T + "ledger.download"), csv, file_name="backprop_ledger.csv", mime="text/csv",
                       icon=":material/download:", on_click="ignore")


def one_step(net: Network, i: int) -> None:
    """The diagram after step ``i`` and what that step computed."""
    step = net.steps[i]
    (W1, b1, _), (W2, b2, _) = net.layers
    shown = choice(st.segmented_control, t(T + "walk.view"), VIEWS, key="view", default="units",
                   required=True, format_func=labels(T + "view", VIEWS).get)
    if shown == "graph":
        state = graph_state(net.steps, i, net.x, net.t, W1, b1, W2, b2)
        st.graphviz_chart(view.graph_dot(state), width="stretch")
        st.caption(t(T + "walk.graph_caption"))
    else:
        st.graphviz_chart(view.network_dot(net.steps, i, net.x, net.t, W1, b1, W2, b2), width="stretch")
    with st.container(border=True):
        chips([(t(T + "walk.step_of", n=i + 1, total=len(net.steps)), "gray"),
               (t(f"{T}walk.{step.phase}"), "blue" if step.phase == "forward" else "red")])
        st.subheader(t(f"{T}steps.{step.key}.title"))
        st.markdown(t(f"{T}steps.{step.key}.explain"))
        st.latex(step.formula)
        if step.local_formula:
            st.caption(t(T + "walk.local"))
            st.latex(step.local_formula)
        if step.chain and step.chain != step.symbol:
            st.caption(t(T + "walk.chain"))
            st.latex(rf"{step.symbol} = {step.chain}")
        st.markdown(t(T + "walk.value", symbol=step.text, value=fmt_array(step.value, 9)))


def waiting_for_the_sign(net: Network, part: str) -> bool:
    """Whether ``part`` still waits for the prediction of ∂L/∂W₂'s sign (it says so if it does)."""
    if answered(PAGE, "sign", net.settings):
        return False
    st.info(t(f"{T}{part}.waiting"), icon=":material/hourglass_empty:")
    return True


@section(T + "delta")
def the_deltas(net: Network) -> None:
    if waiting_for_the_sign(net, "delta"):
        return
    rec = delta_recursion(net.x, net.t, net.layers)
    st.latex(latex_gathered(*view.delta_formulas(rec)))
    ledger = [net.step(key).value for key in ("dL_du1", "dL_du2")]
    same = all(np.allclose(d.delta, v, rtol=1e-12, atol=0) for d, v in zip(rec, ledger, strict=True))
    st.markdown(t(T + ("delta.same" if same else "delta.differ"), d1=fmt_array(rec[0].delta),
                  d2=fmt_array(rec[1].delta)))


@section(T + "rbf")
def the_rbf_articles_delta() -> None:
    c1, c2, c3, c4 = st.columns(4)
    x = c1.number_input("x", -5.0, 5.0, 0.5, 0.1, key="rbf_x", **URL)
    target = c2.segmented_control("t", [0, 1], default=1, required=True, key="rbf_t", **URL)
    w_h = c3.number_input("w_h", -10.0, 10.0, 2.0, 0.1, key="rbf_wh", **URL)
    w_o = c4.number_input("w_o", -10.0, 10.0, -5.0, 0.1, key="rbf_wo", **URL)
    d = rbf_deltas(x, target, w_h, w_o)
    st.latex(latex_gathered(*view.rbf_formulas(d)))
    num_h = numerical_gradient(lambda w: rbf_loss([x], [target], w, w_o), np.array(w_h))
    num_o = numerical_gradient(lambda w: rbf_loss([x], [target], w_h, w), np.array(w_o))
    st.markdown(t(T + "rbf.read", gh=fmt(d.grad_w_h, 6), go=fmt(d.grad_w_o, 6), nh=fmt(float(num_h), 6),
                  no=fmt(float(num_o), 6)))


@section(T + "check")
def numerical_check(net: Network) -> None:
    if waiting_for_the_sign(net, "check"):
        return
    report = mlp_gradient_check(net.x, net.t, net.layers)
    st.dataframe(pd.DataFrame([{t(T + "check.param"): name, t(T + "check.analytic"): fmt_array(a, 6),
                                t(T + "check.numeric"): fmt_array(n, 6), t(T + "check.error"): fmt(err, 2)}
                               for name, (a, n, err) in report.items()]), hide_index=True, width="stretch")
    worst = max(err for _, _, err in report.values())
    if worst < 1e-7:
        st.success(t(T + "check.excellent", err=fmt(worst, 2)), icon=":material/verified:")
    elif worst < 1e-4:
        st.info(t(T + "check.good", err=fmt(worst, 2)), icon=":material/check:")
    else:
        st.warning(t(T + "check.kink", err=fmt(worst, 2)), icon=":material/warning:")


@section(T + "update")
def learning(net: Network) -> None:
    left, right = st.columns([1, 2], gap="large")
    with left:
        lr = st.select_slider(t(T + "update.lr"), LRS, value=0.001, key="bp_lr", **URL)
        n_steps = st.slider(t(T + "update.steps"), 1, 100, 20, key="bp_steps", **URL)
    if not answered(PAGE, "sign", net.settings):
        right.info(t(T + "update.waiting"), icon=":material/hourglass_empty:")
        return
    run = mlp_gradient_descent(net.x, net.t, net.layers, lr, n_steps)
    with right:
        after = fmt(run.losses[1], 6) if len(run.losses) > 1 else t(T + "update.too_large")
        if not predict(PAGE, "update", loss_change(run.losses), options=("down", "up", "same"),
                       context=(net.settings, lr), fields={"lr": fmt(lr), "L": fmt(run.losses[0], 6),
                                                           "after": after}):
            return
    by_key = {s.key: s for s in net.steps}
    if len(run.layers) > 1:
        (nW1, _, _), (nW2, _, _) = run.layers[1]
        dW1, dW2 = by_key["dL_dW1"], by_key["dL_dW2"]
        with right:
            st.latex(latex_gathered(rf"W_2 \leftarrow W_2 - \eta\,{dW2.symbol} = {M(net.layers[1][0])} - "
                                    rf"{latex_number(lr)}\,{M(dW2.value)} = {M(nW2)}",
                                    rf"W_1 \leftarrow W_1 - \eta\,{dW1.symbol} = {M(nW1)}"))
            st.metric(t(T + "update.new_loss"), fmt(run.losses[1], 6),
                      delta=fmt(run.losses[1] - run.losses[0], 4), delta_color="inverse")
            st.markdown(t(T + ("update.down" if run.losses[1] < run.losses[0] else "update.up")))
    if run.diverged_at is not None:
        st.error(t(T + "update.diverged", k=run.diverged_at), icon=":material/trending_up:")
    view.loss_curve(run.losses, t(T + "update.axis_step"), t(T + "update.loss"))
    numbers_table(pd.DataFrame({t(T + "update.axis_step"): np.arange(len(run.losses)), "L": run.losses}),
                  digits=6)


@section(T + "vanish")
def the_vanishing_factor() -> None:
    sig = article_trace("sigmoid", "sigmoid")
    slopes = sig["dL_du1"].local
    st.markdown(t(T + "vanish.text", s11=fmt(slopes[0], 3), s14=fmt(slopes[1], 3),
                  w2=fmt_array(sig["dL_dW2"].value, 3), w1=fmt_array(sig["dL_dW1"].value[0], 3)))
    st.latex(rf"\sigma'(\mathbf{{u}}_1) = \sigma'\!\left({M(sig['u1'].value)}\right) = {M(slopes)}")


the_articles_examples()
linked(your_network, step_by_step, the_deltas, numerical_check, learning)
the_rbf_articles_delta()
the_vanishing_factor()
show_code(mlp_forward, mlp_backward_with_deltas, delta_recursion, rbf_deltas, mse_grad, numerical_gradient)
quiz(PAGE, numbers={"q4": article_trace("relu", "identity")["dL_dy"].value[0]})  # 2 (y − t) = 26
prev_next(PAGE)
