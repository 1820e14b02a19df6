"""Page 1 — linear vs affine maps (seed 001 §3.1.1, seed 003's Affine layer)."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.format import fmt, fmt_array, latex_matrix
from core.gradcheck import check_backward, numerical_gradient
from core.linear import (
    affine_backward,
    affine_forward,
    augment_with_one,
    augmented_weights,
    compare_stacked,
    compose_linear,
    linear_forward,
    origin_guesses,
    origin_image,
    same_map,
)
from core.shapes import LETTER_F, PRESET_MAPS, UNIT_SQUARE, rotation, unit_circle
from ui.shell import labels, linked, page_frame, page_header, prev_next, section, t
from ui.views import linear_affine as view
from ui.widgets import choice, matrix_input, numbers_table, predict, quiz, reset_inputs, show_code

PAGE = "linear_affine"
T = "linear_affine."
LIMIT = 100.0  # entries beyond this make the picture meaningless
M = latex_matrix
URL = {"bind": "query-params"}  # the address bar reproduces the view: ?x1=0.5
X_SEED = np.array([[2.0, 4.0], [2.0, 1.0], [4.0, 3.0]])  # the Affine-layer article's batch,
W_SEED = np.array([[1.0, 2.0, 3.0], [1.0, 4.0, 6.0]])    # its weights in its (in, out) layout
B_SEED = np.full(3, 2.0)                                 # and its bias

lang = page_frame(PAGE)
page_header(PAGE)


@dataclass(frozen=True)
class Layer:
    """The learner's layer and the input point they follow."""

    x: np.ndarray
    W: np.ndarray
    b: np.ndarray


@section(T + "s1")
def one_layer() -> Layer:
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        st.selectbox(t(T + "s1.preset"), list(PRESET_MAPS), key="preset",
                     format_func=labels(T + "presets", PRESET_MAPS).get,
                     on_change=lambda: reset_inputs({"W": PRESET_MAPS[st.session_state.preset]}))
        W = matrix_input(t(T + "s1.W"), "W", PRESET_MAPS["shear"], help=t(T + "s1.W_help"), max_abs=LIMIT,
                         bind=True)
        b = matrix_input(t(T + "s1.b"), "b", [0.8, -0.5], help=t(T + "s1.b_help"), max_abs=LIMIT, bind=True)
        st.caption(t(T + "s1.probe"))
        x = np.array([st.slider("x₁", -2.0, 2.0, 1.5, 0.1, key="x1", **URL),
                      st.slider("x₂", -2.0, 2.0, -1.0, 0.1, key="x2", **URL)])

    series = (t(T + "s1.before"), t(T + "s1.linear"), t(T + "s1.affine"))
    images = {name: dict(zip(series, (pts, linear_forward(pts, W)[0], affine_forward(pts, W, b)[0]),
                             strict=True))
              for name, pts in (("square", UNIT_SQUARE), ("F", LETTER_F))}
    e1, e2 = linear_forward(np.eye(2), W)[0]
    u_lin, u_aff = linear_forward(x, W)[0], affine_forward(x, W, b)[0]
    with picture:
        # with b = 0 there is nothing to predict: both maps are then linear
        shown = not b.any() or predict(
            PAGE, "origin", origin_image(W, b), options=origin_guesses(W, b), context=(b,),
            fields={"b": fmt_array(b), "Wb": fmt_array(linear_forward(b, W)[0]),
                    "sums": fmt_array(linear_forward(np.ones(2), W)[0])})
    if shown:
        arrows = [{"x0": 0, "y0": 0, "x": e[0], "y": e[1], "series": series[1], "label": name}
                  for e, name in ((e1, "We₁"), (e2, "We₂"))]
        points = [(np.zeros(2), 0, "0", "origin"), (b, 2, "b", "origin"), (x, 0, "x", "probe"),
                  (u_lin, 1, "Wx", "probe"), (u_aff, 2, "Wx+b", "probe")]
        markers = [{"x": at[0], "y": at[1], "series": series[k], "label": name, "kind": kind}
                   for at, k, name, kind in points]
        with picture:
            view.draw_plane(images, series, (t(T + "s1.series"), t(T + "s1.vector"), t(T + "s1.point")),
                            arrows=arrows, markers=markers)
            st.caption(t(T + "s1.caption"))

    st.subheader(t(T + "s1.formula_title"))
    st.latex(rf"W\mathbf{{x}} = {M(W)}{M(x)} = {M(u_lin)}")
    st.latex(rf"W\mathbf{{x}} + \mathbf{{b}} = {M(W)}{M(x)} + {M(b)} = {M(u_aff)}")
    if not shown:  # where the origin goes waits for the learner's prediction
        return Layer(x, W, b)
    left, right = st.columns(2)
    with left, st.container(border=True):
        st.markdown(f"**{series[1]}**")
        st.latex(rf"W\mathbf{{0}} = {M(linear_forward(np.zeros(2), W)[0])}")
        st.markdown(t(T + "s1.linear_keeps"))
    with right, st.container(border=True):
        st.markdown(f"**{series[2]}**")
        st.latex(rf"W\mathbf{{0}} + \mathbf{{b}} = {M(affine_forward(np.zeros(2), W, b)[0])}")
        st.markdown(t(T + "s1.affine_moves", b=fmt_array(b)))
    st.info(t(T + "s1.columns_note", e1=fmt_array(e1), e2=fmt_array(e2)), icon=":material/lightbulb:")
    numbers_table(view.outline_table(images, t(T + "s1.col_shape")))
    return Layer(x, W, b)


