"""Page 2 — activation functions and their derivatives (seed 001 §3.1.2 and §3.5, seeds 000, 002, 004)."""

import numpy as np
import pandas as pd
import streamlit as st

from core.activations import (
    ACTIVATIONS,
    best_threshold,
    derivative_check,
    gaussian_rbf,
    rbf_hidden,
    sigmoid,
    sigmoid_derivative,
    sigmoid_factors,
    softmax,
    softmax_steps,
    steepest_point,
    tangent_line,
)
from core.datasets import rbf_1d
from core.deep import sigmoid_bound
from core.format import fmt, fmt_array, latex_gathered, latex_number
from core.gradcheck import numerical_derivative
from ui.plot.theme import AFFINE, FORWARD, GRADIENT
from ui.shell import labels, link_to, page_frame, page_header, prev_next, section, t
from ui.shell.registry import page
from ui.views import activations as view
from ui.widgets import chips, choice, matrix_input, numbers_table, predict, quiz, reset_inputs, show_code

PAGE = "activations"
T = "activations."
NAMES = list(ACTIVATIONS)
U_LO, U_HI, U_POINTS = -6.0, 6.0, 601      # grid step 0.02, through u = 0
TANGENT_HALF = 1.5                          # the tangent is drawn on u0 ± 1.5
EPS_CHOICES = [1e-1, 1e-2, 1e-3, 1e-5, 1e-8, 1e-11]
SIG_LO, SIG_HI = -10.0, 10.0
LOGIT_PRESETS = {"small": [2.0, 1.0, 0.1], "large": [1000.0, 999.0, 998.0],
                 "negative": [-1000.0, -1001.0, -1002.0]}
TEMPERATURES = [0.01, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0]
N = latex_number
URL = {"bind": "query-params"}  # the address bar reproduces the view: ?act=...&u=2.5
NAIVE = ("ok", "overflow", "underflow")  # what the naive softmax gives: the second moment's choices

lang = page_frame(PAGE)
page_header(PAGE)
act_names = labels(T + "names", NAMES)
u_title = t(T + "s1.u_axis")


@section(T + "s1")
def functions_and_slopes() -> None:
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        mode = choice(st.segmented_control, t(T + "s1.mode"), ["one", "compare"], default="one",
                      required=True, key="mode", format_func=labels(T + "s1.modes", ["one", "compare"]).get)
        if mode == "one":
            chosen = [choice(st.selectbox, t(T + "s1.function"), NAMES, default="sigmoid", key="act",
                             format_func=act_names.get)]
        else:
            chosen = choice(st.multiselect, t(T + "s1.functions"), NAMES, default=["sigmoid", "tanh", "relu"],
                            key="fns", format_func=act_names.get)
        u0 = st.slider(t(T + "s1.probe"), U_LO, U_HI, 1.0, 0.1, key="u", **URL, help=t(T + "s1.probe_help"))
        eps = st.select_slider(t(T + "s1.eps"), EPS_CHOICES, value=1e-5, key="eps", **URL, format_func=fmt,
                               help=t(T + "s1.eps_help"))
    checks = {name: derivative_check(name, u0, eps) for name in chosen}
    curves = view.curves(U_LO, U_HI, U_POINTS)
    if mode == "one":
        one_function(chosen[0], checks[chosen[0]], curves, picture, controls)
    elif not chosen:
        picture.info(t(T + "s1.pick_one"), icon=":material/touch_app:")
    else:
        several_functions(chosen, checks, curves, picture)


