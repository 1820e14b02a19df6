"""Linear and affine layers, each as a forward/backward pair.

Shapes follow seed 001 (``u = W h + b``) and PyTorch: a weight matrix is
``(out, in)`` and a batch holds one sample per row, so for ``x`` of shape
``(N, in)`` the layer computes ``x @ W.T`` (+ ``b``). Seed 003 writes the same
layer as ``X @ W + b`` with ``W`` of shape ``(in, out)``: its ``W`` is our ``W.T``.

Linear maps keep the origin fixed (``W 0 = 0``); affine maps move it to ``b``.
"""

from __future__ import annotations

import numpy as np

from core.activations import ACTIVATIONS, get_activation
from core.checks import as_float_array, checked

# ----------------------------------------------------------------------------
# Checks: the public boundary. Each takes a function's arguments by name and returns
# them as the math below wants them (float arrays whose shapes agree), or raises
# ValueError saying what to change.
# ----------------------------------------------------------------------------


def layer_inputs(x, W) -> dict:
    """x: (N, in) or (in,); W: (out, in) with as many columns as x has features."""
    x = as_float_array(x, "x", ndim=(1, 2))
    W = as_float_array(W, "W", ndim=2)
    if x.shape[-1] != W.shape[1]:
        raise ValueError(
            f"x has {x.shape[-1]} feature(s) per sample but W expects {W.shape[1]} "
            f"(W has shape (out, in) = {W.shape}); give x shape (N, {W.shape[1]})"
        )
    return {"x": x, "W": W}


def bias_per_output(b, W: np.ndarray) -> np.ndarray:
    """b: (out,), one entry per row of W."""
    b = as_float_array(b, "b", ndim=1)
    if b.shape != (W.shape[0],):
        raise ValueError(f"b must have one entry per output, shape ({W.shape[0]},), got {b.shape}")
    return b


def affine_inputs(x, W, b) -> dict:
    """``layer_inputs`` and one bias per output."""
    b = as_float_array(b, "b", ndim=1)
    inputs = layer_inputs(x, W)
    return {**inputs, "b": bias_per_output(b, inputs["W"])}


def layer_gradient(dout, cache) -> dict:
    """dout: dL/dout, with the shape of the forward's output (N, out) or (out,)."""
    x, W = cache
    dout = as_float_array(dout, "dout", ndim=x.ndim)
    if dout.shape[-1] != W.shape[0] or dout.shape[:-1] != x.shape[:-1]:
        raise ValueError(f"dout must have shape {x.shape[:-1] + (W.shape[0],)}, got {dout.shape}")
    return {"dout": dout, "cache": cache}


def weights_and_bias(W, b) -> dict:
    W = as_float_array(W, "W", ndim=2)
    return {"W": W, "b": bias_per_output(b, W)}


def samples(x) -> dict:
    return {"x": as_float_array(x, "x", ndim=(1, 2))}


def chained_weights(W2, W1) -> dict:
    """W1: (hidden, in), W2: (out, hidden): W2 takes as many inputs as W1 gives outputs."""
    W1 = as_float_array(W1, "W1", ndim=2)
    W2 = as_float_array(W2, "W2", ndim=2)
    if W2.shape[1] != W1.shape[0]:
        raise ValueError(
            f"W2 takes {W2.shape[1]} input(s) but W1 gives {W1.shape[0]} output(s); "
            "W2's number of columns must equal W1's number of rows"
        )
    return {"W2": W2, "W1": W1}


def stacked_inputs(x, W1, W2, activation) -> dict:
    get_activation(activation)  # an unknown name raises here, listing the known ones
    weights = chained_weights(W2, W1)
    x = layer_inputs(x, weights["W1"])["x"]
    return {"x": x, "W1": weights["W1"], "W2": weights["W2"], "activation": activation}


# ----------------------------------------------------------------------------
# Linear and affine layers: forward and backward side by side
# ----------------------------------------------------------------------------


@checked(layer_inputs)
def linear_forward(x, W) -> tuple[np.ndarray, tuple]:
    """Linear layer: ``out = x @ W.T``.

    x: (N, in) batch, or (in,) one sample.  W: (out, in).
    Returns out: (N, out) (or (out,)) and the cache ``(x, W)``.
    """
    out = x @ W.T
    return out, (x, W)


@checked(layer_gradient)
def linear_backward(dout, cache) -> tuple[np.ndarray, np.ndarray]:
    """Backward of ``out = x @ W.T``.

    dout: dL/dout, (N, out) (or (out,)).
    dx = dout @ W        (N, in)   the gradient flowing to the previous layer
    dW = dout.T @ x      (out, in) each weight's input times the gradient at its output
    """
    x, W = cache
    dx = dout @ W
    dW = np.atleast_2d(dout).T @ np.atleast_2d(x)  # one sample: the outer product dout x^T
    return dx, dW


