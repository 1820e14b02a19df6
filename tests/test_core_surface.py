"""The RBF article's loss surface (core.surface): the surface is the training loop's own loss, the
path is the playground's own training run, and where the article's numbers and this page's differ."""

import numpy as np
import pytest

from core.activations import ACTIVATIONS
from core.gradcheck import numerical_gradient
from core.losses import binary_cross_entropy
from core.network import mlp_forward
from core.playground import GOOD_FIT, PRESETS, build_network, make_split, with_changes
from core.surface import (
    ARTICLE_END,
    ENDS,
    LEVELS,
    SAME_POINT,
    WINDOW,
    Descent,
    descent_path,
    end_kind,
    loss_surface,
    rbf_loss,
    summed_rate,
    surface_window,
)
from core.training import learning_rate, train

PRESET = PRESETS["seed000_rbf"]


@pytest.fixture(scope="module")
def data():
    x, t, _, _ = make_split(PRESET)
    return x, t


@pytest.fixture(scope="module")
def path():
    return descent_path(PRESET)


def trained(setup):
    """The preset trained as the playground trains it: one call of the training loop."""
    x, t, _, _ = make_split(setup)
    return train(build_network(setup), x, t, loss="bce", lr=setup.lr, epochs=setup.epochs,
                 batch_size=setup.batch_size, momentum=setup.momentum, seed=setup.seed,
                 freeze_biases=setup.freeze_biases, lr_decay_epochs=setup.epochs if setup.lr_decay else None)


# --- the article's numbers and this page's ----------------------------------------------------------


def test_the_articles_printed_result_and_its_learning_rate_on_the_mean():
    # 「最終的なコストは13.53で、その時の重みは wh: 0.76 and wo: 2.92 です。」, 40 samples, 0.2
    assert (ARTICLE_END.cost, ARTICLE_END.w_h, ARTICLE_END.w_o) == (13.53, 0.76, 2.92)
    assert ARTICLE_END.samples == 40 and ARTICLE_END.mean_loss == pytest.approx(0.33825)
    assert ARTICLE_END.mean_rate == pytest.approx(8.0) == PRESET.lr  # the preset takes the article's steps
    assert summed_rate(PRESET.lr, 40) == pytest.approx(ARTICLE_END.lr)


def test_this_pages_preset_ends_at_its_own_numbers_not_the_articles(path):
    """Data seed 1, the article's start and steps: w_h 1.38, w_o 5.08, L 0.18 (summed: 7.36), all 40
    samples right; the article ended at 0.76, 2.92 and 13.53 on samples nobody can draw again."""
    assert path.samples == 40 and len(path.w_h) == 31
    assert (round(path.w_h[-1], 2), round(path.w_o[-1], 2)) == (1.38, 5.08)
    assert round(path.loss[-1], 2) == 0.18 and round(path.total_loss, 2) == 7.36
    assert path.accuracy[-1] == 1.0
    assert end_kind(path) == "valley"
    assert abs(path.w_h[-1] - ARTICLE_END.w_h) > SAME_POINT


def test_the_path_is_the_playgrounds_own_training_run(path):
    """The last point of the path is the preset trained in one call of core.training.train."""
    h = trained(PRESET)
    assert path.w_h[-1] == pytest.approx(h.layers[0][0][0, 0], rel=1e-12)
    assert path.w_o[-1] == pytest.approx(h.layers[1][0][0, 0], rel=1e-12)
    np.testing.assert_allclose(path.loss[1:], h.loss, rtol=1e-12)
    assert path.layers[1][1][0] == -1.0 and path.layers[0][1][0] == 0.0  # the biases stayed fixed


def test_every_point_of_the_path_is_a_step_of_the_articles_own_loop(path, data):
    x, t = data
    wh, wo, lr = 2.0, -5.0, 0.2
    points = [(wh, wo)]
    for _ in range(30):  # seed 000, line by line: the summed cost, the rate lowered before each update
        lr -= 0.2 / 30
        zh = x * wh
        h = np.exp(-zh**2)
        y = 1 / (1 + np.exp(-(h * wo - 1)))
        d_wo = lr * h * (y - t)
        d_wh = lr * x * -2 * zh * h * wo * (y - t)
        wh, wo = wh - d_wh.sum(), wo - d_wo.sum()
        points.append((wh, wo))
    np.testing.assert_allclose(np.column_stack([path.w_h, path.w_o]), points, rtol=1e-10)


