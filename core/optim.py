"""Gradient descent (勾配降下法) on a 1-D quadratic, with optional momentum.

Seed 001 §3.3 starts at w = 3 with learning rate 0.5: the gradient 3 moves w to
1.5, the gradient -1 moves it to 2. The quadratic L(w) = (4/3)(w - 1.875)^2 has
exactly these gradients, so it is the page's default (``SEED_QUADRATIC``).

For L(w) = a (w - w*)^2 + c one step of plain gradient descent is
    w_new - w* = (1 - 2 a lr) (w - w*),
so the distance to the minimum is multiplied by the contraction factor
r = 1 - 2 a lr at every step:
    0 < r < 1   (lr < 1/(2a))          monotone convergence
    -1 < r < 0  (1/(2a) < lr < 1/a)    oscillating convergence
    r < -1      (lr > 1/a)             divergence
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core._validate import as_float_array, check_int, check_real


@dataclass(frozen=True)
class Quadratic:
    """L(w) = a (w - w_star)^2 + c, with curvature a > 0 and minimum at w_star."""

    a: float
    w_star: float
    c: float = 0.0

    def __post_init__(self):
        check_real(self.a, "curvature a", minimum=0.0, strict_minimum=True)
        check_real(self.w_star, "minimum w*")
        check_real(self.c, "offset c")

    def loss(self, w):
        """L(w) = a (w - w*)^2 + c (no overflow warning for huge w: it is inf)."""
        w = np.asarray(w, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            return self.a * (w - self.w_star) ** 2 + self.c

    def grad(self, w):
        """dL/dw = 2 a (w - w*): the slope of the tangent at w."""
        w = np.asarray(w, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            return 2.0 * self.a * (w - self.w_star)

    def contraction_factor(self, lr: float) -> float:
        """r = 1 - 2 a lr: how plain gradient descent scales the distance to w*."""
        lr = check_real(lr, "learning rate", minimum=0.0)
        return 1.0 - 2.0 * self.a * lr

    def lr_thresholds(self) -> tuple[float, float]:
        """(1/(2a), 1/a): below the first, monotone; below the second, oscillating."""
        return 1.0 / (2.0 * self.a), 1.0 / self.a

    def regime(self, lr: float) -> str:
        """'monotone', 'oscillating', 'cycle' (lr = 1/a exactly) or 'divergent'.

        lr = 1/(2a) lands on w* in one step and counts as monotone.
        """
        r = self.contraction_factor(lr)
        if r >= 0.0:
            return "monotone"
        if r > -1.0:
            return "oscillating"
        if r == -1.0:
            return "cycle"
        return "divergent"


SEED_QUADRATIC = Quadratic(a=4.0 / 3.0, w_star=1.875)


def gradient_descent(
    grad: Callable[[np.ndarray], np.ndarray],
    w0,
    lr: float,
    steps: int,
    momentum: float = 0.0,
) -> np.ndarray:
    """Run ``steps`` updates and return every iterate, w0 first: shape (steps + 1, *w0.shape).

    Plain:     w <- w - lr * grad(w)
    Momentum:  v <- momentum * v - lr * grad(w);  w <- w + v   (v starts at 0;
               seed 002's update ``-eta * grad + M * dW``).

    Divergence is data, not a crash: iterates may grow without bound, and once
    one overflows to +-inf (or stops being a number) it is repeated to the end,
    with no warning.
    """
    lr = check_real(lr, "learning rate", minimum=0.0)
    steps = check_int(steps, "steps", minimum=0)
    momentum = check_real(momentum, "momentum", minimum=0.0, maximum=1.0)
    w = as_float_array(w0, "w0")
    v = np.zeros_like(w)
    iterates = [w.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            if not np.all(np.isfinite(w)):
                iterates.append(w.copy())
                continue
            v = momentum * v - lr * np.asarray(grad(w), dtype=float)
            w = w + v
            iterates.append(w.copy())
    return np.array(iterates)
