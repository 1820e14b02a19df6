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

from core.checks import as_float_array, check_real, checked
from core.gradcheck import numerical_derivative

LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """One element-wise activation: ``fn(u)``, ``derivative(u)`` and their formulas."""

    name: str
    fn: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    latex: str
    derivative_latex: str


# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks). Each takes a function's arguments by
# name and returns them as the math wants them, or raises ValueError saying what to change.
# ----------------------------------------------------------------------------


def logit_vector(z, name: str = "z") -> np.ndarray:
    """z: (..., K) logits, at least one axis."""
    z = as_float_array(z, name)
    if z.ndim == 0:
        raise ValueError("softmax needs a vector of logits, got a single number")
    return z


def logits(z) -> dict:
    return {"z": logit_vector(z)}


def gradient_and_output(dy, y) -> dict:
    """dy, y: (..., K), the same shape."""
    dy, y = as_float_array(dy, "dy"), as_float_array(y, "y")
    if dy.shape != y.shape:
        raise ValueError(f"dy and y must have the same shape, got {dy.shape} and {y.shape}")
    return {"dy": dy, "y": y}


def activation_inputs(u, name) -> dict:
    """u: numbers, any shape (softmax: at least one axis); name: one of LAYER_ACTIVATIONS."""
    if name == "softmax":
        return {"u": logit_vector(u, "u"), "name": name}
    get_activation(name)  # an unknown name raises here, listing the known ones
    return {"u": as_float_array(u, "u"), "name": name}


def activation_gradient(dh, cache) -> dict:
    """dh: dL/dh, with the shape of the forward's u."""
    u = cache[0]
    dh = as_float_array(dh, "dh")
    if dh.shape != u.shape:
        raise ValueError(f"dh must have the shape of u, {u.shape}, got {dh.shape}")
    return {"dh": dh, "cache": cache}


def probe_point(name, u, eps) -> dict:
    """name: an element-wise activation; u: a finite number; eps > 0."""
    get_activation(name)
    return {"name": name, "u": check_real(u, "u"),
            "eps": check_real(eps, "eps", minimum=0.0, strict_minimum=True)}


def tangent_inputs(name, u0, u) -> dict:
    get_activation(name)
    return {"name": name, "u0": check_real(u0, "u0"), "u": as_float_array(u, "u")}


def inputs_u(u) -> dict:
    return {"u": as_float_array(u, "u")}


def grid_of_u(name, u) -> dict:
    """u: a 1-D grid with at least one point."""
    get_activation(name)
    u = as_float_array(u, "u", ndim=1)
    if u.size == 0:
        raise ValueError("steepest_point needs at least one value of u")
    return {"name": name, "u": u}


def inputs_and_weight(x, w_h) -> dict:
    return {"x": as_float_array(x, "x"), "w_h": check_real(w_h, "w_h")}


def values_and_classes(values, t) -> dict:
    """values: (N,) numbers; t: N classes 0/1."""
    values = as_float_array(values, "values", ndim=1)
    t = as_float_array(t, "t").reshape(-1)
    if values.shape != t.shape or values.size == 0:
        raise ValueError(f"values and t need the same, non-zero length, got {values.size} and {t.size}")
    return {"values": values, "t": t}


def finite_logits(z, temperature) -> dict:
    """z: (K,) finite logits, K >= 1; temperature > 0."""
    z = as_float_array(z, "z", ndim=1)
    if z.size == 0:
        raise ValueError("softmax needs at least one logit")
    if not np.all(np.isfinite(z)):
        raise ValueError("every logit must be a finite number")
    return {"z": z, "temperature": check_real(temperature, "temperature", minimum=0.0, strict_minimum=True)}


# ----------------------------------------------------------------------------
# The element-wise activations, each beside its derivative. u is a float array of
# any shape (or a number); the result has u's shape. They take no checks: they are
# NumPy expressions, called for every layer of every mini-batch.
# ----------------------------------------------------------------------------


