"""The core functions behind page 8's prediction moments and its number question: how a finished
run is classified, how many parameters a network has, how many updates make an epoch."""

import numpy as np
import pytest

from core.playground import (
    GOOD_FIT,
    OUTCOMES,
    OUTCOMES_WITHOUT_TEST,
    OVERFIT_RATIO,
    PRESETS,
    TASKS,
    build_network,
    fit_score,
    make_split,
    parameter_count,
    training_outcome,
    updates_per_epoch,
    with_changes,
)
from core.training import train

IDENTITY = [(np.eye(1), np.zeros(1), "identity")]  # y = x: the scores follow from the data alone


def finished(setup):
    """(network, data, history, diverged_at) after training a setup to its end."""
    data = make_split(setup)
    x, t, xt, tt = data
    h = train(build_network(setup), x, t, loss=setup.head[1], lr=setup.lr, epochs=setup.epochs,
              batch_size=setup.batch_size, momentum=setup.momentum, seed=setup.seed,
              x_test=xt if len(xt) else None, t_test=tt if len(xt) else None,
              freeze_biases=setup.freeze_biases, lr_decay_epochs=setup.epochs if setup.lr_decay else None)
    history = {"loss": h.loss, "test_loss": np.array([] if h.test_loss is None else h.test_loss)}
    return h.layers, data, history, h.diverged_at


def outcome_of(setup):
    return training_outcome(*finished(setup), TASKS[setup.dataset][2])


def test_the_fit_score_is_the_accuracy_for_classes_and_r_squared_for_regression():
    x = np.array([[0.2], [0.9], [0.4], [0.7]])
    assert fit_score(IDENTITY, x, np.array([[0.0], [1.0], [1.0], [1.0]]), "binary") == 0.75  # 0.4 < 0.5
    # targets -1, 1 (mean 0, sum of squares 2) and outputs -0.8, 0.8: R² = 1 - 0.08 / 2
    r2 = fit_score(IDENTITY, [[-0.8], [0.8]], np.array([[-1.0], [1.0]]), "regression")
    assert r2 == pytest.approx(0.96)


def test_a_run_is_classified_by_its_scores_and_the_ratio_of_its_losses():
    x, t = np.array([[0.9], [0.1]]), np.array([[1.0], [0.0]])  # both right: score 1
    wrong = np.array([[0.0], [0.0]])                           # one of two right: score 0.5
    data = (x, t, x, wrong)

    def kind(loss, test_loss, data=data, diverged_at=None):
        history = {"loss": [loss], "test_loss": [test_loss]}
        return training_outcome(IDENTITY, data, history, diverged_at, "binary").kind

    assert kind(0.1, 0.15) == "learns"
    assert kind(0.1, 0.2) == "overfits"  # the test loss ends OVERFIT_RATIO = 2 times the training loss
    assert kind(0.1, 0.2, (x, t, x, t)) == "learns"  # ... but as good a test score: tiny losses differ
    assert kind(0.5, 0.1, (x, wrong, x, t)) == "underfits"  # training score 0.5 < GOOD_FIT
    assert kind(0.1, 0.1, (x, t, x[:0], t[:0])) == "fits"  # no test set: overfitting cannot be seen
    assert kind(np.inf, np.inf, diverged_at=3) == "diverges"
    assert (GOOD_FIT, OVERFIT_RATIO) == (0.85, 2.0)
    assert set(OUTCOMES_WITHOUT_TEST) - set(OUTCOMES) == {"fits"}


def test_the_articles_presets_learn_fit_and_overfit_as_their_descriptions_say():
    classes = outcome_of(PRESETS["seed002_classes"])
    assert classes.kind == "learns"
    assert (round(classes.train_score * 210), round(classes.test_score * 90)) == (188, 79)  # 89.5 %, 87.8 %
    assert classes.loss_ratio == pytest.approx(1.64, abs=0.01)
    moons20 = outcome_of(PRESETS["seed002_moons20"])  # 20 hidden units for 30 noisy training points
    assert moons20.kind == "overfits" and moons20.loss_ratio == pytest.approx(3.58, abs=0.01)
    assert (round(moons20.train_score * 30), round(moons20.test_score * 30)) == (28, 27)
    assert outcome_of(PRESETS["seed000_rbf"]).kind == "fits"  # no test set in the article's setup
    sine = outcome_of(PRESETS["seed004_sine"])
    assert sine.kind == "fits" and sine.train_score == pytest.approx(0.998, abs=0.001)  # R²


def test_one_hidden_unit_underfits_xor_and_a_large_learning_rate_diverges():
    assert outcome_of(with_changes(PRESETS["seed002_xor"], hidden=(1,))).kind == "underfits"
    diverged = outcome_of(with_changes(PRESETS["seed004_sine"], lr=10.0, activation="relu"))
    assert diverged.kind == "diverges" and diverged.train_score is None


def test_the_articles_networks_have_their_numbers_of_parameters_and_updates():
    assert parameter_count(build_network(PRESETS["seed002_classes"])) == 2 * 3 + 3 + 3 * 3 + 3  # 21
    assert parameter_count(build_network(PRESETS["seed004_sine"])) == 3 + 3 + 3 + 1             # 10
    assert parameter_count(build_network(PRESETS["seed000_rbf"])) == 4
    assert updates_per_epoch(PRESETS["seed002_classes"]) == 53  # 210 training points, batches of 4
    assert updates_per_epoch(with_changes(PRESETS["seed002_classes"], test_fraction=0.0)) == 75  # the article
    assert updates_per_epoch(PRESETS["seed004_sine"]) == 63     # seed 004: one update per sample
    assert updates_per_epoch(PRESETS["seed000_rbf"]) == 1       # the whole set at once
