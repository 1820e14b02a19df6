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
    larger_gradient,
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
    softmax_cross_entropy_derivation,
    softmax_cross_entropy_forward,
    softmax_jacobian,
    tangent_line,
)
from core.network import EXAMPLE_321, mlp_forward
from ui.plot.theme import BEFORE, FORWARD, GRADIENT
from ui.shell import labels, page_frame, page_header, prev_next, section, t
from ui.views import losses as view
from ui.widgets import choice, matrix_input, numbers_table, predict, quiz, reset_inputs, show_code

PAGE = "losses"
T = "losses."
M, N = latex_matrix, latex_number
U_MIN, U_MAX, U_STEP = -12.0, 12.0, 0.1
EXTREME_U = (-1000.0, -100.0, -10.0, -5.0, 0.0, 5.0, 10.0, 100.0, 1000.0)
CLASSES = ["hamster", "kangaroo", "horse"]  # seed 003's three animals
Y_SEED = np.array([0.1, 0.1, 0.8])
HORSE = 2
Z_PRESETS = {"article": logits_for(Y_SEED), "right": np.array([0.0, 0.0, 6.0]),
             "wrong": np.array([6.0, 0.0, 0.0]), "extreme": np.array([1000.0, -1000.0, 0.0])}
CE_, MSE_ = r"L_{\mathrm{CE}}", r"L_{\mathrm{MSE}}"
WRONG_U = -10.0  # a confidently wrong logit for t = 1: y = σ(-10) ≈ 4.5e-5
URL = {"bind": "query-params"}  # the address bar reproduces the view: ?u=-5&p=0.05
K_MAX, Z_LIMIT = 6, 50.0  # section 5: up to six classes; logits within ±50 keep every y_k > 0 and −t/y finite
OTHER_LOGITS = np.array([2.0, 1.0, 0.1, -1.0, 0.5, -0.5])  # section 5's start for K ≠ 3

lang = page_frame(PAGE)
page_header(PAGE)
class_names = labels(T + "classes", CLASSES)
s_ce, s_mse = t(T + "series.ce"), t(T + "series.mse")
s_ce_d, s_mse_d = t(T + "series.ce_grad"), t(T + "series.mse_grad")
kind_names = labels(T + "kinds", ["right", "wrong", "confidently_wrong"])


@section(T + "seed")
def the_articles_examples() -> None:
    ex = EXAMPLE_321
    y321, _ = mlp_forward(ex.x, ex.layers("relu", "identity"))
    t_seed = one_hot(HORSE, 3)
    _, cache = softmax_cross_entropy_forward(logits_for(Y_SEED), t_seed)
    dz_seed = softmax_cross_entropy_backward(cache)
    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        st.subheader(t(T + "seed.mse_title"))
        st.markdown(t(T + "seed.mse_text", y=fmt(y321[0]), t=fmt(ex.t[0])))
        st.latex(latex_gathered(
            r"L = \frac{1}{N}\sum_{n=1}^{N}(t_n - y_n)^2",
            rf"L = \frac{{1}}{{1}}\,({N(ex.t[0])} - {N(y321[0])})^2 = {N(mse(y321, ex.t))}",
            rf"\frac{{\partial L}}{{\partial y}} = -\frac{{2}}{{N}}(t - y)"
            rf" = -2\,({N(ex.t[0])} - {N(y321[0])}) = {N(mse_grad(y321, ex.t)[0])}"))
        st.caption(t(T + "seed.mse_factor"))
    with right, st.container(border=True):
        st.subheader(t(T + "seed.ce_title"))
        st.markdown(t(T + "seed.ce_text", **{c: class_names[c] for c in CLASSES}))
        terms = " + ".join(rf"{N(tk)}\cdot\log {N(yk)}" for tk, yk in zip(t_seed, Y_SEED, strict=True))
        st.latex(latex_gathered(
            r"L = -\sum_{k} t_k \log y_k",
            rf"L = -\bigl({terms}\bigr) = -\log {N(Y_SEED[HORSE])} = {N(cross_entropy(Y_SEED, t_seed))}",
            rf"\frac{{\partial L}}{{\partial \mathbf{{z}}}} = \mathbf{{y}} - \mathbf{{t}} = "
            rf"{M(Y_SEED)} - {M(t_seed)} = {M(dz_seed)}"))
        st.caption(t(T + "seed.ce_factor"))
    st.info(t(T + "seed.sign_note", grad=fmt_array(dz_seed)), icon=":material/swap_vert:")


