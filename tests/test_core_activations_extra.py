"""core.activations helpers of page 2: probing, the sigmoid's factors, seed 000's RBF, softmax steps."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.activations import (
    ACTIVATIONS,
    EXP_OVERFLOW,
    FLOAT64_MAX,
    best_threshold,
    derivative_check,
    rbf_hidden,
    sigmoid,
    sigmoid_derivative,
    sigmoid_factors,
    softmax,
    softmax_steps,
    steepest_point,
    tangent_line,
)
from core.datasets import rbf_1d
from core.gradcheck import numerical_derivative, relative_error

GRID = np.linspace(-6.0, 6.0, 601)  # through u = 0, as on the page


def test_seed_001_sigmoid_slope_at_0_is_a_quarter_and_the_difference_agrees():
    c = derivative_check("sigmoid", 0.0)
    assert c.f == 0.5 and c.analytic == 0.25
    assert c.numerical == pytest.approx(0.25, abs=1e-10)
    assert c.numerical == (c.f_plus - c.f_minus) / (2 * c.eps)
    assert c.abs_error == abs(c.analytic - c.numerical) and not c.straddles_kink


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@pytest.mark.parametrize("u", [-3.3, -0.7, 0.45, 2.0])
def test_every_derivative_matches_its_central_difference_away_from_kinks(name, u):
    c = derivative_check(name, u, 1e-5)
    assert c.abs_error < 1e-8, (name, u, c)
    assert c.f == pytest.approx(float(ACTIVATIONS[name].fn(u)))


def test_a_step_across_relus_kink_averages_the_two_slopes():
    relu = derivative_check("relu", 0.0, 1e-3)
    assert relu.straddles_kink and relu.analytic == 0.0 and relu.numerical == pytest.approx(0.5)
    leaky = derivative_check("leaky_relu", 0.0, 1e-3)
    assert leaky.straddles_kink and leaky.numerical == pytest.approx(0.505)
    # a step that ends exactly on the kink sees one side only and is exact
    assert not derivative_check("relu", 0.1, 0.1).straddles_kink
    assert derivative_check("relu", 0.1, 0.1).numerical == pytest.approx(1.0)
    assert not derivative_check("sigmoid", 0.0, 1e-3).straddles_kink


def test_too_large_and_too_small_steps_are_both_worse_than_the_default():
    good = derivative_check("sigmoid", 1.0, 1e-5).abs_error
    assert derivative_check("sigmoid", 1.0, 1e-1).abs_error > 1e-5 > good
    assert derivative_check("sigmoid", 1.0, 1e-11).abs_error > 100 * good


def test_derivative_check_rejects_bad_arguments():
    with pytest.raises(ValueError, match="unknown activation"):
        derivative_check("swish", 0.0)
    with pytest.raises(ValueError, match="eps must be greater than 0"):
        derivative_check("tanh", 0.0, 0.0)
    with pytest.raises(ValueError, match="u must be a finite number"):
        derivative_check("tanh", math.inf)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_the_tangent_touches_f_at_u0_with_slope_f_prime(name):
    u0 = 0.8
    assert tangent_line(name, u0, u0) == pytest.approx(float(ACTIVATIONS[name].fn(u0)))
    slope = numerical_derivative(lambda u: tangent_line(name, u0, u), np.array([-2.0, 5.0]))
    assert slope == pytest.approx([float(ACTIVATIONS[name].derivative(u0))] * 2)


def test_sigmoid_factors_add_to_one_and_multiply_to_the_derivative():
    f, one_minus, product = sigmoid_factors(GRID)
    assert np.allclose(f + one_minus, 1.0)
    assert np.allclose(product, sigmoid_derivative(GRID))
    assert relative_error(product, numerical_derivative(sigmoid, GRID)) < 1e-9
    f2, g2, p2 = sigmoid_factors(2.0)
    assert (float(f2), float(g2), float(p2)) == pytest.approx((0.88079708, 0.11920292, 0.10499359))


def test_steepest_point_finds_the_seed_maximum_0_25_at_0():
    assert steepest_point("sigmoid", GRID) == (0.0, 0.25)
    assert steepest_point("tanh", GRID) == (0.0, 1.0)
    u, slope = steepest_point("gaussian_rbf", np.linspace(-3, 3, 60001))
    assert u == pytest.approx(-1 / math.sqrt(2), abs=1e-4)
    assert slope == pytest.approx(math.sqrt(2) * math.exp(-0.5), rel=1e-8)
    with pytest.raises(ValueError):
        steepest_point("sigmoid", [])


def test_seed_000_rbf_hidden_layer_and_its_derivative():
    x = np.array([-2.0, 0.0, 0.5, 2.0])
    assert rbf_hidden(x, 0.76) == pytest.approx(np.exp(-(0.76 * x) ** 2))
    assert np.all(rbf_hidden(x, 0.0) == 1.0)
    # phi'(z) = -2 z phi(z), the article's formula, against the numbers
    phi = ACTIVATIONS["gaussian_rbf"]
    assert relative_error(phi.derivative(GRID), numerical_derivative(phi.fn, GRID)) < 1e-9


def test_seed_000_data_no_cut_on_x_separates_it_one_cut_on_h_does():
    x, t = rbf_1d()
    cut_x, err_x, above_x = best_threshold(x[:, 0], t[:, 0])
    assert err_x == 10 and not above_x  # one of the two red groups is always wrong
    h = rbf_hidden(x[:, 0], 0.76)       # the article's trained weight
    cut_h, err_h, above_h = best_threshold(h, t[:, 0])
    assert err_h == 0 and above_h
    assert h[t[:, 0] == 0].max() < cut_h < h[t[:, 0] == 1].min()
    assert 0.35 < cut_h < 0.47           # "0.4 あたりを境目に" (seed 000)
    assert best_threshold(rbf_hidden(x[:, 0], 0.0), t[:, 0])[1] == 20


def test_best_threshold_on_a_small_example():
    assert best_threshold([1.0, 2.0, 5.0, 6.0], [0, 0, 1, 1]) == (3.5, 0, True)
    assert best_threshold([1.0, 2.0, 5.0, 6.0], [1, 1, 0, 0]) == (3.5, 0, False)
    with pytest.raises(ValueError, match="same, non-zero length"):
        best_threshold([1.0, 2.0], [1])


def test_softmax_steps_small_logits_naive_and_stable_agree():
    s = softmax_steps([2.0, 1.0, 0.1])
    assert s.naive_status == "ok" and not s.overflow_mask.any()
    assert s.y == pytest.approx([0.65900114, 0.24243297, 0.09856589])
    assert s.naive_y == pytest.approx(s.y) and s.y_sum == pytest.approx(1.0)
    assert s.m == 2.0 and s.shifted == pytest.approx([0.0, -1.0, -1.9])


def test_softmax_steps_large_logits_overflow_naively_but_not_stably():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning may escape
        s = softmax_steps([1000.0, 999.0, 998.0])
        u = softmax_steps([-1000.0, -1001.0, -1002.0])
        both = softmax_steps([709.5, 709.5, 0.0])
    assert s.naive_status == "overflow" and s.overflow_mask.all()
    assert s.y == pytest.approx([0.66524096, 0.24472847, 0.09003057])
    assert s.exp_shifted == pytest.approx([1.0, math.exp(-1), math.exp(-2)])
    assert u.naive_status == "underflow" and u.y == pytest.approx(s.y)
    # each term fits in a float64, their sum does not
    assert both.naive_status == "overflow" and not both.overflow_mask.any()
    assert EXP_OVERFLOW == pytest.approx(709.782712893384) and math.exp(EXP_OVERFLOW) <= FLOAT64_MAX


def test_softmax_steps_temperature_divides_the_logits():
    z = np.array([2.0, 1.0, 0.1])
    assert softmax_steps(z, 0.5).y == pytest.approx(softmax(z / 0.5))
    assert softmax_steps(z, 100.0).y == pytest.approx([1 / 3] * 3, abs=0.01)
    assert softmax_steps(z, 0.01).y[0] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="temperature must be greater than 0"):
        softmax_steps(z, 0.0)
    with pytest.raises(ValueError, match="finite"):
        softmax_steps([1.0, math.nan])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=6), st.floats(0.01, 100.0),
       st.floats(-1e4, 1e4))
def test_stable_softmax_sums_to_one_and_ignores_a_shift(z, temperature, shift):
    s = softmax_steps(z, temperature)
    assert np.all(np.isfinite(s.y)) and s.y_sum == pytest.approx(1.0)
    assert s.shifted.max() == 0.0 and s.exp_shifted.max() == 1.0
    shifted = softmax_steps(np.array(z) + shift, temperature)
    assert shifted.y == pytest.approx(s.y, abs=1e-6)
