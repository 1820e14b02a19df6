"""Every backward function agrees with a numerical gradient on random shapes.

Hypothesis draws the shapes and a seed; the values come from a normal generator,
so they are generic (no ties, no points exactly on a ReLU kink).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.activations import (
    ACTIVATIONS,
    LAYER_ACTIVATIONS,
    activation_backward,
    activation_forward,
    softmax,
    softmax_backward,
)
from core.gradcheck import (
    check_backward,
    numerical_derivative,
    numerical_gradient,
    relative_error,
)
from core.linear import affine_backward, affine_forward, linear_backward, linear_forward
from core.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy,
    cross_entropy_grad,
    mse,
    mse_grad,
    softmax_cross_entropy_backward,
    softmax_cross_entropy_forward,
)
from core.network import mlp_backward, mlp_backward_with_deltas, mlp_forward

pytestmark = pytest.mark.filterwarnings("error")
TOL = 1e-6
SETTINGS = settings(max_examples=30, deadline=None)
dims = st.integers(min_value=1, max_value=5)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def check(analytic, f, x):
    """The analytic gradient of the scalar f at x equals the numerical one.

    Relative error < 1e-6; or, when the gradient itself is tiny next to the loss,
    agreement within 1e-8 * max(1, |f|): central differences with eps = 1e-5 carry
    a round-off of about |f| * 1e-16 / 1e-5 and a truncation of about 1e-10 times
    the third derivative, so no numerical gradient resolves finer than that.
    """
    numeric = numerical_gradient(f, x)
    err = relative_error(analytic, numeric)
    gap = float(np.max(np.abs(np.asarray(analytic) - numeric), initial=0.0))
    bound = 1e-8 * max(1.0, abs(float(f(x))))
    assert err < TOL or gap < bound, f"relative error {err:.2e}, gap {gap:.1e}"


@SETTINGS
@given(n=dims, n_in=dims, n_out=dims, seed=seeds)
def test_linear_backward_matches_numerical_gradient(n, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    x, W, dout = rng.normal(size=(n, n_in)), rng.normal(size=(n_out, n_in)), rng.normal(size=(n, n_out))
    _, cache = linear_forward(x, W)
    dx, dW = linear_backward(dout, cache)
    check(dx, lambda v: np.sum(linear_forward(v, W)[0] * dout), x)
    check(dW, lambda v: np.sum(linear_forward(x, v)[0] * dout), W)


@SETTINGS
@given(n=dims, n_in=dims, n_out=dims, seed=seeds)
def test_affine_backward_matches_numerical_gradient(n, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    x, W = rng.normal(size=(n, n_in)), rng.normal(size=(n_out, n_in))
    b, dout = rng.normal(size=n_out), rng.normal(size=(n, n_out))
    _, cache = affine_forward(x, W, b)
    dx, dW, db = affine_backward(dout, cache)
    check(dx, lambda v: np.sum(affine_forward(v, W, b)[0] * dout), x)
    check(dW, lambda v: np.sum(affine_forward(x, v, b)[0] * dout), W)
    check(db, lambda v: np.sum(affine_forward(x, W, v)[0] * dout), b)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_each_derivative_matches_the_central_difference(name):
    act = ACTIVATIONS[name]
    u = np.linspace(-4, 4, 161) + 0.0123  # avoid the kink of ReLU at exactly 0
    np.testing.assert_allclose(act.derivative(u), numerical_derivative(act.fn, u), atol=1e-8)


@SETTINGS
@given(name=st.sampled_from(LAYER_ACTIVATIONS), n=dims, k=dims, seed=seeds)
def test_activation_backward_matches_numerical_gradient(name, n, k, seed):
    rng = np.random.default_rng(seed)
    u, dh = rng.normal(size=(n, k)) * 2, rng.normal(size=(n, k))
    _, cache = activation_forward(u, name)
    check(activation_backward(dh, cache), lambda v: np.sum(activation_forward(v, name)[0] * dh), u)


@SETTINGS
@given(n=dims, k=st.integers(2, 6), seed=seeds)
def test_softmax_backward_matches_numerical_gradient(n, k, seed):
    rng = np.random.default_rng(seed)
    z, dy = rng.normal(size=(n, k)) * 3, rng.normal(size=(n, k))
    check(softmax_backward(dy, softmax(z)), lambda v: np.sum(softmax(v) * dy), z)


@SETTINGS
@given(n=dims, k=dims, seed=seeds)
def test_mse_grad_matches_numerical_gradient(n, k, seed):
    rng = np.random.default_rng(seed)
    y, t = rng.normal(size=(n, k)), rng.normal(size=(n, k))
    check(mse_grad(y, t), lambda v: mse(v, t), y)


@SETTINGS
@given(n=dims, k=st.integers(2, 6), seed=seeds)
def test_cross_entropy_grad_matches_numerical_gradient(n, k, seed):
    rng = np.random.default_rng(seed)
    y = rng.uniform(0.05, 1.0, size=(n, k))
    t = np.eye(k)[rng.integers(0, k, size=n)]
    check(cross_entropy_grad(y, t), lambda v: cross_entropy(v, t), y)


@SETTINGS
@given(n=dims, seed=seeds)
def test_binary_cross_entropy_grad_matches_numerical_gradient(n, seed):
    rng = np.random.default_rng(seed)
    y, t = rng.uniform(0.05, 0.95, size=n), rng.integers(0, 2, size=n).astype(float)
    check(binary_cross_entropy_grad(y, t), lambda v: binary_cross_entropy(v, t), y)


@SETTINGS
@given(n=dims, k=st.integers(2, 6), seed=seeds)
def test_softmax_cross_entropy_backward_matches_numerical_gradient(n, k, seed):
    rng = np.random.default_rng(seed)
    z, t = rng.normal(size=(n, k)) * 3, np.eye(k)[rng.integers(0, k, size=n)]
    _, cache = softmax_cross_entropy_forward(z, t)
    check(
        softmax_cross_entropy_backward(cache),
        lambda v: softmax_cross_entropy_forward(v, t)[0],
        z,
    )


@SETTINGS
@given(
    n=dims,
    widths=st.lists(dims, min_size=2, max_size=5),
    acts=st.lists(st.sampled_from(LAYER_ACTIVATIONS), min_size=4, max_size=4),
    seed=seeds,
)
def test_mlp_backward_matches_numerical_gradient_for_every_parameter(n, widths, acts, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, widths[0]))
    layers = [
        (rng.normal(size=(w_out, w_in)), rng.normal(size=w_out), acts[i % len(acts)])
        for i, (w_in, w_out) in enumerate(zip(widths, widths[1:], strict=False))
    ]
    y, cache = mlp_forward(x, layers)
    t = rng.normal(size=y.shape)
    grads = mlp_backward(mse_grad(y, t), cache)
    for i, (dW, db) in enumerate(grads):
        W, b, name = layers[i]

        def loss_W(v, i=i):
            changed = list(layers)
            changed[i] = (v, layers[i][1], layers[i][2])
            return mse(mlp_forward(x, changed)[0], t)

        def loss_b(v, i=i):
            changed = list(layers)
            changed[i] = (layers[i][0], v, layers[i][2])
            return mse(mlp_forward(x, changed)[0], t)

        check(dW, loss_W, W)
        check(db, loss_b, b)
    # and the input gradient implied by the first delta
    _, deltas = mlp_backward_with_deltas(mse_grad(y, t), cache)
    check(deltas[0] @ layers[0][0], lambda v: mse(mlp_forward(v, layers)[0], t), x)


def test_numerical_gradient_does_not_change_its_input():
    x = np.array([1.0, 2.0, 3.0])
    before = x.copy()
    g = numerical_gradient(lambda v: float(np.sum(v**2)), x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(g, 2 * before, rtol=1e-9)


def test_numerical_gradient_of_a_transposed_matrix_is_not_zero():
    W_seed = np.array([[1, 2, 3], [1, 4, 6]])  # int, and .T is a Fortran-ordered view
    g = numerical_gradient(lambda v: float(np.sum(v * v)), W_seed.T)
    np.testing.assert_allclose(g, 2 * W_seed.T, rtol=1e-9)


def test_check_backward_reports_every_input_of_the_seed_003_affine_layer():
    X, W_seed = np.array([[2, 4], [2, 1], [4, 3]]), np.array([[1, 2, 3], [1, 4, 6]])
    report = check_backward(
        affine_forward, affine_backward, {"X": X, "W": W_seed.T, "b": np.full(3, 2.0)}, np.ones((3, 3))
    )
    assert list(report) == ["X", "W", "b"]
    for analytic, numeric, err in report.values():
        assert err < 1e-8
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6)
    np.testing.assert_allclose(report["W"][0], np.full((3, 2), 8.0))  # dY^T X: column sums of X


def test_relative_error_is_zero_for_equal_and_one_for_opposite_gradients():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([1.0, 2.0], [-1.0, -2.0]) == pytest.approx(1.0)
    assert relative_error([1.0], [1.001]) == pytest.approx(0.001 / 2.001)


def test_softmax_with_loss_keeps_its_digits_for_a_confident_prediction():
    # loss ~ 6e-6: computing log(1 + 6e-6) naively loses digits the numerical check needs
    z, t = np.array([[12.0, 0.0]]), np.array([[1.0, 0.0]])
    _, cache = softmax_cross_entropy_forward(z, t)
    check(softmax_cross_entropy_backward(cache), lambda v: softmax_cross_entropy_forward(v, t)[0], z)
    assert softmax_cross_entropy_forward(z, t)[0] == pytest.approx(np.log1p(np.exp(-12.0)), rel=1e-14)
