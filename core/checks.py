"""Argument checks: the public boundary of every core function.

A core function that computes is written as the math alone, under a decorator that
checks its arguments first::

    @checked(affine_inputs)
    def affine_forward(x, W, b):
        out = x @ W.T + b
        return out, (x, W)

``affine_inputs`` receives the call's arguments by name and returns them as the math
wants them: float arrays whose shapes agree. When they do not, it raises ``ValueError``
with a sentence a learner can act on: what was given, what was expected.
"""

from __future__ import annotations

import functools
import inspect
import numbers
from collections.abc import Callable

import numpy as np


def checked(check: Callable[..., dict], *, overflow_is_data: bool = False):
    """The public boundary of a core function: ``check`` receives the call's arguments by name
    (defaults filled in) and returns them as the function wants them (float arrays, shapes agreed),
    raising ValueError with a message a learner can act on; the function itself is the math alone.
    overflow_is_data: run the function under np.errstate(over/invalid/divide="ignore") because a
    diverging run is shown to the learner, not warned about.
    The function without its checks stays reachable as ``f.unchecked`` (for loops that call it
    many times on values already checked once, e.g. training)."""

    def decorate(fn):
        signature = inspect.signature(fn)
        if set(inspect.signature(check).parameters) != set(signature.parameters):
            raise TypeError(f"the check {check.__name__} must take the arguments of {fn.__name__}: "
                            f"{', '.join(signature.parameters)}")

        @functools.wraps(fn)
        def run(*args, **kwargs):
            call = signature.bind(*args, **kwargs)  # a TypeError for a missing or unknown argument
            call.apply_defaults()
            arguments = check(**call.arguments)
            if not overflow_is_data:
                return fn(**arguments)
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                return fn(**arguments)

        run.unchecked = fn
        run.check = check
        return run

    return decorate


def as_float_array(value, name: str, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a new C-ordered float64 array, checking its number of dimensions.

    A copy is always made, so a caller's array is never changed by core code and a cache
    never shares memory with it.
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