@section(T + "prob")
def confidence_in_the_right_answer() -> None:
    p = st.slider(t(T + "prob.slider"), 0.0, 1.0, 0.2, 0.01, key="p", help=t(T + "prob.slider_help"), **URL)
    now, grid = probability_curves(p, 1.0), view.probability_grid()
    ce, ce_d, loss, loss_d = float(now.ce), float(now.ce_dy), float(now.mse), float(now.mse_dy)
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"**{t(T + 'prob.loss_title')}**")
        view.curves(grid["p"], {s_ce: grid["ce"], s_mse: grid["mse"]}, "p", "L", (FORWARD, FORWARD), (s_mse,),
                    ([p, p], [ce, loss], [f"CE {fmt(ce)}", f"MSE {fmt(loss)}"]),
                    tangents=[tangent_line(p, ce, ce_d, 0.12), tangent_line(p, loss, loss_d, 0.12)],
                    x_domain=(0.0, 1.0), y_domain=(0.0, 5.0))
    with right:
        st.markdown(f"**{t(T + 'prob.grad_title')}**")
        view.curves(grid["p"], {s_ce_d: grid["ce_d"], s_mse_d: grid["mse_d"]}, "p", "∂L/∂p",
                    (GRADIENT, GRADIENT), (s_mse_d,),
                    ([p, p], [ce_d, loss_d], [f"CE {fmt(ce_d)}", f"MSE {fmt(loss_d)}"]),
                    x_domain=(0.0, 1.0), y_domain=(-10.0, 0.5))
    st.caption(t(T + "prob.caption"))
    clipped = bool(now.clipped)
    arg = N(EPS) if clipped else N(p)  # where p = 0, the log sees EPS instead
    log_arg = rf"\bigl({arg}\bigr)" if clipped else arg
    left, right = st.columns(2, gap="large")
    left.latex(latex_gathered(rf"{MSE_} = (1 - p)^2 = (1 - {N(p)})^2 = {N(loss)}",
                              rf"\frac{{\partial {MSE_}}}{{\partial p}} = -2\,(1 - p) = {N(loss_d)}"))
    right.latex(latex_gathered(rf"{CE_} = -\log p = -\log {log_arg} = {N(ce)}",
                               rf"\frac{{\partial {CE_}}}{{\partial p}} = -\frac{{1}}{{p}}"
                               rf" = -\frac{{1}}{{{arg}}} = {N(ce_d)}"))
    if clipped:
        st.warning(t(T + "prob.clipped", eps=fmt(EPS), loss=fmt(ce)), icon=":material/vertical_align_top:")
    st.markdown(t(T + "prob.reading"))
    numbers_table(grid.rename(columns={"mse": s_mse, "mse_d": s_mse_d, "ce": s_ce, "ce_d": s_ce_d}))


