"""Page 1: the numbers follow the widgets; bad entries never break the page."""

import pytest

from tests.conftest import all_text, answer_quiz, formulas, open_page, predict_in

PAGE = "pages/1_linear_vs_affine.py"


@pytest.fixture
def at():
    return open_page(PAGE, "en")


def latex(at) -> str:
    return formulas(at)


def test_seed_003_affine_example_is_on_the_page(at):
    text = latex(at)
    assert r"\begin{bmatrix} 8 & 22 & 32 \\ 5 & 10 & 14 \\ 9 & 22 & 32 \end{bmatrix}" in text
    # upstream gradient of ones: dX rows are the column sums of W = W_seed^T
    assert r"= \begin{bmatrix} 6 & 11 \\ 6 & 11 \\ 6 & 11 \end{bmatrix}" in text
    assert "agree" in all_text(at)


def test_default_map_moves_the_probe_point_and_the_origin(at):
    text = latex(at)
    # shear W = [[1, 0.8], [0, 1]], x = (1.5, -1), b = (0.8, -0.5)
    assert r"\begin{bmatrix} 1.5 \\ -1 \end{bmatrix} = \begin{bmatrix} 0.7 \\ -1 \end{bmatrix}" in text
    assert r"= \begin{bmatrix} 1.5 \\ -1.5 \end{bmatrix}" in text
    assert r"W\mathbf{0} = \begin{bmatrix} 0 \\ 0 \end{bmatrix}" in text
    assert r"W\mathbf{0} + \mathbf{b} = \begin{bmatrix} 0.8 \\ -0.5 \end{bmatrix}" in text


def test_typing_a_new_W_and_moving_the_point_updates_every_formula(at):
    at.text_area(key="W").set_value("2 0\n0 3").run()
    at.slider(key="x1").set_value(-1.5).run()
    text = latex(at)
    assert r"\begin{bmatrix} -1.5 \\ -1 \end{bmatrix} = \begin{bmatrix} -3 \\ -3 \end{bmatrix}" in text
    # the bias-as-weight section uses the same W, b and x
    assert r"\left[\begin{array}{cc|c} 2 & 0 & 0.8 \\ 0 & 3 & -0.5 \end{array}\right]" in text
    assert not at.exception


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("1 two\n0 1", "“two” is not a number"),
        ("1 nan\n0 1", "“nan” is not a finite number"),
        ("1 inf\n0 1", "“inf” is not a finite number"),
        ("1 1e9\n0 1", "between -100 and 100"),
        ("1 0", "expected 2 rows"),
        ("", "the box is empty"),
    ],
)
def test_a_bad_matrix_shows_what_to_change_and_keeps_the_last_good_values(at, entry, message):
    at.text_area(key="W").set_value("2 0\n0 3").run()
    at.text_area(key="W").set_value(entry).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0] and "last valid values" in errors[0]
    # still computing with the last good W = diag(2, 3)
    assert r"\begin{bmatrix} 1.5 \\ -1 \end{bmatrix} = \begin{bmatrix} 3 \\ -3 \end{bmatrix}" in latex(at)
    shown = latex(at)
    assert r"\mathrm{NaN}" not in shown and r"\infty" not in shown


def test_bad_bias_in_japanese_explains_in_japanese():
    at = open_page(PAGE, "ja")
    at.text_input(key="b").set_value("1, x").run()
    assert not at.exception
    assert "「x」は数値ではありません" in at.error[0].value


def test_choosing_a_preset_writes_its_matrix_into_the_box(at):
    at.selectbox(key="preset").set_value("reflect").run()
    assert at.text_area(key="W").value == "-1  0\n0  1"
    assert r"\begin{bmatrix} -1.5 \\ -1 \end{bmatrix}" in latex(at)


def test_relu_between_two_layers_breaks_the_single_matrix(at):
    assert any("agree on every point" in s.value for s in at.success)
    at.button_group(key="between").set_value("relu").run()
    assert any("bend the circle" in w.value for w in at.warning)
    assert r"\mathrm{ReLU}(W_1\mathbf{x}) \neq (W_2 W_1)\,\mathbf{x}" in latex(at)


def test_editing_the_upstream_gradient_changes_dX_dW_db(at):
    at.text_area(key="dY").set_value("1 0 0\n0 0 0\n0 0 2").run()
    text = latex(at)
    # dX = dY W with W = [[1, 1], [2, 4], [3, 6]]
    assert r"= \begin{bmatrix} 1 & 1 \\ 0 & 0 \\ 6 & 12 \end{bmatrix}" in text
    assert r"= \begin{bmatrix} 1 & 0 & 2 \end{bmatrix}" in text  # db