def one_function(name, check, curves, picture, controls) -> None:
    act, u0, eps = ACTIVATIONS[name], check.u, check.eps
    ends = np.array([u0 - TANGENT_HALF, u0 + TANGENT_HALF])
    series = {"f": t(T + "s1.f_series"), "df": t(T + "s1.df_series"), "tangent": t(T + "s1.tangent_series")}
    with picture:
        view.one_function(curves[curves["name"] == name], u0, check.f, check.analytic,
                          (ends.tolist(), tangent_line(name, u0, ends).tolist()), series, u_title)
        st.caption(t(T + "s1.caption"))
    controls.info(t(f"{T}notes.{name}"), icon=":material/lightbulb:")

    st.subheader(t(T + "s1.formula_title", name=act_names[name], u=fmt(u0)))
    left, right = st.columns(2, gap="large")
    left.latex(latex_gathered(act.latex, rf"f({N(u0)}) = {N(check.f)}"))
    right.latex(latex_gathered(act.derivative_latex, rf"f'({N(u0)}) = {N(check.analytic)}"))
    shift = rf"u - {N(u0)}" if u0 >= 0 else rf"u - ({N(u0)})"
    st.markdown(t(T + "s1.tangent_text"))
    st.latex(rf"y = f(u_0) + f'(u_0)\,(u - u_0) = {N(check.f)} + {N(check.analytic)}\,({shift})")

    st.subheader(t(T + "s1.check_title"))
    st.markdown(t(T + "s1.check_intro"))
    st.latex(rf"\frac{{f(u_0 + \varepsilon) - f(u_0 - \varepsilon)}}{{2\varepsilon}} = "
             rf"\frac{{{N(check.f_plus, 12)} - ({N(check.f_minus, 12)})}}{{2 \times {N(eps)}}}"
             rf" = {N(check.numerical, 10)}")
    for col, label, value in zip(st.columns(4), ("m_f", "m_analytic", "m_numeric", "m_error"),
                                 (fmt(check.f, 6), fmt(check.analytic, 10), fmt(check.numerical, 10),
                                  fmt(check.abs_error, 3)), strict=True):
        col.metric(t(T + f"s1.{label}"), value)
    if check.straddles_kink:
        st.warning(t(T + "s1.kink", numeric=fmt(check.numerical, 6), analytic=fmt(check.analytic)),
                   icon=":material/change_history:")
    else:
        st.markdown(t(T + "s1.eps_note"))
    grid = np.linspace(U_LO, U_HI, 25)
    numbers_table(pd.DataFrame({"u": grid, "f(u)": act.fn(grid), "f′(u)": act.derivative(grid),
                                t(T + "s1.col_numeric"): numerical_derivative(act.fn, grid, eps),
                                t(T + "s1.tangent_series"): tangent_line(name, u0, grid)}))


def several_functions(chosen, checks, curves, picture) -> None:
    u0 = next(iter(checks.values())).u
    probe = t(T + "s1.probe_series", u=fmt(u0))
    with picture:
        for column, y_title, attr in (("f", "f(u)", "f"), ("df", "f′(u)", "analytic")):
            at_u0 = {n: getattr(c, attr) for n, c in checks.items()}
            view.compare(curves, column, chosen, act_names, u0, at_u0, u_title, y_title, probe)
    grid_u = np.linspace(U_LO, U_HI, U_POINTS)
    st.subheader(t(T + "s1.compare_title", u=fmt(u0)))
    st.dataframe(pd.DataFrame([{
        t(T + "s1.col_function"): act_names[n], "f(u₀)": fmt(c.f, 6), "f′(u₀)": fmt(c.analytic, 6),
        t(T + "s1.col_numeric"): fmt(c.numerical, 6), t(T + "s1.col_error"): fmt(c.abs_error, 2),
        t(T + "s1.col_steepest"): fmt(steepest_point(n, grid_u)[1], 3)} for n, c in checks.items()]),
        hide_index=True, width="stretch")
    if any(c.straddles_kink for c in checks.values()):
        st.warning(t(T + "s1.kink_compare"), icon=":material/change_history:")
    cols = st.columns(min(len(chosen), 4))
    for i, n in enumerate(chosen):
        with cols[i % len(cols)], st.container(border=True):
            st.markdown(f"**{act_names[n]}**")
            st.latex(latex_gathered(ACTIVATIONS[n].latex, ACTIVATIONS[n].derivative_latex))
    grid = np.linspace(U_LO, U_HI, 25)
    numbers_table(pd.concat([pd.DataFrame({t(T + "s1.col_function"): act_names[n], "u": grid,
                                           "f(u)": ACTIVATIONS[n].fn(grid),
                                           "f′(u)": ACTIVATIONS[n].derivative(grid)})
                             for n in chosen], ignore_index=True))


