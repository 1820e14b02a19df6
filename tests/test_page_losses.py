"""Page 3: the seeds' loss numbers, and formulas, charts and tables that follow the widgets."""

import numpy as np
import pytest

from core.activations import softmax
from core.format import fmt, latex_number
from core.losses import logit_curves, probability_curves
from tests.conftest import (
    LANGS,
    answer_quiz,
    charts,
    formulas,
    open_page,
    predict_in,
)

PAGE = "pages/3_losses.py"


@pytest.fixture
def at():
    return open_page(PAGE, "en")


def latex(at) -> str:
    return formulas(at)


def marked_points(at) -> dict[str, float]:
    """The learner's marked points on the curve charts: {label: y}, e.g. {"CE 1.609": 1.609}."""
    points = {}
    for chart in charts(at):
        if "points" in chart:
            points.update(dict(zip(chart["points"]["label"], chart["points"]["y"], strict=True)))
    return points


def table(at, first_column: str, contains: str | None = None):
    for df in at.dataframe:
        cols = list(df.value.columns)
        if cols[0] == first_column and (contains is None or contains in cols):
            return df.value
    raise AssertionError(f"no table starting with {first_column!r}")


def no_bare_nan_or_inf(at) -> None:
    """No number shown as NaN or infinity: formulas, tables and chart labels.

    (The prose may say that log 0 would be −∞; the numbers never are.)
    """
    shown = [latex(at)] + [df.value.to_string() for df in at.dataframe]
    for df in (table for chart in charts(at) for table in chart.values()):
        shown += [str(v) for col in df.columns if col.endswith("text") or col == "label" for v in df[col]]
        numeric = df.select_dtypes("number").to_numpy()
        assert np.all(np.isfinite(numeric))
    text = "\n".join(shown)
    for bad in ("NaN", "nan", "∞", r"\infty", "inf"):
        assert bad not in text, bad


@pytest.mark.parametrize("lang", LANGS)
def test_the_seed_numbers_are_on_the_page_computed_by_core(lang):
    at = open_page(PAGE, lang)
    assert not at.exception and not at.error
    text = latex(at)
    assert r"L = \frac{1}{1}\,(20 - 33)^2 = 169" in text  # seed 001 §3.2.1, y = 33 from mlp_forward
    assert r"= -2\,(20 - 33) = 26" in text
    assert r"= -\log 0.8 = 0.2231" in text  # seed 003
    y_minus_t = r"= \begin{bmatrix} 0.1 \\ 0.1 \\ -0.2 \end{bmatrix}"  # softmax-with-loss backward
    assert y_minus_t in text
    assert "y − t = [0.1, 0.1, -0.2]" in at.info[0].value  # fmt_array of the backward pass
    # the multi-class section starts from the same example
    assert r"= \begin{bmatrix} 0.1 & 0.1 & 0.8 \end{bmatrix}" in text
    assert r"\Bigr) = 0.2231" in text


def test_moving_p_moves_formulas_chart_points_and_the_table_together(at):
    for p in (0.5, 0.07, 0.93):
        at.slider(key="p").set_value(p).run()
        c = probability_curves(p, 1.0)
        text = latex(at)
        assert rf"(1 - {latex_number(p)})^2 = {latex_number(c.mse)}" in text
        assert rf"-\log {latex_number(p)} = {latex_number(c.ce)}" in text
        assert rf"= {latex_number(c.ce_dy)}" in text and rf"= {latex_number(c.mse_dy)}" in text
        points = marked_points(at)
        assert points[f"CE {fmt(c.ce)}"] == pytest.approx(float(c.ce))
        assert points[f"MSE {fmt(c.mse)}"] == pytest.approx(float(c.mse))
        assert points[f"CE {fmt(c.ce_dy)}"] == pytest.approx(float(c.ce_dy))
        row = table(at, "p").set_index("p").loc[fmt(p)]
        assert row["cross-entropy"] == fmt(c.ce) and row["mean squared error"] == fmt(c.mse)
        assert row["cross-entropy gradient"] == fmt(c.ce_dy)