@section(T + "logit")
def behind_a_sigmoid() -> None:
    u = st.slider(t(T + "logit.slider"), U_MIN, U_MAX, -2.0, U_STEP, key="logit_u",
                  help=t(T + "logit.slider_help"), **URL)
    with st.container(horizontal=True):
        for target, name in ((WRONG_U, "wrong"), (0.0, "unsure"), (10.0, "right")):
            st.button(t(f"{T}logit.jump_{name}", u=fmt(target)), key=f"p3_jump_{name}",
                      on_click=st.session_state.update, kwargs={"logit_u": target})
    mse_u, mse_cache = sigmoid_mse_forward([u], [1.0])
    ce_u, ce_cache = sigmoid_cross_entropy_forward([u], [1.0])
    mse_du, ce_du = sigmoid_mse_backward(mse_cache)[0], sigmoid_cross_entropy_backward(ce_cache)[0]
    point = logit_curves(u, 1.0)
    y_u, dy_u, factor = float(point.y), float(point.dy_du), float(point.mse_factor)
    kind = mistake_kind(y_u, 1.0)
    grid, s_factor = view.logit_grid((U_MIN, U_MAX)), t(T + "series.factor")
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"**{t(T + 'logit.loss_title')}**")
        view.curves(grid["u"], {s_ce: grid["ce"], s_mse: grid["mse"]}, "u", "L", (FORWARD, FORWARD), (s_mse,),
                    ([u, u], [ce_u, mse_u], [f"CE {fmt(ce_u)}", f"MSE {fmt(mse_u)}"]),
                    x_domain=(U_MIN, U_MAX))
    with right:  # the loss curves may show; the gradients (and all that names them) wait for a prediction
        if not predict(PAGE, "larger", larger_gradient(u), options=("mse", "ce", "same"), context=(u,),
                       fields={"u": fmt(u), "y": fmt(y_u), "mse": fmt(mse_du), "ce": fmt(ce_du),
                               "factor": fmt(factor), "kind": kind_names[kind]}):
            return
        st.markdown(f"**{t(T + 'logit.grad_title')}**")
        view.curves(grid["u"], {s_ce_d: grid["ce_d"], s_mse_d: grid["mse_d"], s_factor: grid["factor"]},
                    "u", "∂L/∂u", (GRADIENT, GRADIENT, BEFORE), (s_mse_d, s_factor),
                    ([u, u], [ce_du, mse_du], [f"CE {fmt(ce_du)}", f"MSE {fmt(mse_du)}"]),
                    x_domain=(U_MIN, U_MAX), y_domain=(-1.05, 0.55))
    st.caption(t(T + "logit.caption"))
    show = {"confidently_wrong": st.warning, "wrong": st.info, "right": st.success}[kind]
    show(t(f"{T}logit.kind_{kind}", u=fmt(u), y=fmt(y_u), mse=fmt(mse_du), ce=fmt(ce_du), factor=fmt(factor)),
         icon={"confidently_wrong": ":material/trending_flat:", "wrong": ":material/info:",
               "right": ":material/check:"}[kind])

    st.subheader(t(T + "logit.chain_title"))
    st.latex(rf"y = \sigma(u) = \sigma({N(u)}) = {N(y_u)},\qquad "
             rf"\frac{{\partial y}}{{\partial u}} = \sigma'(u) = y\,(1 - y) = {N(dy_u)}")
    with st.container(border=True):
        st.markdown(f"**{s_mse}**")
        st.latex(latex_gathered(rf"{MSE_} = (t - y)^2 = (1 - {N(y_u)})^2 = {N(mse_u)}",
                                rf"\frac{{\partial {MSE_}}}{{\partial u}} = "
                                rf"\underbrace{{2\,(y - t)}}_{{\partial L/\partial y}}"
                                rf" \cdot \underbrace{{\sigma'(u)}}_{{\partial y/\partial u}}"
                                rf" = 2\,({N(y_u)} - 1) \cdot {N(dy_u)} = {N(mse_du)}"))
    with st.container(border=True):
        st.markdown(f"**{s_ce}**")
        st.latex(latex_gathered(rf"{CE_} = -\bigl(t\log y + (1 - t)\log(1 - y)\bigr)"
                                rf" = \log(1 + e^{{u}}) - t\,u"
                                rf" = \log(1 + e^{{{N(u)}}}) - ({N(u)}) = {N(ce_u)}",
                                rf"\frac{{\partial {CE_}}}{{\partial u}} = "
                                rf"\underbrace{{\frac{{y - t}}{{y\,(1 - y)}}}}_{{\partial L/\partial y}}"
                                rf" \cdot \underbrace{{y\,(1 - y)}}_{{\partial y/\partial u}}"
                                rf" = y - t = {N(y_u)} - 1 = {N(ce_du)}"))
    d_mse, d_ce = rf"\frac{{\partial {MSE_}}}{{\partial u}}", rf"\frac{{\partial {CE_}}}{{\partial u}}"
    st.latex(rf"{d_mse} = {d_ce}\cdot 2\sigma'(u) = {N(ce_du)} \cdot {N(factor)} = {N(mse_du)}")
    st.markdown(t(T + "logit.reading"))
    columns = {"y": "y = σ(u)", "dy": "σ′(u)", "mse": s_mse, "mse_d": s_mse_d, "ce": s_ce, "ce_d": s_ce_d}
    numbers_table(grid.rename(columns={**columns, "factor": s_factor}))

    st.subheader(t(T + "logit.extreme_title"))
    st.markdown(t(T + "logit.extreme_intro"))
    far = view.logit_grid((U_MIN, U_MAX), EXTREME_U)
    far.insert(1, t(T + "logit.col_kind"), [kind_names[mistake_kind(v, 1.0)] for v in far["y"]])
    numbers_table(far.drop(columns=["factor"]).rename(columns=columns), title=t(T + "logit.extreme_table"),
                  expanded=True)
    st.caption(t(T + "logit.extreme_caption"))