@section(T + "s2")
def sigmoid_slope() -> None:
    su = st.slider(t(T + "s2.probe"), SIG_LO, SIG_HI, 2.0, 0.1, key="su", **URL)
    f_u, one_minus, product = (float(v) for v in sigmoid_factors(su))
    factors = view.factor_curves(SIG_LO, SIG_HI, 401)
    peak_u, peak = steepest_point("sigmoid", factors["u"].to_numpy())
    probe = (t(T + "s2.probe_series"), "u₀")
    top_left, top_right = st.columns(2, gap="large")
    with top_left:
        st.markdown(f"**{t(T + 's2.panel_f')}**")
        view.factor_panel(factors, "f", "f(u)", FORWARD, su, f_u, u_title, (-0.05, 1.05), probe)
    with top_right:
        st.markdown(f"**{t(T + 's2.panel_1mf')}**")
        view.factor_panel(factors, "1-f", "1 − f(u)", AFFINE, su, one_minus, u_title, (-0.05, 1.05), probe)
    with st.columns([1, 2, 1])[1]:
        # a fixed fact, asked once: the product of the two panels' curves at its largest
        shown = predict(PAGE, "peak", peak, tol=0.005, fields={"peak": fmt(peak), "u": fmt(peak_u)})
        if shown:
            st.markdown(f"**{t(T + 's2.panel_df')}**")
            view.factor_panel(factors, "df", "f′(u)", GRADIENT, su, product, u_title, (-0.01, 0.3), probe,
                              peak=(peak_u, peak, t(T + "s2.peak_series"),
                                    t(T + "s2.peak_label", value=fmt(peak))))
    st.markdown(t(T + "s2.derivation_intro"))
    st.latex(r"\begin{aligned} f'(u) &= \frac{d}{du}\bigl(1 + e^{-u}\bigr)^{-1}"
             r" = \frac{e^{-u}}{\bigl(1 + e^{-u}\bigr)^2}"
             r" = \frac{1}{1 + e^{-u}} \cdot \frac{e^{-u}}{1 + e^{-u}} \\"
             r" &= \frac{1}{1 + e^{-u}} \cdot \frac{1 + e^{-u} - 1}{1 + e^{-u}}"
             r" = f(u)\,\bigl(1 - f(u)\bigr) \end{aligned}")
    st.markdown(t(T + "s2.with_numbers", u=fmt(su)))
    st.latex(rf"f'({N(su)}) = f({N(su)})\,\bigl(1 - f({N(su)})\bigr) = {N(f_u)} \times {N(one_minus)}"
             rf" = {N(product)}")
    for col, label, value in zip(st.columns(3), ("f(u₀)", "1 − f(u₀)", "f′(u₀)"), (f_u, one_minus, product),
                                 strict=True):
        col.metric(label, fmt(value))
    if not shown:
        return
    st.subheader(t(T + "s2.max_title"))
    st.markdown(t(T + "s2.max_text"))
    st.latex(r"f(1 - f) = \tfrac{1}{4} - \bigl(f - \tfrac{1}{2}\bigr)^2 \le \tfrac{1}{4},"
             rf"\qquad \max_u f'(u) = f'({N(peak_u)}) = {N(peak)}")
    two_layers = sigmoid_bound(2)[-1]
    st.markdown(t(T + "s2.why_matters", peak=fmt(peak), two=fmt(two_layers)))
    st.latex(rf"{N(peak)} \times {N(peak)} = {N(two_layers)}")
    link_to(page("vanishing"), lang, label=t(T + "s2.link"))
    numbers_table(factors.iloc[::20].rename(columns={"f": "f(u)", "1-f": "1 − f(u)", "df": "f′(u)"}))


