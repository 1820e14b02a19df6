"""The core functions that decide what a prediction moment's right answer is, pages 1, 4 and 8
(more in tests/test_core_*_moments.py)."""

import numpy as np
import pytest

from core.linear import compare_stacked, origin_image, same_map
from core.optim import SEED_QUADRATIC, race_winner, steps_to_tolerance
from core.playground import (
    PRESETS,
    build_network,
    fit_score,
    parameter_count,
    training_outcome,
    updates_per_epoch,
)
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


def history(loss, accuracy=(), test_loss=(), test_accuracy=()):
    columns = {"loss": loss, "accuracy": accuracy, "test_loss": test_loss, "test_accuracy": test_accuracy}
    return {name: np.asarray(values, dtype=float) for name, values in columns.items()}


def test_a_finished_run_is_classified_by_its_training_and_test_scores():
    t = np.zeros((10, 1))
    assert training_outcome(history([0.3], [0.95], [0.3], [0.9]), None, t, t, "classes") == "learns"
    assert training_outcome(history([0.1], [1.0], [0.9], [0.8]), None, t, t, "classes") == "overfits"
    assert training_outcome(history([0.7], [0.6]), None, t, None, "classes") == "underfits"
    assert training_outcome(history([0.7, np.inf], [0.6]), 2, t, None, "classes") == "diverges"


def test_a_regression_scores_its_fit_by_r_squared():
    t = np.array([[-1.0], [1.0]])  # variance 1
    assert fit_score(history([0.04], test_loss=[0.5]), t, t, "regression") == pytest.approx((0.96, 0.5))
    assert training_outcome(history([0.04], test_loss=[0.5]), None, t, t, "regression") == "overfits"
    assert training_outcome(history([0.5]), None, t, None, "regression") == "underfits"
    assert fit_score(history([]), t, None, "regression") == (None, None)


def test_the_articles_networks_have_their_numbers_of_parameters_and_updates():
    assert parameter_count(build_network(PRESETS["seed002_classes"])) == 2 * 3 + 3 + 3 * 3 + 3  # 21
    assert parameter_count(build_network(PRESETS["seed004_sine"])) == 3 + 3 + 3 + 1             # 10
    assert parameter_count(build_network(PRESETS["seed000_rbf"])) == 4
    assert updates_per_epoch(PRESETS["seed002_classes"]) == 53  # 210 training points, batches of 4
    assert updates_per_epoch(PRESETS["seed000_rbf"]) == 1       # the whole set at once