def identity(u):
    """f(u) = u (the output layer of a regression network)."""
    return np.array(u, dtype=float)


def identity_derivative(u):
    """f'(u) = 1."""
    return np.ones_like(u, dtype=float)


def sigmoid(u):
    """f(u) = 1 / (1 + e^{-u}), the logistic sigmoid.

    Written with e^{-|u|}, which never overflows: for u >= 0 the usual form,
    for u < 0 the equal form e^u / (1 + e^u).
    """
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0, e) / (1.0 + e)


def sigmoid_derivative(u):
    """f'(u) = f(u) (1 - f(u)), at most 0.25 (at u = 0).

    Computed as e^{-|u|} / (1 + e^{-|u|})^2, the same number written so that it keeps
    its precision on both sides: s (1 - s) would round 1 - s to exactly 0 for u > 37
    while the mirror value at -u stayed tiny but non-zero.
    """
    e = np.exp(-np.abs(u))
    return e / (1.0 + e) ** 2


def tanh(u):
    """f(u) = tanh(u) = (e^u - e^{-u}) / (e^u + e^{-u})."""
    return np.tanh(u)


def tanh_derivative(u):
    """f'(u) = 1 - tanh(u)^2, at most 1 (at u = 0)."""
    return 1.0 - np.tanh(u) ** 2


def relu(u):
    """f(u) = max(0, u)."""
    return np.maximum(u, 0.0)


def relu_derivative(u):
    """f'(u) = 1 for u > 0, else 0 (we take 0 at the kink u = 0)."""
    return np.where(u > 0, 1.0, 0.0)


def leaky_relu(u):
    """f(u) = u for u > 0, else 0.01 u: a small slope keeps gradients alive."""
    return np.where(u > 0, u, LEAKY_SLOPE * u)


def leaky_relu_derivative(u):
    """f'(u) = 1 for u > 0, else 0.01."""
    return np.where(u > 0, 1.0, LEAKY_SLOPE)


def softplus(u):
    """f(u) = log(1 + e^u), a smooth ReLU; computed as logaddexp(0, u), which never overflows."""
    return np.logaddexp(0.0, u)


def softplus_derivative(u):
    """f'(u) = sigmoid(u)."""
    return sigmoid(u)


#: Beyond |u| = 30, e^{-u^2} < e^{-900} is 0 in float64 anyway.
RBF_CUTOFF = 30.0


def gaussian_rbf(u):
    """phi(u) = e^{-u^2} (seed 000): near 1 around 0, near 0 far from 0.

    u is clipped to [-30, 30] first: that changes no result (e^{-900} is already 0),
    and keeps u^2 from overflowing for astronomical u.
    """
    u = np.clip(u, -RBF_CUTOFF, RBF_CUTOFF)
    return np.exp(-(u * u))


def gaussian_rbf_derivative(u):
    """phi'(u) = -2 u e^{-u^2} = -2 u phi(u) (seed 000)."""
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


# ----------------------------------------------------------------------------
# Softmax, and an activation as a layer: forward and backward side by side
# ----------------------------------------------------------------------------


@checked(logits)
def softmax(z):
    """Softmax over the last axis: y_k = e^{z_k} / sum_j e^{z_j}.

    z: (..., K) logits; y: the same shape, each row summing to 1. The largest logit is
    subtracted first (seed 002): the result is unchanged, because e^{z_k - m} / sum_j
    e^{z_j - m} cancels e^{-m}, but now every exponent is <= 0, so e^{1000} never overflows.
    """
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@checked(gradient_and_output)
def softmax_backward(dy, y):
    """dL/dz from dL/dy through ``y = softmax(z)``, without forming the Jacobian.

    The Jacobian is dy_i/dz_j = y_i (delta_ij - y_j), so
    dL/dz_j = y_j (dL/dy_j - sum_i dL/dy_i y_i).
    dy, y: (..., K), the same shape; dz: the same shape.
    """
    return y * (dy - (dy * y).sum(axis=-1, keepdims=True))


