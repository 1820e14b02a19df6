"""Convolution and pooling layers, each as a forward/backward pair (seed 001 §3.7).

Images are ``(N, C, H, W)``: N images, C channels, H rows, W columns. A convolution
layer holds F kernels ``W`` of shape ``(F, C, KH, KW)`` (every kernel has as many
channels as its input) and one bias per kernel ``b`` of shape ``(F,)``.

The layer slides each kernel over the zero-padded input, ``S`` cells at a time
(the stride), and at every stop multiplies the overlapping values, adds them all
up and adds the kernel's bias:

    out[n, f, i, j] = sum_{c, p, q} xpad[n, c, i*S + p, j*S + q] * W[f, c, p, q] + b[f]

This is cross-correlation (the kernel is not flipped), as in every deep-learning
library. Each output is still just "weights times inputs plus a bias", so the layer
is linear in x and in W, and its backward pass is the same chain rule as for a
fully-connected layer, with each weight reused at every window position.

Pooling slides a window the same way but has no weights: it keeps each window's
maximum (max pooling) or mean (average pooling), channel by channel.

The vectorised functions are what a network uses; ``conv2d_steps`` and
``pool2d_steps`` compute the same numbers with plain loops, one output cell at a
time, for reading and for the page to step through.

At the end: why pooling is used (``pooling_savings``: what it saves the next layer;
``shift_tolerance``: what a one-cell shift does to max pooling), and the same layer
along one axis (``conv1d_forward``, a signal) and along three (``conv3d_output_shape``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from core.checks import as_float_array, check_int, check_real, checked, readonly

# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks). Each takes a function's arguments by
# name and returns them as the math wants them, or raises ValueError saying what to change.
# ----------------------------------------------------------------------------


def _stride_options(span: int) -> str:
    """The strides that tile a span of ``span`` cells: the divisors of ``span``."""
    options = [str(s) for s in range(1, span + 1) if span % s == 0][:4]
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]


def window_fits(n, k, pad, stride, axis, window) -> dict:
    """The window must fit in the padded input, and the steps must land exactly on its far
    edge, so that no input row or column is silently left out."""
    n = check_int(n, f"input {axis}", minimum=1)
    k = check_int(k, f"{window} {axis}", minimum=1)
    pad = check_int(pad, "pad", minimum=0)
    stride = check_int(stride, "stride", minimum=1)
    padded = n + 2 * pad
    the_input = f"the input {axis} {n}"
    if pad:
        the_input = f"the padded input {axis} {padded} (= {n} + 2×{pad} padding)"
    can_pad = window == "kernel"  # pooling takes no padding, so do not suggest it
    if k > padded:
        fix = f"use a smaller {window}" + (" or more padding" if can_pad else "")
        raise ValueError(f"{window} {axis} {k} is larger than {the_input}; {fix}")
    span = padded - k  # how far the window's top-left corner travels
    if span % stride != 0:
        change = f"the padding or the {window} {axis}" if can_pad else f"the {window} {axis}"
        raise ValueError(
            f"stride {stride} does not tile {the_input}: ({padded} - {k}) / {stride} + 1 "
            f"is not a whole number; try stride {_stride_options(span)}, or change {change}"
        )
    return {"n": n, "k": k, "pad": pad, "stride": stride, "axis": axis, "window": window}


def images(x, one: bool = False) -> np.ndarray:
    """A float copy of a batch of images (N, C, H, W), or of ``one`` image (C, H, W)."""
    x = as_float_array(x, "x")
    if x.ndim != (3 if one else 4):
        wanted, hint = (
            ("one image of shape (C, H, W)", "a single-channel (H, W) image pass x[None]") if one
            else ("a batch of images of shape (N, C, H, W)", "one image of shape (C, H, W) pass x[None]"))
        raise ValueError(f"x must be {wanted}, got shape {x.shape}; for {hint}")
    return x


def kernels_for(x: np.ndarray, W, b, stride, pad) -> dict:
    """W: (F, C, KH, KW) with x's C channels; b: (F,); a stride and padding that tile x."""
    W = as_float_array(W, "W", ndim=4)
    b = as_float_array(b, "b", ndim=1)
    C, H, Wd = x.shape[-3:]
    if W.shape[1] != C:
        raise ValueError(
            f"W has {W.shape[1]} channel(s) per kernel but x has {C}; a kernel must have "
            f"as many channels as the input (W has shape (F, C, KH, KW) = {W.shape})"
        )
    if b.shape != (W.shape[0],):
        raise ValueError(
            f"b must have one bias per kernel, shape ({W.shape[0]},), got shape {b.shape}"
        )
    conv_output_size(H, W.shape[2], pad, stride, axis="height")
    conv_output_size(Wd, W.shape[3], pad, stride, axis="width")
    return {"x": x, "W": W, "b": b, "stride": int(stride), "pad": int(pad)}