def test_answering_the_self_check_ticks_the_page_off_in_the_sidebar(at):
    from ui.shell.i18n import catalog

    quiz = catalog("en")["linear_affine"]["quiz"]
    at.radio(key="quiz_linear_affine_q1").set_value(1).run()  # "an affine map": it moves the origin to b
    assert any(quiz["q1"]["feedback"][1] in w.value for w in at.warning)
    # q4: ∂L/∂Y = 1 in the first row only, so every row of ∂L/∂W is the first sample [2, 4]
    answer_quiz(at, "linear_affine", {"q4": 4})
    assert any("All questions on this page" in s.value for s in at.success)
    sidebar = "\n".join(str(el.label) for el in at.sidebar.get("page_link"))
    assert "Linear vs affine  ✓" in sidebar
    (bar,) = at.sidebar.get("progress")
    assert bar.proto.text.startswith("Self-checks passed on 1 of ")


def test_the_picture_waits_for_a_prediction_of_where_the_origin_goes():
    at = open_page(PAGE, ask=True)
    assert not at.get("vega_lite_chart") or len(at.get("vega_lite_chart")) == 0
    assert "An **affine** map sends the origin" not in all_text(at)
    at = predict_in(at, "origin", "Wb")
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "Wb = [0.4, -0.5]" in verdict and "b = [0.8, -0.5]" in verdict  # W b with the shear
    assert "An **affine** map sends the origin to the bias: here to [0.8, -0.5]" in all_text(at)
    at.text_input(key="b").set_value("0, 1").run()  # a new bias: asked again
    assert "An **affine** map sends the origin" not in all_text(at)
    at.text_input(key="b").set_value("0, 0").run()  # b = 0: nothing to predict
    assert "An **affine** map sends the origin to the bias: here to [0, 0]" in all_text(at)


def test_stacking_waits_for_a_prediction_and_relu_asks_again():
    at = open_page(PAGE, ask=True)
    at = predict_in(at, "origin", None)  # just show me
    at = predict_in(at, "stacked", "same")
    assert any("they agree" in s.value for s in at.success)
    assert any("agree on every point" in s.value for s in at.success)
    at.button_group(key="between").set_value("relu").run()
    assert not any("ReLU in between" in w.value for w in at.warning)  # hidden until predicted
    at = predict_in(at, "stacked", "same")
    assert any("they differ" in w.value for w in at.warning)
    assert any("With ReLU in between" in w.value for w in at.warning)


def test_settings_come_from_the_address_bar():
    at = open_page(PAGE, "en", query={"x1": "0.5", "b": "1, 2", "W": "2 0\n0 3"})
    assert at.slider(key="x1").value == 0.5
    # W x + b with x = (0.5, -1): (2 · 0.5 + 1, 3 · -1 + 2) = (2, -1)
    assert r"+ \begin{bmatrix} 1 \\ 2 \end{bmatrix} = \begin{bmatrix} 2 \\ -1 \end{bmatrix}" in latex(at)


def test_with_the_identity_the_origin_question_offers_no_second_name_for_b():
    at = open_page(PAGE, ask=True)
    at.selectbox(key="preset").set_value("identity").run()
    (choices,) = [r for r in at.radio if ".predict.origin_" in r.proto.form_id]
    # W b = b when W = I: "moves it to Wb" would be a second right answer, so it is left out
    assert choices.options == [
        "It stays at (0, 0) under both maps", "Wx leaves it at (0, 0); Wx + b moves it to b = [0.8, -0.5]",
        "Wx moves it to [1, 1]; Wx + b moves it on by b"]


def test_nothing_in_the_second_section_tells_the_answer_before_the_prediction():
    at = open_page(PAGE, ask=True)
    at = predict_in(at, "origin", "b")
    text = all_text(at)  # the section's title and intro pose the question without answering it
    assert "2. Two linear layers against one matrix" in text and "Compare the result with" in text
    assert "associative" not in text and "agree on every point" not in text
    assert "**activation function** after its linear transformation" not in text
    at = predict_in(at, "stacked", "different")
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "No, the curves differ" in verdict and "Yes, exactly the same curve" in verdict
    assert "Matrix multiplication is associative" in all_text(at)


def test_the_number_question_checks_the_bottom_right_of_dW_for_the_first_sample_only(at):
    at.text_input(key="quiz_linear_affine_q4").set_value("8")  # the answer for ∂L/∂Y all ones
    next(b for b in at.button if b.proto.form_id == "quiz_linear_affine_q4_form").click()
    at.run()
    assert any("You typed 8." in w.value and "Which samples" in w.value for w in at.warning)
    at.text_area(key="dY").set_value("1 1 1\n0 0 0\n0 0 0").run()  # the learner checks in section 4
    assert r"= \begin{bmatrix} 2 & 4 \\ 2 & 4 \\ 2 & 4 \end{bmatrix}" in latex(at)
