"""Page 2 — activation functions and their derivatives (seed 001 §3.1.2 and §3.5, seeds 000, 002, 004)."""

import numpy as np
import pandas as pd
import streamlit as st

from core.activations import (
    ACTIVATIONS,
    EXP_OVERFLOW,
    FLOAT64_MAX,
    best_threshold,
    derivative_check,
    rbf_hidden,
    sigmoid_factors,
    softmax_steps,
    steepest_point,
    tangent_line,
)
from core.datasets import rbf_1d
from core.deep import sigmoid_bound
from core.format import fmt, latex_gathered, latex_matrix, latex_number
from core.gradcheck import numerical_derivative
from ui import activation_charts as ac
from ui import charts
from ui.frame import link_to, page_frame, page_header, prev_next
from ui.i18n import labels, t
from ui.registry import page
from ui.widgets import chips, matrix_input, numbers_table, quiz, reset_inputs, show_code

PAGE = "activations"
NAMES = list(ACTIVATIONS)
U_LO, U_HI, U_POINTS = -6.0, 6.0, 601      # grid step 0.02, through u = 0
TANGENT_HALF = 1.5                          # the tangent is drawn on u0 ± 1.5
EPS_CHOICES = [1e-1, 1e-2, 1e-3, 1e-5, 1e-8, 1e-11]
SIG_LO, SIG_HI = -10.0, 10.0
LOGIT_PRESETS = {"small": [2.0, 1.0, 0.1], "large": [1000.0, 999.0, 998.0],
                 "negative": [-1000.0, -1001.0, -1002.0]}
TEMPERATURES = [0.01, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0]
N, M = latex_number, latex_matrix

lang = page_frame(PAGE)
page_header(PAGE)
act_names = labels("activations.names", NAMES)
curves = ac.curves(U_LO, U_HI, U_POINTS)
u_title = t("activations.s1.u_axis")

# --- 1. Every activation with its slope ----------------------------------------------------
st.header(t("activations.s1.title"))
st.markdown(t("activations.s1.intro"))