def _preset() -> None:
    name = st.session_state.get("z_preset")
    if name in Z_PRESETS:
        reset_inputs({"logits": Z_PRESETS[name]})
        st.session_state["cls"] = CLASSES[HORSE]


@section(T + "multi")
def many_classes() -> None:
    left, right = st.columns(2, gap="large")
    with left:
        choice(st.selectbox, t(T + "multi.preset"), list(Z_PRESETS), key="z_preset", default="article",
               format_func=labels(T + "presets", Z_PRESETS).get, on_change=_preset)
        z = matrix_input(t(T + "multi.z"), "logits", Z_PRESETS["article"], help=t(T + "multi.z_help"),
                         max_abs=1000.0, bind=True)
        true = choice(st.selectbox, t(T + "multi.true"), CLASSES, default=CLASSES[HORSE], key="cls",
                      format_func=class_names.get)
    k = CLASSES.index(true)
    y, t_vec = softmax(z), one_hot(k, len(CLASSES))
    ce_k, cache = softmax_cross_entropy_forward(z, t_vec)
    dz_ce = softmax_cross_entropy_backward(cache)
    dz_mse = softmax_backward(mse_grad(y, t_vec), y)
    with right:
        st.latex(latex_gathered(rf"\mathbf{{z}} = {M(z, row=True)}",
                                rf"\mathbf{{y}} = \mathrm{{softmax}}(\mathbf{{z}}) = {M(y, row=True)}",
                                rf"\mathbf{{t}} = {M(t_vec, row=True)}"))
        st.caption(t(T + "multi.one_hot", cls=class_names[true], k=k + 1))
    names = [class_names[c] for c in CLASSES]
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"**{t(T + 'multi.prob_title')}**")
        view.class_bars(names, {t(T + "series.y"): y, t(T + "series.t"): t_vec}, "y, t", (FORWARD, BEFORE),
                        (0.0, 1.15))
    with right:
        if not predict(PAGE, "true_class", dz_ce[k], tol=0.01, context=(z, k),
                       fields={"cls": class_names[true], "y": fmt_array(y), "k": k + 1, "yk": fmt(y[k])}):
            return
        st.markdown(f"**{t(T + 'multi.grad_title')}**")
        view.class_bars(names, {s_ce_d: dz_ce, s_mse_d: dz_mse}, "∂L/∂z", (GRADIENT, GRADIENT), (-1.15, 1.15),
                        opacity={s_mse_d: 0.45})
    kk = k + 1
    st.latex(latex_gathered(
        rf"{CE_} = -\sum_k t_k \log y_k = -\log y_{{{kk}}}"
        rf" = -\Bigl(z_{{{kk}}} - \log\sum_j e^{{z_j}}\Bigr) = {N(ce_k)}",
        rf"\frac{{\partial {CE_}}}{{\partial \mathbf{{z}}}} = \mathbf{{y}} - \mathbf{{t}} = "
        rf"{M(y, row=True)} - {M(t_vec, row=True)} = {M(dz_ce, row=True)}",
        rf"{MSE_} = \frac{{1}}{{3}}\sum_k (t_k - y_k)^2 = {N(mse(y, t_vec))},\qquad "
        rf"\frac{{\partial {MSE_}}}{{\partial \mathbf{{z}}}} = J_{{\mathrm{{softmax}}}}^{{\top}}"
        rf"\frac{{\partial {MSE_}}}{{\partial \mathbf{{y}}}} = {M(dz_mse, row=True)}"))
    st.caption(t(T + "multi.log_softmax_note"))
    st.markdown(t(T + "multi.reading"))
    numbers_table(pd.DataFrame({t(T + "multi.class_axis"): names, "z": z, "y": y, "t": t_vec,
                                s_ce_d: dz_ce, s_mse_d: dz_mse}))