@checked(activation_inputs)
def activation_forward(u, name: str) -> tuple[np.ndarray, tuple]:
    """h = f(u) for an activation ``name`` (any of ``ACTIVATIONS`` or ``"softmax"``).

    u: any shape (softmax: (..., K)). Returns h (same shape) and the cache (u, h, name).
    """
    h = softmax.unchecked(u) if name == "softmax" else ACTIVATIONS[name].fn(u)
    return h, (u, h, name)


@checked(activation_gradient)
def activation_backward(dh, cache) -> np.ndarray:
    """du = dh * f'(u), element-wise; for softmax the Jacobian-vector product. du: u's shape."""
    u, h, name = cache
    if name == "softmax":
        return softmax_backward.unchecked(dh, h)
    return dh * ACTIVATIONS[name].derivative(u)


# --- Helpers for the activations page: probing one function, softmax step by step ----------

#: Inputs where an activation has a corner, so f'(u) is a convention there, not a limit.
KINKS: dict[str, tuple[float, ...]] = {"relu": (0.0,), "leaky_relu": (0.0,)}

#: The largest exponent float64 survives: e^{709.78...} is about 1.8e308; e^{710} is inf.
FLOAT64_MAX = float(np.finfo(np.float64).max)
EXP_OVERFLOW = float(np.log(FLOAT64_MAX))


@dataclass(frozen=True)
class DerivativeCheck:
    """The analytic slope of an activation at one point beside a central difference.

    numerical = (f_plus - f_minus) / (2 eps) with f_plus = f(u + eps), f_minus = f(u - eps);
    abs_error = |analytic - numerical|; straddles_kink is True when a kink of f lies
    strictly between u - eps and u + eps (there the two slopes are averaged).
    """

    name: str
    u: float
    eps: float
    f: float
    analytic: float
    f_plus: float
    f_minus: float
    numerical: float
    abs_error: float
    straddles_kink: bool


@checked(probe_point)
def derivative_check(name: str, u: float, eps: float = 1e-5) -> DerivativeCheck:
    """f(u), f'(u) and the central difference (f(u + eps) - f(u - eps)) / (2 eps) at one u.

    u: a finite number; eps > 0. The central difference is off by about eps^2 (too
    large an eps) plus about 1e-16 / eps of rounding error (too small an eps).
    """
    f, slope = ACTIVATIONS[name].fn, ACTIVATIONS[name].derivative
    analytic = float(slope(u))
    numerical = float(numerical_derivative.unchecked(f, u, eps))
    return DerivativeCheck(
        name=name, u=u, eps=eps, f=float(f(u)), analytic=analytic,
        f_plus=float(f(u + eps)), f_minus=float(f(u - eps)), numerical=numerical,
        abs_error=abs(analytic - numerical),
        straddles_kink=any(u - eps < k < u + eps for k in KINKS.get(name, ())),
    )


@checked(tangent_inputs)
def tangent_line(name: str, u0: float, u) -> np.ndarray:
    """The tangent of f at u0, evaluated at u: f(u0) + f'(u0) (u - u0). u: any shape."""
    act = ACTIVATIONS[name]
    return float(act.fn(u0)) + float(act.derivative(u0)) * (u - u0)