@st.fragment
def section_functions() -> None:
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        mode = st.segmented_control(t("activations.s1.mode"), ["one", "compare"], default="one",
                                    required=True, key="p2_mode",
                                    format_func=labels("activations.s1.modes", ["one", "compare"]).get)
        if mode == "one":
            name = st.selectbox(t("activations.s1.function"), NAMES, index=NAMES.index("sigmoid"),
                                key="p2_act", format_func=act_names.get)
            chosen = [name]
        else:
            chosen = st.multiselect(t("activations.s1.functions"), NAMES, default=["sigmoid", "tanh", "relu"],
                                    key="p2_compare", format_func=act_names.get)
        u0 = st.slider(t("activations.s1.probe"), U_LO, U_HI, 1.0, 0.1, key="p2_u",
                       help=t("activations.s1.probe_help"))
        eps = st.select_slider(t("activations.s1.eps"), EPS_CHOICES, value=1e-5, key="p2_eps",
                               format_func=fmt, help=t("activations.s1.eps_help"))

    checks = {n: derivative_check(n, u0, eps) for n in chosen}
    if mode == "one":
        act, check = ACTIVATIONS[name], checks[name]
        ends = np.array([u0 - TANGENT_HALF, u0 + TANGENT_HALF])
        tangent = tangent_line(name, u0, ends)
        series = {"f": t("activations.s1.f_series"), "df": t("activations.s1.df_series"),
                  "tangent": t("activations.s1.tangent_series")}
        own = curves[curves["name"] == name]
        with picture:
            charts.show(ac.one_function_chart(own, u0, check.f, check.analytic,
                                              (ends.tolist(), tangent.tolist()), series, u_title, ""))
            st.caption(t("activations.s1.caption"))
        with controls:
            st.info(t(f"activations.notes.{name}"), icon=":material/lightbulb:")

        st.subheader(t("activations.s1.formula_title", name=act_names[name], u=fmt(u0)))
        left, right = st.columns(2, gap="large")
        with left:  # the rule and its value at u₀: one formula element per column
            st.latex(latex_gathered(act.latex, rf"f({N(u0)}) = {N(check.f)}"))
        with right:
            st.latex(latex_gathered(act.derivative_latex, rf"f'({N(u0)}) = {N(check.analytic)}"))
        shift = rf"u - {N(u0)}" if u0 >= 0 else rf"u - ({N(u0)})"
        st.markdown(t("activations.s1.tangent_text"))
        st.latex(rf"y = f(u_0) + f'(u_0)\,(u - u_0) = {N(check.f)} + {N(check.analytic)}\,({shift})")

        st.subheader(t("activations.s1.check_title"))
        st.markdown(t("activations.s1.check_intro"))
        st.latex(rf"\frac{{f(u_0 + \varepsilon) - f(u_0 - \varepsilon)}}{{2\varepsilon}} = "
                 rf"\frac{{{N(check.f_plus, 12)} - ({N(check.f_minus, 12)})}}{{2 \times {N(eps)}}}"
                 rf" = {N(check.numerical, 10)}")
        m1, m2, m3, m4 = st.columns(4)
        m1.metric(t("activations.s1.m_f"), fmt(check.f, 6))
        m2.metric(t("activations.s1.m_analytic"), fmt(check.analytic, 10))
        m3.metric(t("activations.s1.m_numeric"), fmt(check.numerical, 10))
        m4.metric(t("activations.s1.m_error"), fmt(check.abs_error, 3))
        if check.straddles_kink:
            st.warning(t("activations.s1.kink", numeric=fmt(check.numerical, 6),
                         analytic=fmt(check.analytic)), icon=":material/change_history:")
        else:
            st.markdown(t("activations.s1.eps_note"))
        grid = np.linspace(U_LO, U_HI, 25)
        numbers_table(pd.DataFrame({"u": grid, "f(u)": act.fn(grid), "f′(u)": act.derivative(grid),
                                    t("activations.s1.col_numeric"): numerical_derivative(act.fn, grid, eps),
                                    t("activations.s1.tangent_series"): tangent_line(name, u0, grid)}))
    elif not chosen:
        with picture:
            st.info(t("activations.s1.pick_one"), icon=":material/touch_app:")
    else:
        probe = t("activations.s1.probe_series", u=fmt(u0))
        with picture:
            charts.show(ac.compare_chart(curves, "f", chosen, act_names, u0,
                                         {n: c.f for n, c in checks.items()}, u_title, "f(u)", probe,
                                         height=260))
            charts.show(ac.compare_chart(curves, "df", chosen, act_names, u0,
                                         {n: c.analytic for n, c in checks.items()}, u_title, "f′(u)", probe,
                                         height=260))
        grid_u = np.linspace(U_LO, U_HI, U_POINTS)
        rows = []
        for n, c in checks.items():
            _, slope = steepest_point(n, grid_u)
            rows.append({t("activations.s1.col_function"): act_names[n], "f(u₀)": fmt(c.f, 6),
                         "f′(u₀)": fmt(c.analytic, 6), t("activations.s1.col_numeric"): fmt(c.numerical, 6),
                         t("activations.s1.col_error"): fmt(c.abs_error, 2),
                         t("activations.s1.col_steepest"): fmt(slope, 3)})
        st.subheader(t("activations.s1.compare_title", u=fmt(u0)))
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        if any(c.straddles_kink for c in checks.values()):
            st.warning(t("activations.s1.kink_compare"), icon=":material/change_history:")
        cols = st.columns(min(len(chosen), 4))
        for i, n in enumerate(chosen):
            with cols[i % len(cols)], st.container(border=True):
                st.markdown(f"**{act_names[n]}**")
                st.latex(ACTIVATIONS[n].latex)
                st.latex(ACTIVATIONS[n].derivative_latex)
        grid = np.linspace(U_LO, U_HI, 25)
        numbers_table(pd.concat([pd.DataFrame({t("activations.s1.col_function"): act_names[n], "u": grid,
                                               "f(u)": ACTIVATIONS[n].fn(grid),
                                               "f′(u)": ACTIVATIONS[n].derivative(grid)})
                                 for n in chosen], ignore_index=True))


