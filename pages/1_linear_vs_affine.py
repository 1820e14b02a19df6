"""Page 1 — linear vs affine maps (seed 001 §3.1.1, seed 003's Affine layer)."""

import numpy as np
import pandas as pd
import streamlit as st

from core.format import fmt, fmt_array, latex_matrix
from core.gradcheck import check_backward, numerical_gradient, relative_error
from core.linear import (
    affine_backward,
    affine_forward,
    augment_with_one,
    augmented_weights,
    compare_stacked,
    compose_linear,
    linear_forward,
)
from core.shapes import LETTER_F, PRESET_MAPS, UNIT_SQUARE, rotation, unit_circle
from ui import charts
from ui.frame import page_frame, page_header, prev_next
from ui.i18n import labels, t
from ui.widgets import (
    hand_over,
    matrix_input,
    numbers_table,
    quiz,
    rerun_if_handed_over_changed,
    reset_inputs,
    section,
    show_code,
    take,
)

PAGE = "linear_affine"
LIMIT = 100.0  # entries beyond this make the picture meaningless
M = latex_matrix

lang = page_frame(PAGE)
page_header(PAGE)


@st.fragment
def shape_sections(s1, s3) -> None:
    """Sections 1 and 3, drawn into the containers ``s1`` and ``s3`` below their titles and
    introductions: a widget change here reruns them, not the whole page. Section 2 has its
    own fragment; it uses W only, so this one reruns the page when W changes."""
    # --- 1. One layer moves a shape ------------------------------------------------------
    with s1:
        x, W, b = one_layer()
    hand_over("p1__W", W)
    # --- 3. The bias is a weight on an input of 1 -----------------------------------------
    with s3:
        W_aug = augmented_weights(W, b)
        x_aug = augment_with_one(x)
        u_check, _ = linear_forward(x_aug, W_aug)
        st.latex(rf"\left[\begin{{array}}{{c|c}} W & \mathbf{{b}} \end{{array}}\right]"
                 rf"\left[\begin{{array}}{{c}} \mathbf{{x}} \\ \hline 1 \end{{array}}\right]"
                 rf" = {M(W_aug, split=True)}{M(x_aug, split=True)} = {M(u_check)}"
                 r" = W\mathbf{x} + \mathbf{b}")
    rerun_if_handed_over_changed("p1__W")  # a new W: section 2 must show it too


def one_layer() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Section 1's controls, picture and numbers; returns the probe x, W and b."""
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        st.selectbox(
            t("linear_affine.s1.preset"), list(PRESET_MAPS), key="p1_preset",
            format_func=labels("linear_affine.presets", PRESET_MAPS).get,
            on_change=lambda: reset_inputs({"p1_W": PRESET_MAPS[st.session_state.p1_preset]}),
        )
        W = matrix_input(t("linear_affine.s1.W"), "p1_W", PRESET_MAPS["shear"],
                         help=t("linear_affine.s1.W_help"), max_abs=LIMIT)
        b = matrix_input(t("linear_affine.s1.b"), "p1_b", [0.8, -0.5],
                         help=t("linear_affine.s1.b_help"), max_abs=LIMIT)
        st.caption(t("linear_affine.s1.probe"))
        x1 = st.slider("x₁", -2.0, 2.0, 1.5, 0.1, key="p1_x1")
        x2 = st.slider("x₂", -2.0, 2.0, -1.0, 0.1, key="p1_x2")
        x = np.array([x1, x2])

    shapes = {"square": UNIT_SQUARE, "F": LETTER_F}
    series = [t("linear_affine.s1.before"), t("linear_affine.s1.linear"), t("linear_affine.s1.affine")]
    rows, table = [], []
    for name, pts in shapes.items():
        lin, _ = linear_forward(pts, W)
        aff, _ = affine_forward(pts, W, b)
        for label, img in zip(series, (pts, lin, aff), strict=True):
            rows += [{"x": p[0], "y": p[1], "series": label, "order": i, "shape_id": f"{name}-{label}"}
                     for i, p in enumerate(img)]
        table += [{t("linear_affine.s1.col_shape"): name, "x₁": p[0], "x₂": p[1],
                   "(Wx)₁": q[0], "(Wx)₂": q[1], "(Wx+b)₁": r[0], "(Wx+b)₂": r[1]}
                  for p, q, r in zip(pts[:-1], lin[:-1], aff[:-1], strict=True)]
    points = pd.DataFrame(rows)
    e1, e2 = linear_forward(np.eye(2), W)[0]
    u_lin, _ = linear_forward(x, W)
    u_aff, _ = affine_forward(x, W, b)
    arrows = pd.DataFrame([
        {"x0": 0, "y0": 0, "x": e1[0], "y": e1[1], "series": series[1], "label": "We₁"},
        {"x0": 0, "y0": 0, "x": e2[0], "y": e2[1], "series": series[1], "label": "We₂"},
    ])
    markers = pd.DataFrame([
        {"x": 0, "y": 0, "series": series[0], "label": "0", "kind": "origin"},
        {"x": b[0], "y": b[1], "series": series[2], "label": "b", "kind": "origin"},
        {"x": x[0], "y": x[1], "series": series[0], "label": "x", "kind": "probe"},
        {"x": u_lin[0], "y": u_lin[1], "series": series[1], "label": "Wx", "kind": "probe"},
        {"x": u_aff[0], "y": u_aff[1], "series": series[2], "label": "Wx+b", "kind": "probe"},
    ])
    extent = max(2.0, float(np.ceil(np.abs(points[["x", "y"]].to_numpy()).max() * 1.15)))
    with picture:
        charts.show(
            charts.plane_chart(
                points, arrows, markers, series, [charts.BEFORE, charts.FORWARD, charts.AFFINE],
                extent, {"series": t("linear_affine.s1.series"), "vector": t("linear_affine.s1.vector"),
                         "marker": t("linear_affine.s1.point")},
            ),
            stretch=False,
        )
        st.caption(t("linear_affine.s1.caption"))

    st.subheader(t("linear_affine.s1.formula_title"))
    st.latex(rf"W\mathbf{{x}} = {M(W)}{M(x)} = {M(u_lin)}")
    st.latex(rf"W\mathbf{{x}} + \mathbf{{b}} = {M(W)}{M(x)} + {M(b)} = {M(u_aff)}")
    origin_lin, _ = linear_forward(np.zeros(2), W)
    origin_aff, _ = affine_forward(np.zeros(2), W, b)
    left, right = st.columns(2)
    with left, st.container(border=True):
        st.markdown(f"**{t('linear_affine.s1.linear')}**")
        st.latex(rf"W\mathbf{{0}} = {M(origin_lin)}")
        st.markdown(t("linear_affine.s1.linear_keeps"))
    with right, st.container(border=True):
        st.markdown(f"**{t('linear_affine.s1.affine')}**")
        st.latex(rf"W\mathbf{{0}} + \mathbf{{b}} = {M(origin_aff)}")
        st.markdown(t("linear_affine.s1.affine_moves", b=fmt_array(b)))
    st.info(t("linear_affine.s1.columns_note", e1=fmt_array(e1), e2=fmt_array(e2)),
            icon=":material/lightbulb:")
    numbers_table(pd.DataFrame(table))
    return x, W, b


