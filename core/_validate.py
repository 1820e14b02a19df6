"""Argument checks shared by the core modules.

Every check raises ``ValueError`` with a sentence a learner can act on: what was
given, what was expected.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_float_array(value, name: str, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a new C-ordered float64 array, checking its number of dimensions.

    A copy is always made, so a caller's array is never changed by core code.
    """
    try:
        arr = np.array(value, dtype=np.float64, order="C")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numbers, got {value!r}") from exc
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            want = " or ".join(str(d) for d in allowed)
            raise ValueError(
                f"{name} must have {want} dimension(s), got shape {arr.shape}"
            )
    return arr


def check_int(value, name: str, minimum: int | None = None) -> int:
    """Return ``value`` as an ``int``, refusing floats with a fraction and bools."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and float(value).is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name} must be a whole number, got {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def check_real(
    value,
    name: str,
    minimum: float | None = None,
    maximum: float | None = None,
    strict_minimum: bool = False,
) -> float:
    """Return ``value`` as a finite ``float`` within the given bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    if minimum is not None:
        if strict_minimum and value <= minimum:
            raise ValueError(f"{name} must be greater than {minimum}, got {value}")
        if not strict_minimum and value < minimum:
            raise ValueError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {value}")
    return value


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def readonly(values) -> np.ndarray:
    """A float64 copy that cannot be modified: for example data shared by every page."""
    arr = np.array(values, dtype=np.float64)
    arr.setflags(write=False)
    return arr