section_functions()

# --- 2. The sigmoid's slope from its two factors (seed 001 §3.5) ----------------------------
st.header(t("activations.s2.title"))
st.markdown(t("activations.s2.intro"))


@st.fragment
def section_sigmoid() -> None:
    su = st.slider(t("activations.s2.probe"), SIG_LO, SIG_HI, 2.0, 0.1, key="p2_sig_u")
    f_u, one_minus, product = (float(v) for v in sigmoid_factors(su))
    factors = ac.factor_curves(SIG_LO, SIG_HI, 401)
    peak_u, peak = steepest_point("sigmoid", factors["u"].to_numpy())
    probe_pt = (t("activations.s2.probe_series"), "u₀")
    top_left, top_right = st.columns(2, gap="large")
    with top_left:
        st.markdown(f"**{t('activations.s2.panel_f')}**")
        charts.show(ac.factor_chart(factors, "f", "f(u)", charts.FORWARD, su, f_u, u_title, (-0.05, 1.05),
                                    probe_pt))
    with top_right:
        st.markdown(f"**{t('activations.s2.panel_1mf')}**")
        charts.show(ac.factor_chart(factors, "1-f", "1 − f(u)", charts.AFFINE, su, one_minus, u_title,
                                    (-0.05, 1.05), probe_pt))
    _, mid, _ = st.columns([1, 2, 1])
    with mid:
        st.markdown(f"**{t('activations.s2.panel_df')}**")
        charts.show(ac.factor_chart(factors, "df", "f′(u)", charts.GRADIENT, su, product, u_title,
                                    (-0.01, 0.3), probe_pt,
                                    peak=(peak_u, peak, t("activations.s2.peak_series"),
                                          t("activations.s2.peak_label", value=fmt(peak)))))
    st.markdown(t("activations.s2.derivation_intro"))
    st.latex(r"\begin{aligned} f'(u) &= \frac{d}{du}\bigl(1 + e^{-u}\bigr)^{-1}"
             r" = \frac{e^{-u}}{\bigl(1 + e^{-u}\bigr)^2}"
             r" = \frac{1}{1 + e^{-u}} \cdot \frac{e^{-u}}{1 + e^{-u}} \\"
             r" &= \frac{1}{1 + e^{-u}} \cdot \frac{1 + e^{-u} - 1}{1 + e^{-u}}"
             r" = f(u)\,\bigl(1 - f(u)\bigr) \end{aligned}")
    st.markdown(t("activations.s2.with_numbers", u=fmt(su)))
    st.latex(rf"f'({N(su)}) = f({N(su)})\,\bigl(1 - f({N(su)})\bigr) = {N(f_u)} \times {N(one_minus)}"
             rf" = {N(product)}")
    c1, c2, c3 = st.columns(3)
    c1.metric("f(u₀)", fmt(f_u))
    c2.metric("1 − f(u₀)", fmt(one_minus))
    c3.metric("f′(u₀)", fmt(product))
    st.subheader(t("activations.s2.max_title"))
    st.markdown(t("activations.s2.max_text"))
    st.latex(r"f(1 - f) = \tfrac{1}{4} - \bigl(f - \tfrac{1}{2}\bigr)^2 \le \tfrac{1}{4},"
             rf"\qquad \max_u f'(u) = f'({N(peak_u)}) = {N(peak)}")
    two_layers = sigmoid_bound(2)[-1]
    st.markdown(t("activations.s2.why_matters", peak=fmt(peak), two=fmt(two_layers)))
    st.latex(rf"{N(peak)} \times {N(peak)} = {N(two_layers)}")
    link_to(page("vanishing"), lang, label=t("activations.s2.link"))
    numbers_table(factors.iloc[::20].rename(columns={"f": "f(u)", "1-f": "1 − f(u)", "df": "f′(u)"}))


section_sigmoid()

# --- 3. Why a Gaussian RBF suits seed 000's data --------------------------------------------
st.header(t("activations.s3.title"))
st.markdown(t("activations.s3.intro"))


