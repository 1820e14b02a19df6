"""Activation functions (活性化関数) with their derivatives, and softmax.

An activation is applied element-wise after each linear transformation:
``h = f(u)``. Without it, stacked layers collapse into one linear map. For the
backward pass each activation also knows its derivative ``f'(u)``, so that
``dL/du = dL/dh * f'(u)``.

Every function is stable for any finite input: ``sigmoid(-1000)`` is exactly 0
and emits no overflow warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core._validate import as_float_array

LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """One element-wise activation: ``fn(u)``, ``derivative(u)`` and their formulas."""

    name: str
    fn: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    latex: str
    derivative_latex: str


def identity(u):
    """f(u) = u (the output layer of a regression network)."""
    return np.array(u, dtype=float)


def identity_derivative(u):
    return np.ones_like(np.asarray(u, dtype=float))


def sigmoid(u):
    """f(u) = 1 / (1 + e^{-u}), the logistic sigmoid.

    Written with e^{-|u|}, which never overflows: for u >= 0 the usual form,
    for u < 0 the equal form e^u / (1 + e^u).
    """
    u = np.asarray(u, dtype=float)
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0, e) / (1.0 + e)


def sigmoid_derivative(u):
    """f'(u) = f(u) (1 - f(u)), at most 0.25 (at u = 0)."""
    s = sigmoid(u)
    return s * (1.0 - s)


def tanh(u):
    """f(u) = tanh(u) = (e^u - e^{-u}) / (e^u + e^{-u})."""
    return np.tanh(np.asarray(u, dtype=float))


def tanh_derivative(u):
    """f'(u) = 1 - tanh(u)^2, at most 1 (at u = 0)."""
    return 1.0 - np.tanh(np.asarray(u, dtype=float)) ** 2


def relu(u):
    """f(u) = max(0, u)."""
    return np.maximum(np.asarray(u, dtype=float), 0.0)


def relu_derivative(u):
    """f'(u) = 1 for u > 0, else 0 (we take 0 at the kink u = 0)."""
    return (np.asarray(u, dtype=float) > 0).astype(float)


def leaky_relu(u):
    """f(u) = u for u > 0, else 0.01 u: a small slope keeps gradients alive."""
    u = np.asarray(u, dtype=float)
    return np.where(u > 0, u, LEAKY_SLOPE * u)


def leaky_relu_derivative(u):
    return np.where(np.asarray(u, dtype=float) > 0, 1.0, LEAKY_SLOPE)


def softplus(u):
    """f(u) = log(1 + e^u), a smooth ReLU; computed as logaddexp(0, u)."""
    return np.logaddexp(0.0, np.asarray(u, dtype=float))


def softplus_derivative(u):
    """f'(u) = sigmoid(u)."""
    return sigmoid(u)


def gaussian_rbf(u):
    """phi(u) = e^{-u^2} (seed 000): near 1 around 0, near 0 far from 0."""
    u = np.asarray(u, dtype=float)
    with np.errstate(over="ignore"):  # u^2 -> inf just means phi -> 0
        return np.exp(-(u * u))


def gaussian_rbf_derivative(u):
    """phi'(u) = -2 u e^{-u^2} = -2 u phi(u) (seed 000)."""
    u = np.asarray(u, dtype=float)
    return -2.0 * u * gaussian_rbf(u)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("identity", identity, identity_derivative, r"f(u) = u", r"f'(u) = 1"),
        Activation(
            "sigmoid",
            sigmoid,
            sigmoid_derivative,
            r"f(u) = \dfrac{1}{1 + e^{-u}}",
            r"f'(u) = f(u)\,\bigl(1 - f(u)\bigr)",
        ),
        Activation(
            "tanh", tanh, tanh_derivative, r"f(u) = \tanh u", r"f'(u) = 1 - \tanh^2 u"
        ),
        Activation(
            "relu",
            relu,
            relu_derivative,
            r"f(u) = \max(0, u)",
            r"f'(u) = \begin{cases} 1 & u > 0 \\ 0 & u \le 0 \end{cases}",
        ),
        Activation(
            "leaky_relu",
            leaky_relu,
            leaky_relu_derivative,
            r"f(u) = \begin{cases} u & u > 0 \\ 0.01\,u & u \le 0 \end{cases}",
            r"f'(u) = \begin{cases} 1 & u > 0 \\ 0.01 & u \le 0 \end{cases}",
        ),
        Activation(
            "softplus",
            softplus,
            softplus_derivative,
            r"f(u) = \log\bigl(1 + e^{u}\bigr)",
            r"f'(u) = \dfrac{1}{1 + e^{-u}}",
        ),
        Activation(
            "gaussian_rbf",
            gaussian_rbf,
            gaussian_rbf_derivative,
            r"\phi(u) = e^{-u^2}",
            r"\phi'(u) = -2u\,e^{-u^2} = -2u\,\phi(u)",
        ),
    )
}

#: Names that ``activation_forward`` accepts: the element-wise ones and softmax.
LAYER_ACTIVATIONS = (*ACTIVATIONS, "softmax")


def get_activation(name: str) -> Activation:
    """Look up an element-wise activation by name, with a helpful error."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose one of: {known}") from None


def softmax(z):
    """Softmax over the last axis: y_k = e^{z_k} / sum_j e^{z_j}.

    z: (..., K) logits. The largest logit is subtracted first (seed 002): the
    result is unchanged, because e^{z_k - m} / sum_j e^{z_j - m} cancels e^{-m},
    but now every exponent is <= 0, so e^{1000} never overflows.
    """
    z = as_float_array(z, "z")
    if z.ndim == 0:
        raise ValueError("softmax needs a vector of logits, got a single number")
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_backward(dy, y):
    """dL/dz from dL/dy through ``y = softmax(z)``, without forming the Jacobian.

    The Jacobian is dy_i/dz_j = y_i (delta_ij - y_j), so
    dL/dz_j = y_j (dL/dy_j - sum_i dL/dy_i y_i).
    dy, y: (..., K), the same shape.
    """
    dy = as_float_array(dy, "dy")
    y = as_float_array(y, "y")
    if dy.shape != y.shape:
        raise ValueError(f"dy and y must have the same shape, got {dy.shape} and {y.shape}")
    return y * (dy - (dy * y).sum(axis=-1, keepdims=True))


def activation_forward(u, name: str) -> tuple[np.ndarray, tuple]:
    """h = f(u) for an activation ``name`` (any of ``ACTIVATIONS`` or ``"softmax"``).

    u: any shape (softmax: (..., K)). Returns h (same shape) and the cache (u, h, name).
    """
    u = as_float_array(u, "u")
    if name == "softmax":
        h = softmax(u)
    else:
        h = get_activation(name).fn(u)
    return h, (u, h, name)


def activation_backward(dh, cache) -> np.ndarray:
    """du = dh * f'(u) (element-wise); for softmax the Jacobian-vector product."""
    u, h, name = cache
    dh = as_float_array(dh, "dh")
    if dh.shape != u.shape:
        raise ValueError(f"dh must have the shape of u, {u.shape}, got {dh.shape}")
    if name == "softmax":
        return softmax_backward(dh, h)
    return dh * get_activation(name).derivative(u)
