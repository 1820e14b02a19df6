"""Page 5 — backpropagation step by step on seed 001's 3-2-1 network (§3.1.3, §3.3.1, §3.4)."""

import numpy as np
import pandas as pd
import streamlit as st

from core.activations import activation_backward, activation_forward
from core.format import fmt, fmt_array, latex_gathered, latex_matrix, latex_number
from core.gradcheck import numerical_gradient, relative_error
from core.losses import mse, mse_grad
from core.network import (
    ACTIVATION_SYMBOL,
    EXAMPLE_321,
    backprop_trace,
    mlp_backward,
    mlp_backward_with_deltas,
    mlp_forward,
    mlp_gradient_check,
    mlp_gradient_descent,
)
from ui import charts
from ui.backprop_view import network_dot
from ui.frame import page_frame, page_header, prev_next
from ui.i18n import labels, t
from ui.widgets import chips, matrix_input, numbers_table, quiz, reset_inputs, show_code

PAGE = "backprop"
E = EXAMPLE_321
M = latex_matrix
ACTS = list(ACTIVATION_SYMBOL)
SCENARIOS = {"relu_identity": ("relu", "identity"), "sigmoid_sigmoid": ("sigmoid", "sigmoid"),
             "sigmoid_identity": ("sigmoid", "identity")}
LIMIT = 1000.0
LRS = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0]

lang = page_frame(PAGE)
page_header(PAGE)
act_names = labels("backprop.act", ACTS)

# --- 1. The article's two examples, with nothing to click ---------------------------
st.header(t("backprop.seed.title"))
st.markdown(t("backprop.seed.intro"))
st.latex(rf"\mathbf{{x}} = {M(E.x)},\quad W_1 = {M(E.W1)},\quad W_2 = {M(E.W2)},\quad "
         rf"\mathbf{{b}}_1 = {M(E.b1)},\quad \mathbf{{b}}_2 = {M(E.b2)},\quad t = {latex_number(E.t[0])}")
relu_tab, sigmoid_tab = st.tabs([t("backprop.seed.relu_tab"), t("backprop.seed.sigmoid_tab")])
with relu_tab:
    relu = {s.key: s for s in backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2, "relu", "identity")}
    st.markdown(t("backprop.seed.relu_text"))
    for key in ("u1", "h1", "u2", "L"):
        st.latex(relu[key].formula)
with sigmoid_tab:
    sig8 = {s.key: s for s in backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2, "sigmoid", "sigmoid",
                                             digits=8)}
    sig9 = {s.key: s for s in backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2, "sigmoid", "sigmoid",
                                             digits=9)}
    st.markdown(t("backprop.seed.sigmoid_text"))
    st.latex(sig8["y"].formula)
    st.latex(rf"{sig9['dL_dW2'].symbol} = {M(sig9['dL_dW2'].value, 9)}")
    st.latex(rf"{sig9['dL_dW1'].symbol} = {M(sig9['dL_dW1'].value, 9)}")
    floor = mse([1.0], E.t)
    st.info(t("backprop.seed.never_20", y=fmt(sig8["y"].value[0], 8), floor=fmt(floor),
              loss=fmt(sig8["L"].value, 6)), icon=":material/block:")

# --- 2. Your network ----------------------------------------------------------------
st.header(t("backprop.setup.title"))
st.markdown(t("backprop.setup.intro"))


def _reset_values() -> None:
    reset_inputs({"p5_x": E.x, "p5_t": E.t, "p5_W1": E.W1, "p5_b1": E.b1, "p5_W2": E.W2,
                  "p5_b2": E.b2})
    st.session_state.p5_step = 0


with st.container(horizontal=True, vertical_alignment="bottom"):
    scenario = st.segmented_control(t("backprop.setup.scenario"), [*SCENARIOS, "custom"],
                                    key="p5_scenario", default="relu_identity", required=True,
                                    format_func=labels("backprop.scenario", [*SCENARIOS, "custom"]).get)
    st.button(t("backprop.setup.reset"), on_click=_reset_values, icon=":material/restart_alt:")
c1, c2, c3, c4 = st.columns([1.2, 1.2, 1, 1], gap="medium")
with c1:
    x = matrix_input("x", "p5_x", E.x, max_abs=LIMIT, help=t("backprop.setup.x_help"))
    t_target = matrix_input("t", "p5_t", E.t, max_abs=LIMIT, help=t("backprop.setup.t_help"))