@st.fragment
def section_rbf() -> None:
    x_all, t_all = rbf_1d()
    x, target = x_all[:, 0], t_all[:, 0]
    class_names = [t("activations.s3.red"), t("activations.s3.blue")]   # t = 0 red, t = 1 blue
    class_colors = [charts.GRADIENT, charts.FORWARD]
    classes = [class_names[int(v)] for v in target]
    controls3, picture3 = st.columns([2, 3], gap="large")
    with controls3:
        w_h = st.slider(t("activations.s3.w_h"), 0.0, 3.0, 1.0, 0.01, key="p2_wh",
                        help=t("activations.s3.w_h_help"))
        st.latex(rf"h = \phi(x\,w_h) = e^{{-(x\,w_h)^2}} = e^{{-({N(w_h)}\,x)^2}}")
        st.latex(r"\phi'(z) = -2z\,e^{-z^2} = -2z\,\phi(z)")
    h = rbf_hidden(x, w_h)
    cut_x, err_x, _ = best_threshold(x, target)
    cut_h, err_h, _ = best_threshold(h, target)
    grid_x = np.linspace(-3.5, 3.5, 351)
    with picture3:
        charts.show(ac.rbf_chart(grid_x, rbf_hidden(grid_x, w_h), x, h, classes, class_names, class_colors,
                                 t("activations.s3.curve"), "x", "h"))
    s_left, s_right = st.columns(2, gap="large")
    with s_left:
        charts.show(ac.strip_chart(x, classes, class_names, class_colors, cut_x, t("activations.s3.cut"),
                                   t("activations.s3.x_line"), (-3.5, 3.5)))
        st.metric(t("activations.s3.err_x"), t("activations.s3.errors", n=err_x, total=len(x)))
    with s_right:
        charts.show(ac.strip_chart(h, classes, class_names, class_colors, cut_h, t("activations.s3.cut"),
                                   t("activations.s3.h_line"), (-0.02, 1.02)))
        st.metric(t("activations.s3.err_h"), t("activations.s3.errors", n=err_h, total=len(x)),
                  help=t("activations.s3.cut_at", cut=fmt(cut_h, 3)))
    if err_h == 0:
        st.success(t("activations.s3.separated", cut=fmt(cut_h, 3)), icon=":material/check:")
    else:
        st.warning(t("activations.s3.not_separated", n=err_h), icon=":material/warning:")
    st.markdown(t("activations.s3.reading"))
    numbers_table(pd.DataFrame({t("activations.s3.col_class"): classes, "x": x, "h = φ(x w_h)": h}))


section_rbf()

# --- 4. Softmax: many logits to probabilities, without overflow (seed 002) -----------------
st.header(t("activations.s4.title"))
st.markdown(t("activations.s4.intro"))