@section(T + "s3")
def rbf_unit() -> None:
    x_all, t_all = rbf_1d()
    x, target = x_all[:, 0], t_all[:, 0]
    class_names = [t(T + "s3.red"), t(T + "s3.blue")]   # t = 0 red, t = 1 blue
    class_colors = [GRADIENT, FORWARD]
    classes = [class_names[int(v)] for v in target]
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        w_h = st.slider(t(T + "s3.w_h"), 0.0, 3.0, 1.0, 0.01, key="wh", **URL, help=t(T + "s3.w_h_help"))
        st.latex(latex_gathered(rf"h = \phi(x\,w_h) = e^{{-(x\,w_h)^2}} = e^{{-({N(w_h)}\,x)^2}}",
                                r"\phi'(z) = -2z\,e^{-z^2} = -2z\,\phi(z)"))
    h = rbf_hidden(x, w_h)
    cut_x, err_x, _ = best_threshold(x, target)
    cut_h, err_h, _ = best_threshold(h, target)
    grid_x = np.linspace(-3.5, 3.5, 351)
    with picture:
        view.rbf(grid_x, rbf_hidden(grid_x, w_h), x, h, classes, class_names, class_colors, t(T + "s3.curve"))
    for col, values, cut, err, line, scale in zip(
            st.columns(2, gap="large"), (x, h), (cut_x, cut_h), (err_x, err_h), ("x_line", "h_line"),
            ((-3.5, 3.5), (-0.02, 1.02)), strict=True):
        with col:
            view.strip(values, classes, class_names, class_colors, cut, t(T + "s3.cut"), t(T + f"s3.{line}"),
                       scale)
            st.metric(t(T + ("s3.err_x" if line == "x_line" else "s3.err_h")),
                      t(T + "s3.errors", n=err, total=len(x)), help=t(T + "s3.cut_at", cut=fmt(cut, 3)))
    if err_h == 0:
        st.success(t(T + "s3.separated", cut=fmt(cut_h, 3)), icon=":material/check:")
    else:
        st.warning(t(T + "s3.not_separated", n=err_h), icon=":material/warning:")
    st.markdown(t(T + "s3.reading"))
    numbers_table(pd.DataFrame({t(T + "s3.col_class"): classes, "x": x, "h = φ(x w_h)": h}))


@section(T + "s4", formula=r"y_k = \frac{e^{z_k / T}}{\sum_{j} e^{z_j / T}}")
def softmax_without_overflow() -> None:
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        st.caption(t(T + "s4.presets"))
        with st.container(horizontal=True):
            for preset, values in LOGIT_PRESETS.items():
                st.button(t(f"{T}s4.preset.{preset}"), key=f"p2_preset_{preset}", on_click=reset_inputs,
                          args=({"z": np.array(values)},))
        z = matrix_input(t(T + "s4.logits"), "z", LOGIT_PRESETS["small"], help=t(T + "s4.logits_help"),
                         bind=True)
        temperature = st.select_slider(t(T + "s4.temperature"), TEMPERATURES, value=1.0, key="T",
                                       format_func=fmt, help=t(T + "s4.temperature_help"), **URL)
    steps = softmax_steps(z, temperature)
    with picture:
        view.softmax_bars([f"y{chr(0x2081 + i)}" for i in range(len(z))], steps.y, t(T + "s4.prob_axis"))
        st.caption(t(T + "s4.sum", total=fmt(steps.y_sum, 10)))
    if not predict(PAGE, "naive", steps.naive_status, options=NAIVE, context=(z, temperature),
                   fields={"z": fmt_array(z), "T": fmt(temperature), "m": fmt(steps.m)}):
        return
    colour, badge = {"ok": ("green", "naive_ok"), "overflow": ("red", "naive_overflow"),
                     "underflow": ("orange", "naive_underflow")}[steps.naive_status]
    chips([(t(f"{T}s4.badge.{badge}"), colour), (t(T + "s4.badge.stable_ok"), "green")])
    naive, stable = st.columns(2, gap="large")
    with naive, st.container(border=True):
        st.markdown(f"**{t(T + 's4.naive_title')}**")
        view.naive_softmax(steps, t(T + "s4.overflow"), t(T + "s4.underflow"), t(T + "s4.naive_ok"))
    with stable, st.container(border=True):
        st.markdown(f"**{t(T + 's4.stable_title')}**")
        view.stable_softmax(steps)
    st.markdown(t(T + "s4.why_shift"))
    st.latex(r"\frac{e^{z_k}}{\sum_j e^{z_j}} = \frac{e^{-m}\,e^{z_k}}{e^{-m}\sum_j e^{z_j}}"
             r" = \frac{e^{z_k - m}}{\sum_j e^{z_j - m}}")
    st.markdown(t(T + "s4.temperature_text"))
    numbers_table(view.softmax_table(steps, t(T + "s4.cell_overflow"), t(T + "s4.cell_underflow"),
                                     t(T + "s4.col_naive_exp"), t(T + "s4.col_naive_y")))


functions_and_slopes()
sigmoid_slope()
rbf_unit()
softmax_without_overflow()
show_code(sigmoid, sigmoid_derivative, gaussian_rbf, softmax, numerical_derivative)
quiz(PAGE, numbers={"q4": softmax_steps(LOGIT_PRESETS["small"], 2.0).y[0]})  # T = 2 flattens 0.659 to 0.502
prev_next(PAGE)
