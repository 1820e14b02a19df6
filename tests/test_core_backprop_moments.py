"""The truths behind page 5's prediction moments, on the article's 3-2-1 network."""

import numpy as np

from core.network import EXAMPLE_321 as E
from core.network import backprop_trace, loss_change, mlp_gradient_descent, sign_name


def dW2(act1: str, act2: str) -> np.ndarray:
    return next(s.value for s in backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2, act1, act2)
                if s.key == "dL_dW2")


def test_the_sign_of_dW2_in_the_articles_two_examples():
    relu = dW2("relu", "identity")  # 2 (y − t) h₁ = 2 · 13 · [11, 0]
    np.testing.assert_array_equal(relu, [[286, 0]])
    assert [sign_name(v) for v in relu[0]] == ["positive", "zero"]
    sigmoid = dW2("sigmoid", "sigmoid")  # the article's [−1.72104507, −1.43112111e−06]
    np.testing.assert_allclose(sigmoid, [[-1.72104507, -1.43112111e-06]], rtol=1e-8)
    assert [sign_name(v) for v in sigmoid[0]] == ["negative", "negative"]


def test_a_tiny_gradient_still_has_a_sign():
    assert sign_name(-1e-300) == "negative" and sign_name(5e-324) == "positive"
    assert sign_name(0.0) == sign_name(-0.0) == "zero"


def test_one_update_lowers_the_loss_only_for_a_small_enough_learning_rate():
    def first_step(lr: float) -> str:
        return loss_change(mlp_gradient_descent(E.x, E.t, E.layers("relu", "identity"), lr, 1).losses)

    assert first_step(0.001) == "down"  # 169 → 44.26
    assert first_step(0.01) == "up"  # 169 → 410.47: the step overshoots
    assert first_step(0.0) == "same"


def test_a_run_that_overflowed_at_its_first_step_counts_as_going_up():
    assert loss_change([169.0]) == "up"
    assert loss_change([169.0, 169.0]) == "same"
