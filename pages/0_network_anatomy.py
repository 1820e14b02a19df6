"""Page 0 — a network's anatomy: the Chainer tutorial's wine network (seed 001 §3.1, §3.1.1–3.1.3, §3.6)."""

import numpy as np
import pandas as pd
import streamlit as st

from core.activations import softmax
from core.anatomy import (
    ARTICLE_OUTPUTS,
    ARTICLE_WINE,
    CLASSES,
    FEATURES,
    WINE_B1,
    WINE_B2,
    WINE_LAYERS,
    WINE_SIZES,
    WINE_W1,
    WINE_W2,
    WinePass,
    function_layers,
    parameter_count,
    parameter_counts,
    unit_layers,
    unit_sums,
    wine_forward,
)
from core.format import fmt, fmt_array, latex_gathered, latex_matrix
from core.linear import affine_forward, linear_forward
from core.network import mlp_forward
from ui.shell import link_to, linked, page_frame, page_header, prev_next, section, t, t_list
from ui.shell.registry import page
from ui.views import anatomy as view
from ui.widgets import markdown_table, numbers_table, predict, quiz, show_code

PAGE = "anatomy"
T = "anatomy."
M = latex_matrix
URL = {"bind": "query-params"}  # the address bar reproduces the view: ?colour=0.8
#: The four sliders: (min, max, step, format) of each feature, the article's wine as the start.
SLIDERS = {"age": (0.0, 30.0, 1.0, "%.0f"), "alcohol": (5.0, 20.0, 0.5, "%.1f"),
           "colour": (0.0, 1.0, 0.05, "%.2f"), "smell": (0.0, 1.0, 0.05, "%.2f")}

lang = page_frame(PAGE)
page_header(PAGE)


def words() -> view.Words:
    """The picture's texts in the page's language."""
    sub = view.SUBSCRIPT
    symbols = ("h₀", "h₁", "y")
    shapes = [W.shape for W, _, _ in WINE_LAYERS]
    return view.Words(
        features=tuple(t(f"{T}features.{f}") for f in FEATURES),
        classes=tuple(t(f"{T}classes.{c}") for c in CLASSES),
        layers=tuple(t_list(T + "picture.layers")),
        numbers=tuple(t(T + "picture.number", n=n, symbol=symbol) for n, symbol in enumerate(symbols)),
        connected=tuple(t(T + "picture.connected", n=str(n).translate(sub), rows=rows, cols=cols)
                        for n, (rows, cols) in enumerate(shapes, start=1)),
        unit=t(T + "picture.unit"), depth=t(T + "picture.depth", n=unit_layers(WINE_SIZES)))


@section(T + "s1")
def the_wine_network() -> None:
    view.show(view.network_svg(WINE_W1, WINE_B1, WINE_W2, WINE_B2, words()))
    st.caption(t(T + "s1.caption"))
    st.markdown(t(T + "s1.terms"))
    counts = parameter_counts(WINE_SIZES)
    (w1, b1), (w2, b2) = counts
    total = parameter_count(WINE_SIZES)
    if not predict(PAGE, "count", total, tol=0,
                   fields={"w1": w1, "b1": b1, "w2": w2, "b2": b2, "total": total}):
        return
    table = [{t(T + "s1.col_layer"): f"W{n}, b{n}".translate(view.SUBSCRIPT),
             t(T + "s1.col_weights"): f"{s_out} × {s_in} = {weights}", t(T + "s1.col_biases"): biases}
            for n, (s_in, s_out, (weights, biases)) in enumerate(
                zip(WINE_SIZES[:-1], WINE_SIZES[1:], counts, strict=True), start=1)]
    st.markdown(markdown_table(pd.DataFrame(table)))
    rows, cols = WINE_W1.shape
    st.markdown(t(T + "s1.count", total=total, rows=rows, cols=cols))


def _back_to_the_article() -> None:
    st.session_state.update(dict(zip(SLIDERS, ARTICLE_WINE.tolist(), strict=True)))


