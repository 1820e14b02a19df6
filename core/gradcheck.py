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

from core._validate import as_float_array, check_real


def numerical_gradient(f: Callable[[np.ndarray], float], x, eps: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f`` at ``x``.

    dL/dx_i ~= (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)

    ``x`` may have any shape; the result has the same shape. ``x`` itself is not
    changed: every nudge is made on a private copy. The error of the estimate is
    of order eps^2, so for smooth functions it matches the true gradient to
    about 10 significant digits.
    """
    eps = check_real(eps, "eps", minimum=0.0, strict_minimum=True)
    x = as_float_array(x, "x")
    grad = np.zeros_like(x)
    flat_x = x.reshape(-1)  # a view (as_float_array returns C order), so nudges reach x
    flat_grad = grad.reshape(-1)
    for i in range(flat_x.size):
        original = flat_x[i]
        flat_x[i] = original + eps
        f_plus = float(f(x))
        flat_x[i] = original - eps
        f_minus = float(f(x))
        flat_x[i] = original
        flat_grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def numerical_derivative(f: Callable[[np.ndarray], np.ndarray], u, eps: float = 1e-5) -> np.ndarray:
    """Central difference of an element-wise function: (f(u + eps) - f(u - eps)) / (2 eps).

    Used to check an activation's derivative at many points at once.
    """
    eps = check_real(eps, "eps", minimum=0.0, strict_minimum=True)
    u = as_float_array(u, "u")
    return (np.asarray(f(u + eps)) - np.asarray(f(u - eps))) / (2.0 * eps)


def relative_error(a, b) -> float:
    """Relative distance between two gradients: ||a - b|| / (||a|| + ||b||).

    0 means identical; below 1e-7 is excellent agreement; above 1e-3 usually
    means a bug. Two all-zero gradients have error 0. Norms rather than
    element-wise ratios keep the measure stable when some entries are ~0.
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0))
    if scale == 0.0:
        return 0.0
    a, b = a / scale, b / scale  # scaled first, so squaring 1e300 cannot overflow
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


def check_backward(forward, backward, inputs: dict, dout, eps: float = 1e-5) -> dict:
    """Check a layer's backward pass against numerical gradients, input by input.

    forward(*inputs.values()) -> (out, cache); backward(dout, cache) -> one gradient
    per input, in the same order. The scalar being differentiated is
    L = sum(out * dout), whose gradient with respect to out is exactly dout.
    Returns {name: (analytic, numerical, relative error)}.
    """
    names = list(inputs)
    values = [as_float_array(v, name) for name, v in inputs.items()]
    dout = as_float_array(dout, "dout")
    _, cache = forward(*values)
    analytic = backward(dout, cache)
    if not isinstance(analytic, tuple):
        analytic = (analytic,)
    report = {}
    for i, name in enumerate(names):

        def loss(v, i=i):
            args = list(values)
            args[i] = v
            return float(np.sum(forward(*args)[0] * dout))

        numeric = numerical_gradient(loss, values[i], eps)
        report[name] = (analytic[i], numeric, relative_error(analytic[i], numeric))
    return report