def test_p_of_exactly_0_and_1_gives_finite_labelled_results(at):
    at.slider(key="p").set_value(0.0).run()
    assert not at.exception and not at.error
    assert any("27.63" in w.value and "log 0" in w.value for w in at.warning)
    assert r"-\log \bigl(1 \times 10^{-12}\bigr) = 27.63" in latex(at)
    no_bare_nan_or_inf(at)
    at.slider(key="p").set_value(1.0).run()
    text = latex(at)
    assert r"-\log 1 = 0" in text and r"(1 - 1)^2 = 0" in text
    assert not at.warning
    no_bare_nan_or_inf(at)


def test_the_confidently_wrong_corner_shows_mse_gradient_vanishing(at):
    assert any("Wrong, but not confidently" in i.value for i in at.info)
    at.button(key="p3_jump_wrong").click().run()
    assert at.slider(key="logit_u").value == -10.0
    c = logit_curves(-10.0, 1.0)
    (warning,) = at.warning
    assert "Confidently wrong" in warning.value
    assert fmt(c.mse_du) == "-9.079e-05" and fmt(c.mse_du) in warning.value
    assert fmt(c.ce_du) == "-1" and "is -1," in warning.value
    text = latex(at)
    assert r"= 2\,(4.54 \times 10^{-5} - 1) \cdot 4.54 \times 10^{-5} = -9.079 \times 10^{-5}" in text
    assert r"= y - t = 4.54 \times 10^{-5} - 1 = -1" in text
    at.button(key="p3_jump_right").click().run()
    assert any("Right" in s.value for s in at.success)


@pytest.mark.parametrize("u", [-12.0, -3.7, 0.0, 2.4, 12.0])
def test_logit_formulas_chart_points_and_table_agree(at, u):
    at.slider(key="logit_u").set_value(u).run()
    assert not at.exception and not at.error
    c = logit_curves(u, 1.0)
    text = latex(at)
    assert rf"\sigma({latex_number(u)}) = {latex_number(c.y)}" in text
    assert rf"\cdot {latex_number(c.dy_du)} = {latex_number(c.mse_du)}" in text
    assert rf"= {latex_number(c.ce_du)} \cdot {latex_number(c.mse_factor)} = {latex_number(c.mse_du)}" in text
    points = marked_points(at)
    assert points[f"MSE {fmt(c.mse_du)}"] == pytest.approx(float(c.mse_du), rel=1e-12, abs=1e-300)
    assert points[f"CE {fmt(c.ce)}"] == pytest.approx(float(c.ce), rel=1e-12)
    row = table(at, "u", "σ′(u)").set_index("u").loc[fmt(u)]
    assert row["MSE gradient"] == fmt(c.mse_du) and row["cross-entropy gradient"] == fmt(c.ce_du)


def test_extreme_logits_table_is_finite_and_labelled(at):
    far = table(at, "u", "prediction").set_index("u")
    assert far.loc["-1000", "prediction"] == "confidently wrong"
    assert far.loc["-1000", "MSE gradient"] == "0"  # σ'(−1000) underflows: exactly 0
    assert far.loc["-1000", "cross-entropy"] == "1000" and far.loc["-1000", "cross-entropy gradient"] == "-1"
    assert far.loc["1000", "cross-entropy"] == "0" and far.loc["1000", "prediction"] == "right"
    no_bare_nan_or_inf(at)


def test_extreme_logits_in_the_multiclass_box_stay_finite(at):
    at.text_input(key="logits").set_value("1000, -1000, 0").run()
    at.selectbox(key="cls").set_value("kangaroo").run()
    assert not at.exception and not at.error
    text = latex(at)
    assert r"\Bigr) = 2000" in text  # −log y₂ computed through log-softmax: y₂ = 0 exactly
    assert r"= \begin{bmatrix} 1 & -1 & 0 \end{bmatrix}" in text  # y − t
    assert r"= \begin{bmatrix} 0 & 0 & 0 \end{bmatrix}" in text  # MSE through a saturated softmax: gone
    no_bare_nan_or_inf(at)
    grads = table(at, "class")
    assert list(grads["cross-entropy gradient"]) == ["1", "-1", "0"]


