"""Every invalid argument raises ValueError with a message that says what to change."""

import numpy as np
import pytest

from core.activations import activation_backward, activation_forward, get_activation, softmax
from core.format import fmt, latex_gathered, latex_matrix
from core.gradcheck import numerical_gradient, relative_error
from core.linear import affine_forward, augmented_weights, compose_linear, linear_forward
from core.losses import cross_entropy, mse, softmax_cross_entropy_forward
from core.network import EXAMPLE_321, backprop_trace, mlp_backward, mlp_forward
from core.optim import Quadratic, gradient_descent

E = EXAMPLE_321


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: linear_forward(np.ones((2, 3)), np.ones((4, 2))), r"x has 3 feature"),
        (lambda: linear_forward(np.ones((2, 3)), np.ones(3)), r"W must have 2 dimension"),
        (lambda: linear_forward([["a", "b"]], np.ones((1, 2))), r"x must be numbers"),
        (lambda: affine_forward(np.ones(2), np.ones((3, 2)), np.ones(2)), r"b must have one entry per"),
        (lambda: augmented_weights(np.ones((3, 2)), np.ones(4)), r"b must have one entry"),
        (lambda: compose_linear(np.ones((2, 3)), np.ones((2, 2))), r"W2's number of columns"),
        (lambda: get_activation("swish"), r"unknown activation 'swish'; choose one of: identity"),
        (lambda: activation_forward([1.0], "nope"), r"unknown activation"),
        (lambda: softmax(3.0), r"softmax needs a vector"),
        (lambda: mse([1.0, 2.0], [1.0]), r"y and t must have the same shape"),
        (lambda: mse([], []), r"empty"),
        (lambda: cross_entropy([[0.5, 0.5]], [[1.0, 0.0, 0.0]]), r"same shape"),
        (lambda: softmax_cross_entropy_forward([1.0, 2.0], [1.0]), r"same shape"),
        (lambda: Quadratic(a=0.0, w_star=1.0), r"curvature a must be greater than 0"),
        (lambda: Quadratic(a=-1.0, w_star=1.0), r"curvature a must be greater than 0"),
        (lambda: Quadratic(a=1.0, w_star=float("nan")), r"minimum w\* must be a finite number"),
        (lambda: Quadratic(1.0, 0.0).contraction_factor(-0.1), r"learning rate must be at least 0"),
        (lambda: gradient_descent(lambda w: w, 1.0, -1.0, 3), r"learning rate must be at least 0"),
        (lambda: gradient_descent(lambda w: w, 1.0, 0.1, -1), r"steps must be at least 0"),
        (lambda: gradient_descent(lambda w: w, 1.0, 0.1, 2.5), r"steps must be a whole number"),
        (lambda: gradient_descent(lambda w: w, 1.0, 0.1, 3, momentum=1.5), r"momentum must be at most 1"),
        (lambda: mlp_forward(np.ones(3), []), r"at least one layer"),
        (lambda: mlp_forward(np.ones(2), E.layers()), r"W1 has shape \(2, 3\) \(out, in\) but its input"),
        (lambda: mlp_forward(E.x, [(E.W1, np.ones(3), "relu")]), r"b1 must have shape \(2,\)"),
        (lambda: mlp_forward(E.x, [(E.W1, E.b1, "relu"), (np.ones((1, 3)), E.b2, "relu")]), r"W2 has shape"),
        (lambda: mlp_forward(E.x, [(E.W1, E.b1, "gelu")]), r"layer 1: unknown activation 'gelu'"),
        (lambda: mlp_forward(E.x, [(E.W1, E.b1)]), r"layer 1 must be \(W, b, activation_name\)"),
        (lambda: backprop_trace(E.x, [1.0, 2.0], E.W1, E.b1, E.W2, E.b2), r"t must have one target per"),
        (lambda: backprop_trace(E.x, E.t, E.W1, E.b1, E.W2, E.b2, "softmax"), r"unknown activation 'soft"),
        (lambda: numerical_gradient(lambda v: 0.0, [1.0], eps=0.0), r"eps must be greater than 0"),
        (lambda: relative_error([1.0], [1.0, 2.0]), r"same shape"),
        (lambda: latex_matrix(np.ones((2, 2, 2))), r"vectors and matrices"),
    ],
)
def test_invalid_argument_raises_a_helpful_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_backward_rejects_an_upstream_gradient_of_the_wrong_shape():
    _, cache = activation_forward(np.ones(3), "relu")
    with pytest.raises(ValueError, match=r"dh must have the shape of u, \(3,\)"):
        activation_backward(np.ones(2), cache)
    _, cache = mlp_forward(E.x, E.layers())
    with pytest.raises(ValueError, match=r"dy must have the shape of y"):
        mlp_backward(np.ones(2), cache)


def test_core_functions_do_not_change_their_inputs():
    x = np.array([[1.0, -2.0]])
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([0.5, 0.5])
    copies = [a.copy() for a in (x, W, b)]
    affine_forward(x, W, b)
    mlp_forward(x, [(W, b, "relu")])
    activation_forward(x, "softmax")
    for before, after in zip(copies, (x, W, b), strict=True):
        np.testing.assert_array_equal(before, after)


def test_example_321_cannot_be_modified_by_a_page():
    with pytest.raises(ValueError, match="read-only"):
        E.W1[0, 0] = 99.0


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (169.0, 4, "169"),
        (-14.0, 4, "-14"),
        (0.95257194, 8, "0.95257194"),
        (-1.43112111e-06, 9, "-1.43112111e-06"),
        (0.2231435513, 4, "0.2231"),
        (-0.0, 4, "0"),
        (float("inf"), 4, "∞"),
        (2.5e7, 4, "2.5e+07"),
    ],
)
def test_one_number_formatter_for_the_whole_app(value, digits, text):
    assert fmt(value, digits) == text


def test_latex_gathered_stacks_formulas_in_one_block():
    assert latex_gathered("a = 1", "b = 2") == r"\begin{gathered} a = 1 \\[8pt] b = 2 \end{gathered}"
    assert latex_gathered("x", gap="10pt") == r"\begin{gathered} x \end{gathered}"


def test_latex_matrix_writes_vectors_as_columns_and_tiny_values_in_powers_of_ten():
    assert latex_matrix([2, 3, 1]) == r"\begin{bmatrix} 2 \\ 3 \\ 1 \end{bmatrix}"
    assert latex_matrix([[-1.72104507, -1.43112111e-06]], 9) == (
        r"\begin{bmatrix} -1.72104507 & -1.43112111 \times 10^{-6} \end{bmatrix}"
    )
