"""The core functions that decide what a prediction moment's right answer is, pages 1 and 4
(more in tests/test_core_*_moments.py)."""

import numpy as np

from core.linear import compare_stacked, origin_image, same_map
from core.optim import SEED_QUADRATIC, race_winner, steps_to_tolerance
from core.shapes import unit_circle


def test_the_origin_goes_to_b_under_an_affine_map_and_stays_under_a_linear_one():
    W = np.array([[1.0, 0.8], [0.0, 1.0]])
    assert origin_image(W, [0.8, -0.5]) == "b"
    assert origin_image(W, [0.0, 0.0]) == "stays"


def test_two_linear_layers_are_one_but_relu_between_them_is_not():
    W1, W2 = np.array([[1.0, 0.8], [0.0, 1.0]]), np.array([[0.0, -1.0], [1.0, 0.0]])
    assert same_map(compare_stacked(unit_circle(64), W1, W2, "identity")[2])
    assert not same_map(compare_stacked(unit_circle(64), W1, W2, "relu")[2])


def test_the_race_is_won_by_the_run_that_arrives_first():
    plain, momentum = (steps_to_tolerance(SEED_QUADRATIC, 3.0, 0.05, 0.01, m) for m in (0.0, 0.5))
    assert (plain, momentum) == (34, 15) and race_winner(plain, momentum) == "momentum"
    assert race_winner(3, 7) == "plain" and race_winner(5, 5) == "tie"
    assert race_winner(None, 12) == "momentum" and race_winner(None, None) == "neither"
