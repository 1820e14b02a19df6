"""Page 3 — MSE vs cross-entropy (seed 001 §3.2, seed 003's Softmax-with-Loss, seed 000)."""

import numpy as np
import pandas as pd
import streamlit as st

from core.activations import softmax, softmax_backward
from core.format import fmt, fmt_array, latex_gathered, latex_matrix, latex_number
from core.losses import (
    EPS,
    binary_cross_entropy,
    cross_entropy,
    log_softmax,
    logit_curves,
    logits_for,
    mistake_kind,
    mse,
    mse_grad,
    one_hot,
    probability_curves,
    sigmoid_cross_entropy_backward,
    sigmoid_cross_entropy_forward,
    sigmoid_mse_backward,
    sigmoid_mse_forward,
    softmax_cross_entropy_backward,
    softmax_cross_entropy_forward,
    tangent_line,
)
from core.network import EXAMPLE_321, mlp_forward
from ui import charts
from ui.frame import page_frame, page_header, prev_next
from ui.i18n import labels, t
from ui.loss_charts import class_bars, curves, long_frame
from ui.widgets import matrix_input, numbers_table, quiz, reset_inputs, show_code

PAGE = "losses"
M, N = latex_matrix, latex_number
P_STEPS = 101                      # the probability slider's positions, 0.00 … 1.00
U_MIN, U_MAX, U_STEP = -12.0, 12.0, 0.1
EXTREME_U = [-1000.0, -100.0, -10.0, -5.0, 0.0, 5.0, 10.0, 100.0, 1000.0]
CLASSES = ["hamster", "kangaroo", "horse"]  # seed 003's three animals
Y_SEED = np.array([0.1, 0.1, 0.8])
HORSE = 2
LOGIT_LIMIT = 1000.0
Z_PRESETS = {
    "article": logits_for(Y_SEED),
    "right": np.array([0.0, 0.0, 6.0]),
    "wrong": np.array([6.0, 0.0, 0.0]),
    "extreme": np.array([1000.0, -1000.0, 0.0]),
}

lang = page_frame(PAGE)
page_header(PAGE)
class_names = labels("losses.classes", CLASSES)
CE_, MSE_ = r"L_{\mathrm{CE}}", r"L_{\mathrm{MSE}}"


@st.cache_data(show_spinner=False)
def probability_grid() -> pd.DataFrame:
    p = np.linspace(0.0, 1.0, P_STEPS)
    c = probability_curves(p, 1.0)
    return pd.DataFrame({"p": p, "mse": c.mse, "mse_d": c.mse_dy, "ce": c.ce, "ce_d": c.ce_dy})


@st.cache_data(show_spinner=False)
def logit_grid(values: tuple[float, ...] | None = None) -> pd.DataFrame:
    u = np.array(values) if values else np.linspace(U_MIN, U_MAX, 241)
    c = logit_curves(u, 1.0)
    return pd.DataFrame({"u": u, "y": c.y, "dy": c.dy_du, "mse": c.mse, "mse_d": c.mse_du,
                         "ce": c.ce, "ce_d": c.ce_du, "factor": c.mse_factor})


# --- 1. The articles' two worked examples ------------------------------------------------
st.header(t("losses.seed.title"))
st.markdown(t("losses.seed.intro"))
ex = EXAMPLE_321
y321, _ = mlp_forward(ex.x, ex.layers("relu", "identity"))
loss321, grad321 = mse(y321, ex.t), mse_grad(y321, ex.t)
t_seed = one_hot(HORSE, 3)
ce_seed = cross_entropy(Y_SEED, t_seed)
z_seed = logits_for(Y_SEED)
ce_from_z, seed_cache = softmax_cross_entropy_forward(z_seed, t_seed)
dz_seed = softmax_cross_entropy_backward(seed_cache)

left, right = st.columns(2, gap="large")
with left, st.container(border=True):
    st.subheader(t("losses.seed.mse_title"))
    st.markdown(t("losses.seed.mse_text", y=fmt(y321[0]), t=fmt(ex.t[0])))
    st.latex(r"L = \frac{1}{N}\sum_{n=1}^{N}(t_n - y_n)^2")
    st.latex(rf"L = \frac{{1}}{{1}}\,({N(ex.t[0])} - {N(y321[0])})^2 = {N(loss321)}")
    st.latex(rf"\frac{{\partial L}}{{\partial y}} = -\frac{{2}}{{N}}(t - y)"
             rf" = -2\,({N(ex.t[0])} - {N(y321[0])}) = {N(grad321[0])}")
    st.caption(t("losses.seed.mse_factor"))