@checked(affine_inputs)
def affine_forward(x, W, b) -> tuple[np.ndarray, tuple]:
    """Affine layer: ``out = x @ W.T + b``.

    x: (N, in) or (in,).  W: (out, in).  b: (out,).
    Returns out: (N, out) (or (out,)) and the cache ``(x, W)``.
    """
    out = x @ W.T + b
    return out, (x, W)


@checked(layer_gradient)
def affine_backward(dout, cache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward of ``out = x @ W.T + b``.

    dout: dL/dout, (N, out) (or (out,)).
    dx = dout @ W        (N, in)   the gradient flowing to the previous layer
    dW = dout.T @ x      (out, in) each weight's input times the gradient at its output
    db = sum of dout over the batch (out,): b is added to every sample
    """
    x, W = cache
    dx = dout @ W
    dW = np.atleast_2d(dout).T @ np.atleast_2d(x)  # one sample: the outer product dout x^T
    db = np.atleast_2d(dout).sum(axis=0)
    return dx, dW, db


# ----------------------------------------------------------------------------
# The bias as a weight, and two linear layers as one
# ----------------------------------------------------------------------------


@checked(samples)
def augment_with_one(x) -> np.ndarray:
    """Append a constant input 1 to every sample: (N, in) -> (N, in + 1).

    With ``W_aug = [W | b]`` of shape (out, in + 1), ``augment_with_one(x) @ W_aug.T``
    equals ``x @ W.T + b``: the bias is a weight on an input that is always 1.
    """
    ones = np.ones(x.shape[:-1] + (1,))
    return np.concatenate([x, ones], axis=-1)


@checked(weights_and_bias)
def augmented_weights(W, b) -> np.ndarray:
    """``[W | b]``: the bias as one more column of the weight matrix, (out, in + 1)."""
    return np.concatenate([W, b[:, None]], axis=1)


@checked(chained_weights)
def compose_linear(W2, W1) -> np.ndarray:
    """The single matrix of two stacked linear maps: ``W2 (W1 x) = (W2 W1) x``.

    W1: (hidden, in), W2: (out, hidden) -> (out, in). Without an activation in
    between, two layers are no more expressive than one.
    """
    return W2 @ W1


@checked(stacked_inputs)
def compare_stacked(x, W1, W2, activation: str = "identity") -> tuple[np.ndarray, np.ndarray, float]:
    """Two layers ``W2 a(W1 x)`` against the single matrix ``(W2 W1) x``.

    x: (N, in). Returns (stacked, composed, largest absolute difference). With
    the identity activation the difference is 0 (up to rounding): depth adds
    nothing without a nonlinearity. With ReLU between them it is not.
    """
    a = ACTIVATIONS[activation].fn
    stacked = a(x @ W1.T) @ W2.T  # two layers
    composed = x @ (W2 @ W1).T  # one layer
    return stacked, composed, float(np.max(np.abs(stacked - composed)))


def same_map(gap: float, tol: float = 1e-9) -> bool:
    """Whether two ways of computing a map agree: their largest difference (``compare_stacked``'s
    third value) is rounding only, at most ``tol`` (relative to 1)."""
    return bool(gap <= tol)


def origin_image(W, b) -> str:
    """Where the origin goes under x -> W x + b: 'stays' when b is 0 (the map is then linear),
    else 'b' (W 0 + b = b, whatever W is)."""
    moved, _ = affine_forward(np.zeros(np.asarray(W).shape[1]), W, b)
    return "stays" if bool(np.all(moved == 0.0)) else "b"


def square_map(W, b) -> dict:
    """W: (n, n), a map of the space onto itself; b: (n,)."""
    inputs = weights_and_bias(W, b)
    if inputs["W"].shape[0] != inputs["W"].shape[1]:
        raise ValueError(f"W must be square (it maps the space onto itself), got shape {inputs['W'].shape}")
    return inputs


@checked(square_map)
def origin_guesses(W, b) -> tuple[str, ...]:
    """The guesses of where the origin lands that name different points, for this W and b.

    Each guess is a pair (image under ``Wx``, image under ``Wx + b``): 'stays' (0, 0);
    'b' (0, b), the right one when b is not 0; 'Wb' (0, W b); 'sums' (W 1, W 1 + b), W 1 being
    the row sums of W. A guess that names the same two points as an earlier one is left out
    (with W = I, 'Wb' says what 'b' says), so no two listed guesses are both right.
    W: (n, n), b: (n,).
    """
    zero, ones = np.zeros(W.shape[0]), np.ones(W.shape[1])
    pairs = {"stays": (zero, zero), "b": (zero, b), "Wb": (zero, W @ b), "sums": (W @ ones, W @ ones + b)}
    listed: dict[str, tuple] = {}
    for name, pair in pairs.items():
        if not any(all(np.allclose(p, q, rtol=1e-9, atol=0.0) for p, q in zip(pair, other, strict=True))
                   for other in listed.values()):
            listed[name] = pair
    return tuple(listed)
