"""Page 6: the 0.25 bound, the per-layer measurements, the training comparison, the two
prediction moments, the self-checks and the settings in the address bar."""

import pytest

from core.deep import compare_training, first_to_last, gradient_profile, smallest_gradient
from core.format import fmt
from tests.conftest import all_text, answer_quiz, formulas, open_page, predict_in

PAGE = "pages/6_vanishing_gradient.py"
PAGE_KEY = "vanishing"


@pytest.fixture
def at():
    return open_page(PAGE, "en")


def metric(at, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def has_metric(at, label_start: str) -> bool:
    return any(m.label.startswith(label_start) for m in at.metric)


def test_the_seed_bound_is_on_the_page(at):
    assert metric(at, "Largest factor after 2") == "0.0625"
    assert "0.25 × 0.25 = 0.0625" in all_text(at)
    at.slider(key="layers").set_value(10).run()
    assert metric(at, "Largest factor after 10") == fmt(0.25**10)
    assert r"0.25^{10} = 9.537 \times 10^{-7}" in formulas(at)


def test_the_profile_metric_is_the_core_measurement_and_follows_the_widgets(at):
    expected = first_to_last(gradient_profile(20, 32, "sigmoid", "xavier", 0))
    assert metric(at, "First layer's gradient") == fmt(expected, 3)
    at.selectbox(key="exp_act").set_value("relu").run()
    at.selectbox(key="init").set_value("he").run()
    at.slider(key="depth").set_value(30).run()
    expected = first_to_last(gradient_profile(30, 32, "relu", "he", 0))
    assert metric(at, "First layer's gradient") == fmt(expected, 3)
    assert expected > 1e-2
    assert "ReLU's slope is exactly 1" in all_text(at)


def test_tiny_gradients_are_shown_in_powers_of_ten_and_dead_layers_are_explained(at):
    at.selectbox(key="init").set_value("small_normal").run()
    at.slider(key="depth").set_value(50).run()
    expected = first_to_last(gradient_profile(50, 32, "sigmoid", "small_normal", 0))
    assert expected < 1e-90 and metric(at, "First layer's gradient") == fmt(expected, 3)
    at.selectbox(key="exp_act").set_value("relu").run()
    at.slider(key="width").set_value(4).run()
    assert not at.exception
    assert any("exactly 0" in w.value and "dead" in w.value for w in at.warning)
    assert metric(at, "First layer's gradient") == "0"


def test_training_comparison_shows_the_stuck_sigmoid_and_the_learning_relu(at):
    runs, _ = compare_training(("sigmoid", "relu"), 8, 16, 200, 0.1, "recommended")
    assert metric(at, "Accuracy, sigmoid") == f"{fmt(100 * runs['sigmoid'][0].accuracy[-1], 3)} %" == "51 %"
    assert metric(at, "Accuracy, ReLU") == "100 %"
    assert runs["sigmoid"][1][0] < 1e-4 < runs["relu"][1][0]
    assert "0.6931 ≈ ln 2" in all_text(at)


@pytest.mark.parametrize(
    ("key", "value"),
    [("depth", 2), ("depth", 50), ("width", 4), ("width", 64),
     ("train_depth", 2), ("train_depth", 16), ("train_steps", 400), ("train_lr", 2.0)],
)
def test_widget_extremes_render_without_exception(at, key, value):
    widget = at.select_slider(key=key) if key == "train_lr" else at.slider(key=key)
    widget.set_value(value).run()
    assert not at.exception
    assert all("Diverged after" in e.value for e in at.error)


# ---------------------------------------------------------------------------
# Prediction moments
# ---------------------------------------------------------------------------


def test_the_gradient_profile_waits_for_a_prediction_of_the_smallest_layer():
    at = open_page(PAGE, ask=True)
    assert at.slider(key="depth").value == 20  # the settings stay
    assert not has_metric(at, "First layer's gradient")  # the ratios are hidden
    assert "With the sigmoid the gradient shrinks" not in all_text(at)  # and the reading
    assert metric(at, "Largest factor after 2") == "0.0625"  # section 1 is not affected
    at = predict_in(at, "smallest", "same")
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "None: all within a factor of 100" in verdict and "The first layer, nearest the input" in verdict
    low = smallest_gradient(gradient_profile(20, 32, "sigmoid", "xavier", 0))
    assert (low.where, low.largest_layer) == ("first", 21)
    assert fmt(low.smallest) == "1.252e-13" and fmt(low.smallest) in verdict and "layer 21" in verdict
    assert metric(at, "First layer's gradient") == fmt(first_to_last(gradient_profile(20, 32, "sigmoid",
                                                                                      "xavier", 0)), 3)


def test_a_new_network_asks_again_and_just_show_me_reveals():
    at = open_page(PAGE, ask=True)
    at = predict_in(at, "smallest", "first")
    assert any("Your prediction" in s.value and "they agree" in s.value for s in at.success)
    assert has_metric(at, "First layer's gradient")
    at.selectbox(key="exp_act").set_value("relu").run()  # a new network: asked anew
    assert not has_metric(at, "First layer's gradient")
    at = predict_in(at, "smallest", None)  # just show me
    shown = next(i.value for i in at.info if "The page computes" in i.value)
    # ReLU with Xavier: the largest gradient (layer 20) is 15.4 times the smallest, within the factor of 100
    low = smallest_gradient(gradient_profile(20, 32, "relu", "xavier", 0))
    assert (low.where, low.largest_layer, fmt(low.spread, 3)) == ("same", 20, "15.4")
    assert "None: all within a factor of 100" in shown and "a factor of 15.4" in shown
    assert "(layer 20)" in shown
    assert "ReLU's slope is exactly 1" in all_text(at)


def test_the_training_waits_for_a_prediction_of_the_better_learner():
    at = open_page(PAGE, ask=True)
    at = predict_in(at, "smallest", None)
    assert not has_metric(at, "Accuracy, sigmoid") and not has_metric(at, "Accuracy, ReLU")
    assert "With the default settings the sigmoid network" not in all_text(at)
    at = predict_in(at, "learner", "same")
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value and "ReLU network" in w.value)
    assert "About the same (within 5 percentage points)" in verdict and "The ReLU network" in verdict
    assert "51 %" in verdict and "100 %" in verdict and "0.6931" in verdict
    assert metric(at, "Accuracy, ReLU") == "100 %"
    at.select_slider(key="train_lr").set_value(0.5).run()  # a new η: asked anew
    assert not has_metric(at, "Accuracy, ReLU")


