"""Loss functions (損失関数) and their gradients dL/dy.

Each loss returns a float; each ``*_grad`` returns dL/dy with the shape of y.
A prediction y and a target t always have the same shape.

- Regression: mean squared error (seed 001 §3.2.1).
- Classification: cross-entropy with one-hot targets (seed 001 §3.2.2, seed 003),
  and its two-class form, binary cross-entropy (seed 000).
- Softmax and cross-entropy together (Softmax-with-Loss, seed 003): the
  gradient with respect to the logits is simply (y - t) / N; for one sample with K
  classes, ``softmax_cross_entropy_derivation`` takes that result apart by the chain
  rule through the softmax's Jacobian.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.activations import logit_vector, logits, sigmoid, sigmoid_derivative, softmax
from core.checks import as_float_array, check_int, check_real, check_same_shape, checked

#: Probabilities are clipped to [EPS, 1 - EPS] before a log, so log(0) never happens.
EPS = 1e-12

# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks). A prediction and its target are
# float arrays of the same, non-empty shape.
# ----------------------------------------------------------------------------


def _same_shape(a, b, name_a: str, name_b: str) -> tuple[np.ndarray, np.ndarray]:
    a, b = as_float_array(a, name_a), as_float_array(b, name_b)
    check_same_shape(a, b, name_a, name_b)
    if a.size == 0:
        raise ValueError(f"{name_a} and {name_b} are empty; a loss needs at least one prediction")
    return a, b


def prediction_and_target(y, t) -> dict:
    """y: predictions, any shape; t: targets, the same shape."""
    y, t = _same_shape(y, t, "y", "t")
    return {"y": y, "t": t}


def logits_and_target(z, t) -> dict:
    """z: (N, K) or (K,) logits; t: one-hot targets, the same shape."""
    z, t = _same_shape(logit_vector(z), t, "z", "t")
    return {"z": z, "t": t}


def logit_and_target(u, t) -> dict:
    """u: logits of a sigmoid output, any shape; t: targets in [0, 1], the same shape."""
    u, t = _same_shape(u, t, "u", "t")
    return {"u": u, "t": t}


def target_in_0_1(t) -> float:
    return check_real(t, "t", minimum=0.0, maximum=1.0)


def curve_points(u, t) -> dict:
    """u: logits, any shape; t: one target in [0, 1]."""
    return {"u": as_float_array(u, "u"), "t": target_in_0_1(t)}


def probabilities_and_target(y, t) -> dict:
    """y: probabilities in [0, 1], any shape; t: one target in [0, 1]."""
    y = as_float_array(y, "y")
    t = target_in_0_1(t)
    if y.size and (np.any(y < 0.0) or np.any(y > 1.0)):
        raise ValueError("y must be a probability between 0 and 1")
    return {"y": y, "t": t}


def probability_and_target(y, t) -> dict:
    return {"y": check_real(y, "y", minimum=0.0, maximum=1.0), "t": target_in_0_1(t)}


def class_of_k(index, k) -> dict:
    k = check_int(k, "the number of classes", minimum=1)
    index = check_int(index, "the class index", minimum=0)
    if index >= k:
        raise ValueError(f"the class index must be below {k}, got {index}")
    return {"index": index, "k": k}


def class_probabilities(p) -> dict:
    """p: (..., K) non-negative, summing to 1 over the last axis."""
    p = as_float_array(p, "p")
    if p.ndim == 0 or p.shape[-1] == 0:
        raise ValueError("p must be a vector of probabilities, one per class")
    if np.any(p < 0.0) or not np.allclose(p.sum(axis=-1), 1.0, atol=1e-9):
        raise ValueError("p must be non-negative and sum to 1 over the classes")
    return {"p": p}


def one_sample_logits(z) -> np.ndarray:
    """z: (K,) finite logits of one sample."""
    z = logit_vector(z)
    if z.ndim != 1:
        raise ValueError(f"z must be the logits of one sample, a vector of K numbers, got shape {z.shape}")
    if not np.all(np.isfinite(z)):
        raise ValueError("z must be finite numbers (no NaN or infinity)")
    return z


def sample_logits(z) -> dict:
    return {"z": one_sample_logits(z)}


def logits_and_distribution(z, t) -> dict:
    """z: (K,) finite logits whose softmax is > 0 everywhere; t: (K,) non-negative, summing to 1."""
    z, t = _same_shape(one_sample_logits(z), t, "z", "t")
    if not np.all(np.isfinite(t)) or np.any(t < 0.0) or not np.isclose(t.sum(), 1.0, rtol=0.0, atol=1e-9):
        raise ValueError(f"t must be non-negative and sum to 1 (a one-hot vector or a probability vector), "
                         f"got {t.tolist()}: only then does J^T (-t / y) come out as y - t "
                         f"(in general it is y * sum(t) - t)")
    lost = np.flatnonzero(softmax.unchecked(z) == 0.0)
    if lost.size:
        raise ValueError(f"softmax(z) rounds the probability of class {lost[0] + 1} to exactly 0 (its logit "
                         f"is more than about 745 below the largest), so -t / y would divide by 0: "
                         f"bring the logits closer together")
    return {"z": z, "t": t}


def point_and_slope(x0, value, slope, half_width) -> dict:
    return {"x0": check_real(x0, "x0"), "value": check_real(value, "value"),
            "slope": check_real(slope, "slope"),
            "half_width": check_real(half_width, "half_width", minimum=0.0)}


def batch_size(y: np.ndarray) -> int:
    """N, the number of samples: rows of a batch (N, K); 1 for a single sample (K,)."""
    return y.shape[0] if y.ndim > 1 else 1


# ----------------------------------------------------------------------------
# Each loss beside its gradient dL/dy
# ----------------------------------------------------------------------------


@checked(prediction_and_target)
def mse(y, t) -> float:
    """Mean squared error: L = (1/n) sum (t - y)^2 over all n elements.

    y, t: any shape, the same. Seed 001: one output y = 33 against t = 20 gives
    (20 - 33)^2 = 169.
    """
    return float(np.mean((t - y) ** 2))


@checked(prediction_and_target)
def mse_grad(y, t) -> np.ndarray:
    """dL/dy = -(2/n) (t - y), with the shape of y."""
    return -2.0 / y.size * (t - y)


@checked(prediction_and_target)
def cross_entropy(y, t) -> float:
    """Cross-entropy, averaged over the batch: L = -(1/N) sum_n sum_k t_nk log y_nk.

    y: (N, K) or (K,) probabilities (e.g. softmax outputs), t: one-hot targets
    of the same shape. y is clipped to [EPS, 1] so a zero probability gives a
    large but finite loss. Seed 003: y = [0.1, 0.1, 0.8], t = [0, 0, 1] -> 0.2231.
    """
    return float(-np.sum(t * np.log(np.clip(y, EPS, 1.0))) / batch_size(y))


@checked(prediction_and_target)
def cross_entropy_grad(y, t) -> np.ndarray:
    """dL/dy = -t / (N y), with y clipped as in the loss; the shape of y."""
    return -t / (batch_size(y) * np.clip(y, EPS, 1.0))


@checked(prediction_and_target)
def binary_cross_entropy(y, t) -> float:
    """Binary cross-entropy, averaged: L = -mean(t log y + (1 - t) log(1 - y)).

    y: probabilities of class 1 (e.g. a sigmoid output), t in {0, 1}, same shape.
    Seed 000 sums over samples; we average so the scale does not grow with N.
    """
    y = np.clip(y, EPS, 1.0 - EPS)
    return float(-np.mean(t * np.log(y) + (1.0 - t) * np.log(1.0 - y)))


@checked(prediction_and_target)
def binary_cross_entropy_grad(y, t) -> np.ndarray:
    """dL/dy = (y - t) / (y (1 - y)) / n, with y clipped as in the loss; the shape of y."""
    yc = np.clip(y, EPS, 1.0 - EPS)
    return (yc - t) / (yc * (1.0 - yc)) / y.size


@checked(logits)
def log_softmax(z) -> np.ndarray:
    """log softmax(z) over the last axis: z - m - log(1 + sum of the other e^{z_k - m}).

    z: (..., K) logits; the result has z's shape. m is the largest logit, whose term
    e^0 = 1 is kept out of the sum: log1p of the small remainder keeps full precision
    when one class is almost certain (log(1 + 6e-6) computed as log of 1.000006 would
    lose about five digits).
    """
    top = np.argmax(z, axis=-1)[..., None]
    m = np.take_along_axis(z, top, axis=-1)
    others = np.exp(z - m)
    np.put_along_axis(others, top, 0.0, axis=-1)  # leave out the largest logit's e^0 = 1
    return z - m - np.log1p(others.sum(axis=-1, keepdims=True))


@checked(logits_and_target)
def softmax_cross_entropy_forward(z, t) -> tuple[float, tuple]:
    """Softmax followed by cross-entropy (Softmax-with-Loss, seed 003).

    z: (N, K) or (K,) logits, t: one-hot targets of the same shape.
    L = -(1/N) sum_n sum_k t_nk log softmax(z_n)_k, computed from log-softmax so
    that logits of +-1000 give a finite loss. The cache is (y = softmax(z), t, N).
    """
    log_y = log_softmax.unchecked(z)
    n = batch_size(z)
    loss = float(-np.sum(t * log_y) / n)
    return loss, (np.exp(log_y), t, n)


def softmax_cross_entropy_backward(cache) -> np.ndarray:
    """dL/dz = (softmax(z) - t) / N: the prediction minus the target. dz: z's shape."""
    y, t, n = cache
    return (y - t) / n


