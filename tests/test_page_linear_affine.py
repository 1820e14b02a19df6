"""Page 1: the numbers follow the widgets; bad entries never break the page."""

import pytest

from tests.conftest import all_text, formulas, open_page

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
    at.text_area(key="p1_W").set_value("2 0\n0 3").run()
    at.slider(key="p1_x1").set_value(-1.5).run()
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
    at.text_area(key="p1_W").set_value("2 0\n0 3").run()
    at.text_area(key="p1_W").set_value(entry).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0] and "last valid values" in errors[0]
    # still computing with the last good W = diag(2, 3)
    assert r"\begin{bmatrix} 1.5 \\ -1 \end{bmatrix} = \begin{bmatrix} 3 \\ -3 \end{bmatrix}" in latex(at)
    shown = latex(at)
    assert r"\mathrm{NaN}" not in shown and r"\infty" not in shown


def test_bad_bias_in_japanese_explains_in_japanese():
    at = open_page(PAGE, "ja")
    at.text_input(key="p1_b").set_value("1, x").run()
    assert not at.exception
    assert "「x」は数値ではありません" in at.error[0].value


def test_choosing_a_preset_writes_its_matrix_into_the_box(at):
    at.selectbox(key="p1_preset").set_value("reflect").run()
    assert at.text_area(key="p1_W").value == "-1  0\n0  1"
    assert r"\begin{bmatrix} -1.5 \\ -1 \end{bmatrix}" in latex(at)


def test_relu_between_two_layers_breaks_the_single_matrix(at):
    assert any("agree on every point" in s.value for s in at.success)
    at.button_group(key="p1_between").set_value("relu").run()
    assert any("bend the circle" in w.value for w in at.warning)
    assert r"\mathrm{ReLU}(W_1\mathbf{x}) \neq (W_2 W_1)\,\mathbf{x}" in latex(at)


def test_editing_the_upstream_gradient_changes_dX_dW_db(at):
    at.text_area(key="p1_dY").set_value("1 0 0\n0 0 0\n0 0 2").run()
    text = latex(at)
    # dX = dY W with W = [[1, 1], [2, 4], [3, 6]]
    assert r"= \begin{bmatrix} 1 & 1 \\ 0 & 0 \\ 6 & 12 \end{bmatrix}" in text
    assert r"= \begin{bmatrix} 1 & 0 & 2 \end{bmatrix}" in text  # db


def test_answering_the_self_check_ticks_the_page_off_in_the_sidebar(at):
    from ui.shell.i18n import catalog

    quiz = catalog("en")["linear_affine"]["quiz"]
    at.radio(key="quiz_linear_affine_q1").set_value(quiz["q1"]["answer"] + 1).run()
    assert any(quiz["q1"]["hint"] in w.value for w in at.warning)
    for qid, q in quiz.items():
        at.radio(key=f"quiz_linear_affine_{qid}").set_value(q["answer"]).run()
    assert any("All questions on this page" in s.value for s in at.success)
    sidebar = "\n".join(str(el.label) for el in at.sidebar.get("page_link"))
    assert "Linear vs affine  ✓" in sidebar
    (bar,) = at.sidebar.get("progress")
    assert bar.proto.text.startswith("Self-checks passed on 1 of ")  # more pages join later