def test_the_learning_rate_falls_in_a_straight_line_to_zero(path):
    np.testing.assert_allclose(path.rate, 8.0 * (1 - np.arange(1, 31) / 30))
    assert path.rate[0] == pytest.approx(7.7333333333) and path.rate[-1] == 0.0
    assert (path.w_h[-1], path.w_o[-1]) == (path.w_h[-2], path.w_o[-2])  # the last step moves nothing
    assert learning_rate(0.5, 7, None) == 0.5 and learning_rate(0.2, 40, 30) == 0.0


# --- the surface -------------------------------------------------------------------------------


def test_the_surface_is_the_training_loops_loss_at_every_point_of_the_path(path, data):
    x, t = data
    np.testing.assert_allclose(rbf_loss(x, t, path.w_h, path.w_o), path.loss, rtol=1e-12)


def test_the_surface_is_the_networks_cross_entropy_at_any_point(data):
    x, t = data
    for w_h, w_o in [(2.0, -5.0), (0.3, 7.5), (-1.2, 0.4), (40.0, 3.0)]:
        layers = [([[w_h]], [0.0], "gaussian_rbf"), ([[w_o]], [-1.0], "sigmoid")]
        y, _ = mlp_forward(x, layers)
        assert rbf_loss(x, t, w_h, w_o) == pytest.approx(binary_cross_entropy(y, t), rel=1e-12)


def test_the_slope_of_the_surface_is_the_first_step_of_the_training_loop(path, data):
    """The first step moves (w_h, w_o) by -eta_1 times the gradient of L at the start: the
    training loop's backpropagation against central differences of the surface."""
    x, t = data
    slope = numerical_gradient(lambda w: float(rbf_loss(x, t, w[0], w[1])), np.array([2.0, -5.0]))
    step = np.array([path.w_h[1] - path.w_h[0], path.w_o[1] - path.w_o[0]])
    np.testing.assert_allclose(step, -path.rate[0] * slope, rtol=1e-6)


def test_with_w_o_zero_the_loss_is_the_fixed_biass_alone(data):
    """w_o = 0 leaves y = sigma(-1) for every sample whatever w_h is: with 20 blue and 20 red,
    L = (log(1 + e) + log(1 + e^-1)) / 2 = 0.81326..."""
    x, t = data
    expected = (np.log1p(np.e) + np.log1p(np.exp(-1.0))) / 2
    np.testing.assert_allclose(rbf_loss(x, t, np.linspace(-5, 5, 11), 0.0), expected, rtol=1e-12)
    assert expected == pytest.approx(0.8132616875)


def test_the_surface_is_symmetric_in_w_h(data):
    x, t = data
    area = loss_surface(x, t, (-3.0, 3.0), (-6.0, 8.0), 21)
    np.testing.assert_allclose(area.loss, area.loss[:, ::-1], rtol=1e-12)


def test_the_grid_is_rows_along_w_o_and_columns_along_w_h(data):
    x, t = data
    area = loss_surface(x, t, *WINDOW, n=41)
    assert area.loss.shape == (41, 41) and area.w_h[[0, -1]].tolist() == [0.0, 7.0]
    i, j = 30, 7
    assert area.loss[i, j] == pytest.approx(rbf_loss(x, t, area.w_h[j], area.w_o[i]), rel=1e-12)


def test_the_lowest_point_of_the_picture_is_on_its_edge_and_the_path_ends_on_the_valley_floor(path, data):
    """The valley of the article's network keeps falling as w_o grows (the output bias stays at -1),
    so the lowest grid point lies on the top edge, w_o = 8; the path ends on the valley's floor."""
    x, t = data
    area = loss_surface(x, t, *surface_window(path))
    w_h, w_o, low = area.lowest()
    assert area.lowest_on_edge() and w_o == 8.0
    assert low == pytest.approx(area.loss.min()) and low == pytest.approx(0.16579, abs=1e-5)
    assert path.loss[-1] > low  # stopped by the learning rate, not at a minimum
    row = np.argmin(np.abs(area.w_o - path.w_o[-1]))  # across the valley at the end's w_o
    assert path.loss[-1] - area.loss[row].min() < 0.01