def start_logits(k: int) -> np.ndarray:
    """The article's example for three classes (y = [0.1, 0.1, 0.8]), plain numbers otherwise."""
    return Z_PRESETS["article"] if k == len(CLASSES) else OTHER_LOGITS[:k]


@section(T + "jacobian", formula=view.JACOBIAN_RULES)
def chain_rule_for_k_classes() -> None:
    left, middle, right = st.columns([1, 2, 1])
    k = int(left.number_input(t(T + "jacobian.k", top=K_MAX), 2, K_MAX, len(CLASSES), key="k",
                              help=t(T + "jacobian.k_help"), **URL))
    with middle:
        z = matrix_input(t(T + "jacobian.z", k=k), f"p3_jz{k}", start_logits(k), max_abs=Z_LIMIT,
                         help=t(T + "jacobian.z_help", k=k, limit=fmt(Z_LIMIT)))
    names = {c: t(T + "jacobian.class", k=c + 1) for c in range(k)}  # in this run's language, now
    true = right.selectbox(t(T + "jacobian.true"), list(names), index=k - 1, key=f"p3_jc{k}",
                           format_func=names.get)
    view.k_class_derivation(softmax_cross_entropy_derivation(z, one_hot(true, k)), true,
                            article=k == len(CLASSES))


@section(T + "which")
def which_loss() -> None:
    st.markdown(t(T + "which.table"))
    st.markdown(t(T + "which.bce"))
    st.latex(r"L = -\frac{1}{N}\sum_{n=1}^{N}\Bigl(t_n \log y_n + (1 - t_n)\log(1 - y_n)\Bigr)")
    st.caption(t(T + "which.bce_example", loss=fmt(binary_cross_entropy([0.9, 0.2], [1.0, 0.0]))))


the_articles_examples()
confidence_in_the_right_answer()
behind_a_sigmoid()
many_classes()
show_code(mse, mse_grad, softmax_cross_entropy_forward, softmax_cross_entropy_backward, sigmoid_mse_backward,
          sigmoid_cross_entropy_backward, sections=(1, 4))
chain_rule_for_k_classes()
which_loss()
show_code(softmax_jacobian, softmax_cross_entropy_derivation, binary_cross_entropy, sections=(5, 6))
quiz(PAGE, numbers={"q4": cross_entropy(Y_SEED, one_hot(HORSE, 3))})
prev_next(PAGE)