with c2:
    W1 = matrix_input("W₁ (2×3)", "p5_W1", E.W1, max_abs=LIMIT)
    b1 = matrix_input("b₁", "p5_b1", E.b1, max_abs=LIMIT)
with c3:
    W2 = matrix_input("W₂ (1×2)", "p5_W2", E.W2, max_abs=LIMIT)
    b2 = matrix_input("b₂", "p5_b2", E.b2, max_abs=LIMIT)
with c4:
    if scenario == "custom":
        act1 = st.selectbox(t("backprop.setup.act1"), ACTS, index=ACTS.index("sigmoid"), key="p5_act1",
                            format_func=act_names.get)
        act2 = st.selectbox(t("backprop.setup.act2"), ACTS, index=ACTS.index("identity"), key="p5_act2",
                            format_func=act_names.get)
    else:
        act1, act2 = SCENARIOS[scenario]
        st.markdown(t("backprop.setup.acts_now", a1=act_names[act1], a2=act_names[act2]))

steps = backprop_trace(x, t_target, W1, b1, W2, b2, act1, act2, digits=4)
by_key = {s.key: s for s in steps}
if not all(np.all(np.isfinite(s.value)) for s in steps):
    st.warning(t("backprop.setup.overflow"), icon=":material/warning:")

# --- 3. Step through ----------------------------------------------------------------
st.header(t("backprop.walk.title"))
st.markdown(t("backprop.walk.intro"))
last = len(steps) - 1


def _move(to: int) -> None:
    st.session_state.p5_step = min(max(to, 0), last)


@st.fragment
def step_through(steps, x, t_target, W1, b1, W2, b2) -> None:
    i = min(st.session_state.setdefault("p5_step", 0), last)
    buttons = st.columns([1, 1, 1, 1, 2], vertical_alignment="center")
    buttons[0].button(t("backprop.walk.first"), icon=":material/first_page:", key="p5_first",
                      on_click=_move, args=(0,), disabled=i == 0, width="stretch")
    buttons[1].button(t("backprop.walk.previous"), icon=":material/chevron_left:", key="p5_prev",
                      on_click=_move, args=(i - 1,), disabled=i == 0, shortcut="Left",
                      width="stretch")
    buttons[2].button(t("backprop.walk.next"), icon=":material/chevron_right:", key="p5_next",
                      on_click=_move, args=(i + 1,), disabled=i == last, shortcut="Right",
                      type="primary", width="stretch")
    buttons[3].button(t("backprop.walk.last"), icon=":material/last_page:", key="p5_last",
                      on_click=_move, args=(last,), disabled=i == last, width="stretch")
    buttons[4].caption(t("backprop.walk.keys"))
    step = steps[i]
    st.graphviz_chart(network_dot(steps, i, x, t_target, W1, b1, W2, b2), width="stretch")
    with st.container(border=True):
        phase = t(f"backprop.walk.{step.phase}")
        chips([(t("backprop.walk.step_of", n=i + 1, total=len(steps)), "gray"),
               (phase, "blue" if step.phase == "forward" else "red")])
        st.subheader(t(f"backprop.steps.{step.key}.title"))
        st.markdown(t(f"backprop.steps.{step.key}.explain"))
        st.latex(step.formula)
        if step.local_formula:
            st.caption(t("backprop.walk.local"))
            st.latex(step.local_formula)
        if step.chain and step.chain != step.symbol:
            st.caption(t("backprop.walk.chain"))
            st.latex(rf"{step.symbol} = {step.chain}")
        st.markdown(t("backprop.walk.value", symbol=step.text, value=fmt_array(step.value, 9)))


step_through(steps, x, t_target, W1, b1, W2, b2)

# --- 4. The ledger ------------------------------------------------------------------
st.subheader(t("backprop.ledger.title"))
ledger = pd.DataFrame({
    "#": range(1, len(steps) + 1),
    t("backprop.ledger.phase"): [t(f"backprop.walk.{s.phase}") for s in steps],
    t("backprop.ledger.quantity"): [s.text for s in steps],
    t("backprop.ledger.value"): [fmt_array(s.value, 9) for s in steps],
    t("backprop.ledger.step"): [t(f"backprop.steps.{s.key}.title") for s in steps],
})
st.dataframe(ledger, hide_index=True, width="stretch")
csv = pd.DataFrame({"step": range(1, len(steps) + 1), "phase": [s.phase for s in steps],
                    "quantity": [s.text for s in steps],
                    "value": [fmt_array(s.value, 17) for s in steps],
                    "formula_latex": [s.formula for s in steps]}).to_csv(index=False)