with right, st.container(border=True):
    st.subheader(t("losses.seed.ce_title"))
    st.markdown(t("losses.seed.ce_text", **{c: class_names[c] for c in CLASSES}))
    terms = " + ".join(rf"{N(tk)}\cdot\log {N(yk)}" for tk, yk in zip(t_seed, Y_SEED, strict=True))
    st.latex(r"L = -\sum_{k} t_k \log y_k")
    st.latex(rf"\begin{{aligned}} L &= -\bigl({terms}\bigr) \\ &= -\log {N(Y_SEED[HORSE])}"
             rf" = {N(ce_seed)} \end{{aligned}}")
    st.latex(rf"\frac{{\partial L}}{{\partial \mathbf{{z}}}} = \mathbf{{y}} - \mathbf{{t}} = "
             rf"{M(Y_SEED)} - {M(t_seed)} = {M(dz_seed)}")
    st.caption(t("losses.seed.ce_factor"))
st.info(t("losses.seed.sign_note", grad=fmt_array(dz_seed)),
        icon=":material/swap_vert:")

s_ce, s_mse = t("losses.series.ce"), t("losses.series.mse")
s_ce_d, s_mse_d = t("losses.series.ce_grad"), t("losses.series.mse_grad")

# --- 2. The probability of the true class ---------------------------------------------------
st.header(t("losses.prob.title"))
st.markdown(t("losses.prob.intro"))


@st.fragment
def probability_section() -> None:
    p = st.slider(t("losses.prob.slider"), 0.0, 1.0, 0.2, 0.01, key="p3_p", help=t("losses.prob.slider_help"))
    now = probability_curves(p, 1.0)
    grid = probability_grid()

    tangents = pd.DataFrame(
        [tangent_line(p, float(now.ce), float(now.ce_dy), 0.12),
         tangent_line(p, float(now.mse), float(now.mse_dy), 0.12)], columns=["x", "y", "x2", "y2"])
    loss_points = pd.DataFrame({"x": [p, p], "y": [float(now.ce), float(now.mse)],
                                "label": [f"CE {fmt(now.ce)}", f"MSE {fmt(now.mse)}"]})
    grad_points = pd.DataFrame({"x": [p, p], "y": [float(now.ce_dy), float(now.mse_dy)],
                                "label": [f"CE {fmt(now.ce_dy)}", f"MSE {fmt(now.mse_dy)}"]})
    c1, c2 = st.columns(2, gap="large")
    with c1:
        st.markdown(f"**{t('losses.prob.loss_title')}**")
        charts.show(curves(long_frame(grid["p"], {s_ce: grid["ce"], s_mse: grid["mse"]}),
                           "p", "L", [s_ce, s_mse], [charts.FORWARD, charts.FORWARD], dashed=(s_mse,),
                           points=loss_points, tangents=tangents, y_domain=(0.0, 5.0), x_domain=(0.0, 1.0)))
    with c2:
        st.markdown(f"**{t('losses.prob.grad_title')}**")
        charts.show(curves(long_frame(grid["p"], {s_ce_d: grid["ce_d"], s_mse_d: grid["mse_d"]}),
                           "p", "∂L/∂p", [s_ce_d, s_mse_d], [charts.GRADIENT, charts.GRADIENT],
                           dashed=(s_mse_d,), points=grad_points, y_domain=(-10.0, 0.5), x_domain=(0.0, 1.0)))
    st.caption(t("losses.prob.caption"))

    f1, f2 = st.columns(2, gap="large")
    with f1:  # the loss and its slope: one formula element per column
        st.latex(latex_gathered(rf"{MSE_} = (1 - p)^2 = (1 - {N(p)})^2 = {N(now.mse)}",
                          rf"\frac{{\partial {MSE_}}}{{\partial p}} = -2\,(1 - p) = {N(now.mse_dy)}"))
    with f2:
        arg = N(EPS) if bool(now.clipped) else N(p)  # where p = 0, the log sees EPS instead
        log_arg = rf"\bigl({arg}\bigr)" if bool(now.clipped) else arg
        st.latex(latex_gathered(rf"{CE_} = -\log p = -\log {log_arg} = {N(now.ce)}",
                          rf"\frac{{\partial {CE_}}}{{\partial p}} = -\frac{{1}}{{p}} = -\frac{{1}}{{{arg}}}"
                          rf" = {N(now.ce_dy)}"))
    if bool(now.clipped):
        st.warning(t("losses.prob.clipped", eps=fmt(EPS), loss=fmt(now.ce)),
                   icon=":material/vertical_align_top:")
    st.markdown(t("losses.prob.reading"))
    numbers_table(grid.rename(columns={"mse": s_mse, "mse_d": s_mse_d, "ce": s_ce, "ce_d": s_ce_d}))


