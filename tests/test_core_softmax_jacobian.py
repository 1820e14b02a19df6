"""Softmax with cross-entropy for K classes: the Jacobian of softmax, and the chain rule that turns
dL/dy = -t / y into dL/dz = y - t (seed 003's Softmax-with-Loss, derived rather than quoted)."""

import numpy as np
import pytest

from core.activations import softmax, softmax_backward
from core.gradcheck import numerical_gradient
from core.losses import (
    cross_entropy,
    logits_for,
    one_hot,
    softmax_cross_entropy_backward,
    softmax_cross_entropy_derivation,
    softmax_cross_entropy_forward,
    softmax_jacobian,
)

RNG = np.random.default_rng(19)
LOGITS = {2: [0.3, -1.2], 3: [2.0, 1.0, 0.1], 5: [1.5, -0.4, 0.0, 3.2, -2.7]}
Y_SEED, T_SEED = np.array([0.1, 0.1, 0.8]), np.array([0.0, 0.0, 1.0])  # seed 003: hamster, kangaroo, horse


def numerical_jacobian(z: np.ndarray) -> np.ndarray:
    """Row j: the numerical gradient of y_j = softmax(z)_j with respect to z."""
    return np.array([numerical_gradient(lambda v, j=j: softmax(v)[j], z) for j in range(z.size)])


@pytest.mark.parametrize("k", [2, 3, 5])
def test_the_jacobian_matches_a_numerical_jacobian_of_softmax(k):
    z = np.array(LOGITS[k])
    J = softmax_jacobian(z)
    assert J.shape == (k, k)
    np.testing.assert_allclose(J, numerical_jacobian(z), rtol=0.0, atol=1e-9)


def test_the_jacobian_has_y_k_1_minus_y_k_on_the_diagonal_and_minus_y_j_y_k_off_it():
    J = softmax_jacobian(logits_for(Y_SEED))  # y = [0.1, 0.1, 0.8]
    np.testing.assert_allclose(J, [[0.09, -0.01, -0.08],
                                   [-0.01, 0.09, -0.08],
                                   [-0.08, -0.08, 0.16]], rtol=0.0, atol=1e-15)


@pytest.mark.parametrize("k", [2, 3, 4, 5, 6])
def test_every_row_of_the_jacobian_sums_to_0_and_it_is_symmetric(k):
    """The probabilities always sum to 1, so nudging any logit leaves the sum of the y_j unchanged."""
    z = RNG.normal(0.0, 3.0, size=k)
    J = softmax_jacobian(z)
    np.testing.assert_allclose(J.sum(axis=1), np.zeros(k), rtol=0.0, atol=1e-15)
    np.testing.assert_array_equal(J, J.T)
    assert np.all(np.diag(J) > 0.0) and np.all(J[~np.eye(k, dtype=bool)] < 0.0)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_the_chain_rule_turns_minus_t_over_y_into_y_minus_t(k):
    z = np.array(LOGITS[k])
    for target in (one_hot(0, k), one_hot(k - 1, k), RNG.dirichlet(np.ones(k))):  # one-hot and soft targets
        d = softmax_cross_entropy_derivation(z, target)
        y = softmax(z)
        np.testing.assert_allclose(d.y, y, rtol=1e-15)
        np.testing.assert_allclose(d.dy, -target / y, rtol=1e-15)
        np.testing.assert_allclose(d.dz, d.jacobian.T @ (-target / y), rtol=1e-15)
        np.testing.assert_allclose(d.dz, y - target, rtol=0.0, atol=1e-12)
        np.testing.assert_allclose(d.y_minus_t, y - target, rtol=0.0, atol=0.0)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_the_derivation_agrees_with_the_layer_and_with_softmax_backward(k):
    z, target = np.array(LOGITS[k]), one_hot(1, k)
    d = softmax_cross_entropy_derivation(z, target)
    loss, cache = softmax_cross_entropy_forward(z, target)
    assert d.loss == pytest.approx(loss, rel=1e-14)
    np.testing.assert_allclose(d.dz, softmax_cross_entropy_backward(cache), rtol=0.0, atol=1e-12)
    np.testing.assert_allclose(d.dz, softmax_backward(d.dy, d.y), rtol=0.0, atol=1e-12)  # no J formed
    numeric = numerical_gradient(lambda v: softmax_cross_entropy_forward(v, target)[0], z)
    np.testing.assert_allclose(d.dz, numeric, rtol=0.0, atol=1e-9)