@st.fragment
def two_layers() -> None:
    """Section 2 on its own: W₂ and the in-between choice rerun only this. It uses the W
    of section 1 (``shape_sections`` reruns the page when W changes)."""
    # --- 2. Two linear layers are one ----------------------------------------------------
    W = take("p1__W")
    controls2, picture2 = st.columns([2, 3], gap="large")
    with controls2:
        W2 = matrix_input(t("linear_affine.s2.W2"), "p1_W2", rotation(90).round(4), max_abs=LIMIT)
        between = st.segmented_control(
            t("linear_affine.s2.between"), ["identity", "relu"], default="identity", required=True,
            key="p1_between", format_func=labels("linear_affine.s2", ["identity", "relu"]).get,
        )
    circle = unit_circle(64)
    stacked, composed, gap = compare_stacked(circle, W, W2, between)
    W21 = compose_linear(W2, W)
    s2_series = [t("linear_affine.s2.input"), t("linear_affine.s2.stacked"), t("linear_affine.s2.composed")]
    circle_rows = []
    for label, img in zip(s2_series, (circle, stacked, composed), strict=True):
        circle_rows += [{"x": p[0], "y": p[1], "series": label, "order": i, "shape_id": label}
                        for i, p in enumerate(img)]
    circles = pd.DataFrame(circle_rows)
    extent2 = max(2.0, float(np.ceil(np.abs(circles[["x", "y"]].to_numpy()).max() * 1.15)))
    no_rows = pd.DataFrame(columns=["x0", "y0", "x", "y", "series", "label"])
    no_marks = pd.DataFrame(columns=["x", "y", "series", "label", "kind"])
    with picture2:
        charts.show(
            charts.plane_chart(
                circles, no_rows, no_marks, s2_series, [charts.BEFORE, charts.FORWARD, charts.AFFINE],
                extent2, {"series": t("linear_affine.s1.series"), "vector": "", "marker": ""},
                size=400, dashed=(s2_series[2],),
            ),
            stretch=False,
        )
    with controls2:
        st.latex(rf"W_2 W_1 = {M(W2)}{M(W)} = {M(W21)}")
        if between == "identity":
            st.latex(r"W_2\,(W_1\mathbf{x}) = (W_2 W_1)\,\mathbf{x}")
            st.success(t("linear_affine.s2.same", gap=fmt(gap)), icon=":material/check:")
        else:
            st.latex(r"W_2\,\mathrm{ReLU}(W_1\mathbf{x}) \neq (W_2 W_1)\,\mathbf{x}")
            st.warning(t("linear_affine.s2.different", gap=fmt(gap)), icon=":material/call_split:")
    st.markdown(t("linear_affine.s2.why_activation"))
    numbers_table(pd.DataFrame({"x₁": circle[:-1, 0], "x₂": circle[:-1, 1],
                                "stacked₁": stacked[:-1, 0], "stacked₂": stacked[:-1, 1],
                                "(W₂W₁x)₁": composed[:-1, 0], "(W₂W₁x)₂": composed[:-1, 1]}))