probability_section()

# --- 3. Through a sigmoid: which gradient survives a confident mistake ----------------------
st.header(t("losses.logit.title"))
st.markdown(t("losses.logit.intro"))


def _jump(u: float) -> None:
    st.session_state["p3_u"] = u


@st.fragment
def logit_section() -> None:
    u = st.slider(t("losses.logit.slider"), U_MIN, U_MAX, -2.0, U_STEP, key="p3_u",
                  help=t("losses.logit.slider_help"))
    with st.container(horizontal=True):
        for target, name in ((-10.0, "wrong"), (0.0, "unsure"), (10.0, "right")):
            st.button(t(f"losses.logit.jump_{name}", u=fmt(target)), key=f"p3_jump_{name}",
                      on_click=_jump, args=(target,))
    mse_u, mse_cache = sigmoid_mse_forward([u], [1.0])
    ce_u, ce_cache = sigmoid_cross_entropy_forward([u], [1.0])
    mse_du = sigmoid_mse_backward(mse_cache)[0]
    ce_du = sigmoid_cross_entropy_backward(ce_cache)[0]
    point = logit_curves(u, 1.0)
    y_u, dy_u, factor = float(point.y), float(point.dy_du), float(point.mse_factor)

    lg = logit_grid()
    s_factor = t("losses.series.factor")
    lc1, lc2 = st.columns(2, gap="large")
    with lc1:
        st.markdown(f"**{t('losses.logit.loss_title')}**")
        charts.show(curves(
            long_frame(lg["u"], {s_ce: lg["ce"], s_mse: lg["mse"]}), "u", "L",
            [s_ce, s_mse], [charts.FORWARD, charts.FORWARD], dashed=(s_mse,),
            points=pd.DataFrame({"x": [u, u], "y": [ce_u, mse_u],
                                 "label": [f"CE {fmt(ce_u)}", f"MSE {fmt(mse_u)}"]}),
            x_domain=(U_MIN, U_MAX)))
    with lc2:
        st.markdown(f"**{t('losses.logit.grad_title')}**")
        charts.show(curves(
            long_frame(lg["u"], {s_ce_d: lg["ce_d"], s_mse_d: lg["mse_d"], s_factor: lg["factor"]}),
            "u", "∂L/∂u", [s_ce_d, s_mse_d, s_factor], [charts.GRADIENT, charts.GRADIENT, charts.BEFORE],
            dashed=(s_mse_d, s_factor),
            points=pd.DataFrame({"x": [u, u], "y": [ce_du, mse_du],
                                 "label": [f"CE {fmt(ce_du)}", f"MSE {fmt(mse_du)}"]}),
            x_domain=(U_MIN, U_MAX), y_domain=(-1.05, 0.55)))
    st.caption(t("losses.logit.caption"))

    kind = mistake_kind(y_u, 1.0)
    message = t(f"losses.logit.kind_{kind}", u=fmt(u), y=fmt(y_u), mse=fmt(mse_du), ce=fmt(ce_du),
                factor=fmt(factor))
    {"confidently_wrong": st.warning, "wrong": st.info, "right": st.success}[kind](
        message, icon={"confidently_wrong": ":material/trending_flat:", "wrong": ":material/info:",
                       "right": ":material/check:"}[kind])

    st.subheader(t("losses.logit.chain_title"))
    st.latex(rf"y = \sigma(u) = \sigma({N(u)}) = {N(y_u)},\qquad "
             rf"\frac{{\partial y}}{{\partial u}} = \sigma'(u) = y\,(1 - y) = {N(dy_u)}")
    with st.container(border=True):
        st.markdown(f"**{t('losses.series.mse')}**")
        st.latex(rf"{MSE_} = (t - y)^2 = (1 - {N(y_u)})^2 = {N(mse_u)}")
        st.latex(rf"\frac{{\partial {MSE_}}}{{\partial u}} = "
                 rf"\underbrace{{2\,(y - t)}}_{{\partial L/\partial y}} \cdot "
                 rf"\underbrace{{\sigma'(u)}}_{{\partial y/\partial u}}"
                 rf" = 2\,({N(y_u)} - 1) \cdot {N(dy_u)} = {N(mse_du)}")
    with st.container(border=True):
        st.markdown(f"**{t('losses.series.ce')}**")
        st.latex(rf"{CE_} = -\bigl(t\log y + (1 - t)\log(1 - y)\bigr) = \log(1 + e^{{u}}) - t\,u"
                 rf" = \log(1 + e^{{{N(u)}}}) - ({N(u)}) = {N(ce_u)}")
        st.latex(rf"\frac{{\partial {CE_}}}{{\partial u}} = \underbrace{{\frac{{y - t}}{{y\,(1 - y)}}}}"
                 rf"_{{\partial L/\partial y}} \cdot \underbrace{{y\,(1 - y)}}_{{\partial y/\partial u}}"
                 rf" = y - t = {N(y_u)} - 1 = {N(ce_du)}")
    st.latex(rf"\frac{{\partial {MSE_}}}{{\partial u}} = "
             rf"\frac{{\partial {CE_}}}{{\partial u}}\cdot 2\sigma'(u)"
             rf" = {N(ce_du)} \cdot {N(factor)} = {N(mse_du)}")
    st.markdown(t("losses.logit.reading"))
    numbers_table(lg.rename(columns={"y": "y = σ(u)", "dy": "σ′(u)", "mse": s_mse, "mse_d": s_mse_d,
                                     "ce": s_ce, "ce_d": s_ce_d, "factor": s_factor}))


