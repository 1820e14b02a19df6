"""Numerical gradients: the independent check of every backward function.

A backward pass computes dL/dx by the chain rule. The numerical gradient computes
the same thing the slow, obvious way: nudge one input by a tiny amount up and
down and watch the loss change. When the two agree to many digits, the backward
pass is right (seed 003: implement backprop, confirm it with numerical
differentiation).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from core.checks import as_float_array, check_real, check_same_shape, checked

# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks)
# ----------------------------------------------------------------------------


def step_size(eps) -> float:
    return check_real(eps, "eps", minimum=0.0, strict_minimum=True)


def point_and_step(f, x, eps) -> dict:
    """f: a function of an array; x: numbers, any shape; eps > 0."""
    eps = step_size(eps)
    return {"f": f, "x": as_float_array(x, "x"), "eps": eps}


def points_and_step(f, u, eps) -> dict:
    """f: an element-wise function; u: numbers, any shape; eps > 0."""
    eps = step_size(eps)
    return {"f": f, "u": as_float_array(u, "u"), "eps": eps}


def two_gradients(a, b) -> dict:
    a, b = as_float_array(a, "a"), as_float_array(b, "b")
    check_same_shape(a, b, "a", "b")
    return {"a": a, "b": b}


def layer_to_check(forward, backward, inputs, dout, eps) -> dict:
    values = {name: as_float_array(v, name) for name, v in inputs.items()}
    return {"forward": forward, "backward": backward, "inputs": values,
            "dout": as_float_array(dout, "dout"), "eps": step_size(eps)}


# ----------------------------------------------------------------------------
# Central differences
# ----------------------------------------------------------------------------


@checked(point_and_step)
def numerical_gradient(f: Callable[[np.ndarray], float], x, eps: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f`` at ``x``.

    dL/dx_i ~= (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)

    ``x`` may have any shape; the result has the same shape. The error of the
    estimate is of order eps^2, so for smooth functions it matches the true
    gradient to about 10 significant digits.
    """
    x = x.copy()  # nudged in place below; the caller's x is never touched
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        f_plus = float(f(x))
        x[i] = original - eps
        f_minus = float(f(x))
        x[i] = original
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


@checked(points_and_step)
def numerical_derivative(f: Callable[[np.ndarray], np.ndarray], u, eps: float = 1e-5) -> np.ndarray:
    """Central difference of an element-wise function: f'(u) ~= (f(u + eps) - f(u - eps)) / (2 eps).

    u: any shape; the result has the same shape. Used to check an activation's
    derivative at many points at once.
    """
    return (f(u + eps) - f(u - eps)) / (2.0 * eps)


@checked(two_gradients)
def relative_error(a, b) -> float:
    """Relative distance between two gradients: ||a - b|| / (||a|| + ||b||).

    a, b: the same shape. 0 means identical; below 1e-7 is excellent agreement;
    above 1e-3 usually means a bug. Two all-zero gradients have error 0. Norms rather
    than element-wise ratios keep the measure stable when some entries are ~0.
    """
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0))
    if scale == 0.0:
        return 0.0
    a, b = a / scale, b / scale  # scaled first, so squaring 1e300 cannot overflow
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


@checked(layer_to_check)
def check_backward(forward, backward, inputs: dict, dout, eps: float = 1e-5) -> dict:
    """Check a layer's backward pass against numerical gradients, input by input.

    forward(*inputs.values()) -> (out, cache); backward(dout, cache) -> one gradient
    per input, in the same order. The scalar being differentiated is
    L = sum(out * dout), whose gradient with respect to out is exactly dout.
    Returns {name: (analytic, numerical, relative error)}.
    """
    _, cache = forward(*inputs.values())
    analytic = backward(dout, cache)
    if not isinstance(analytic, tuple):
        analytic = (analytic,)
    report = {}
    for i, (name, value) in enumerate(inputs.items()):

        def loss(v, name=name):
            return float(np.sum(forward(*{**inputs, name: v}.values())[0] * dout))

        numeric = numerical_gradient.unchecked(loss, value, eps)
        report[name] = (analytic[i], numeric, relative_error.unchecked(analytic[i], numeric))
    return report