def images_and_kernels(x, W, b, stride, pad) -> dict:
    return kernels_for(images(x), W, b, stride, pad)


def image_and_kernels(x, W, b, stride, pad) -> dict:
    return kernels_for(images(x, one=True), W, b, stride, pad)


def pooling_window(x: np.ndarray, size, stride) -> dict:
    """A square window of ``size`` cells and a stride that tile x's height and width."""
    size = check_int(size, "pooling window size", minimum=1)
    stride = check_int(stride, "stride", minimum=1)
    conv_output_size(x.shape[-2], size, 0, stride, axis="height", window="pooling window")
    conv_output_size(x.shape[-1], size, 0, stride, axis="width", window="pooling window")
    return {"x": x, "size": size, "stride": stride}


def images_to_pool(x, size, stride) -> dict:
    return pooling_window(images(x), size, stride)


def image_to_pool(x, size, stride, mode) -> dict:
    if mode not in ("max", "avg"):
        raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}")
    return {**pooling_window(images(x, one=True), size, stride), "mode": mode}


def output_gradient(dout, shape: tuple) -> np.ndarray:
    dout = as_float_array(dout, "dout")
    if dout.shape != shape:
        raise ValueError(f"dout must have the forward output's shape {shape}, got {dout.shape}")
    return dout


