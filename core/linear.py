"""Linear and affine layers, each as a forward/backward pair.

Shapes follow seed 001 (``u = W h + b``) and PyTorch: a weight matrix is
``(out, in)`` and a batch holds one sample per row, so for ``x`` of shape
``(N, in)`` the layer computes ``x @ W.T`` (+ ``b``). Seed 003 writes the same
layer as ``X @ W + b`` with ``W`` of shape ``(in, out)``: its ``W`` is our ``W.T``.

Linear maps keep the origin fixed (``W 0 = 0``); affine maps move it to ``b``.
"""

from __future__ import annotations

import numpy as np

from core._validate import as_float_array


def _check_layer(x: np.ndarray, W: np.ndarray) -> None:
    if x.shape[-1] != W.shape[1]:
        raise ValueError(
            f"x has {x.shape[-1]} feature(s) per sample but W expects {W.shape[1]} "
            f"(W has shape (out, in) = {W.shape}); give x shape (N, {W.shape[1]})"
        )


def linear_forward(x, W) -> tuple[np.ndarray, tuple]:
    """Linear layer: ``out = x @ W.T``.

    x: (N, in) batch, or (in,) one sample.  W: (out, in).
    Returns out: (N, out) (or (out,)) and the cache ``(x, W)``.
    """
    x = as_float_array(x, "x", ndim=(1, 2))
    W = as_float_array(W, "W", ndim=2)
    _check_layer(x, W)
    out = x @ W.T
    return out, (x, W)


def linear_backward(dout, cache) -> tuple[np.ndarray, np.ndarray]:
    """Backward of ``out = x @ W.T``.

    dout: dL/dout, same shape as out.
    Returns dx = dout @ W (shape of x) and dW = dout.T @ x (shape of W).
    """
    x, W = cache
    dout = as_float_array(dout, "dout", ndim=x.ndim)
    if dout.shape[-1] != W.shape[0] or dout.shape[:-1] != x.shape[:-1]:
        raise ValueError(f"dout must have shape {x.shape[:-1] + (W.shape[0],)}, got {dout.shape}")
    dx = dout @ W
    dW = np.atleast_2d(dout).T @ np.atleast_2d(x)
    return dx, dW


def affine_forward(x, W, b) -> tuple[np.ndarray, tuple]:
    """Affine layer: ``out = x @ W.T + b``.

    x: (N, in) or (in,).  W: (out, in).  b: (out,).
    Returns out: (N, out) (or (out,)) and the cache ``(x, W)``.
    """
    b = as_float_array(b, "b", ndim=1)
    out, cache = linear_forward(x, W)
    W = cache[1]
    if b.shape != (W.shape[0],):
        raise ValueError(f"b must have one entry per output, shape ({W.shape[0]},), got {b.shape}")
    return out + b, cache


def affine_backward(dout, cache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward of ``out = x @ W.T + b``.

    dx = dout @ W        (N, in)   the gradient flowing to the previous layer
    dW = dout.T @ x      (out, in) each weight's input times the gradient at its output
    db = sum of dout over the batch (out,): b is added to every sample
    """
    dx, dW = linear_backward(dout, cache)
    db = np.atleast_2d(np.asarray(dout, dtype=float)).sum(axis=0)
    return dx, dW, db


def augment_with_one(x) -> np.ndarray:
    """Append a constant input 1 to every sample: (N, in) -> (N, in + 1).

    With ``W_aug = [W | b]`` of shape (out, in + 1), ``augment_with_one(x) @ W_aug.T``
    equals ``x @ W.T + b``: the bias is a weight on an input that is always 1.
    """
    x = as_float_array(x, "x", ndim=(1, 2))
    ones = np.ones(x.shape[:-1] + (1,))
    return np.concatenate([x, ones], axis=-1)


def augmented_weights(W, b) -> np.ndarray:
    """``[W | b]``: the bias as one more column of the weight matrix, (out, in + 1)."""
    W = as_float_array(W, "W", ndim=2)
    b = as_float_array(b, "b", ndim=1)
    if b.shape != (W.shape[0],):
        raise ValueError(f"b must have one entry per output, shape ({W.shape[0]},), got {b.shape}")
    return np.concatenate([W, b[:, None]], axis=1)


def compose_linear(W2, W1) -> np.ndarray:
    """The single matrix of two stacked linear maps: ``W2 (W1 x) = (W2 W1) x``.

    W1: (hidden, in), W2: (out, hidden) -> (out, in). Without an activation in
    between, two layers are no more expressive than one.
    """
    W1 = as_float_array(W1, "W1", ndim=2)
    W2 = as_float_array(W2, "W2", ndim=2)
    if W2.shape[1] != W1.shape[0]:
        raise ValueError(
            f"W2 takes {W2.shape[1]} input(s) but W1 gives {W1.shape[0]} output(s); "
            "W2's number of columns must equal W1's number of rows"
        )
    return W2 @ W1


def compare_stacked(x, W1, W2, activation: str = "identity") -> tuple[np.ndarray, np.ndarray, float]:
    """Two layers ``W2 a(W1 x)`` against the single matrix ``(W2 W1) x``.

    x: (N, in). Returns (stacked, composed, largest absolute difference). With
    the identity activation the difference is 0 (up to rounding): depth adds
    nothing without a nonlinearity. With ReLU between them it is not.
    """
    from core.activations import get_activation

    hidden, _ = linear_forward(x, W1)
    stacked, _ = linear_forward(get_activation(activation).fn(hidden), W2)
    composed, _ = linear_forward(x, compose_linear(W2, W1))
    return stacked, composed, float(np.max(np.abs(stacked - composed)))