logit_section()

st.subheader(t("losses.logit.extreme_title"))
st.markdown(t("losses.logit.extreme_intro"))
far = logit_grid(tuple(EXTREME_U))
kinds = labels("losses.kinds", ["right", "wrong", "confidently_wrong"])
far.insert(1, t("losses.logit.col_kind"), [kinds[mistake_kind(v, 1.0)] for v in far["y"]])
numbers_table(far.drop(columns=["factor"]).rename(
    columns={"y": "y = σ(u)", "dy": "σ′(u)", "mse": s_mse, "mse_d": s_mse_d, "ce": s_ce, "ce_d": s_ce_d}),
    title=t("losses.logit.extreme_table"), expanded=True)
st.caption(t("losses.logit.extreme_caption"))

# --- 4. Many classes: softmax, a one-hot target and y − t ---------------------------------
st.header(t("losses.multi.title"))
st.markdown(t("losses.multi.intro"))


def _preset() -> None:
    name = st.session_state.get("p3_preset")
    if name in Z_PRESETS:
        reset_inputs({"p3_z": Z_PRESETS[name]})
        st.session_state["p3_class"] = CLASSES[HORSE]


@st.fragment
def multiclass_section() -> None:
    mc1, mc2 = st.columns(2, gap="large")
    with mc1:
        st.selectbox(t("losses.multi.preset"), list(Z_PRESETS), key="p3_preset",
                     format_func=labels("losses.presets", Z_PRESETS).get, on_change=_preset)
        z = matrix_input(t("losses.multi.z"), "p3_z", Z_PRESETS["article"], help=t("losses.multi.z_help"),
                         max_abs=LOGIT_LIMIT)
        true = st.selectbox(t("losses.multi.true"), CLASSES, index=HORSE, key="p3_class",
                            format_func=class_names.get)
    k = CLASSES.index(true)
    y = softmax(z)
    t_vec = one_hot(k, len(CLASSES))
    ce_k, cache_k = softmax_cross_entropy_forward(z, t_vec)
    dz_ce = softmax_cross_entropy_backward(cache_k)
    mse_k = mse(y, t_vec)
    dz_mse = softmax_backward(mse_grad(y, t_vec), y)
    with mc2:
        st.latex(rf"\mathbf{{z}} = {M(z, row=True)}")
        st.latex(rf"\mathbf{{y}} = \mathrm{{softmax}}(\mathbf{{z}}) = {M(y, row=True)}")
        st.latex(rf"\mathbf{{t}} = {M(t_vec, row=True)}")
        st.caption(t("losses.multi.one_hot", cls=class_names[true], k=k + 1))

    s_y, s_t = t("losses.series.y"), t("losses.series.t")
    names = [class_names[c] for c in CLASSES]
    prob_frame = pd.concat([pd.DataFrame({"cls": names, "value": y, "series": s_y}),
                            pd.DataFrame({"cls": names, "value": t_vec, "series": s_t})], ignore_index=True)
    grad_frame = pd.concat([pd.DataFrame({"cls": names, "value": dz_ce, "series": s_ce_d}),
                            pd.DataFrame({"cls": names, "value": dz_mse, "series": s_mse_d})],
                           ignore_index=True)
    b1, b2 = st.columns(2, gap="large")
    with b1:
        st.markdown(f"**{t('losses.multi.prob_title')}**")
        charts.show(class_bars(prob_frame, "y, t", [s_y, s_t], [charts.FORWARD, charts.BEFORE],
                               y_domain=(0.0, 1.15)))
    with b2:
        st.markdown(f"**{t('losses.multi.grad_title')}**")
        charts.show(class_bars(grad_frame, "∂L/∂z", [s_ce_d, s_mse_d], [charts.GRADIENT, charts.GRADIENT],
                               opacity={s_mse_d: 0.45}, y_domain=(-1.15, 1.15)))

    kk = k + 1
    st.latex(rf"{CE_} = -\sum_k t_k \log y_k = -\log y_{{{kk}}}"
             rf" = -\Bigl(z_{{{kk}}} - \log\sum_j e^{{z_j}}\Bigr) = {N(ce_k)}")
    st.latex(rf"\frac{{\partial {CE_}}}{{\partial \mathbf{{z}}}} = \mathbf{{y}} - \mathbf{{t}} = "
             rf"{M(y, row=True)} - {M(t_vec, row=True)} = {M(dz_ce, row=True)}")
    st.latex(rf"{MSE_} = \frac{{1}}{{3}}\sum_k (t_k - y_k)^2 = {N(mse_k)},\qquad "
             rf"\frac{{\partial {MSE_}}}{{\partial \mathbf{{z}}}} = J_{{\mathrm{{softmax}}}}^{{\top}}"
             rf"\frac{{\partial {MSE_}}}{{\partial \mathbf{{y}}}} = {M(dz_mse, row=True)}")
    st.caption(t("losses.multi.log_softmax_note"))
    st.markdown(t("losses.multi.reading"))
    numbers_table(pd.DataFrame({
        t("losses.multi.class_axis"): names, "z": z, "y": y, "t": t_vec,
        s_ce_d: dz_ce, s_mse_d: dz_mse,
    }))


multiclass_section()

# --- 5. Which loss for which task -----------------------------------------------------------
st.header(t("losses.which.title"))
st.markdown(t("losses.which.table"))
st.markdown(t("losses.which.bce"))
st.latex(r"L = -\frac{1}{N}\sum_{n=1}^{N}\Bigl(t_n \log y_n + (1 - t_n)\log(1 - y_n)\Bigr)")
bce_demo = binary_cross_entropy([0.9, 0.2], [1.0, 0.0])
st.caption(t("losses.which.bce_example", loss=fmt(bce_demo)))

show_code(mse, mse_grad, cross_entropy, softmax_cross_entropy_forward, softmax_cross_entropy_backward,
          log_softmax, binary_cross_entropy, sigmoid_mse_forward, sigmoid_mse_backward,
          sigmoid_cross_entropy_forward, sigmoid_cross_entropy_backward, logit_curves,
          probability_curves, mistake_kind, one_hot, logits_for, tangent_line, softmax, softmax_backward)
quiz(PAGE)
prev_next(PAGE)