st.download_button(t("backprop.ledger.download"), csv, file_name="backprop_ledger.csv",
                   mime="text/csv", icon=":material/download:", on_click="ignore")

# --- 5. Gradient check --------------------------------------------------------------
st.header(t("backprop.check.title"))
st.markdown(t("backprop.check.intro"))
layers = [(W1, b1, act1), (W2, b2, act2)]
report = mlp_gradient_check(x, t_target, layers)
st.dataframe(pd.DataFrame([
    {t("backprop.check.param"): name, t("backprop.check.analytic"): fmt_array(a, 6),
     t("backprop.check.numeric"): fmt_array(n, 6), t("backprop.check.error"): fmt(err, 2)}
    for name, (a, n, err) in report.items()]), hide_index=True, width="stretch")
worst = max(err for _, _, err in report.values())
if worst < 1e-7:
    st.success(t("backprop.check.excellent", err=fmt(worst, 2)), icon=":material/verified:")
elif worst < 1e-4:
    st.info(t("backprop.check.good", err=fmt(worst, 2)), icon=":material/check:")
else:
    st.warning(t("backprop.check.kink", err=fmt(worst, 2)), icon=":material/warning:")

@st.fragment
def one_update(x, t_target, layers, dW1, dW2, W2) -> None:
    """Section 6: its learning rate and step count rerun only this section."""
    # --- 6. One update, then a few more -----------------------------------------------------
    st.header(t("backprop.update.title"))
    st.markdown(t("backprop.update.intro"))
    u1, u2 = st.columns([1, 2], gap="large")
    with u1:
        lr = st.select_slider(t("backprop.update.lr"), LRS, value=0.001, key="p5_lr")
        n_steps = st.slider(t("backprop.update.steps"), 1, 100, 20, key="p5_steps")
    run = mlp_gradient_descent(x, t_target, layers, lr, n_steps)
    with u2:
        if len(run.layers) > 1:
            (nW1, nb1, _), (nW2, nb2, _) = run.layers[1]
            st.latex(latex_gathered(rf"W_2 \leftarrow W_2 - \eta\,{dW2.symbol} = {M(W2)} - "
                                    rf"{latex_number(lr)}\,{M(dW2.value)} = {M(nW2)}",
                                    rf"W_1 \leftarrow W_1 - \eta\,{dW1.symbol} = {M(nW1)}"))
            went_down = run.losses[1] < run.losses[0]
            st.metric(t("backprop.update.new_loss"), fmt(run.losses[1], 6),
                      delta=fmt(run.losses[1] - run.losses[0], 4), delta_color="inverse")
            st.markdown(t("backprop.update.down" if went_down else "backprop.update.up"))
    if run.diverged_at is not None:
        st.error(t("backprop.update.diverged", k=run.diverged_at), icon=":material/trending_up:")
    curve = pd.DataFrame({"x": np.arange(len(run.losses)), "y": run.losses,
                          "series": t("backprop.update.loss")})
    charts.show(charts.curve_chart(curve, t("backprop.update.axis_step"), "L",
                                   [t("backprop.update.loss")], [charts.FORWARD], height=260))
    numbers_table(pd.DataFrame({t("backprop.update.axis_step"): curve["x"], "L": curve["y"]}), digits=6)


one_update(x, t_target, layers, by_key["dL_dW1"], by_key["dL_dW2"], W2)

# --- 7. The vanishing factor ----------------------------------------------------------------
st.header(t("backprop.vanish.title"))
sig = {s.key: s for s in backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2, "sigmoid", "sigmoid")}
sigma_prime = sig["dL_du1"].local
st.markdown(t("backprop.vanish.text", s11=fmt(sigma_prime[0], 3), s14=fmt(sigma_prime[1], 3),
              w2=fmt_array(sig["dL_dW2"].value, 3), w1=fmt_array(sig["dL_dW1"].value[0], 3)))
st.latex(rf"\sigma'(\mathbf{{u}}_1) = \sigma'\!\left({M(sig['u1'].value)}\right) = {M(sigma_prime)}")

show_code(backprop_trace, mlp_forward, mlp_backward, mlp_backward_with_deltas, activation_forward,
          activation_backward, mse, mse_grad, mlp_gradient_check, numerical_gradient, relative_error,
          mlp_gradient_descent)
quiz(PAGE)
prev_next(PAGE)
