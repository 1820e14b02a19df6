"""The seeds' worked numbers (DESIGN.md §4), reproduced by core."""

import numpy as np
import pytest

from core.activations import ACTIVATIONS, softmax
from core.linear import affine_backward, affine_forward, augment_with_one, augmented_weights, compare_stacked
from core.losses import (
    cross_entropy,
    mse,
    mse_grad,
    softmax_cross_entropy_backward,
    softmax_cross_entropy_forward,
)
from core.network import EXAMPLE_321, backprop_trace, mlp_backward, mlp_forward
from core.optim import SEED_QUADRATIC, Quadratic, gradient_descent

pytestmark = pytest.mark.filterwarnings("error")
E = EXAMPLE_321


def close(actual, expected, rtol=1e-8):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=0)


def test_relu_identity_forward_gives_u1_h1_y_33_and_loss_169():
    y, cache = mlp_forward(E.x, E.layers("relu", "identity"))
    close(cache["us"][0][0], [11, -14])
    close(cache["hs"][1][0], [11, 0])
    close(y, [33])
    assert mse(y, E.t) == 169.0


def test_sigmoid_sigmoid_output_and_gradients_match_seed_001():
    y, cache = mlp_forward(E.x, E.layers("sigmoid", "sigmoid"))
    close(y, [0.95257194], rtol=1e-8)
    (dW1, db1), (dW2, db2) = mlp_backward(mse_grad(y, E.t), cache)
    close(dW2, [[-1.72104507, -1.43112111e-06]])
    close(
        dW1,
        [
            [-1.72463398e-04, -2.58695098e-04, -8.62316992e-05],
            [-5.72447970e-06, -8.58671954e-06, -2.86223985e-06],
        ],
    )


def test_a_sigmoid_output_can_never_reach_a_target_of_20():
    for u in (0.0, 10.0, 1000.0):
        assert ACTIVATIONS["sigmoid"].fn(u) <= 1.0
    y, _ = mlp_forward(E.x, E.layers("sigmoid", "sigmoid"))
    assert mse(y, E.t) > (20 - 1) ** 2


@pytest.mark.parametrize(
    ("act1", "act2"), [("relu", "identity"), ("sigmoid", "sigmoid"), ("sigmoid", "identity")]
)
def test_trace_ends_with_mlp_backward_gradients(act1, act2):
    steps = backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2, act1, act2)
    by_key = {s.key: s.value for s in steps}
    y, cache = mlp_forward(E.x, E.layers(act1, act2))
    (dW1, db1), (dW2, db2) = mlp_backward(mse_grad(y, E.t), cache)
    close(by_key["dL_dW1"], dW1)
    close(by_key["dL_db1"], db1)
    close(by_key["dL_dW2"], dW2)
    close(by_key["dL_db2"], db2)
    close(by_key["y"], y)
    assert [s.phase for s in steps] == ["forward"] * 5 + ["backward"] * 8
    assert steps[-1].key == "dL_db1" and steps[-2].key == "dL_dW1"


def test_trace_formulas_show_the_seed_numbers():
    steps = backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2, "relu", "identity")
    u1 = steps[0].formula
    assert r"\begin{bmatrix} 3 & 1 & 2 \\ -2 & -3 & -1 \end{bmatrix}" in u1
    assert u1.endswith(r"\begin{bmatrix} 11 \\ -14 \end{bmatrix}")
    assert steps[4].formula.endswith("(20 - 33)^2\\right) = 169")
    # NumPy prints 8 decimals for y and 9 significant digits in e-notation for dL/dW2.
    sig8 = backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2, "sigmoid", "sigmoid", digits=8)
    assert sig8[3].formula.endswith(r"\begin{bmatrix} 0.95257194 \end{bmatrix}")
    sig9 = backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2, "sigmoid", "sigmoid", digits=9)
    assert r"-1.72104507 & -1.43112111 \times 10^{-6}" in sig9[7].formula


def test_the_trace_chain_grows_one_factor_per_step():
    steps = backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2)
    chains = {s.key: s.chain for s in steps}
    assert chains["dL_dW1"].count(r"\partial") == 10  # five fractions
    assert chains["dL_dW2"].count(r"\partial") == 6
    assert all(chains[k].startswith(chains["dL_dy"]) for k in chains if k.startswith("dL_"))