@section(T + "s2")
def one_wine() -> WinePass:
    cols = st.columns(4)
    x = []
    for col, (key, (low, high, step, shown)), start in zip(cols, SLIDERS.items(), ARTICLE_WINE, strict=True):
        with col:
            x.append(st.slider(t(f"{T}s2.{key}"), low, high, float(start), step, format=shown, key=key,
                               **URL))
    st.button(t(T + "s2.reset"), key="p0_reset", on_click=_back_to_the_article, icon=":material/wine_bar:")
    wine = wine_forward(x)
    products, u1 = unit_sums(WINE_W1, wine.h0, WINE_B1)
    # one above the other: side by side, each form is wider than half the page and gets cut off
    with st.container(border=True):
        st.markdown(t(T + "s2.sums_title"))
        st.latex(view.elementwise_sums(WINE_W1, wine.h0, WINE_B1, u1))
    with st.container(border=True):
        st.markdown(t(T + "s2.matrix_title"))
        st.latex(view.matrix_form(WINE_W1, wine.h0, WINE_B1, wine.u1))
    st.markdown(t(T + "s2.same", rows=len(u1)))
    st.latex(rf"\mathbf{{h}}_1 = \mathrm{{ReLU}}(\mathbf{{u}}_1) = \max\left(0, {M(wine.u1, row=True)}\right)"
             rf" = {M(wine.h1, row=True)}")
    off = [view.sub("h", 1, i + 1) for i in wine.switched_off]
    st.markdown(t(T + "s2.relu_off", units=t(T + "s2.sep").join(off)) if off else t(T + "s2.relu_all"))
    products_by_input = {"w·" + view.sub("h", 0, j + 1): products[:, j] for j in range(products.shape[1])}
    numbers_table(pd.DataFrame({t(T + "s2.col_unit"): [view.sub("u", 1, i + 1) for i in range(len(u1))],
                                **products_by_input, "b": WINE_B1, "u": u1, "h": wine.h1}),
                  title=t(T + "s2.numbers"))
    return wine


@section(T + "s3")
def the_outputs(wine: WinePass) -> None:
    classes = {c: t(f"{T}classes.{c}") for c in CLASSES}
    fields = {"x": fmt_array(wine.h0), "y1": fmt(wine.y[0]), "y2": fmt(wine.y[1])}
    if not predict(PAGE, "wine", wine.prediction, options=CLASSES, context=(wine.h0,), fields=fields):
        return
    view.show(view.network_svg(WINE_W1, WINE_B1, WINE_W2, WINE_B2, words(), wine))
    st.caption(t(T + "s3.caption"))
    e = r"\mathrm{e}"
    st.latex(latex_gathered(
        rf"\mathbf{{u}}_2 = W_2\mathbf{{h}}_1 + \mathbf{{b}}_2 = {M(WINE_W2)}{M(wine.h1)} + {M(WINE_B2)}"
        rf" = {M(wine.u2)}",
        rf"y_k = \mathrm{{softmax}}(\mathbf{{u}}_2)_k = \frac{{{e}^{{u_{{2k}}}}}}{{{e}^{{u_{{21}}}} + "
        rf"{e}^{{u_{{22}}}}}}:\quad \mathbf{{y}} = {M(wine.y)},\quad y_1 + y_2 = {fmt(wine.y_sum)}"))
    first, second = st.columns(2)
    for col, k in zip((first, second), range(len(CLASSES)), strict=True):
        col.metric(f"{view.sub('y', k + 1)} · {classes[CLASSES[k]]}", fmt(wine.y[k]))
    st.success(t(T + "s3.prediction", wine=classes[wine.prediction], y=fmt(wine.y[wine.predicted])),
               icon=":material/wine_bar:")
    if np.allclose(wine.h0, ARTICLE_WINE):
        st.markdown(t(T + "s3.article", y1=fmt(wine.y[0]), y2=fmt(wine.y[1]), a1=fmt(ARTICLE_OUTPUTS[0]),
                      a2=fmt(ARTICLE_OUTPUTS[1])))
    st.markdown(t(T + "s3.probabilities"))


@section(T + "s4")
def linear_or_affine() -> None:
    zero = np.zeros(WINE_SIZES[0])
    linear, affine = linear_forward(zero, WINE_W1)[0], affine_forward(zero, WINE_W1, WINE_B1)[0]
    st.latex(rf"W\mathbf{{0}} = {M(linear)},\qquad W\mathbf{{0}} + \mathbf{{b}} = {M(affine)} = \mathbf{{b}}")
    st.markdown(t(T + "s4.strictly"))
    link_to(page("linear_affine"), lang, label=t(T + "s4.link"))
    st.markdown(t(T + "s4.habit"))


@section(T + "s5")
def two_meanings_of_layer() -> None:
    functions = [view.LAYER_NAMES[name] for name in function_layers([act for _, _, act in WINE_LAYERS])]
    view.show(view.chain_svg(functions, t(T + "s5.layer"), t(T + "s5.caption")))
    depth = unit_layers(WINE_SIZES)
    left, right = st.columns(2)
    left.metric(t(T + "s5.units_metric"), depth)
    right.metric(t(T + "s5.functions_metric"), len(functions))
    st.markdown(t(T + "s5.both", units=depth, functions=len(functions), names=" → ".join(functions),
                  weights=len(parameter_counts(WINE_SIZES))))


the_wine_network()
linked(one_wine, the_outputs)
linear_or_affine()
two_meanings_of_layer()
show_code(wine_forward, mlp_forward, softmax, unit_sums, parameter_counts, parameter_count)
quiz(PAGE, numbers={"q2": parameter_count((4, 5, 2))})  # 4·5 + 5 + 5·2 + 2 = 37
prev_next(PAGE)