@section(T + "s2", uses=lambda layer: layer.W)
def two_layers(W: np.ndarray) -> None:
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        W2 = matrix_input(t(T + "s2.W2"), "W2_map", rotation(90).round(4), max_abs=LIMIT, bind=True)
        kinds = labels(T + "s2", ["identity", "relu"])
        between = choice(st.segmented_control, t(T + "s2.between"), ["identity", "relu"], default="identity",
                         required=True, key="between", format_func=kinds.get)
    circle = unit_circle(64)
    stacked, composed, gap = compare_stacked(circle, W, W2, between)
    series = (t(T + "s2.input"), t(T + "s2.stacked"), t(T + "s2.composed"))
    with picture:
        if not predict(PAGE, "stacked", "same" if same_map(gap) else "different",
                       options=("same", "different"), context=(between, W, W2),
                       fields={"between": kinds[between], "gap": fmt(gap)}):
            with controls:
                st.latex(rf"W_2 W_1 = {M(W2)}{M(W)} = {M(compose_linear(W2, W))}")
            return
        view.draw_plane({"circle": dict(zip(series, (circle, stacked, composed), strict=True))}, series,
                        (t(T + "s1.series"), "", ""), dashed=(series[2],), size=400)
    with controls:
        st.latex(rf"W_2 W_1 = {M(W2)}{M(W)} = {M(compose_linear(W2, W))}")
        two = r"W_2\,(W_1\mathbf{x})" if between == "identity" else r"W_2\,\mathrm{ReLU}(W_1\mathbf{x})"
        if same_map(gap):  # always without an activation; with ReLU only if W₂ ignores what ReLU cut off
            st.latex(two + r" = (W_2 W_1)\,\mathbf{x}")
            st.success(t(T + "s2.same", gap=fmt(gap)), icon=":material/check:")
        else:
            st.latex(two + r" \neq (W_2 W_1)\,\mathbf{x}")
            st.warning(t(T + "s2.different", gap=fmt(gap)), icon=":material/call_split:")
    st.markdown(t(T + "s2.why_activation"))
    numbers_table(pd.DataFrame({"x₁": circle[:-1, 0], "x₂": circle[:-1, 1],
                                "stacked₁": stacked[:-1, 0], "stacked₂": stacked[:-1, 1],
                                "(W₂W₁x)₁": composed[:-1, 0], "(W₂W₁x)₂": composed[:-1, 1]}))


