"""The losses page's core additions: logit gradients, whole-range curves, one-hot helpers."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.activations import sigmoid, softmax
from core.gradcheck import numerical_derivative, numerical_gradient, relative_error
from core.losses import (
    EPS,
    binary_cross_entropy,
    cross_entropy,
    logit_curves,
    logits_for,
    mistake_kind,
    mse,
    mse_grad,
    one_hot,
    probability_curves,
    sigmoid_cross_entropy_backward,
    sigmoid_cross_entropy_forward,
    sigmoid_mse_backward,
    sigmoid_mse_forward,
    softmax_cross_entropy_backward,
    softmax_cross_entropy_forward,
    tangent_line,
)
from core.network import EXAMPLE_321, mlp_forward

pytestmark = pytest.mark.filterwarnings("error")
SETTINGS = settings(max_examples=30, deadline=None)
seeds = st.integers(min_value=0, max_value=2**32 - 1)
sizes = st.integers(min_value=1, max_value=6)


# --- the seeds' numbers -------------------------------------------------------------


def test_seed_001_mse_of_the_321_network_is_169():
    y, _ = mlp_forward(EXAMPLE_321.x, EXAMPLE_321.layers("relu", "identity"))
    assert y[0] == 33.0
    assert mse(y, EXAMPLE_321.t) == 169.0
    assert mse_grad(y, EXAMPLE_321.t)[0] == 26.0  # -(2/1)(20 - 33)


def test_seed_003_cross_entropy_and_softmax_gradient_y_minus_t():
    y, t = np.array([0.1, 0.1, 0.8]), one_hot(2, 3)
    assert cross_entropy(y, t) == pytest.approx(-np.log(0.8), rel=1e-15)
    # the article prints 0.2231435511892097: it adds delta = 1e-10 inside the log
    assert cross_entropy(y, t) == pytest.approx(0.2231435511892097, rel=1e-9)
    loss, cache = softmax_cross_entropy_forward(logits_for(y), t)
    assert loss == pytest.approx(-np.log(0.8), rel=1e-14)
    np.testing.assert_allclose(softmax_cross_entropy_backward(cache), [0.1, 0.1, -0.2], atol=1e-15)


# --- sigmoid + loss: the forward/backward pairs against numerical gradients -------------


@SETTINGS
@given(n=sizes, seed=seeds)
def test_sigmoid_mse_backward_matches_the_numerical_gradient(n, seed):
    rng = np.random.default_rng(seed)
    u, t = rng.normal(0, 3, n), rng.uniform(0, 1, n)
    _, cache = sigmoid_mse_forward(u, t)
    numeric = numerical_gradient(lambda v: sigmoid_mse_forward(v, t)[0], u)
    assert relative_error(sigmoid_mse_backward(cache), numeric) < 1e-7


@SETTINGS
@given(n=sizes, seed=seeds)
def test_sigmoid_cross_entropy_backward_matches_the_numerical_gradient(n, seed):
    rng = np.random.default_rng(seed)
    u, t = rng.normal(0, 3, n), rng.integers(0, 2, n).astype(float)
    _, cache = sigmoid_cross_entropy_forward(u, t)
    numeric = numerical_gradient(lambda v: sigmoid_cross_entropy_forward(v, t)[0], u)
    assert relative_error(sigmoid_cross_entropy_backward(cache), numeric) < 1e-7


def test_sigmoid_cross_entropy_is_binary_cross_entropy_of_the_sigmoid():
    u = np.array([-5.0, -0.3, 0.0, 2.0, 7.0])
    t = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    loss, _ = sigmoid_cross_entropy_forward(u, t)
    assert loss == pytest.approx(binary_cross_entropy(sigmoid(u), t), rel=1e-12)


def test_logits_of_plus_minus_1000_give_finite_losses_and_gradients():
    u, t = np.array([-1000.0, 1000.0]), np.array([1.0, 1.0])
    ce, ce_cache = sigmoid_cross_entropy_forward(u, t)
    assert ce == pytest.approx(500.0)  # (1000 + 0) / 2
    np.testing.assert_allclose(sigmoid_cross_entropy_backward(ce_cache), [-0.5, 0.0])
    m, m_cache = sigmoid_mse_forward(u, t)
    assert m == 0.5
    np.testing.assert_array_equal(sigmoid_mse_backward(m_cache), [0.0, 0.0])  # underflowed: gone


# --- the whole-range curves ------------------------------------------------------------


def test_at_u_minus_10_mse_gradient_has_vanished_but_cross_entropy_has_not():
    c = logit_curves(-10.0, 1.0)
    assert float(c.mse_du) == pytest.approx(-9.0787e-5, rel=1e-4)
    assert float(c.ce_du) == pytest.approx(-0.9999546, rel=1e-6)
    assert float(c.mse_du) == pytest.approx(float(c.ce_du * c.mse_factor), rel=1e-15)


def test_logit_curves_agree_with_the_forward_backward_pairs_point_by_point():
    u = np.linspace(-12, 12, 49)
    for t in (0.0, 1.0, 0.3):
        c = logit_curves(u, t)
        for i, ui in enumerate(u):
            m, mc = sigmoid_mse_forward([ui], [t])
            e, ec = sigmoid_cross_entropy_forward([ui], [t])
            assert c.mse[i] == pytest.approx(m, rel=1e-12, abs=1e-300)
            assert c.ce[i] == pytest.approx(e, rel=1e-12, abs=1e-300)
            assert c.mse_du[i] == pytest.approx(sigmoid_mse_backward(mc)[0], rel=1e-12, abs=1e-300)
            assert c.ce_du[i] == pytest.approx(sigmoid_cross_entropy_backward(ec)[0], rel=1e-12)


@pytest.mark.parametrize("t", [0.0, 1.0, 0.25])
def test_logit_curve_derivatives_match_central_differences(t):
    u = np.linspace(-8, 8, 33)
    c = logit_curves(u, t)
    np.testing.assert_allclose(c.mse_du, numerical_derivative(lambda v: logit_curves(v, t).mse, u),
                               rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(c.ce_du, numerical_derivative(lambda v: logit_curves(v, t).ce, u),
                               rtol=1e-6, atol=1e-10)


def test_mse_factor_is_at_most_one_half_and_dies_out_on_both_sides():
    c = logit_curves(np.linspace(-30, 30, 601), 1.0)
    assert c.mse_factor.max() == pytest.approx(0.5)
    assert c.mse_factor[0] < 1e-12 and c.mse_factor[-1] < 1e-12
    assert np.all(np.abs(c.ce_du) >= np.abs(c.mse_du))


@pytest.mark.parametrize("t", [0.0, 1.0])
def test_probability_curves_are_mse_and_binary_cross_entropy_of_one_output(t):
    y = np.linspace(0.01, 0.99, 15)
    c = probability_curves(y, t)
    for i, yi in enumerate(y):
        assert c.mse[i] == pytest.approx(mse([yi], [t]), rel=1e-12)
        assert c.ce[i] == pytest.approx(binary_cross_entropy([yi], [t]), rel=1e-9)
    np.testing.assert_allclose(c.mse_dy, numerical_derivative(lambda v: probability_curves(v, t).mse, y),
                               rtol=1e-7)
    np.testing.assert_allclose(c.ce_dy, numerical_derivative(lambda v: probability_curves(v, t).ce, y),
                               rtol=1e-6)


def test_probability_zero_and_one_give_finite_marked_results():
    c = probability_curves(np.array([0.0, 1.0]), 1.0)
    assert c.ce[0] == pytest.approx(-np.log(EPS)) and c.ce[0] == pytest.approx(27.631021)
    assert c.ce_dy[0] == pytest.approx(-1e12)
    assert c.ce[1] == 0.0 and c.ce_dy[1] == -1.0 and c.mse[1] == 0.0
    np.testing.assert_array_equal(c.clipped, [True, False])
    z = probability_curves(np.array([0.0, 1.0]), 0.0)
    np.testing.assert_array_equal(z.clipped, [False, True])
    assert z.ce[0] == 0.0 and np.isfinite(z.ce[1])


@pytest.mark.parametrize("bad", [-0.1, 1.5])
def test_probability_outside_0_1_is_refused(bad):
    with pytest.raises(ValueError, match="between 0 and 1"):
        probability_curves([0.5, bad], 1.0)


def test_a_target_outside_0_1_is_refused():
    with pytest.raises(ValueError, match="t must be at most 1"):
        logit_curves([0.0], 2.0)


# --- small helpers ------------------------------------------------------------------------


def test_mistake_kind_boundaries():
    assert mistake_kind(0.51, 1.0) == "right"
    assert mistake_kind(0.5, 1.0) == "wrong"
    assert mistake_kind(0.11, 1.0) == "wrong"
    assert mistake_kind(0.1, 1.0) == "confidently_wrong"
    assert mistake_kind(0.95, 0.0) == "confidently_wrong"
    with pytest.raises(ValueError):
        mistake_kind(1.2, 1.0)


def test_one_hot_and_its_errors():
    np.testing.assert_array_equal(one_hot(2, 3), [0, 0, 1])
    with pytest.raises(ValueError, match="below 3"):
        one_hot(3, 3)
    with pytest.raises(ValueError, match="whole number"):
        one_hot(1.5, 3)


def test_logits_for_round_trips_through_softmax():
    p = np.array([0.2, 0.5, 0.3])
    z = logits_for(p)
    assert z.max() == 0.0
    np.testing.assert_allclose(softmax(z), p, rtol=1e-14)
    assert np.all(np.isfinite(logits_for([1.0, 0.0])))
    with pytest.raises(ValueError, match="sum to 1"):
        logits_for([0.5, 0.6])


def test_tangent_line_passes_through_the_point_with_the_slope():
    xa, ya, xb, yb = tangent_line(0.2, 1.6, -5.0, 0.1)
    assert (xa, xb) == pytest.approx((0.1, 0.3))
    assert (ya, yb) == pytest.approx((2.1, 1.1))
    assert (yb - ya) / (xb - xa) == pytest.approx(-5.0)


def test_inputs_are_not_changed():
    u = np.array([-1.0, 2.0])
    t = np.array([1.0, 0.0])
    sigmoid_mse_forward(u, t)
    sigmoid_cross_entropy_forward(u, t)
    logit_curves(u, 1.0)
    np.testing.assert_array_equal(u, [-1.0, 2.0])
