"""Small helpers to feed a real photo through a convolution (seed 001 §3.7).

A photo arrives as an (H, W, 3) array of 0-255 colour values. A convolution on the
page works on one channel of floats, small enough to compute at once, so the photo
is turned into grey values in [0, 1] and shrunk by averaging blocks of pixels.
Feature maps come back as arbitrary real numbers; ``to_uint8`` maps them to 0-255
grey levels for display. Pure NumPy, no I/O: loading and decoding live in ``ui``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from core.checks import as_float_array, check_int, checked, readonly

#: ITU-R BT.601 luma weights: the eye is most sensitive to green, least to blue.
LUMA = readonly([0.299, 0.587, 0.114])

#: Classic 3×3 kernels. An edge kernel sums to 0 (flat regions give 0); a blur kernel
#: sums to 1 (the average brightness is kept); sharpen = identity + (identity - blur).
KERNELS = {
    # Sobel: right column minus left column, so it responds to vertical edges
    "vertical_edge": readonly([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
    "horizontal_edge": readonly([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
    "blur": readonly(np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16),
    "sharpen": readonly([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
}


# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks). Each takes a function's arguments by
# name and returns them as the math wants them, or raises ValueError saying what to change.
# ----------------------------------------------------------------------------


def photo(rgb) -> dict:
    """(H, W, 3) or (H, W, 4) colour values, or (H, W) grey values."""
    img = as_float_array(rgb, "image", ndim=(2, 3))
    if img.ndim == 3 and img.shape[2] not in (3, 4):
        raise ValueError(f"a colour image must have 3 or 4 channels last, got shape {img.shape}")
    return {"rgb": img}


def grey_image_and_sizes(img, max_side, multiple) -> dict:
    return {"img": as_float_array(img, "image", ndim=2),
            "max_side": check_int(max_side, "max_side", minimum=1),
            "multiple": check_int(multiple, "multiple", minimum=1)}


def finite_map(x, signed) -> dict:
    x = as_float_array(x, "x")
    if not np.all(np.isfinite(x)):
        raise ValueError("the feature map contains NaN or infinity; it cannot be shown")
    return {"x": x, "signed": signed}


def image_and_factor(img, factor) -> dict:
    img = np.asarray(img)
    if img.ndim != 2:
        raise ValueError(f"image must have shape (H, W), got {img.shape}")
    return {"img": img, "factor": check_int(factor, "factor", minimum=1)}


# ----------------------------------------------------------------------------
# From a photo to a small grey image, and from a feature map back to grey levels
# ----------------------------------------------------------------------------


@checked(photo)
def to_grayscale(rgb: ArrayLike) -> np.ndarray:
    """Grey values in [0, 1]: ``gray = (0.299 R + 0.587 G + 0.114 B) / 255``.

    rgb: (H, W, 3) or (H, W, 4) with values 0-255 (an alpha channel is ignored),
    or (H, W) already grey (only scaled). Returns (H, W) float64.
    """
    grey = rgb[:, :, :3] @ LUMA if rgb.ndim == 3 else rgb
    return grey / 255.0


@checked(grey_image_and_sizes)
def downscale(img: ArrayLike, max_side, multiple=2) -> np.ndarray:
    """Shrink a grey image (H, W) by averaging f×f blocks, f = ceil(max(H, W) / max_side).

    Rows and columns that do not fill a whole block are dropped, then the result is
    cropped so that both sides are multiples of ``multiple`` (2 lets a 2×2 pooling
    with stride 2 tile it). An image already small enough is only cropped.
    Returns (H', W') float64 with max(H', W') <= max_side.
    """
    H, W = img.shape
    f = max(1, math.ceil(max(H, W) / max_side))
    H2, W2 = H // f, W // f
    if min(H2, W2) < multiple:
        raise ValueError(f"the image ({H}×{W}) is too thin to shrink to {max_side} pixels; "
                         "use a less elongated image")
    blocks = img[: H2 * f, : W2 * f].reshape(H2, f, W2, f)
    small = blocks.mean(axis=(1, 3))
    return small[: H2 - H2 % multiple, : W2 - W2 % multiple].copy()


@checked(finite_map)
def to_uint8(x: ArrayLike, signed: bool = False) -> np.ndarray:
    """A feature map as 0-255 grey levels for display.

    signed=False: min-max scaling, the smallest value black and the largest white.
    signed=True: 0 is mid-grey (128), ``128 + 127 x / max|x|``, so negative responses
    are darker and positive ones lighter (edge kernels). An unsigned constant map is
    mid-grey instead of a division by zero.
    """
    if signed:
        peak = np.max(np.abs(x), initial=0.0)
        scaled = 128.0 + (127.0 * x / peak if peak > 0 else 0.0 * x)
    else:
        lo, hi = np.min(x, initial=np.inf), np.max(x, initial=-np.inf)
        if x.size == 0 or hi == lo:
            scaled = np.full(x.shape, 128.0)
        else:
            scaled = 255.0 * (x - lo) / (hi - lo)
    return np.clip(np.round(scaled), 0, 255).astype(np.uint8)


@checked(image_and_factor)
def upscale_nearest(img: ArrayLike, factor) -> np.ndarray:
    """Repeat every pixel ``factor`` times in both directions: (H, W) -> (H f, W f).

    Lets a tiny image (the 8×8 digits) be shown large with sharp, square pixels
    instead of the browser's blurry smoothing. Keeps the dtype.
    """
    return np.repeat(np.repeat(img, factor, axis=0), factor, axis=1)