def test_presets_write_logits_and_bars_follow(at):
    at.selectbox(key="z_preset").set_value("wrong").run()
    assert at.text_input(key="logits").value == "6, 0, 0"
    bars = next(c["bars"] for c in charts(at) if "bars" in c and "prediction y" in set(c["bars"]["series"]))
    y = bars[bars["series"] == "prediction y"]["value"].to_numpy()
    e6 = np.exp(6.0)
    np.testing.assert_allclose(y, [e6 / (e6 + 2), 1 / (e6 + 2), 1 / (e6 + 2)], rtol=1e-12)
    assert rf"= \begin{{bmatrix}} {latex_number(y[0])} & {latex_number(y[1])}" in latex(at)


def test_bad_logits_keep_the_last_good_values(at):
    at.text_input(key="logits").set_value("0, 0, 2").run()
    at.text_input(key="logits").set_value("0, 0, 1e9").run()
    assert not at.exception
    (error,) = at.error
    assert "between -1000 and 1000" in error.value and "last valid values" in error.value
    assert r"\mathbf{z} = \begin{bmatrix} 0 & 0 & 2 \end{bmatrix}" in latex(at)


@pytest.mark.parametrize("lang", LANGS)
def test_every_widget_at_its_extremes(lang):
    at = open_page(PAGE, lang)
    for key, value in (("p", 0.0), ("p", 1.0), ("logit_u", -12.0), ("logit_u", 12.0)):
        at.slider(key=key).set_value(value).run()
        assert not at.exception and not at.error, (key, value)
    for preset in ("article", "right", "wrong", "extreme"):
        at.selectbox(key="z_preset").set_value(preset).run()
        assert not at.exception and not at.error, preset
    for cls in ("hamster", "kangaroo"):  # with the extreme logits: y of exactly 0 and 1
        at.selectbox(key="cls").set_value(cls).run()
        assert not at.exception and not at.error, cls
        no_bare_nan_or_inf(at)
    at.text_input(key="logits").set_value("-1000, -1000, -1000").run()
    assert not at.exception and not at.error


def test_answering_the_self_check_ticks_the_page_off(at):
    from ui.shell.i18n import catalog

    quiz = catalog("en")["losses"]["quiz"]
    at.radio(key="quiz_losses_q2").set_value(1).run()  # t − y: the article's printout, not the gradient
    assert any(quiz["q2"]["feedback"][1] in w.value for w in at.warning)
    answer_quiz(at, "losses", {"q4": 0.2231})  # −log 0.8, the article's 0.22314355
    assert any("All questions on this page" in s.value for s in at.success)


GRAD_TITLE = "**Gradient ∂L/∂u as u moves**"
BARS_TITLE = "**Gradients with respect to the logits z**"