# ----------------------------------------------------------------------------
# Where y - t comes from, for K classes: the chain rule through the softmax (page 3)
# ----------------------------------------------------------------------------


@checked(sample_logits)
def softmax_jacobian(z) -> np.ndarray:
    """The Jacobian of y = softmax(z): J[j, k] = dy_j/dz_k = y_j (delta_jk - y_k).

    z: (K,) logits of one sample; J: (K, K). On the diagonal y_k (1 - y_k): raising z_k
    raises y_k, as a sigmoid would. Off the diagonal -y_j y_k: it lowers every other y_j,
    since the probabilities always sum to 1 (so each row of J sums to 0). J is symmetric.
    """
    y = softmax.unchecked(z)
    return np.diag(y) - np.outer(y, y)


@dataclass(frozen=True)
class SoftmaxLossDerivation:
    """One sample's softmax followed by cross-entropy, taken apart by the chain rule."""

    z: np.ndarray          # (K,) logits
    t: np.ndarray          # (K,) target: one-hot, or a probability vector
    y: np.ndarray          # (K,) y = softmax(z)
    loss: float            # L = -sum_k t_k log y_k
    dy: np.ndarray         # (K,) dL/dy = -t / y
    jacobian: np.ndarray   # (K, K) J[j, k] = dy_j/dz_k = y_j (delta_jk - y_k)
    dz: np.ndarray         # (K,) dL/dz = J^T dL/dy: the chain rule, entry by entry
    y_minus_t: np.ndarray  # (K,) y - t: what dz comes out as, because sum_k t_k = 1