def test_a_red_sample_among_the_blue_ones_gives_the_valley_a_bottom():
    """With a red sample at 0.02, among the blue ones, a larger w_o costs that sample more and
    more: the valley has a lowest point inside the picture."""
    x = np.array([0.0, 0.05, -0.1, 0.15, 2.0, -2.0, 1.9, 0.02])
    t = np.array([1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0])
    area = loss_surface(x, t, *WINDOW)
    w_h, w_o, low = area.lowest()
    assert not area.lowest_on_edge()
    assert (w_h, w_o) == pytest.approx((1.225, 2.4)) and low == pytest.approx(0.434003, abs=1e-6)


def test_the_colour_bands_rise_and_cover_the_surface(data):
    x, t = data
    area = loss_surface(x, t, *WINDOW)
    assert list(LEVELS) == sorted(LEVELS)
    assert LEVELS[0] < area.loss.min() * 2 and LEVELS[-1] < area.loss.max()


# --- the path moves with the learning rate and the data --------------------------------------------


def test_the_path_moves_as_the_learning_rate_moves():
    ends = {lr: descent_path(with_changes(PRESET, lr=lr)) for lr in (0.5, 4.0, 8.0, 16.0)}
    finals = {lr: (d.w_h[-1], d.w_o[-1]) for lr, d in ends.items()}
    assert len(set(finals.values())) == 4
    assert end_kind(ends[0.5]) == "outside" and ends[0.5].accuracy[-1] < GOOD_FIT  # too small to get there
    assert end_kind(ends[16.0]) == "valley" and finals[16.0][1] > finals[8.0][1]  # further along the valley


def test_other_data_seeds_give_other_surfaces_and_other_ends():
    kinds = {seed: end_kind(descent_path(with_changes(PRESET, seed=seed))) for seed in range(6)}
    assert kinds == {0: "valley", 1: "valley", 2: "valley", 3: "valley", 4: "outside", 5: "outside"}


def test_an_end_at_the_articles_point_counts_as_the_article_whatever_the_sign_of_w_h(path):
    near = Descent(np.array([2.0, -0.78]), np.array([-5.0, 2.9]), path.loss[:2], path.accuracy[:2],
                   path.rate[:1], 40, path.layers)
    assert end_kind(near) == "article" and set(ENDS) == {"article", "valley", "outside"}


def test_the_window_holds_the_whole_path():
    path = descent_path(with_changes(PRESET, lr=48.0))
    (h_lo, h_hi), (o_lo, o_hi) = surface_window(path)
    assert h_lo <= path.w_h.min() and h_hi >= path.w_h.max() > WINDOW[0][1]
    assert o_lo <= path.w_o.min() and o_hi >= path.w_o.max()
    assert surface_window(descent_path(PRESET)) == WINDOW  # the article's steps stay inside the picture


# --- what cannot be drawn ----------------------------------------------------------------------------


def test_the_surface_belongs_to_the_articles_network_alone():
    with pytest.raises(ValueError, match="RBF article's network alone"):
        descent_path(PRESETS["seed002_moons"])
    with pytest.raises(ValueError, match="RBF article's network alone"):
        descent_path(with_changes(PRESET, freeze_biases=False))
    with pytest.raises(ValueError, match="RBF article's network alone"):
        descent_path(with_changes(PRESET, hidden=(2,)))


def test_bad_grids_and_data_say_what_to_change(data):
    x, t = data
    with pytest.raises(ValueError, match="must go up"):
        loss_surface(x, t, (3.0, 1.0), (0.0, 1.0))
    with pytest.raises(ValueError, match="grid points"):
        loss_surface(x, t, (0.0, 1.0), (0.0, 1.0), 1)
    with pytest.raises(ValueError, match="same number of samples"):
        rbf_loss(x, t[:-1], 1.0, 1.0)
    with pytest.raises(ValueError, match="broadcast"):
        rbf_loss(x, t, np.zeros(3), np.zeros(4))
    assert rbf_loss(x[:, 0], t[:, 0], 2.0, -5.0) == pytest.approx(rbf_loss(x, t, 2.0, -5.0))


def test_astronomical_weights_stay_finite(data):
    x, t = data
    values = rbf_loss(x, t, np.array([1e8, 0.0, 1e-300]), np.array([1e8, -1e8, 1e300]))
    assert np.all(np.isfinite(values))
    assert ACTIVATIONS["gaussian_rbf"].fn(np.array([1e200]))[0] == 0.0