def markdowns(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_the_gradients_behind_a_sigmoid_wait_for_a_prediction_at_the_learners_u():
    at = open_page(PAGE, ask=True)  # u = −2: y = σ(−2) = 0.1192, wrong but not confidently
    assert "**Loss L as u moves**" in markdowns(at)  # the loss curves may show
    assert GRAD_TITLE not in markdowns(at)
    assert "The chain rule with your numbers" not in [h.value for h in at.subheader]
    assert not any("Wrong, but not confidently" in i.value for i in at.info)  # it names the gradients
    assert r"= y - t = 0.1192 - 1 = -0.8808" not in formulas(at)
    assert "**Probabilities y against the target t**" in markdowns(at)  # the page below keeps working
    assert any("u = -2" in m and "y = 0.1192" in m and "(prediction: wrong)" in m for m in markdowns(at))
    at = predict_in(at, "larger", "mse")
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "Mean squared error's" in verdict and "The page computes:** Cross-entropy's" in verdict
    assert "y − t = -0.8808" in verdict and "2σ′(u) = 0.21" in verdict and "= 0.21: -0.185." in verdict
    assert GRAD_TITLE in markdowns(at) and any("Wrong, but not confidently" in i.value for i in at.info)
    assert r"= y - t = 0.1192 - 1 = -0.8808" in formulas(at)


def test_a_new_u_asks_again_and_just_show_me_reveals():
    at = open_page(PAGE, ask=True)
    at = predict_in(at, "larger", "ce")
    assert any("they agree" in s.value for s in at.success)
    at.button(key="p3_jump_wrong").click().run()  # u = −10: a new question
    assert GRAD_TITLE not in markdowns(at) and not at.warning
    assert any("u = -10" in m and "(prediction: confidently wrong)" in m for m in markdowns(at))
    at = predict_in(at, "larger", "ce")
    agree = next(s.value for s in at.success if "they agree" in s.value)
    assert "y − t = -1" in agree and "= 9.079e-05: -9.079e-05." in agree
    assert any("Confidently wrong" in w.value for w in at.warning)
    at.slider(key="logit_u").set_value(6.0).run()  # y = 0.9975: both gradients nearly 0
    assert GRAD_TITLE not in markdowns(at)
    at = predict_in(at, "larger", None)
    shown = next(i.value for i in at.info if "The page computes" in i.value)
    assert "About the same (within 0.01)" in shown and "-0.002473" in shown and "-1.22e-05" in shown
    assert GRAD_TITLE in markdowns(at)


def test_the_true_class_gradient_waits_for_a_typed_prediction_and_new_logits_ask_again():
    at = open_page(PAGE, ask=True)
    assert BARS_TITLE not in markdowns(at) and "**Probabilities y against the target t**" in markdowns(at)
    at = predict_in(at, "true_class", -0.2)  # y_horse − 1 = 0.8 − 1
    agree = next(s.value for s in at.success if "they agree" in s.value)
    assert "Your prediction:** -0.2" in agree and "The page computes:** -0.2" in agree and "0.8 − 1" in agree
    assert BARS_TITLE in markdowns(at)
    at.selectbox(key="z_preset").set_value("wrong").run()  # z = [6, 0, 0]: a new question
    assert not any("they agree" in s.value for s in at.success) and BARS_TITLE not in markdowns(at)
    at = predict_in(at, "true_class", None)
    y = softmax(np.array([6.0, 0.0, 0.0]))  # the horse's probability: 1 / (e⁶ + 2)
    assert fmt(y[2] - 1) == "-0.9975"
    assert any("The page computes:** -0.9975" in i.value for i in at.info)
    assert BARS_TITLE in markdowns(at)


def test_settings_come_from_the_address_bar():
    at = open_page(PAGE, "en", query={"p": "0.5", "logit_u": "-5", "logits": "6, 0, 0", "cls": "kangaroo"})
    assert at.slider(key="p").value == 0.5 and at.slider(key="logit_u").value == -5.0
    assert at.text_input(key="logits").value == "6, 0, 0" and at.selectbox(key="cls").value == "kangaroo"
    text = formulas(at)
    assert r"= (1 - 0.5)^2 = 0.25" in text  # MSE at p = 0.5
    assert r"\sigma(-5) = 0.006693" in text  # y = σ(−5)
    assert r"\Bigr) = 6.005" in text  # −log y₂ = log(e⁶ + 2) for the kangaroo
    assert any("Confidently wrong" in w.value for w in at.warning)


def test_bad_values_in_the_address_fall_back_to_the_defaults():
    at = open_page(PAGE, "en", query={"p": "7", "logit_u": "abc", "cls": "zebra"})
    assert not at.exception
    assert at.slider(key="p").value == 0.2 and at.slider(key="logit_u").value == -2.0
    assert at.selectbox(key="cls").value == "horse"


# --- Section 5: the chain rule through the softmax for K classes -----------------------------------


def derivation_on_the_page(at, k: int, true: int):
    """What core computes from the logits in the section's box and the chosen true class."""
    from core.losses import one_hot, softmax_cross_entropy_derivation
    from ui.widgets.parse import parse_matrix

    z = parse_matrix(at.text_input(key=f"p3_jz{k}").value, (k,))
    return softmax_cross_entropy_derivation(z, one_hot(true, k))


def assert_the_chain_is_cores(at, d) -> None:
    from core.format import latex_matrix as M

    text = latex(at)
    assert rf"= {M(d.dy)} \\[12pt] J = " in text  # −t/y
    wide = d.z.size > 4  # from five classes on: J with three digits, the product not written out again
    assert rf"(\delta_{{jk}} - y_k)\,\Bigr]_{{jk}} = {M(d.jacobian, 3 if wide else 4)}" in text
    product = rf"J\,{M(d.dy)}" if wide else rf"{M(d.jacobian.T)}\,{M(d.dy)}"
    assert rf"= {product} = {M(d.dz)}" in text  # Jᵀ ∂L/∂y
    assert rf"\mathbf{{y}} - \mathbf{{t}} = {M(d.y)} - {M(d.t)} = {M(d.y_minus_t)}" in text
    shown = table(at, "class" if "class" in table_names(at) else "クラス", "y − t")
    assert list(shown["y − t"]) == [fmt(v) for v in d.y_minus_t]
    assert list(shown["Jᵀ ∂L/∂y"]) == [fmt(v) for v in d.dz]


def table_names(at) -> list[str]:
    return [list(df.value.columns)[0] for df in at.dataframe]


@pytest.mark.parametrize("lang", LANGS)
def test_the_k_class_derivation_starts_from_the_article_and_shows_cores_numbers(lang):
    at = open_page(PAGE, lang)
    assert not at.exception and not at.error
    assert at.number_input(key="k").value == 3 and at.selectbox(key="p3_jc3").value == 2  # class 3, the horse
    d = derivation_on_the_page(at, 3, 2)
    np.testing.assert_allclose(d.y, [0.1, 0.1, 0.8], rtol=1e-5)  # seed 003's prediction
    assert_the_chain_is_cores(at, d)
    text = latex(at)
    # the article's numbers, written out: −t/y = [0, 0, −1.25], J, and y − t = [0.1, 0.1, −0.2]
    assert r"-1 / 0.8 \end{bmatrix} = \begin{bmatrix} 0 \\ 0 \\ -1.25 \end{bmatrix}" in text
    jacobian = (r"\begin{bmatrix} 0.09 & -0.01 & -0.08 \\ -0.01 & 0.09 & -0.08"
                r" \\ -0.08 & -0.08 & 0.16 \end{bmatrix}")
    assert rf"\Bigr]_{{jk}} = {jacobian}" in text
    assert r"= \begin{bmatrix} 0.1 \\ 0.1 \\ -0.2 \end{bmatrix} \end{gathered}" in text
    assert r"-\log y_{3} = -\log 0.8 = 0.2231" in text


def test_more_classes_new_logits_and_another_true_class_follow_through(at):
    at.number_input(key="k").set_value(5).run()
    assert at.text_input(key="p3_jz5").value == "2, 1, 0.1, -1, 0.5"
    at.text_input(key="p3_jz5").set_value("3, -2, 0.5, 1.25, -4").run()
    at.selectbox(key="p3_jc5").set_value(1).run()  # class 2: given y_2 ≈ 0.004, −1/y_2 is large
    assert not at.exception and not at.error
    d = derivation_on_the_page(at, 5, 1)
    assert d.dy[1] < -100 and abs(d.dz[1] + 1) < 0.01  # huge −t/y, yet ∂L/∂z_2 = y_2 − 1
    assert_the_chain_is_cores(at, d)
    at.number_input(key="k").set_value(2).run()
    d = derivation_on_the_page(at, 2, 1)
    assert_the_chain_is_cores(at, d)
    assert list(d.y_minus_t.round(4)) == [0.7311, -0.7311]  # z = [2, 1]: y_1 = σ(1)


@pytest.mark.parametrize(("lang", "typed", "said"), [
    ("en", "1, zwei, 3", "“zwei” is not a number"),
    ("en", "1, 2, 80", "between -50 and 50"),
    ("ja", "1, 2", "数値が3個必要ですが、2個入力されています"),
    ("ja", "1, 2, 1e400", "有限の数値ではありません"),
])
def test_bad_logits_in_the_derivation_say_what_to_change_and_keep_the_last_good_ones(lang, typed, said):
    from core.losses import one_hot, softmax_cross_entropy_derivation

    at = open_page(PAGE, lang)
    at.text_input(key="p3_jz3").set_value("0, 1, 2").run()
    at.text_input(key="p3_jz3").set_value(typed).run()
    assert not at.exception
    (error,) = at.error
    assert said in error.value
    assert_the_chain_is_cores(at, softmax_cross_entropy_derivation([0.0, 1.0, 2.0], one_hot(2, 3)))


def test_the_number_of_classes_comes_from_the_address_bar():
    at = open_page(PAGE, "en", query={"k": "4"})
    assert at.number_input(key="k").value == 4 and not at.exception
    assert_the_chain_is_cores(at, derivation_on_the_page(at, 4, 3))
    at = open_page(PAGE, "en", query={"k": "99"})
    assert not at.exception and at.number_input(key="k").value == 3