@st.fragment
def section_softmax() -> None:
    st.latex(r"y_k = \frac{e^{z_k / T}}{\sum_{j} e^{z_j / T}}")
    controls4, picture4 = st.columns([2, 3], gap="large")
    with controls4:
        st.caption(t("activations.s4.presets"))
        with st.container(horizontal=True):
            for preset, values in LOGIT_PRESETS.items():
                st.button(t(f"activations.s4.preset.{preset}"), key=f"p2_preset_{preset}",
                          on_click=reset_inputs, args=({"p2_z": np.array(values)},))
        z = matrix_input(t("activations.s4.logits"), "p2_z", LOGIT_PRESETS["small"],
                         help=t("activations.s4.logits_help"))
        temperature = st.select_slider(t("activations.s4.temperature"), TEMPERATURES, value=1.0,
                                       key="p2_T", format_func=fmt, help=t("activations.s4.temperature_help"))
    steps = softmax_steps(z, temperature)
    ks = [f"y{chr(0x2081 + i)}" for i in range(len(z))]
    with picture4:
        charts.show(ac.softmax_bars(ks, steps.y, t("activations.s4.prob_axis")))
        st.caption(t("activations.s4.sum", total=fmt(steps.y_sum, 10)))
    status = {"ok": ("green", "naive_ok"), "overflow": ("red", "naive_overflow"),
              "underflow": ("orange", "naive_underflow")}[steps.naive_status]
    chips([(t(f"activations.s4.badge.{status[1]}"), status[0]),
           (t("activations.s4.badge.stable_ok"), "green")])
    naive, stable = st.columns(2, gap="large")
    with naive, st.container(border=True):
        st.markdown(f"**{t('activations.s4.naive_title')}**")
        naive_exp = [rf"\color{{{charts.GRADIENT}}}{{e^{{{N(s)}}}}}" if over else N(v)
                     for s, v, over in zip(steps.scaled, steps.naive_exp, steps.overflow_mask, strict=True)]
        st.latex(rf"z / T = {M(steps.scaled, row=True)}")
        st.latex(r"e^{z/T} = \begin{bmatrix} " + " & ".join(naive_exp) + r" \end{bmatrix}")
        if steps.naive_status == "overflow":
            if steps.overflow_mask.any():
                st.latex(rf"e^{{{N(steps.m)}}} > e^{{{N(EXP_OVERFLOW, 6)}}} \approx {N(FLOAT64_MAX)}")
            else:  # every term fits, but their sum does not
                st.latex(rf"\sum_j e^{{z_j/T}} > {N(FLOAT64_MAX)}")
            st.warning(t("activations.s4.overflow", limit=fmt(EXP_OVERFLOW, 6)), icon=":material/error:")
        elif steps.naive_status == "underflow":
            st.latex(r"\sum_j e^{z_j/T} = 0")
            st.warning(t("activations.s4.underflow"), icon=":material/error:")
        else:
            st.latex(rf"\sum_j e^{{z_j/T}} = {N(steps.naive_total)}")
            st.latex(rf"y = {M(steps.naive_y, row=True)}")
            st.markdown(t("activations.s4.naive_ok"))
    with stable, st.container(border=True):
        st.markdown(f"**{t('activations.s4.stable_title')}**")
        st.latex(rf"m = \max_k z_k / T = {N(steps.m)}")
        st.latex(rf"z / T - m = {M(steps.shifted, row=True)}")
        st.latex(rf"e^{{z/T - m}} = {M(steps.exp_shifted, row=True)}")
        st.latex(rf"\sum_j e^{{z_j/T - m}} = {N(steps.total)}")
        st.latex(rf"y = {M(steps.y, row=True)}")
        st.latex(rf"\sum_k y_k = {N(steps.y_sum)}")
    st.markdown(t("activations.s4.why_shift"))
    st.latex(r"\frac{e^{z_k}}{\sum_j e^{z_j}} = \frac{e^{-m}\,e^{z_k}}{e^{-m}\sum_j e^{z_j}}"
             r" = \frac{e^{z_k - m}}{\sum_j e^{z_j - m}}")
    st.markdown(t("activations.s4.temperature_text"))
    overflow_text, underflow_text = t("activations.s4.cell_overflow"), t("activations.s4.cell_underflow")
    bad = {"overflow": overflow_text, "underflow": underflow_text}.get(steps.naive_status)
    naive_exp_cells = [overflow_text if over else fmt(v)
                       for v, over in zip(steps.naive_exp, steps.overflow_mask, strict=True)]
    numbers_table(pd.DataFrame({
        "k": range(1, len(z) + 1), "z_k": steps.z, "z_k / T": steps.scaled, "z_k / T − m": steps.shifted,
        "e^(z_k/T − m)": steps.exp_shifted, "y_k": steps.y,
        t("activations.s4.col_naive_exp"): naive_exp_cells,
        t("activations.s4.col_naive_y"): [bad or fmt(v) for v in steps.naive_y],
    }))


section_softmax()

show_code(derivative_check, numerical_derivative, tangent_line, ACTIVATIONS["sigmoid"].derivative,
          sigmoid_factors, steepest_point, ACTIVATIONS["gaussian_rbf"].fn, rbf_hidden, best_threshold,
          softmax_steps)
quiz(PAGE)
prev_next(PAGE)
