"""Extreme inputs give finite results and no warnings (warnings are errors here)."""

import numpy as np
import pytest

from core.activations import ACTIVATIONS, activation_backward, activation_forward, softmax
from core.gradcheck import relative_error
from core.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy,
    cross_entropy_grad,
    softmax_cross_entropy_backward,
    softmax_cross_entropy_forward,
)
from core.optim import Quadratic, gradient_descent

pytestmark = pytest.mark.filterwarnings("error")
HUGE = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activations_and_derivatives_are_finite_at_plus_minus_1000(name):
    act = ACTIVATIONS[name]
    assert np.all(np.isfinite(act.fn(HUGE)))
    assert np.all(np.isfinite(act.derivative(HUGE)))


def test_sigmoid_saturates_to_exactly_0_and_1():
    s = ACTIVATIONS["sigmoid"].fn(np.array([-1000.0, 1000.0]))
    assert s[0] == 0.0 and s[1] == 1.0
    assert ACTIVATIONS["sigmoid"].derivative(np.array([-1000.0, 1000.0])).tolist() == [0.0, 0.0]


def test_gaussian_rbf_of_an_astronomical_input_is_zero_without_overflow_warning():
    assert ACTIVATIONS["gaussian_rbf"].fn(np.array([1e200]))[0] == 0.0
    assert ACTIVATIONS["gaussian_rbf"].derivative(np.array([1e200]))[0] == 0.0


def test_softmax_of_logits_plus_minus_1000_is_finite_and_sums_to_one():
    y = softmax(np.array([[1000.0, -1000.0, 0.0], [1000.0, 1000.0, 1000.0]]))
    np.testing.assert_allclose(y, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]])
    np.testing.assert_allclose(y.sum(axis=1), [1, 1])
    _, cache = activation_forward(np.array([1000.0, -1000.0]), "softmax")
    assert np.all(np.isfinite(activation_backward(np.array([1.0, 0.0]), cache)))


def test_softmax_with_loss_of_huge_wrong_logits_is_large_but_finite():
    loss, cache = softmax_cross_entropy_forward([1000.0, -1000.0], [0.0, 1.0])
    assert loss == pytest.approx(2000.0)
    np.testing.assert_allclose(softmax_cross_entropy_backward(cache), [1.0, -1.0])


def test_cross_entropy_with_probabilities_exactly_0_and_1_is_finite():
    assert cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert np.isfinite(cross_entropy([0.0, 1.0], [1.0, 0.0]))
    assert np.all(np.isfinite(cross_entropy_grad([0.0, 1.0], [1.0, 0.0])))
    assert np.isfinite(binary_cross_entropy([0.0, 1.0], [1.0, 0.0]))
    assert binary_cross_entropy([1.0, 0.0], [1.0, 0.0]) == pytest.approx(0.0, abs=1e-11)
    assert np.all(np.isfinite(binary_cross_entropy_grad([0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0])))


def test_divergent_gradient_descent_is_data_not_a_warning():
    q = Quadratic(a=1.0, w_star=0.0)
    ws = gradient_descent(q.grad, 1.0, 5.0, 2000)
    assert ws.shape == (2001,)
    assert np.isinf(ws[-1])
    assert abs(ws[1]) > abs(ws[0])  # the first step already moves away
    assert np.all(np.isinf(ws[np.argmax(np.isinf(ws)):]))


def test_relative_error_of_huge_values_is_finite():
    assert relative_error([1e300], [1e300]) == 0.0


def test_sigmoid_slope_is_symmetric_and_keeps_its_precision_far_out():
    from core.activations import sigmoid_derivative

    u = np.array([-100.0, -40.0, -1.0, 0.0, 1.0, 40.0, 100.0])
    d = sigmoid_derivative(u)
    np.testing.assert_array_equal(d, d[::-1])
    assert d[3] == 0.25
    np.testing.assert_allclose(d[0], np.exp(-100.0), rtol=1e-12)  # e^-100 / (1 + e^-100)^2
    np.testing.assert_allclose(d[2], 0.19661193324148185, rtol=1e-14)
