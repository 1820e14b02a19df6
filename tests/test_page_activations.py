"""Page 2: seed numbers on the page; charts, formulas and tables follow the widgets."""

import re

import numpy as np
import pytest

from core.activations import (
    ACTIVATIONS,
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
from core.format import fmt, latex_number
from tests.conftest import (
    all_text,
    answer_quiz,
    chart_with,
    charts,
    formulas,
    open_expanders,
    open_page,
    predict_in,
)

PAGE = "pages/2_activations.py"


@pytest.fixture
def at():
    return open_page(PAGE, "en")


def latex(at) -> str:
    return formulas(at)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def table(at, header_start: str):
    """The dataframe whose first column starts with ``header_start``."""
    return next(df.value for df in at.dataframe if str(df.value.columns[0]).startswith(header_start))


def test_seed_001_sigmoid_maximum_and_two_layer_bound_are_on_the_page(at):
    u_peak, peak = steepest_point("sigmoid", np.linspace(-10, 10, 801))
    assert (u_peak, peak) == (0.0, 0.25)
    text = latex(at)
    assert rf"\max_u f'(u) = f'({latex_number(u_peak)}) = {latex_number(peak)}" in text
    assert r"\max_u f'(u) = f'(0) = 0.25" in text
    two = sigmoid_bound(2)[-1]
    assert rf"0.25 \times 0.25 = {latex_number(two)}" in text and fmt(two) == "0.0625"
    assert "at most 0.25 of its size; after two layers at most 0.0625" in all_text(at)
    # the red peak marker of the product panel sits at (0, 0.25)
    peak_points = charts(at)[3]["points"]
    assert peak_points[["x", "y"]].values.tolist()[-1] == [0.0, 0.25]
    # the probe of section 1 put at u0 = 0 reads the same 0.25 from the derivative
    at.slider(key="u").set_value(0.0).run()
    assert metric(at, "f′(u₀) from the formula") == "0.25"
    assert r"f'(0) = 0.25" in latex(at)


def test_default_probe_metrics_latex_and_chart_agree(at):
    c = derivative_check("sigmoid", 1.0, 1e-5)
    assert metric(at, "f(u₀)") == fmt(c.f, 6)
    assert metric(at, "f′(u₀) from the formula") == fmt(c.analytic, 10)
    assert metric(at, "f′(u₀) numerically") == fmt(c.numerical, 10)
    assert fmt(c.analytic, 10) == fmt(c.numerical, 10) == "0.1966119332"
    assert r"y = f(u_0) + f'(u_0)\,(u - u_0) = 0.7311 + 0.1966\,(u - 1)" in latex(at)


def test_moving_the_probe_moves_chart_formulas_and_table_together(at):
    at.selectbox(key="act").set_value("tanh").run()
    at.slider(key="u").set_value(-1.3).run()
    at.select_slider(key="eps").set_value(1e-2).run()
    c = derivative_check("tanh", -1.3, 1e-2)
    text = latex(at)
    assert rf"f(-1.3) = {latex_number(c.f)}" in text
    assert rf"f'(-1.3) = {latex_number(c.analytic)}" in text
    assert r"(u - (-1.3))" in text
    assert rf"= {latex_number(c.numerical, 10)}" in text
    assert metric(at, "f′(u₀) numerically") == fmt(c.numerical, 10)
    assert metric(at, "Difference") == fmt(c.abs_error, 3)
    probe = charts(at)[0]
    curves, tangent, points = probe["curves"], probe["segments"], probe["points"]
    assert set(curves["series"]) == {"f(u)", "f′(u)"}
    f_line = curves[curves["series"] == "f(u)"]
    assert np.allclose(f_line["y"], np.tanh(f_line["x"]))
    ends = tangent_line("tanh", -1.3, np.array([-2.8, 0.2]))
    assert tangent[["x", "y", "x2", "y2"]].values[0] == pytest.approx([-2.8, ends[0], 0.2, ends[1]])
    assert points["y"].tolist() == pytest.approx([c.f, c.analytic])
    numbers = table(at, "u")
    row = numbers[numbers["u"] == "-1"].iloc[0]
    assert row["f(u)"] == fmt(np.tanh(-1.0)) and row["f′(u)"] == fmt(1 - np.tanh(-1.0) ** 2)
    assert row["tangent at u₀"] == fmt(tangent_line("tanh", -1.3, -1.0))


def test_relus_kink_is_explained_when_the_step_straddles_it(at):
    at.selectbox(key="act").set_value("relu").run()
    at.slider(key="u").set_value(0.0).run()
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and "averages the two sides and gives 0.5" in warnings[0]
    assert metric(at, "f′(u₀) numerically") == "0.5" and metric(at, "f′(u₀) from the formula") == "0"
    at.slider(key="u").set_value(0.5).run()
    assert not at.warning and metric(at, "f′(u₀) numerically") == "1"


def test_compare_mode_table_and_charts_follow_core(at):
    at.button_group(key="mode").set_value("compare").run()
    at.multiselect(key="fns").set_value(["sigmoid", "softplus", "gaussian_rbf"]).run()
    at.slider(key="u").set_value(-0.7).run()
    shown = table(at, "function")
    assert shown["function"].tolist() == ["sigmoid", "softplus", "Gaussian RBF"]
    for (_, row), name in zip(shown.iterrows(), ["sigmoid", "softplus", "gaussian_rbf"], strict=True):
        c = derivative_check(name, -0.7, 1e-5)
        assert (row["f(u₀)"], row["f′(u₀)"]) == (fmt(c.f, 6), fmt(c.analytic, 6))
    # the Gaussian RBF is steepest near u = -0.71: sqrt(2) e^(-1/2) = 0.858
    assert shown["largest |f′| on the chart"].tolist() == ["0.25", "0.998", "0.858"]
    f_points = charts(at)[0]["points"]
    df_points = charts(at)[1]["points"]
    assert f_points["y"].tolist() == pytest.approx([derivative_check(n, -0.7).f for n in
                                                    ("sigmoid", "softplus", "gaussian_rbf")])
    assert df_points["y"].tolist() == pytest.approx([derivative_check(n, -0.7).analytic for n in
                                                     ("sigmoid", "softplus", "gaussian_rbf")])
    for name in ("sigmoid", "softplus", "gaussian_rbf"):
        assert ACTIVATIONS[name].derivative_latex in latex(at)
    at.multiselect(key="fns").set_value([]).run()
    assert not at.exception and any("Pick at least one" in i.value for i in at.info)


def test_the_sigmoid_factors_panels_and_formula_agree(at):
    at.slider(key="su").set_value(-10.0).run()
    f, g, p = (float(v) for v in sigmoid_factors(-10.0))
    assert rf"= {latex_number(f)} \times {latex_number(g)} = {latex_number(p)}" in latex(at)
    assert r"4.54 \times 10^{-5}" in latex(at)  # a saturated sigmoid passes almost nothing back
    assert metric(at, "f′(u₀)") == fmt(p) == "4.54e-05"
    probes = [charts(at)[i]["points"].iloc[0] for i in (1, 2, 3)]
    assert [pt["y"] for pt in probes] == pytest.approx([f, g, p])
    assert all(pt["x"] == -10.0 for pt in probes)


def test_seed_000_rbf_separates_what_no_cut_on_x_can(at):
    x, t = rbf_1d()
    assert metric(at, "Best single cut on x") == "10 of 40 wrong"
    assert metric(at, "Best single cut on h") == "0 of 40 wrong"
    at.slider(key="wh").set_value(0.76).run()
    cut, errors, _ = best_threshold(rbf_hidden(x[:, 0], 0.76), t[:, 0])
    assert errors == 0
    assert any(f"one cut at h = {fmt(cut, 3)} separates" in s.value for s in at.success)
    points = chart_with(at, "curve", "samples")["samples"]
    assert points["y"].to_numpy() == pytest.approx(rbf_hidden(x[:, 0], 0.76))
    at.slider(key="wh").set_value(0.0).run()
    assert metric(at, "Best single cut on h") == "20 of 40 wrong"
    assert any("forgets the input" in w.value for w in at.warning)


def test_softmax_bars_sum_to_one_and_match_the_stable_formula(at):
    s = softmax_steps([2.0, 1.0, 0.1], 1.0)
    bars = chart_with(at, "probs")["probs"]
    assert bars["y"].to_numpy() == pytest.approx(s.y)
    assert "The bars add up to Σ yₖ = 1." in all_text(at)
    assert r"y = \begin{bmatrix} 0.659 & 0.2424 & 0.09857 \end{bmatrix}" in latex(at)
    at.select_slider(key="T").set_value(0.1).run()
    s = softmax_steps([2.0, 1.0, 0.1], 0.1)
    assert chart_with(at, "probs")["probs"]["y"].to_numpy() == pytest.approx(s.y)
    assert r"z / T - m = \begin{bmatrix} 0 & -10 & -19 \end{bmatrix}" in latex(at)


def test_large_logits_say_overflow_and_the_stable_version_still_answers(at):
    at.text_input(key="z").set_value("1000, 999, 998").run()
    assert not at.exception and not at.error
    (warning,) = at.warning
    assert "Overflow" in warning.value
    assert r"e^{1000} > e^{709.783}" in latex(at)
    s = softmax_steps([1000.0, 999.0, 998.0])
    assert chart_with(at, "probs")["probs"]["y"].to_numpy() == pytest.approx(s.y)
    assert r"y = \begin{bmatrix} 0.6652 & 0.2447 & 0.09003 \end{bmatrix}" in latex(at)
    numbers = table(at, "k")
    assert numbers["naive e^(z_k/T)"].tolist() == ["overflow"] * 3
    assert numbers["naive y_k"].tolist() == ["overflow"] * 3
    shown = all_text(at)
    for listing in at.code:  # the source listing may say inf; the results may not
        shown = shown.replace(listing.value, "")
    shown += numbers.to_string()
    assert not re.search(r"(?<![A-Za-z])(inf|nan|NaN)(?![A-Za-z])|∞|\\infty", shown)


def test_the_negative_preset_shows_underflow_without_nan(at):
    at.button(key="p2_preset_negative").click().run()
    assert at.text_input(key="z").value == "-1000, -1001, -1002"
    assert any("Underflow" in w.value for w in at.warning)
    assert table(at, "k")["naive y_k"].tolist() == ["underflow (0/0)"] * 3
    assert "NaN" not in latex(at)


def test_bad_logits_keep_the_last_good_values(at):
    at.text_input(key="z").set_value("3, 0, 0").run()
    at.text_input(key="z").set_value("3, x, 0").run()
    assert not at.exception
    (error,) = at.error
    assert "“x” is not a number" in error.value and "last valid values" in error.value
    assert chart_with(at, "probs")["probs"]["y"].to_numpy() == pytest.approx(softmax_steps([3.0, 0.0, 0.0]).y)


@pytest.mark.parametrize(
    ("kind", "key", "value"),
    [("slider", "u", -6.0), ("slider", "u", 6.0), ("select_slider", "eps", 1e-1),
     ("select_slider", "eps", 1e-11), ("slider", "su", -10.0), ("slider", "su", 10.0),
     ("slider", "wh", 0.0), ("slider", "wh", 3.0), ("select_slider", "T", 0.01),
     ("select_slider", "T", 100.0)],
)
def test_widget_extremes_render_without_exception_or_error(at, kind, key, value):
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception and not at.error


@pytest.mark.parametrize("u", [-6.0, 6.0])
def test_every_function_at_both_ends_of_the_probe_and_the_largest_logits(at, u):
    at.slider(key="u").set_value(u).run()
    at.select_slider(key="eps").set_value(1e-11).run()
    at.text_input(key="z").set_value("1000000, -1000000, 0").run()
    at.select_slider(key="T").set_value(0.01).run()
    assert any("Overflow" in w.value for w in at.warning)
    for name in ACTIVATIONS:
        at.selectbox(key="act").set_value(name).run()
        assert not at.exception and not at.error
        c = derivative_check(name, u, 1e-11)
        assert metric(at, "f′(u₀) from the formula") == fmt(c.analytic, 10)


def test_japanese_page_at_extremes_and_in_compare_mode():
    at = open_page(PAGE, "ja")
    at.button_group(key="mode").set_value("compare").run()
    at.multiselect(key="fns").set_value(list(ACTIVATIONS)).run()
    at.slider(key="u").set_value(0.0).run()
    at.text_input(key="z").set_value("1000, 999, 998").run()
    assert not at.exception and not at.error
    text = all_text(at)
    assert "オーバーフロー" in text and "折れ目" in text
    assert table(at, "関数")["関数"].tolist()[0] == "恒等関数"


def test_answering_the_self_check_ticks_the_page_off(at):
    from ui.shell.i18n import catalog

    quiz = catalog("en")["activations"]["quiz"]
    at.radio(key="quiz_activations_q1").set_value(0).run()  # 0.25 is the sigmoid's, not tanh's
    assert any(quiz["q1"]["feedback"][0] in w.value for w in at.warning)
    at.text_input(key="quiz_activations_q4").set_value("0.659")  # T = 1's y₁: not the question's T = 2
    next(b for b in at.button if b.proto.form_id == "quiz_activations_q4_form").click().run()
    assert any("You typed 0.659" in w.value and "by T = 2 first" in w.value for w in at.warning)
    assert softmax_steps([2.0, 1.0, 0.1], 2.0).y[0] == pytest.approx(0.5017, abs=1e-4)
    at = answer_quiz(at, "activations", {"q4": 0.502})  # e / (e + e^0.5 + e^0.05), z/T = [1, 0.5, 0.05]
    assert any("2.718 / 5.418 = 0.501688" in s.value for s in at.success)
    assert any("All questions on this page" in s.value for s in at.success)


def test_the_slopes_maximum_waits_for_a_predicted_number():
    at = open_page(PAGE, ask=True)
    text = all_text(at)
    assert "Why never more than 0.25?" not in text  # the maximum's subsection is hidden
    assert "Their product" not in text and "after two layers at most" not in text
    n_charts = len(charts(at))
    at = predict_in(at, "peak", 0.5)
    assert "Why never more than 0.25?" in all_text(at)
    assert len(charts(at)) == n_charts + 1  # the panel of f′, with its red peak at (0, 0.25)
    assert charts(at)[3]["points"][["x", "y"]].values.tolist()[-1] == [0.0, 0.25]
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "**Your prediction:** 0.5" in verdict and "**The page computes:** 0.25" in verdict
    at = open_page(PAGE, ask=True)
    at = predict_in(at, "peak", 0.251)  # within the tolerance of 0.005
    assert any("they agree" in s.value and "½ · ½ = 0.25" in s.value for s in at.success)


def test_the_naive_softmax_waits_for_a_prediction_and_new_logits_ask_again():
    at = open_page(PAGE, ask=True)
    assert not any("Overflow" in e.value for e in at.markdown)
    at = predict_in(at, "naive", "ok")  # z = [2, 1, 0.1]: e² is an ordinary number
    assert any("they agree" in s.value and "z/T = 2" in s.value for s in at.success)
    at.button(key="p2_preset_large").click().run()  # z = [1000, 999, 998]
    assert not [s for s in at.success if "they agree" in s.value]
    at = predict_in(at, "naive", "underflow")
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "overflows to infinity" in verdict and "z/T = 1000" in verdict


def test_settings_come_from_the_address_bar():
    at = open_page(PAGE, "en", query={"u": "-2", "z": "1000, 999, 998"})
    assert at.slider(key="u").value == -2.0
    assert rf"f(-2) = {latex_number(float(ACTIVATIONS['sigmoid'].fn(-2.0)))}" in formulas(at)
    assert softmax_steps(np.array([1000.0, 999.0, 998.0])).naive_status == "overflow"
    assert any(":red-badge[" in m.value for m in at.markdown)  # the naive way overflows


def test_just_show_me_reveals_the_maximum_and_the_naive_softmax():
    at = open_page(PAGE, ask=True)
    at = predict_in(at, "peak", None)
    assert any("**The page computes:** 0.25" in i.value and "½ · ½ = 0.25" in i.value for i in at.info)
    assert "Why never more than 0.25?" in all_text(at)
    at.button(key="p2_preset_negative").click().run()  # z = [−1000, −1001, −1002]
    assert not any("Underflow" in w.value for w in at.warning)  # the naive box waits
    at = predict_in(at, "naive", None)
    assert any("every e^(z/T) underflows to 0" in i.value and "z/T = -1000" in i.value for i in at.info)
    assert any("Underflow" in w.value for w in at.warning)
    at = open_expanders(at)  # the numbers behind the section, drawn with the result
    assert table(at, "k")["naive y_k"].tolist() == ["underflow (0/0)"] * 3
