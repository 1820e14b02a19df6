"""The playground's presets reproduce the seeds' setups and train to sensible results."""

import time

import numpy as np
import pytest

from core.datasets import moons, rbf_1d, sine, split, three_classes, xor
from core.playground import PRESETS, build_network, make_split, predict_grid, run_key, with_changes
from core.reference import sklearn_reference
from core.training import train


def run(setup, epochs=None):
    x, t, xt, tt = make_split(setup)
    return train(build_network(setup), x, t, loss=setup.head[1], lr=setup.lr,
                 epochs=setup.epochs if epochs is None else epochs, batch_size=setup.batch_size,
                 momentum=setup.momentum, seed=setup.seed, x_test=xt if len(xt) else None,
                 t_test=tt if len(xt) else None, freeze_biases=setup.freeze_biases,
                 lr_decay_epochs=setup.epochs if setup.lr_decay else None)


def test_seed_000_preset_is_the_articles_own_loop():
    s = PRESETS["seed000_rbf"]
    x, t, _, _ = make_split(s)
    # seed 000, line by line: sum of the cost, learning rate 0.2 lowered before each update
    wh, wo, lr = 2.0, -5.0, 0.2
    for _ in range(30):
        lr -= 0.2 / 30
        zh = x * wh
        h = np.exp(-zh**2)
        y = 1 / (1 + np.exp(-(h * wo - 1)))
        d_wo = lr * h * (y - t)
        d_wh = lr * x * -2 * zh * h * wo * (y - t)
        wh, wo = wh - d_wh.sum(), wo - d_wo.sum()
    h = run(s)
    assert h.layers[0][0][0, 0] == pytest.approx(wh, rel=1e-10)
    assert h.layers[1][0][0, 0] == pytest.approx(wo, rel=1e-10)
    assert h.layers[1][1][0] == -1.0  # the fixed bias
    assert h.accuracy[-1] >= 0.95


@pytest.mark.parametrize(
    ("key", "threshold"),
    [("seed002_classes", 0.85), ("seed002_moons", 0.95), ("seed002_xor", 0.95), ("seed002_moons20", 0.85)],
)
def test_seed_002_presets_classify_their_test_sets(key, threshold):
    h = run(PRESETS[key])
    assert h.test_accuracy[-1] >= threshold
    assert h.diverged_at is None


def test_seed_002_with_20_hidden_units_overfits_its_few_noisy_moons():
    h = run(PRESETS["seed002_moons20"])
    assert h.loss[-1] < 0.5 * h.test_loss[-1]  # fits the training set far better than the test set


def test_seed_004_preset_fits_the_sine_curve():
    h = run(PRESETS["seed004_sine"])
    assert h.loss[-1] < 0.005


def test_seed_002_preset_trains_its_default_epochs_in_a_few_seconds():
    start = time.perf_counter()
    run(PRESETS["seed002_classes"])
    assert time.perf_counter() - start < 5.0


def test_the_datasets_have_the_seeds_shapes():
    x, t = rbf_1d(20, 0.5, 0)
    assert x.shape == (40, 1) and t.sum() == 20
    x, t = three_classes(300, 0)
    assert x.shape == (300, 2) and t.shape == (300, 3) and set(t.sum(axis=1)) == {1.0}
    assert moons(100, 0.1, 0)[1].shape == (100, 2)
    x, t = xor(8, 0.0, 0)
    np.testing.assert_array_equal(t.argmax(axis=1), (x[:, 0] * x[:, 1] < 0).astype(int))
    x, t = sine(63, 0.0, 0)
    np.testing.assert_allclose(t[:, 0], np.sin(np.pi * (x[:, 0] + 1)), atol=1e-12)
    xtr, ttr, xte, tte = split(x, t, 0.3, 0)
    assert len(xte) == 19 and len(xtr) == 44


def test_changing_the_network_drops_the_fixed_starting_weights():
    s = PRESETS["seed000_rbf"]
    assert with_changes(s, lr=1.0).start == s.start
    assert with_changes(s, hidden=(2,)).start == ()
    assert run_key(with_changes(PRESETS["seed002_moons"], epochs=999)) == run_key(PRESETS["seed002_moons"])


def test_predict_grid_covers_the_requested_square():
    gx, gy, y = predict_grid(build_network(PRESETS["seed002_moons"]), (-1, 1), (0, 2), 5)
    assert gx.min() == -1 and gx.max() == 1 and gy.min() == 0 and gy.max() == 2
    assert y.shape == (25, 2)
    np.testing.assert_allclose(y.sum(axis=1), 1.0)


def test_sklearn_reference_matches_the_settings_and_scores_close_to_ours():
    s = PRESETS["seed002_moons"]
    x, t, xt, tt = make_split(s)
    ref = sklearn_reference(s, x, t, xt, tt)
    assert ref["kind"] == "accuracy" and len(ref["loss"]) == s.epochs
    assert abs(ref["test"] - run(s).test_accuracy[-1]) < 0.1
    assert sklearn_reference(PRESETS["seed000_rbf"], *make_split(PRESETS["seed000_rbf"])) is None