def test_the_seed_003_example_gives_y_minus_t_of_0_1_0_1_minus_0_2():
    """Seed 003: y = [0.1, 0.1, 0.8] for the horse, t = [0, 0, 1]; the loss −log 0.8 = 0.2231435511892097
    (the article's printout; its delta of 1e-10 inside the log changes the 11th digit), the gradient y − t."""
    d = softmax_cross_entropy_derivation(logits_for(Y_SEED), T_SEED)
    np.testing.assert_allclose(d.y, Y_SEED, rtol=1e-12)
    assert d.loss == pytest.approx(0.2231435511892097, rel=1e-9)
    assert d.loss == pytest.approx(cross_entropy(Y_SEED, T_SEED), rel=1e-12)
    np.testing.assert_allclose(d.dy, [0.0, 0.0, -1.25], rtol=1e-12)  # −t/y: only the horse's 1/0.8
    np.testing.assert_allclose(d.dz, [0.1, 0.1, -0.2], rtol=0.0, atol=1e-12)
    np.testing.assert_allclose(d.y_minus_t, [0.1, 0.1, -0.2], rtol=0.0, atol=1e-12)
    # the article prints t − y = [−0.1, −0.1, 0.2]: the direction gradient descent steps in
    np.testing.assert_allclose(-d.dz, [-0.1, -0.1, 0.2], rtol=0.0, atol=1e-12)


def test_the_cancellation_needs_a_target_that_sums_to_1():
    """Without the check, a target summing to 2 gives y·Σt − t, not y − t: the Σt = 1 is doing work."""
    z, target = np.array(LOGITS[3]), np.array([0.0, 1.0, 1.0])
    d = softmax_cross_entropy_derivation.unchecked(z, target)
    y = softmax(z)
    np.testing.assert_allclose(d.dz, 2.0 * y - target, rtol=0.0, atol=1e-12)
    assert np.max(np.abs(d.dz - (y - target))) > 0.5
    with pytest.raises(ValueError, match="sum to 1"):
        softmax_cross_entropy_derivation(z, target)


@pytest.mark.parametrize(("z", "t", "message"), [
    ([1.0, 2.0], [0.0, 0.0, 1.0], "same shape"),
    ([[1.0, 2.0]], [[0.0, 1.0]], "one sample"),
    ([1.0, "a"], [0.0, 1.0], "must be numbers"),
    ([1.0, np.inf], [0.0, 1.0], "finite"),
    ([1.0, 2.0], [-0.5, 1.5], "non-negative"),
    ([1.0, 2.0], [np.nan, 1.0], "non-negative"),
    ([0.0, -1000.0], [1.0, 0.0], "class 2 to exactly 0"),
    (3.0, 1.0, "single number"),
])
def test_bad_input_raises_a_message_a_learner_can_act_on(z, t, message):
    with pytest.raises(ValueError, match=message):
        softmax_cross_entropy_derivation(z, t)


def test_the_jacobian_refuses_a_batch_and_the_inputs_are_left_alone():
    with pytest.raises(ValueError, match="one sample"):
        softmax_jacobian([[1.0, 2.0], [3.0, 4.0]])
    z, target = np.array([1.0, 2.0, 3.0]), one_hot(0, 3)
    softmax_cross_entropy_derivation(z, target)
    np.testing.assert_array_equal(z, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(target, [1.0, 0.0, 0.0])


def test_large_logits_keep_the_identity():
    z = np.array([50.0, -50.0, 0.0, 49.0])  # y of the second class is about e^-100
    d = softmax_cross_entropy_derivation(z, one_hot(1, 4))
    assert np.all(np.isfinite(d.dy)) and d.dy[1] < -1e43
    np.testing.assert_allclose(d.dz, d.y - one_hot(1, 4), rtol=0.0, atol=1e-12)