@checked(logits_and_distribution)
def softmax_cross_entropy_derivation(z, t) -> SoftmaxLossDerivation:
    """dL/dz of one sample, by the chain rule through the softmax (seed 003's y - t, for K classes).

    z: (K,) logits; t: (K,) target, non-negative and summing to 1.
        y = softmax(z),            L = -sum_j t_j log y_j
        dL/dy_j = -t_j / y_j,      J[j, k] = dy_j/dz_k = y_j (delta_jk - y_k)
        dL/dz_k = sum_j J[j, k] dL/dy_j = sum_j -t_j (delta_jk - y_k) = -t_k + y_k sum_j t_j
    Each y_j of J cancels the 1/y_j of dL/dy; what is left is y - t because sum_j t_j = 1.
    (A target that does not sum to 1 would give y sum(t) - t instead: the check refuses it.)
    y is not clipped here as in cross_entropy_grad: the check makes sure y > 0, and a
    clipped y would spoil the exact cancellation.
    """
    y = softmax.unchecked(z)
    dy = -t / y
    J = softmax_jacobian.unchecked(z)
    loss = float(-np.sum(t * log_softmax.unchecked(z)))
    return SoftmaxLossDerivation(z=z, t=t, y=y, loss=loss, dy=dy, jacobian=J, dz=J.T @ dy, y_minus_t=y - t)


# ----------------------------------------------------------------------------
# One output through a sigmoid: the loss as a function of the logit u (page 3).
# The key contrast: MSE's gradient carries sigma'(u), cross-entropy's does not.
# ----------------------------------------------------------------------------