def test_settings_come_from_the_address_bar():
    at = open_page(PAGE, "ja", query={"layers": "4", "depth": "30", "exp_act": "ReLU", "init": "He",
                                      "train_lr": "0.5", "train_depth": "4"})
    assert at.slider(key="layers").value == 4 and "0.25^{4} = 0.003906" in formulas(at)
    assert (at.slider(key="depth").value, at.selectbox(key="exp_act").value, at.selectbox(key="init").value) \
        == (30, "relu", "he")
    expected = first_to_last(gradient_profile(30, 32, "relu", "he", 0))
    assert metric(at, "1層目の勾配 ÷ 最後の層の勾配") == fmt(expected, 3)
    assert at.select_slider(key="train_lr").value == 0.5 and at.slider(key="train_depth").value == 4


def test_an_invalid_address_falls_back_to_the_defaults():
    at = open_page(PAGE, "en", query={"depth": "999", "exp_act": "softplus", "train_lr": "7"})
    assert not at.exception
    shown = (at.slider(key="depth").value, at.selectbox(key="exp_act").value,
             at.select_slider(key="train_lr").value)
    assert shown == (20, "sigmoid", 0.1)


# ---------------------------------------------------------------------------
# Self-checks
# ---------------------------------------------------------------------------


def test_the_self_checks_pass_with_the_articles_numbers(at):
    # q2: four sigmoid hidden layers, 0.25 each: 0.25^4 = 0.00390625 (the article's two give 0.0625)
    at = answer_quiz(at, PAGE_KEY, {"q2": 0.0039})
    assert any("0.00390625" in s.value for s in at.success)
    assert any("All questions on this page answered correctly" in s.value for s in at.success)


def test_a_wrong_choice_explains_itself_and_a_wrong_number_gets_a_hint(at):
    at.radio(key=f"quiz_{PAGE_KEY}_q1").set_value(1).run()  # 0.5: the sigmoid's value, not its slope
    assert any("value at u = 0" in w.value for w in at.warning)
    at.text_input(key=f"quiz_{PAGE_KEY}_q2").set_value("0.0625")
    next(b for b in at.button if b.proto.form_id == f"quiz_{PAGE_KEY}_q2_form").click()
    at.run()
    assert any("they do not add" in w.value for w in at.warning)
