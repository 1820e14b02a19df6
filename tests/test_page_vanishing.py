"""Page 6: the 0.25 bound, the per-layer measurements and the training comparison."""

import pytest

from core.deep import compare_training, first_to_last, gradient_profile
from core.format import fmt
from tests.conftest import all_text, formulas, open_page

PAGE = "pages/6_vanishing_gradient.py"


@pytest.fixture
def at():
    return open_page(PAGE, "en")


def metric(at, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def test_the_seed_bound_is_on_the_page(at):
    assert metric(at, "Largest factor after 2") == "0.0625"
    assert "0.25 × 0.25 = 0.0625" in all_text(at)
    at.slider(key="p6_bound_layers").set_value(10).run()
    assert metric(at, "Largest factor after 10") == fmt(0.25**10)
    assert r"0.25^{10} = 9.537 \times 10^{-7}" in formulas(at)


def test_the_profile_metric_is_the_core_measurement_and_follows_the_widgets(at):
    expected = first_to_last(gradient_profile(20, 32, "sigmoid", "xavier", 0))
    assert metric(at, "First layer's gradient") == fmt(expected, 3)
    at.selectbox(key="p6_act").set_value("relu").run()
    at.selectbox(key="p6_init").set_value("he").run()
    at.slider(key="p6_depth").set_value(30).run()
    expected = first_to_last(gradient_profile(30, 32, "relu", "he", 0))
    assert metric(at, "First layer's gradient") == fmt(expected, 3)
    assert expected > 1e-2
    assert "ReLU's slope is exactly 1" in all_text(at)


def test_tiny_gradients_are_shown_in_powers_of_ten_and_dead_layers_are_explained(at):
    at.selectbox(key="p6_init").set_value("small_normal").run()
    at.slider(key="p6_depth").set_value(50).run()
    expected = first_to_last(gradient_profile(50, 32, "sigmoid", "small_normal", 0))
    assert expected < 1e-90 and metric(at, "First layer's gradient") == fmt(expected, 3)
    at.selectbox(key="p6_act").set_value("relu").run()
    at.slider(key="p6_width").set_value(4).run()
    assert not at.exception
    assert any("exactly 0" in w.value and "dead" in w.value for w in at.warning)
    assert metric(at, "First layer's gradient") == "0"


def test_training_comparison_shows_the_stuck_sigmoid_and_the_learning_relu(at):
    runs, _ = compare_training(("sigmoid", "relu"), 8, 16, 200, 0.1, "recommended")
    assert metric(at, "Accuracy, sigmoid") == f"{fmt(100 * runs['sigmoid'][0].accuracy[-1], 3)} %"
    assert metric(at, "Accuracy, ReLU") == "100 %"
    assert runs["sigmoid"][1][0] < 1e-4 < runs["relu"][1][0]


@pytest.mark.parametrize(
    ("key", "value"),
    [("p6_depth", 2), ("p6_depth", 50), ("p6_width", 4), ("p6_width", 64),
     ("p6_train_depth", 2), ("p6_train_depth", 16), ("p6_train_steps", 400), ("p6_train_lr", 2.0)],
)
def test_widget_extremes_render_without_exception(at, key, value):
    widget = at.select_slider(key=key) if key == "p6_train_lr" else at.slider(key=key)
    widget.set_value(value).run()
    assert not at.exception
    assert all("Diverged after" in e.value for e in at.error)