@checked(logit_and_target)
def sigmoid_mse_forward(u, t) -> tuple[float, tuple]:
    """A sigmoid output followed by the mean squared error.

    u: logits, any shape; t: targets in [0, 1], the same shape.
    y = sigma(u),  L = (1/n) sum (t - y)^2.  The cache is (u, y, t).
    """
    y = sigmoid(u)
    return float(np.mean((t - y) ** 2)), (u, y, t)


def sigmoid_mse_backward(cache) -> np.ndarray:
    """dL/du = dL/dy * dy/du = -(2/n)(t - y) * sigma'(u), with u's shape.

    The factor sigma'(u) = y (1 - y) is at most 0.25 and tends to 0 when the
    sigmoid saturates, however wrong y is: the gradient vanishes.
    """
    u, y, t = cache
    return -2.0 / y.size * (t - y) * sigmoid_derivative(u)


@checked(logit_and_target)
def sigmoid_cross_entropy_forward(u, t) -> tuple[float, tuple]:
    """A sigmoid output followed by binary cross-entropy, computed from the logit.

    u: logits, any shape; t: targets in [0, 1], the same shape.
    L = -(1/n) sum [t log y + (1 - t) log(1 - y)] with y = sigma(u). Since
    log y = -log(1 + e^{-u}) and log(1 - y) = -log(1 + e^{u}), each term equals
    log(1 + e^u) - t u, written as logaddexp(0, u) - t u: finite even for u = +-1000.
    The cache is (u, y, t).
    """
    loss = float(np.mean(np.logaddexp(0.0, u) - t * u))
    return loss, (u, sigmoid(u), t)


def sigmoid_cross_entropy_backward(cache) -> np.ndarray:
    """dL/du = (y - t) / n, with u's shape: sigma'(u) cancels against the 1 / (y (1 - y)) of dL/dy."""
    u, y, t = cache
    return (y - t) / y.size


@dataclass(frozen=True)
class LogitCurves:
    """Both losses of a single sigmoid output, evaluated at each logit separately.

    Every array has the shape of u. Entry i is what the forward/backward pairs
    above give for the one-sample problem (u_i, t).
    """

    u: np.ndarray
    y: np.ndarray            # sigma(u)
    dy_du: np.ndarray        # sigma'(u) = y (1 - y), at most 0.25
    mse: np.ndarray          # (t - y)^2
    mse_du: np.ndarray       # 2 (y - t) sigma'(u)
    ce: np.ndarray           # -[t log y + (1 - t) log(1 - y)]
    ce_du: np.ndarray        # y - t
    mse_factor: np.ndarray   # 2 sigma'(u): mse_du = ce_du * mse_factor, at most 0.5


@checked(curve_points)
def logit_curves(u, t: float) -> LogitCurves:
    """MSE and cross-entropy of one sigmoid output y = sigma(u), and both dL/du.

    u: logits, any shape (a grid for a chart, or one point); t: the target, a
    number in [0, 1]. Element-wise, each point is its own one-sample problem:
        MSE:  L = (t - y)^2,                    dL/du = 2 (y - t) sigma'(u)
        CE:   L = log(1 + e^u) - t u,           dL/du = y - t
    so MSE's gradient is CE's times 2 sigma'(u), a factor of at most 0.5.
    """
    y = sigmoid(u)
    dy_du = sigmoid_derivative(u)
    factor = 2.0 * dy_du
    return LogitCurves(
        u=u, y=y, dy_du=dy_du,
        mse=(t - y) ** 2, mse_du=(y - t) * factor,
        ce=np.logaddexp(0.0, u) - t * u, ce_du=y - t,
        mse_factor=factor,
    )


# ----------------------------------------------------------------------------
# One output read as a probability: the loss as a function of y itself (page 3).
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProbabilityCurves:
    """Both losses of one predicted probability y against a target t, element-wise."""

    y: np.ndarray
    mse: np.ndarray       # (t - y)^2
    mse_dy: np.ndarray    # -2 (t - y)
    ce: np.ndarray        # -[t log y + (1 - t) log(1 - y)], y clipped to [EPS, 1 - EPS]
    ce_dy: np.ndarray     # -t / y + (1 - t) / (1 - y), with the same clipping
    clipped: np.ndarray   # True where the clipping changed a log's argument (y = 0 or 1)


