"""Loss functions (損失関数) and their gradients dL/dy.

Each loss returns a float; each ``*_grad`` returns dL/dy with the shape of y.
A prediction y and a target t always have the same shape.

- Regression: mean squared error (seed 001 §3.2.1).
- Classification: cross-entropy with one-hot targets (seed 001 §3.2.2, seed 003),
  and its two-class form, binary cross-entropy (seed 000).
- Softmax and cross-entropy together (Softmax-with-Loss, seed 003): the
  gradient with respect to the logits is simply (y - t) / N.
"""

from __future__ import annotations

import numpy as np

from core._validate import as_float_array, check_same_shape

#: Probabilities are clipped to [EPS, 1 - EPS] before a log, so log(0) never happens.
EPS = 1e-12


def _pair(y, t) -> tuple[np.ndarray, np.ndarray]:
    y = as_float_array(y, "y")
    t = as_float_array(t, "t")
    check_same_shape(y, t, "y", "t")
    if y.size == 0:
        raise ValueError("y and t are empty; a loss needs at least one prediction")
    return y, t


def _batch(y: np.ndarray) -> tuple[np.ndarray, int]:
    """View a single sample (K,) as a batch (1, K) and return the batch size N."""
    y2 = np.atleast_2d(y)
    return y2, y2.shape[0]


def mse(y, t) -> float:
    """Mean squared error: L = (1/n) sum (t - y)^2 over all n elements.

    Seed 001: one output y = 33 against t = 20 gives (20 - 33)^2 = 169.
    """
    y, t = _pair(y, t)
    return float(np.mean((t - y) ** 2))


def mse_grad(y, t) -> np.ndarray:
    """dL/dy = -(2/n) (t - y)."""
    y, t = _pair(y, t)
    return -2.0 / y.size * (t - y)


def cross_entropy(y, t) -> float:
    """Cross-entropy, averaged over the batch: L = -(1/N) sum_n sum_k t_nk log y_nk.

    y: (N, K) or (K,) probabilities (e.g. softmax outputs), t: one-hot targets
    of the same shape. y is clipped to [EPS, 1] so a zero probability gives a
    large but finite loss. Seed 003: y = [0.1, 0.1, 0.8], t = [0, 0, 1] -> 0.2231.
    """
    y, t = _pair(y, t)
    y2, n = _batch(np.clip(y, EPS, 1.0))
    return float(-np.sum(np.atleast_2d(t) * np.log(y2)) / n)


def cross_entropy_grad(y, t) -> np.ndarray:
    """dL/dy = -t / (N y), with y clipped as in the loss."""
    y, t = _pair(y, t)
    n = _batch(y)[1]
    return -t / (n * np.clip(y, EPS, 1.0))


def binary_cross_entropy(y, t) -> float:
    """Binary cross-entropy, averaged: L = -mean(t log y + (1 - t) log(1 - y)).

    y: probabilities of class 1 (e.g. a sigmoid output), t in {0, 1}, same shape.
    Seed 000 sums over samples; we average so the scale does not grow with N.
    """
    y, t = _pair(y, t)
    y = np.clip(y, EPS, 1.0 - EPS)
    return float(-np.mean(t * np.log(y) + (1.0 - t) * np.log(1.0 - y)))


def binary_cross_entropy_grad(y, t) -> np.ndarray:
    """dL/dy = (y - t) / (y (1 - y)) / n, with y clipped as in the loss."""
    y, t = _pair(y, t)
    yc = np.clip(y, EPS, 1.0 - EPS)
    return (yc - t) / (yc * (1.0 - yc)) / y.size


def log_softmax(z) -> np.ndarray:
    """log softmax(z) over the last axis: z - m - log(1 + sum of the other e^{z_k - m}).

    m is the largest logit, whose term e^0 = 1 is kept out of the sum: log1p of
    the small remainder keeps full precision when one class is almost certain
    (log(1 + 6e-6) computed as log of 1.000006 would lose about five digits).
    """
    z = as_float_array(z, "z")
    top = np.argmax(z, axis=-1)[..., None]
    m = np.take_along_axis(z, top, axis=-1)
    others = np.exp(z - m)
    np.put_along_axis(others, top, 0.0, axis=-1)
    return z - m - np.log1p(others.sum(axis=-1, keepdims=True))


def softmax_cross_entropy_forward(z, t) -> tuple[float, tuple]:
    """Softmax followed by cross-entropy (Softmax-with-Loss, seed 003).

    z: (N, K) or (K,) logits, t: one-hot targets of the same shape.
    L = -(1/N) sum_n sum_k t_nk log softmax(z_n)_k, computed from log-softmax so
    that logits of +-1000 give a finite loss.
    """
    z, t = _pair(z, t)
    logp = log_softmax(np.atleast_2d(z))
    n = logp.shape[0]
    loss = float(-np.sum(np.atleast_2d(t) * logp) / n)
    return loss, (np.exp(logp).reshape(z.shape), t, n)


def softmax_cross_entropy_backward(cache) -> np.ndarray:
    """dL/dz = (softmax(z) - t) / N: the prediction minus the target."""
    y, t, n = cache
    return (y - t) / n