def test_gradient_descent_from_3_with_lr_half_goes_to_1_5_then_2():
    q = SEED_QUADRATIC
    assert q.grad(3.0) == pytest.approx(3.0, rel=1e-12)
    assert q.grad(1.5) == pytest.approx(-1.0, rel=1e-12)
    close(gradient_descent(q.grad, 3.0, 0.5, 2), [3.0, 1.5, 2.0])
    assert q.w_star == 1.875 and q.a == pytest.approx(4 / 3)


def test_quadratic_learning_rate_regimes_follow_the_contraction_factor():
    q = Quadratic(a=2.0, w_star=0.0)
    assert q.lr_thresholds() == (0.25, 0.5)
    assert q.contraction_factor(0.1) == pytest.approx(0.6)
    assert q.regime(0.1) == "monotone"
    assert q.regime(0.25) == "monotone"  # lands on w* in one step
    assert q.regime(0.4) == "oscillating"
    assert q.regime(0.5) == "cycle"
    assert q.regime(0.6) == "divergent"
    ws = gradient_descent(q.grad, 1.0, 0.4, 3)
    close(ws, [1.0, -0.6, 0.36, -0.216])


def test_momentum_accumulates_velocity_like_seed_002():
    q = Quadratic(a=0.5, w_star=0.0)  # grad(w) = w
    ws = gradient_descent(q.grad, 1.0, 0.1, 2, momentum=0.9)
    # v1 = -0.1*1 = -0.1 -> w1 = 0.9; v2 = 0.9*(-0.1) - 0.1*0.9 = -0.18 -> w2 = 0.72
    close(ws, [1.0, 0.9, 0.72])


def test_sigmoid_derivative_peaks_at_a_quarter_and_two_layers_give_0_0625():
    u = np.linspace(-10, 10, 2001)
    d = ACTIVATIONS["sigmoid"].derivative(u)
    assert d.max() == 0.25 and u[d.argmax()] == 0.0
    assert d.max() * d.max() == 0.0625


def test_seed_003_affine_layer_with_transposed_weights():
    X = np.array([[2, 4], [2, 1], [4, 3]])
    W_seed = np.array([[1, 2, 3], [1, 4, 6]])  # (in, out) as in seed 003
    Y, cache = affine_forward(X, W_seed.T, np.full(3, 2.0))
    close(Y, [[8, 22, 32], [5, 10, 14], [9, 22, 32]])
    dX, dW, db = affine_backward(np.ones((3, 3)), cache)
    close(dX, np.ones((3, 3)) @ W_seed.T)
    close(dW, np.ones((3, 3)).T @ X)
    close(db, [3, 3, 3])


def test_bias_is_a_weight_on_a_constant_input_of_one():
    X = np.array([[2.0, 4.0], [2.0, 1.0]])
    W, b = np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([0.5, -2.0])
    close(augment_with_one(X) @ augmented_weights(W, b).T, affine_forward(X, W, b)[0])


def test_cross_entropy_of_seed_003_and_softmax_with_loss_gradient():
    assert cross_entropy([0.1, 0.1, 0.8], [0, 0, 1]) == pytest.approx(0.22314355, abs=1e-6)
    z = np.log([0.1, 0.1, 0.8])  # logits whose softmax is exactly y
    close(softmax(z), [0.1, 0.1, 0.8], rtol=1e-12)
    loss, cache = softmax_cross_entropy_forward(z, [0, 0, 1])
    assert loss == pytest.approx(0.22314355, abs=1e-6)
    close(softmax_cross_entropy_backward(cache), [0.1, 0.1, -0.2], rtol=1e-12)


def test_two_linear_layers_are_one_matrix_but_not_with_relu_between_them():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    W1 = np.array([[1.0, 2.0], [-3.0, 1.0], [0.5, -1.0]])
    W2 = np.array([[2.0, -1.0, 1.0]])
    stacked, composed, gap = compare_stacked(x, W1, W2, "identity")
    np.testing.assert_allclose(stacked, composed, rtol=1e-12)
    assert gap < 1e-12
    np.testing.assert_allclose(composed, x @ (W2 @ W1).T)
    _, _, gap_relu = compare_stacked(x, W1, W2, "relu")
    assert gap_relu > 1.0