@checked(probabilities_and_target)
def probability_curves(y, t: float) -> ProbabilityCurves:
    """MSE and (binary) cross-entropy of one probability y, and both dL/dy.

    y: probabilities in [0, 1], any shape; t: the target, 0 or 1 (or any number
    in between). Each entry is its own one-output problem, so with t = 1 and y
    the probability of the true class:  MSE = (1 - y)^2,  CE = -log y.
    A term whose weight (t or 1 - t) is 0 is left out rather than computed as
    0 * log(...), so y = 1, t = 1 gives exactly 0. Where a log would see 0 its
    argument is clipped to EPS: the loss is large (-log 1e-12 = 27.6) but finite,
    and ``clipped`` marks the entry.
    """
    pos = np.clip(y, EPS, 1.0)          # argument of log y
    neg = np.clip(1.0 - y, EPS, 1.0)    # argument of log(1 - y)
    ce = np.zeros_like(y)
    ce_dy = np.zeros_like(y)
    clipped = np.zeros(y.shape, dtype=bool)
    if t > 0:
        ce = ce - t * np.log(pos)
        ce_dy = ce_dy - t / pos
        clipped |= y < EPS
    if t < 1:
        ce = ce - (1.0 - t) * np.log(neg)
        ce_dy = ce_dy + (1.0 - t) / neg
        clipped |= 1.0 - y < EPS
    return ProbabilityCurves(y=y, mse=(t - y) ** 2, mse_dy=-2.0 * (t - y),
                             ce=ce, ce_dy=ce_dy, clipped=clipped)


@checked(probability_and_target)
def mistake_kind(y: float, t: float) -> str:
    """How wrong one prediction y in [0, 1] is for a target t in {0, 1}.

    "right" when |y - t| < 0.5 (rounding y gives t), "wrong" when
    0.5 <= |y - t| < 0.9, "confidently_wrong" when |y - t| >= 0.9.
    """
    miss = abs(y - t)
    if miss < 0.5:
        return "right"
    return "wrong" if miss < 0.9 else "confidently_wrong"


# ----------------------------------------------------------------------------
# Small helpers for the classification examples
# ----------------------------------------------------------------------------


@checked(class_of_k)
def one_hot(index: int, k: int) -> np.ndarray:
    """The one-hot target vector (1-hot ベクトル) of class ``index`` among ``k``: shape (k,)."""
    t = np.zeros(k)
    t[index] = 1.0
    return t


@checked(class_probabilities)
def logits_for(p) -> np.ndarray:
    """Logits z with softmax(z) = p: z = log p - max(log p), so the largest is 0.

    p: (..., K) probabilities summing to 1 over the last axis. Softmax ignores a
    common shift, so any z = log p + c would do; this one keeps the numbers small.
    Zero probabilities are clipped to EPS (z = log 1e-12 = -27.6).
    """
    z = np.log(np.clip(p, EPS, 1.0))
    return z - z.max(axis=-1, keepdims=True)


@checked(point_and_slope)
def tangent_line(
    x0: float, value: float, slope: float, half_width: float
) -> tuple[float, float, float, float]:
    """The tangent of a curve at x0 as a segment (x_a, y_a, x_b, y_b) for a chart.

    The line through (x0, value) with the given slope (the derivative there),
    from x0 - half_width to x0 + half_width: y = value + slope (x - x0).
    """
    return (x0 - half_width, value - slope * half_width, x0 + half_width, value + slope * half_width)


def larger_gradient(u: float, t: float = 1.0, same_within: float = 0.01) -> str:
    """Which loss behind one sigmoid output y = sigma(u) sends back the larger gradient dL/du.

    'mse' or 'ce' when |dL/du| of that loss is larger; 'same' ("about the same") when the two
    sizes differ by less than ``same_within``, a hundredth of the most that cross-entropy's
    |dL/du| = |y - t| can be: then both are too small to matter. Since MSE's gradient is
    cross-entropy's times 2 sigma'(u) <= 0.5, 'mse' never comes out for one sigmoid output;
    the comparison is computed all the same, not assumed.
    """
    _, mse_cache = sigmoid_mse_forward([u], [t])
    _, ce_cache = sigmoid_cross_entropy_forward([u], [t])
    size_mse = abs(float(sigmoid_mse_backward(mse_cache)[0]))
    size_ce = abs(float(sigmoid_cross_entropy_backward(ce_cache)[0]))
    if abs(size_mse - size_ce) < same_within:
        return "same"
    return "mse" if size_mse > size_ce else "ce"