@st.fragment
def backward_section() -> None:
    # --- 4. Backward through an affine layer (seed 003) ------------------------------------
    st.header(t("linear_affine.s4.title"))
    st.markdown(t("linear_affine.s4.intro"))
    X = np.array([[2.0, 4.0], [2.0, 1.0], [4.0, 3.0]])
    W_seed = np.array([[1.0, 2.0, 3.0], [1.0, 4.0, 6.0]])
    W3 = W_seed.T
    b3 = np.full(3, 2.0)
    Y, cache = affine_forward(X, W3, b3)
    W_SEED = r"W_{\text{seed}}"
    st.latex(rf"X = {M(X)},\quad {W_SEED} = {M(W_seed)},\quad W = {W_SEED}^{{\top}} = {M(W3)},"
             rf"\quad \mathbf{{b}} = {M(b3, row=True)}")
    st.latex(rf"Y = XW^{{\top}} + \mathbf{{b}} = {M(Y)}")
    st.caption(t("linear_affine.s4.transpose_note"))

    st.subheader(t("linear_affine.s4.backward_title"))
    st.markdown(t("linear_affine.s4.backward_intro"))
    grad_in, grad_out = st.columns([1, 3], gap="large")
    with grad_in:
        dY = matrix_input(t("linear_affine.s4.dY"), "p1_dY", np.ones((3, 3)), max_abs=LIMIT,
                          help=t("linear_affine.s4.dY_help"))
    dX, dW, db = affine_backward(dY, cache)
    with grad_out:
        dL_dY = r"\frac{\partial L}{\partial Y}"
        st.latex(rf"\underbrace{{\frac{{\partial L}}{{\partial X}}}}_{{3\times 2}} = "
                 rf"\underbrace{{{dL_dY}}}_{{3\times 3}}\,\underbrace{{W}}_{{3\times 2}}"
                 rf" = {M(dY)}{M(W3)} = {M(dX)}")
        st.latex(rf"\underbrace{{\frac{{\partial L}}{{\partial W}}}}_{{3\times 2}} = "
                 rf"\underbrace{{{dL_dY}^{{\top}}}}_{{3\times 3}}\,"
                 rf"\underbrace{{X}}_{{3\times 2}} = {M(dY.T)}{M(X)} = {M(dW)}")
        st.latex(rf"\underbrace{{\frac{{\partial L}}{{\partial \mathbf{{b}}}}}}_{{3}} = \sum_{{n}} "
                 rf"\frac{{\partial L}}{{\partial Y_{{n}}}} = {M(db, row=True)}")
    st.markdown(t("linear_affine.s4.shapes_rule"))

    st.subheader(t("linear_affine.s4.check_title"))
    st.markdown(t("linear_affine.s4.check_intro"))
    report = check_backward(affine_forward, affine_backward, {"X": X, "W": W3, "b": b3}, dY)
    check_rows = [{t("linear_affine.s4.col_param"): name,
                   t("linear_affine.s4.col_analytic"): fmt_array(a, 6),
                   t("linear_affine.s4.col_numeric"): fmt_array(n, 6),
                   t("linear_affine.s4.col_error"): fmt(err, 2)}
                  for name, (a, n, err) in report.items()]
    st.dataframe(pd.DataFrame(check_rows), hide_index=True, width="stretch")
    worst = max(err for _, _, err in report.values())
    if worst < 1e-7:
        st.success(t("linear_affine.s4.check_ok", err=fmt(worst, 2)), icon=":material/verified:")
    else:
        st.warning(t("linear_affine.s4.check_bad", err=fmt(worst, 2)), icon=":material/warning:")
    st.caption(t("linear_affine.s4.seed_note"))



# Sections 1-3: titles and introductions drawn once; the fragments fill the containers.
s1 = section(t("linear_affine.s1.title"), t("linear_affine.s1.intro"))
two_layers_box = section(t("linear_affine.s2.title"), t("linear_affine.s2.intro"))
s3 = section(t("linear_affine.s3.title"), t("linear_affine.s3.intro"))
st.markdown(t("linear_affine.s3.note"))
shape_sections(s1, s3)
with two_layers_box:
    two_layers()
backward_section()
show_code(affine_forward, affine_backward, linear_forward, compose_linear, compare_stacked,
          augmented_weights, check_backward, numerical_gradient, relative_error)
quiz(PAGE)
prev_next(PAGE)