def conv_gradient(dout, cache) -> dict:
    """dout: (N, F, OH, OW), the shape of conv2d_forward's output."""
    x, W, stride, pad = cache
    N, _, H, Wd = x.shape
    F, _, KH, KW = W.shape
    shape = (N, F, (H + 2 * pad - KH) // stride + 1, (Wd + 2 * pad - KW) // stride + 1)
    return {"dout": output_gradient(dout, shape), "cache": cache}


def maxpool_gradient(dout, cache) -> dict:
    """dout: (N, C, OH, OW), the shape of maxpool2d_forward's output."""
    return {"dout": output_gradient(dout, cache[1].shape), "cache": cache}


def avgpool_gradient(dout, cache) -> dict:
    """dout: (N, C, OH, OW), the shape of avgpool2d_forward's output."""
    (N, C, H, Wd), size, stride = cache
    shape = (N, C, (H - size) // stride + 1, (Wd - size) // stride + 1)
    return {"dout": output_gradient(dout, shape), "cache": cache}


def padding_of(x, pad) -> dict:
    x = as_float_array(x, "x")
    if x.ndim < 2:
        raise ValueError(f"x must have at least 2 dimensions (..., H, W), got shape {x.shape}")
    return {"x": x, "pad": check_int(pad, "pad", minimum=0)}


def feature_map_shape(shape, size, stride) -> dict:
    """shape: (H, W, C) as in the seed."""
    if np.ndim(shape) != 1 or len(shape) != 3:
        raise ValueError(f"shape must be (height, width, channels), got {shape!r}")
    check_int(shape[2], "channels", minimum=1)
    return {"shape": tuple(shape), "size": size, "stride": stride}


def image_and_1x1_kernels(x, W, b) -> dict:
    """One image (C, H, W), kernels W (F, C, 1, 1), biases b (F,)."""
    x = images(x, one=True)
    W = as_float_array(W, "W", ndim=4)
    if W.shape[2:] != (1, 1):
        raise ValueError(f"W must hold 1×1 kernels, shape (F, C, 1, 1), got shape {W.shape}")
    inputs = kernels_for(x, W, b, 1, 0)
    return {"x": inputs["x"], "W": inputs["W"], "b": inputs["b"]}


def image_only(x) -> dict:
    return {"x": images(x, one=True)}


def fit_inputs(n, k, pad, stride) -> dict:
    return {"n": check_int(n, "input size", minimum=1), "k": check_int(k, "window size", minimum=1),
            "pad": check_int(pad, "pad", minimum=0), "stride": check_int(stride, "stride", minimum=1)}


def example_sizes(size, channels, kernels, kernel_size, pad, stride, seed) -> dict:
    return {"size": check_int(size, "input size", minimum=1),
            "channels": check_int(channels, "channels", minimum=1),
            "kernels": check_int(kernels, "number of kernels", minimum=1),
            "kernel_size": check_int(kernel_size, "kernel size", minimum=1),
            "pad": check_int(pad, "pad", minimum=0), "stride": check_int(stride, "stride", minimum=1),
            "seed": check_int(seed, "seed", minimum=0)}


def shift_inputs(x, dy, dx) -> dict:
    """One channel x (H, W) and a move of fewer cells than it has rows and columns."""
    x = as_float_array(x, "x", ndim=2)
    dy, dx = check_int(dy, "dy (rows down)"), check_int(dx, "dx (columns right)")
    if abs(dy) >= x.shape[0] or abs(dx) >= x.shape[1]:
        raise ValueError(f"a shift of ({dy}, {dx}) cells moves all of x {x.shape} out of sight; "
                         f"shift by fewer rows than {x.shape[0]} and fewer columns than {x.shape[1]}")
    return {"x": x, "dy": dy, "dx": dx}


def shift_demo_inputs(x, dy, dx, size, stride) -> dict:
    moved = shift_inputs(x, dy, dx)
    return {**moved, **pooling_window(moved["x"], size, stride)}


def savings_inputs(shape, size, stride, kernel) -> dict:
    """shape: (H, W, C) as in the seed; the next layer's kernel K odd, so that padding (K - 1)/2
    keeps the size."""
    kernel = check_int(kernel, "kernel size", minimum=1)
    if kernel % 2 == 0:
        raise ValueError(f"kernel size must be odd (1, 3, 5, ...) so that padding (K - 1)/2 keeps "
                         f"the feature map's size, got {kernel}")
    return {**feature_map_shape(shape, size, stride), "kernel": kernel}


def signal_and_kernel(x, w, b, stride, pad) -> dict:
    """x: (L,) a signal; w: (K,) a kernel; b: a number; a stride and padding that tile x."""
    x = as_float_array(x, "x", ndim=1)
    w = as_float_array(w, "w", ndim=1)
    if x.size == 0 or w.size == 0:
        raise ValueError(f"x and w need at least one value each, got lengths {x.size} and {w.size}")
    conv_output_size(x.size, w.size, pad, stride, axis="length")
    return {"x": x, "w": w, "b": check_real(b, "b"), "stride": int(stride), "pad": int(pad)}


def per_axis(value, name: str) -> tuple[int, int, int]:
    """One whole number for all three axes, or three (depth, height, width)."""
    values = (value,) * 3 if np.ndim(value) == 0 else tuple(value)
    if len(values) != 3:
        raise ValueError(f"{name} must be one number or three (depth, height, width), got {value!r}")
    return values


def volume_inputs(shape, kernel, pad, stride) -> dict:
    """shape: (D, H, W); kernel, pad, stride: one number or one per axis."""
    if np.ndim(shape) != 1 or len(shape) != 3:
        raise ValueError(f"shape must be (depth, height, width), got {shape!r}")
    return {"shape": tuple(shape), "kernel": per_axis(kernel, "kernel"), "pad": per_axis(pad, "pad"),
            "stride": per_axis(stride, "stride")}


# ----------------------------------------------------------------------------
# Sizes, padding and windows
# ----------------------------------------------------------------------------


@checked(window_fits)
def conv_output_size(n, k, pad, stride, *, axis: str = "size", window: str = "kernel") -> int:
    """Number of window positions along one axis: ``(n + 2 pad - k) / stride + 1``.

    n: input size (height or width), k: window size, pad: zeros added on each side,
    stride: step between windows. The window must fit in the padded input, and the
    steps must land exactly on its far edge, so that no input row or column is
    silently left out. ``axis`` and ``window`` only name things in error messages.
    Example (seed 001 §3.7.1): n = 5, k = 3, pad = 1, stride = 2 gives (5 + 2 - 3) / 2 + 1 = 3.
    """
    return (n + 2 * pad - k) // stride + 1


@checked(feature_map_shape)
def pool_output_shape(shape, size=2, stride=2) -> tuple[int, int, int]:
    """Shape of a feature map after pooling, written ``(H, W, C)`` as in the seed.

    Height and width shrink to ``(H - size) / stride + 1``; the channels are kept.
    Example (seed 001 §3.7.2): (224, 224, 64) -> (112, 112, 64) with 2×2 windows, stride 2.
    """
    H, W, C = shape
    OH = conv_output_size(H, size, 0, stride, axis="height", window="pooling window")
    OW = conv_output_size(W, size, 0, stride, axis="width", window="pooling window")
    return OH, OW, int(C)


@checked(padding_of)
def pad2d(x: ArrayLike, pad) -> np.ndarray:
    """Zero-pad the last two axes: (..., H, W) -> (..., H + 2 pad, W + 2 pad).

    The padding lets a kernel centre on the border cells, so a 3×3 kernel with
    pad = 1 and stride 1 keeps the height and width unchanged.
    """
    widths = [(0, 0)] * (x.ndim - 2) + [(pad, pad), (pad, pad)]
    return np.pad(x, widths)


def sliding_windows(x: np.ndarray, KH: int, KW: int, stride: int) -> np.ndarray:
    """Every KH×KW window of x (..., H, W) at the given stride: (..., OH, OW, KH, KW).

    ``windows[..., i, j, :, :]`` is the patch whose top-left corner is (i*S, j*S).
    It is a read-only view: no values are copied, the same memory is read again.
    """
    return sliding_window_view(x, (KH, KW), axis=(-2, -1))[..., ::stride, ::stride, :, :]


def every_stride(p: int, n_out: int, stride: int) -> slice:
    """The input rows (or columns) that kernel row p touches: p, p + S, ..., n_out of them."""
    return slice(p, p + stride * n_out, stride)


# ----------------------------------------------------------------------------
# Convolution: forward and backward side by side
# ----------------------------------------------------------------------------


@checked(images_and_kernels)
def conv2d_forward(
    x: ArrayLike, W: ArrayLike, b: ArrayLike, stride=1, pad=0
) -> tuple[np.ndarray, tuple]:
    """Convolution layer: ``out[n,f,i,j] = sum_{c,p,q} xpad[n,c,iS+p,jS+q] W[f,c,p,q] + b[f]``.

    x: (N, C, H, W).  W: (F, C, KH, KW).  b: (F,).
    Returns out: (N, F, OH, OW), with OH = (H + 2 pad - KH) / stride + 1 (and OW
    likewise), and the cache ``(x, W, stride, pad)``.
    """
    _, _, KH, KW = W.shape
    windows = sliding_windows(pad2d.unchecked(x, pad), KH, KW, stride)  # (N, C, OH, OW, KH, KW)
    # one dot product per (image, kernel, output cell): over channels c and kernel cells p, q
    out = np.einsum("ncijpq,fcpq->nfij", windows, W, optimize=True) + b[None, :, None, None]
    return out, (x, W, stride, pad)


@checked(conv_gradient)
def conv2d_backward(dout: ArrayLike, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward of ``conv2d_forward``.

    dout: dL/dout, (N, F, OH, OW).  Returns
    db[f]       = sum_{n,i,j} dout[n,f,i,j]                      (F,)  b is added at every cell
    dW[f,c,p,q] = sum_{n,i,j} dout[n,f,i,j] xpad[n,c,iS+p,jS+q]  (F, C, KH, KW)
    dx          = dxpad without its padding, where every window receives
                  dxpad[n,c,iS+p,jS+q] += sum_f dout[n,f,i,j] W[f,c,p,q]   (N, C, H, W)
    """
    x, W, stride, pad = cache
    _, _, KH, KW = W.shape
    _, _, OH, OW = dout.shape
    xpad = pad2d.unchecked(x, pad)
    db = dout.sum(axis=(0, 2, 3))
    # each weight met every window, so its gradient sums over all of them
    dW = np.einsum("nfij,ncijpq->fcpq", dout, sliding_windows(xpad, KH, KW, stride), optimize=True)
    dxpad = np.zeros_like(xpad)
    for p in range(KH):  # loop over kernel cells only; each touches an (OH, OW) grid of inputs
        for q in range(KW):
            rows, cols = every_stride(p, OH, stride), every_stride(q, OW, stride)
            # += because overlapping windows reach the same input more than once
            dxpad[:, :, rows, cols] += np.einsum("nfij,fc->ncij", dout, W[:, :, p, q])
    H, Wd = x.shape[2:]
    dx = dxpad[:, :, pad : pad + H, pad : pad + Wd]
    return dx, dW, db


# ----------------------------------------------------------------------------
# Pooling: forward and backward side by side
# ----------------------------------------------------------------------------


@checked(images_to_pool)
def maxpool2d_forward(x: ArrayLike, size=2, stride=2) -> tuple[np.ndarray, tuple]:
    """Max pooling: ``out[n,c,i,j] = max_{p,q < size} x[n,c,iS+p,jS+q]``, per channel.

    x: (N, C, H, W).  Returns out: (N, C, OH, OW), OH = (H - size) / stride + 1,
    and the cache ``(x.shape, argmax, size, stride)``; argmax (N, C, OH, OW) is the
    row-major index ``p * size + q`` of each window's maximum (the first one on ties).
    """
    windows = sliding_windows(x, size, size, stride)  # (N, C, OH, OW, size, size)
    flat = windows.reshape(windows.shape[:4] + (size * size,))
    argmax = flat.argmax(axis=-1)  # np.argmax returns the first maximum
    out = np.take_along_axis(flat, argmax[..., None], axis=-1)[..., 0]
    return out, (x.shape, argmax, size, stride)


@checked(maxpool_gradient)
def maxpool2d_backward(dout: ArrayLike, cache: tuple) -> np.ndarray:
    """Backward of max pooling: each window's gradient goes to its maximum alone.

    dout: (N, C, OH, OW).  Returns dx: (N, C, H, W), zero except at the maxima.
    Only the maximum reached the output, so only it can change the loss; on ties
    the gradient goes to the first maximum in row-major order. Overlapping windows
    (stride < size) that share a maximum add up their gradients there.
    """
    x_shape, argmax, size, stride = cache
    dx = np.zeros(x_shape)
    n, c, i, j = np.indices(argmax.shape, sparse=True)
    p, q = np.divmod(argmax, size)  # row and column of the maximum inside its window
    np.add.at(dx, (n, c, i * stride + p, j * stride + q), dout)  # add.at: repeats accumulate
    return dx


@checked(images_to_pool)
def avgpool2d_forward(x: ArrayLike, size=2, stride=2) -> tuple[np.ndarray, tuple]:
    """Average pooling: ``out[n,c,i,j] = mean_{p,q < size} x[n,c,iS+p,jS+q]``, per channel.

    x: (N, C, H, W).  Returns out: (N, C, OH, OW), OH = (H - size) / stride + 1,
    and the cache ``(x.shape, size, stride)``.
    """
    windows = sliding_windows(x, size, size, stride)  # (N, C, OH, OW, size, size)
    return windows.mean(axis=(-2, -1)), (x.shape, size, stride)


@checked(avgpool_gradient)
def avgpool2d_backward(dout: ArrayLike, cache: tuple) -> np.ndarray:
    """Backward of average pooling: ``dout / size²`` to every cell of the window.

    dout: (N, C, OH, OW).  Returns dx: (N, C, H, W). Each input weighs 1 / size²
    in its window's mean; overlapping windows add up their shares.
    """
    x_shape, size, stride = cache
    _, _, OH, OW = dout.shape
    dx = np.zeros(x_shape)
    for p in range(size):  # loop over window cells only
        for q in range(size):
            dx[:, :, every_stride(p, OH, stride), every_stride(q, OW, stride)] += dout / size**2
    return dx


# ----------------------------------------------------------------------------
# One image, one output cell at a time (for reading and for the page)
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConvStep:
    """One output cell of a convolution: kernel f at output row i, column j.

    top, left: the window's top-left corner in padded coordinates (i*S, j*S).
    window, kernel, products = window * kernel: (C, KH, KW).
    channel_sums: (C,) one sum per channel; total: their sum; out = total + bias.
    """

    f: int
    i: int
    j: int
    top: int
    left: int
    window: np.ndarray
    kernel: np.ndarray
    products: np.ndarray
    channel_sums: np.ndarray
    total: float
    bias: float
    out: float


@checked(image_and_kernels)
def conv2d_steps(x: ArrayLike, W: ArrayLike, b: ArrayLike, stride=1, pad=0) -> Iterator[ConvStep]:
    """Every output cell of the convolution of ONE image, as a ``ConvStep``.

    x: (C, H, W).  W: (F, C, KH, KW).  b: (F,).  Yields F * OH * OW steps, kernel f
    first, then output row i, then column j: the same numbers as ``conv2d_forward``.
    The arguments are checked at once, before the first step is asked for.
    """
    xpad = pad2d.unchecked(x, pad)
    F, C, KH, KW = W.shape
    OH, OW = (xpad.shape[1] - KH) // stride + 1, (xpad.shape[2] - KW) // stride + 1
    for f in range(F):
        for i in range(OH):
            for j in range(OW):
                top, left = i * stride, j * stride
                window = xpad[:, top : top + KH, left : left + KW]
                products = window * W[f] + 0.0  # element by element; + 0.0 shows -0.0 as 0.0
                channel_sums = products.sum(axis=(1, 2))  # one sum per channel
                total = float(channel_sums.sum())
                bias = float(b[f])
                yield ConvStep(f, i, j, top, left, window, W[f], products, channel_sums,
                               total, bias, total + bias)


@dataclass(frozen=True)
class PoolStep:
    """One output cell of pooling: channel c at output row i, column j.

    top, left: the window's top-left corner (i*S, j*S); window: (size, size).
    value: the window's max or mean; argmax: (row, col) of the max inside the
    window (the first one in row-major order on ties), None for average pooling.
    """

    c: int
    i: int
    j: int
    top: int
    left: int
    window: np.ndarray
    value: float
    argmax: tuple[int, int] | None


@checked(image_to_pool)
def pool2d_steps(
    x: ArrayLike, size=2, stride=2, mode: Literal["max", "avg"] = "max"
) -> Iterator[PoolStep]:
    """Every output cell of pooling ONE image, as a ``PoolStep``.

    x: (C, H, W).  mode: "max" or "avg".  Yields C * OH * OW steps, channel c first,
    then output row i, then column j: the same numbers as the vectorised poolings.
    The arguments are checked at once, before the first step is asked for.
    """
    C, H, W = x.shape
    OH, OW = (H - size) // stride + 1, (W - size) // stride + 1
    for c in range(C):
        for i in range(OH):
            for j in range(OW):
                top, left = i * stride, j * stride
                window = x[c, top : top + size, left : left + size]
                if mode == "max":
                    row, col = divmod(int(np.argmax(window)), size)  # the first maximum
                    yield PoolStep(c, i, j, top, left, window, float(window[row, col]), (row, col))
                else:
                    yield PoolStep(c, i, j, top, left, window, float(window.mean()), None)


# ----------------------------------------------------------------------------
# A 1×1 convolution is a fully-connected layer applied at every pixel
# ----------------------------------------------------------------------------


@checked(image_and_1x1_kernels)
def conv1x1_as_linear(x: ArrayLike, W: ArrayLike, b: ArrayLike) -> np.ndarray:
    """A 1×1 convolution written as one affine map shared by all pixels.

    x: (C, H, W) one image.  W: (F, C, 1, 1).  b: (F,).
    Returns (H*W, F): ``pixels @ W[:, :, 0, 0].T + b``, where pixels (H*W, C) holds
    one pixel's C channel values per row (row-major order). Row k equals the
    convolution's output at pixel (k // W, k % W) (seed 001 §3.7.1).
    """
    C = x.shape[0]
    pixels = x.reshape(C, -1).T  # (H*W, C): a batch of pixels, one per row
    return pixels @ W[:, :, 0, 0].T + b


# ----------------------------------------------------------------------------
# The seed's examples (seed 001 §3.7, the CS231n figures)
# ----------------------------------------------------------------------------



@dataclass(frozen=True)
class ConvExample:
    """One image x (C, H, W), kernels W (F, C, KH, KW), biases b (F,) (read-only)."""

    x: np.ndarray
    W: np.ndarray
    b: np.ndarray
    stride: int
    pad: int


#: Seed 001 §3.7.1: a 5×5×3 input, padding 1, stride 2, two 3×3×3 kernels -> 3×3×2.
#: The seed's numbers: kernel W0 channel 1 = W[0, 0]; the padded top-left window of
#: channel 1 is [[0, 0, 0], [0, 0, 1], [0, 2, 0]]; per-channel sums -2, 0, 1; total -1;
#: bias b0 = 1; output 0. All other values were chosen for this project.
CONV_EXAMPLE = ConvExample(
    x=readonly([
        [[0, 1, 2, 2, 0],
         [2, 0, 0, 0, 0],
         [2, 2, 1, 1, 2],
         [0, 2, 2, 0, 2],
         [2, 0, 1, 2, 2]],
        [[0, 1, 1, 1, 2],
         [2, 1, 2, 1, 2],
         [0, 2, 2, 1, 1],
         [0, 0, 0, 2, 1],
         [2, 1, 1, 1, 2]],
        [[1, 2, 1, 0, 2],
         [1, 2, 2, 0, 0],
         [2, 0, 0, 1, 1],
         [2, 2, 1, 0, 1],
         [0, 0, 0, 2, 2]],
    ]),
    W=readonly([
        [[[1, 1, -1], [0, -1, 0], [1, -1, -1]],
         [[0, 1, 1], [0, 0, -1], [1, 0, 1]],
         [[1, -1, 1], [1, 0, -1], [1, 1, 1]]],
        [[[1, 1, 1], [0, 1, -1], [1, 0, 0]],
         [[0, -1, -1], [1, 0, 1], [0, 0, -1]],
         [[1, 0, -1], [0, -1, 1], [-1, -1, 1]]],
    ]),
    b=readonly([1, 0]),
    stride=2,
    pad=1,
)

#: Seed 001 §3.7.2: one 4×4 channel; 2×2 max pooling with stride 2 gives [[6, 8], [3, 4]].
POOL_EXAMPLE = readonly([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]])


# ----------------------------------------------------------------------------
# For the page: sizes that may not fit, random examples, pixels as a batch
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConvFit:
    """How a window of size k fits an input of size n along one axis (never raises).

    padded = n + 2 pad;  span = padded - k (how far the window's corner travels);
    positions = span / stride + 1, the formula's value, possibly not a whole number;
    size: the whole number of positions, or None when the window does not fit;
    problem: None, "too_large" (k > padded) or "not_tiled" (stride does not divide span);
    strides: the strides (up to 4, smallest first) that would tile this span.
    """

    n: int
    k: int
    pad: int
    stride: int
    padded: int
    span: int
    positions: float
    size: int | None
    problem: str | None
    strides: tuple[int, ...]


@checked(fit_inputs)
def conv_fit(n, k, pad, stride) -> ConvFit:
    """``(n - k + 2 pad) / stride + 1`` with the reason when it is not a valid size.

    Like ``conv_output_size`` but returns the verdict instead of raising, so a page
    can show the formula with the learner's numbers and say which constraint fails.
    Example (seed 001 §3.7.1): conv_fit(5, 3, 1, 2).size == 3; conv_fit(5, 3, 1, 3)
    has positions 2.333… and problem "not_tiled", strides (1, 2, 4).
    """
    padded = n + 2 * pad
    span = padded - k
    positions = span / stride + 1
    if span < 0:
        return ConvFit(n, k, pad, stride, padded, span, positions, None, "too_large", ())
    strides = tuple(s for s in range(1, span + 1) if span % s == 0)[:4] or (1,)
    if span % stride != 0:
        return ConvFit(n, k, pad, stride, padded, span, positions, None, "not_tiled", strides)
    return ConvFit(n, k, pad, stride, padded, span, positions, span // stride + 1, None, strides)


@checked(example_sizes)
def random_conv_example(size, channels, kernels, kernel_size, pad, stride, seed) -> ConvExample:
    """A seeded random example in the style of the seed's figure: small whole numbers.

    x: (channels, size, size) with values 0, 1, 2;  W: (kernels, channels, k, k) and
    b: (kernels,) with values -1, 0, 1. The same seed always gives the same example.
    """
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 3, size=(channels, size, size))
    W = rng.integers(-1, 2, size=(kernels, channels, kernel_size, kernel_size))
    b = rng.integers(-1, 2, size=kernels)
    return ConvExample(readonly(x), readonly(W), readonly(b), stride, pad)


@checked(image_only)
def pixels(x: ArrayLike) -> np.ndarray:
    """One image (C, H, W) as a batch of pixels (H*W, C): row k is pixel (k // W, k % W).

    Each row holds one pixel's C channel values, so a fully-connected layer applied to
    this batch is a 1×1 convolution (see ``conv1x1_as_linear``).
    """
    return x.reshape(x.shape[0], -1).T.copy()


# ----------------------------------------------------------------------------
# For the page's questions: where pooling sends gradients, how much a layer learns
# ----------------------------------------------------------------------------


def gradient_cells(x: ArrayLike, size=2, stride=2, mode: Literal["max", "avg"] = "max") -> np.ndarray:
    """Which cells of one channel x (H, W) receive gradient from pooling's backward pass.

    Returns a boolean (H, W) mask, True where ``dx != 0`` when every output cell's
    gradient is 1 (any gradients of one sign, none zero, reach the same cells).
    Max pooling reaches only the windows' maxima, so fewer cells than windows when
    overlapping windows share a maximum; average pooling reaches every covered cell.
    Example (seed 001 §3.7.2's 4×4 channel): 2×2 max pooling, stride 2 reaches the
    4 cells holding 6, 8, 3, 4; 3×3 windows at stride 1 reach only the 7 and the 8.
    """
    forward, backward = ((maxpool2d_forward, maxpool2d_backward) if mode == "max"
                         else (avgpool2d_forward, avgpool2d_backward))
    out, cache = forward(np.asarray(x, dtype=float)[None, None], size, stride)
    return backward(np.ones_like(out), cache)[0, 0] != 0


def conv_parameter_count(channels, kernels, kernel_size) -> int:
    """Weights and biases a convolution layer learns: ``F * (C * K * K + 1)``.

    Every one of the F kernels has K×K weights on each of the C input channels and one
    bias of its own; the count does not depend on the input's height and width.
    Example (seed 001 §3.7.1): 2 kernels of 3×3 on 3 channels: 2 * (27 + 1) = 56.
    """
    return int(kernels) * (int(channels) * int(kernel_size) ** 2 + 1)


# ----------------------------------------------------------------------------
# Why pooling (seed 001 §3.7.2): less to compute, and small shifts matter less
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolingSavings:
    """A feature map (H, W, C) before and after pooling, and the next layer's work on each.

    values_*: how many numbers the map holds, H * W * C.
    macs_*: multiply-adds of the next layer, a K×K convolution with C kernels of C channels.
    """

    before: tuple[int, int, int]
    after: tuple[int, int, int]
    kernel: int
    values_before: int
    values_after: int
    macs_before: int
    macs_after: int

    @property
    def ratio(self) -> float:
        """after / before, the same for the values and for the next layer's multiply-adds."""
        return self.values_after / self.values_before


@checked(savings_inputs)
def pooling_savings(shape, size=2, stride=2, kernel=3) -> PoolingSavings:
    """What pooling saves on a feature map of ``shape`` (H, W, C), written as in the seed.

    The next layer is a K×K convolution with C kernels of C channels, padding (K - 1)/2 and
    stride 1 (it keeps the size). Each of its output cells costs one multiply-add per weight
    of a kernel, C * K * K, so it costs  OH * OW * C  *  C * K * K  multiply-adds.
    Example (seed 001 §3.7.2): (224, 224, 64) -> (112, 112, 64) holds 3,211,264 -> 802,816
    values; a 3×3 convolution after it needs 1,849,688,064 -> 462,422,016 multiply-adds.
    """
    after = pool_output_shape(shape, size, stride)
    H, W, C = (int(n) for n in shape)
    pad = (kernel - 1) // 2

    def next_layer(h: int, w: int) -> int:
        out_cells = conv_output_size(h, kernel, pad, 1) * conv_output_size(w, kernel, pad, 1) * C
        return out_cells * C * kernel * kernel

    return PoolingSavings((H, W, C), after, kernel, H * W * C, after[0] * after[1] * C,
                          next_layer(H, W), next_layer(after[0], after[1]))


@checked(shift_inputs)
def shift2d(x: ArrayLike, dy=0, dx=1) -> np.ndarray:
    """x (H, W) moved dy rows down and dx columns right (negative: up, left); zeros come in.

    ``out[i + dy, j + dx] = x[i, j]`` wherever both cells exist; what moves past the edge is lost.
    """
    H, W = x.shape
    out = np.zeros_like(x)
    # the rows (columns) that stay in sight, before and after the move
    out[max(dy, 0) : H + min(dy, 0), max(dx, 0) : W + min(dx, 0)] = \
        x[max(-dy, 0) : H + min(-dy, 0), max(-dx, 0) : W + min(-dx, 0)]
    return out


@dataclass(frozen=True)
class ShiftDemo:
    """One channel and the same channel shifted, each max-pooled (all arrays read-only copies).

    input_changed (H, W) and pooled_changed (OH, OW): where the two differ.
    input_changes: how many input cells the shift changed; pooled_same: how many pooled
    cells it left as they were.
    """

    x: np.ndarray
    shifted: np.ndarray
    pooled: np.ndarray
    pooled_shifted: np.ndarray

    @property
    def input_changed(self) -> np.ndarray:
        return self.x != self.shifted

    @property
    def pooled_changed(self) -> np.ndarray:
        return self.pooled != self.pooled_shifted

    @property
    def input_changes(self) -> int:
        return int(self.input_changed.sum())

    @property
    def pooled_same(self) -> int:
        return int((~self.pooled_changed).sum())


@checked(shift_demo_inputs)
def shift_tolerance(x: ArrayLike, dy=0, dx=1, size=2, stride=2) -> ShiftDemo:
    """Max pooling before and after moving x (H, W) by (dy, dx) cells (``shift2d``).

    A window's maximum stays the same while the largest value stays inside that window, so
    many pooled cells do not change although most cells of the feature moved; a value that
    crosses a window's edge changes the windows on both sides of it.
    Example (``SHIFT_EXAMPLE``, one cell right): 10 of the 64 input cells change, 14 of the
    16 cells of 2×2 max pooling with stride 2 stay the same.
    """
    shifted = shift2d(x, dy, dx)
    pooled, _ = maxpool2d_forward(np.stack([x, shifted])[:, None], size, stride)  # both at once
    return ShiftDemo(readonly(x), readonly(shifted), readonly(pooled[0, 0]), readonly(pooled[1, 0]))


#: An 8×8 channel with one feature, a stroke like a "7" (values chosen for this project).
SHIFT_EXAMPLE = readonly([
    [0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 8, 9, 9, 7, 0, 0],
    [0, 0, 0, 0, 0, 9, 0, 0],
    [0, 0, 0, 0, 8, 0, 0, 0],
    [0, 0, 0, 0, 9, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0],
])


# ----------------------------------------------------------------------------
# One and three dimensions (seed 001 §3.7.1): sequences, video and volumes
# ----------------------------------------------------------------------------


@checked(signal_and_kernel)
def conv1d_forward(x: ArrayLike, w: ArrayLike, b=0.0, stride=1, pad=0) -> tuple[np.ndarray, tuple]:
    """1-D convolution layer: ``out[i] = sum_p xpad[i*S + p] w[p] + b``.

    x: (L,) a signal (a time series, a sound).  w: (K,) the kernel.  b: one bias.
    Returns out: (OL,), OL = (L + 2 pad - K) / stride + 1, and the cache ``(x, w, stride, pad)``.
    Like every deep-learning library, and like ``np.correlate``, it does not flip the kernel
    (cross-correlation); the convolution of mathematics, ``np.convolve``, flips it first.
    """
    xpad = np.pad(x, pad)
    windows = sliding_window_view(xpad, w.size)[::stride]  # (OL, K): window i starts at i*S
    return windows @ w + b, (x, w, stride, pad)


@checked(volume_inputs)
def conv3d_output_shape(shape, kernel, pad=0, stride=1) -> tuple[int, int, int]:
    """Output shape (OD, OH, OW) of a 3-D convolution on a volume of ``shape`` (D, H, W).

    A K_D×K_H×K_W kernel slides along the depth (video frames, CT slices) as well as down and
    across; along each axis the count is the 2-D formula, ``(n + 2 pad - k) / stride + 1``.
    kernel, pad, stride: one number for every axis or three (depth, height, width).
    Example: 16 video frames of 112×112, a 3×3×3 kernel, pad 1, stride 1: (16, 112, 112).
    """
    axes = ("depth", "height", "width")
    return tuple(conv_output_size(n, k, p, s, axis=axis)
                 for n, k, p, s, axis in zip(shape, kernel, pad, stride, axes, strict=True))


#: A signal that rises and falls, and a kernel that answers ``x[i + 2] - x[i]``: positive where
#: the signal rises, negative where it falls (values chosen for this project).
SIGNAL_EXAMPLE = readonly([0, 0, 1, 3, 4, 4, 4, 2, 0, 0])
SIGNAL_KERNEL = readonly([-1, 0, 1])