@section(T + "s3")
def bias_as_a_weight(layer: Layer) -> None:
    W_aug, x_aug = augmented_weights(layer.W, layer.b), augment_with_one(layer.x)
    st.latex(rf"\left[\begin{{array}}{{c|c}} W & \mathbf{{b}} \end{{array}}\right]"
             rf"\left[\begin{{array}}{{c}} \mathbf{{x}} \\ \hline 1 \end{{array}}\right]"
             rf" = {M(W_aug, split=True)}{M(x_aug, split=True)} = {M(linear_forward(x_aug, W_aug)[0])}"
             r" = W\mathbf{x} + \mathbf{b}")
    st.markdown(t(T + "s3.note"))


@section(T + "s4")
def backward() -> None:
    X, W_seed = X_SEED, W_SEED
    W, b = W_seed.T, B_SEED
    Y, cache = affine_forward(X, W, b)
    seed = r"W_{\text{seed}}"
    st.latex(rf"X = {M(X)},\quad {seed} = {M(W_seed)},\quad W = {seed}^{{\top}} = {M(W)},"
             rf"\quad \mathbf{{b}} = {M(b, row=True)}")
    st.latex(rf"Y = XW^{{\top}} + \mathbf{{b}} = {M(Y)}")
    st.caption(t(T + "s4.transpose_note"))

    st.subheader(t(T + "s4.backward_title"))
    st.markdown(t(T + "s4.backward_intro"))
    left, right = st.columns([1, 3], gap="large")
    with left:
        dY = matrix_input(t(T + "s4.dY"), "dY", np.ones((3, 3)), max_abs=LIMIT, help=t(T + "s4.dY_help"),
                          bind=True)
    dX, dW, db = affine_backward(dY, cache)
    with right:
        dL_dY = r"\frac{\partial L}{\partial Y}"
        st.latex(rf"\underbrace{{\frac{{\partial L}}{{\partial X}}}}_{{3\times 2}} = "
                 rf"\underbrace{{{dL_dY}}}_{{3\times 3}}\,\underbrace{{W}}_{{3\times 2}}"
                 rf" = {M(dY)}{M(W)} = {M(dX)}")
        st.latex(rf"\underbrace{{\frac{{\partial L}}{{\partial W}}}}_{{3\times 2}} = "
                 rf"\underbrace{{{dL_dY}^{{\top}}}}_{{3\times 3}}\,\underbrace{{X}}_{{3\times 2}}"
                 rf" = {M(dY.T)}{M(X)} = {M(dW)}")
        st.latex(rf"\underbrace{{\frac{{\partial L}}{{\partial \mathbf{{b}}}}}}_{{3}} = \sum_{{n}} "
                 rf"\frac{{\partial L}}{{\partial Y_{{n}}}} = {M(db, row=True)}")
    st.markdown(t(T + "s4.shapes_rule"))

    st.subheader(t(T + "s4.check_title"))
    st.markdown(t(T + "s4.check_intro"))
    report = check_backward(affine_forward, affine_backward, {"X": X, "W": W, "b": b}, dY)
    st.dataframe(pd.DataFrame([{t(T + "s4.col_param"): name, t(T + "s4.col_analytic"): fmt_array(a, 6),
                                t(T + "s4.col_numeric"): fmt_array(n, 6), t(T + "s4.col_error"): fmt(err, 2)}
                               for name, (a, n, err) in report.items()]), hide_index=True, width="stretch")
    worst = max(err for _, _, err in report.values())
    if worst < 1e-7:
        st.success(t(T + "s4.check_ok", err=fmt(worst, 2)), icon=":material/verified:")
    else:
        st.warning(t(T + "s4.check_bad", err=fmt(worst, 2)), icon=":material/warning:")
    st.caption(t(T + "s4.seed_note"))


linked(one_layer, two_layers, bias_as_a_weight)
backward()
show_code(affine_forward, affine_backward, linear_forward, compose_linear, numerical_gradient)
_, seed_cache = affine_forward(X_SEED, W_SEED.T, B_SEED)
first_sample_only = np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])  # q4's upstream gradient
quiz(PAGE, numbers={"q4": affine_backward(first_sample_only, seed_cache)[1][-1, -1]})  # ∂L/∂W = (∂L/∂Y)ᵀ X
prev_next(PAGE)