@checked(inputs_u)
def sigmoid_factors(u) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The two factors of the sigmoid's slope and their product (seed 001 §3.5).

    Returns (f(u), 1 - f(u), f(u) (1 - f(u))), each of u's shape. The factors add up
    to 1, so their product is largest when both are 1/2, at u = 0: 1/2 * 1/2 = 0.25.
    """
    f = sigmoid(u)
    return f, 1.0 - f, f * (1.0 - f)


@checked(grid_of_u)
def steepest_point(name: str, u) -> tuple[float, float]:
    """(u*, f'(u*)) where |f'| is largest among the points u (a 1-D grid; the first wins ties).

    On a grid through 0 the sigmoid gives (0, 0.25): its slope never exceeds 0.25.
    """
    slopes = ACTIVATIONS[name].derivative(u)
    i = int(np.argmax(np.abs(slopes)))
    return float(u[i]), float(slopes[i])


@checked(inputs_and_weight)
def rbf_hidden(x, w_h: float) -> np.ndarray:
    """Seed 000's hidden layer: h = phi(x w_h) = e^{-(x w_h)^2}. x: any shape; h: the same."""
    return gaussian_rbf(x * w_h)


@checked(values_and_classes)
def best_threshold(values, t) -> tuple[float, int, bool]:
    """The single cut on a line that separates two classes best.

    values: (N,) one number per sample; t: (N,) 0/1 classes. Tries every cut c between
    neighbouring values (and outside them) in both directions, "class 1 where value > c"
    (above=True) or "class 1 where value < c" (above=False). Returns (c, errors, above)
    with the fewest misclassified samples; ties go to the cut in the widest gap.
    """
    v = np.unique(values)
    cuts = np.concatenate([[v[0] - 1.0], (v[:-1] + v[1:]) / 2.0, [v[-1] + 1.0]])
    gaps = np.concatenate([[0.0], v[1:] - v[:-1], [0.0]])
    positive = t > 0.5
    over = values[None, :] > cuts[:, None]
    err_above = np.sum(over != positive[None, :], axis=1)
    err_below = np.sum(~over != positive[None, :], axis=1)
    errors = np.minimum(err_above, err_below)
    best = np.flatnonzero(errors == errors.min())
    i = int(best[np.argmax(gaps[best])])
    return float(cuts[i]), int(errors[i]), bool(err_above[i] <= err_below[i])


@dataclass(frozen=True)
class SoftmaxSteps:
    """Softmax of z / T computed twice: the naive way and the stable way (seed 002).

    Stable: scaled = z / T; m = max(scaled); shifted = scaled - m (all <= 0);
    exp_shifted = e^shifted (all in (0, 1]); total = sum(exp_shifted); y = exp_shifted / total.
    Naive: naive_exp = e^scaled, naive_total = sum(naive_exp), naive_y = naive_exp / naive_total.
    naive_status is "ok", "overflow" (some e^{z/T} or their sum is too large for float64,
    so naive_y holds inf/inf = NaN or 0) or "underflow" (every e^{z/T} rounds to 0: 0/0).
    overflow_mask marks the entries whose e^{z/T} overflowed.
    """

    z: np.ndarray
    temperature: float
    scaled: np.ndarray
    m: float
    shifted: np.ndarray
    exp_shifted: np.ndarray
    total: float
    y: np.ndarray
    y_sum: float
    naive_exp: np.ndarray
    naive_total: float
    naive_y: np.ndarray
    overflow_mask: np.ndarray
    naive_status: str


@checked(finite_logits, overflow_is_data=True)
def softmax_steps(z, temperature: float = 1.0) -> SoftmaxSteps:
    """Every intermediate of softmax(z / T), stable and naive. z: (K,) logits, T > 0.

    The naive way's overflow is what the page shows, so it raises no warning.
    """
    scaled = z / temperature
    m = float(scaled.max())
    shifted = scaled - m
    exp_shifted = np.exp(shifted)
    total = float(exp_shifted.sum())
    y = exp_shifted / total
    naive_exp = np.exp(scaled)
    naive_total = float(naive_exp.sum())
    naive_y = naive_exp / naive_total
    overflow_mask = np.isinf(naive_exp)
    if overflow_mask.any() or np.isinf(naive_total):
        status = "overflow"
    elif naive_total == 0.0:
        status = "underflow"
    else:
        status = "ok"
    return SoftmaxSteps(z=z, temperature=temperature, scaled=scaled, m=m, shifted=shifted,
                        exp_shifted=exp_shifted, total=total, y=y, y_sum=float(y.sum()),
                        naive_exp=naive_exp, naive_total=naive_total, naive_y=naive_y,
                        overflow_mask=overflow_mask, naive_status=status)
