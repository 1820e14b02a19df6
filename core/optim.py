"""Gradient descent (勾配降下法) on a 1-D quadratic, with optional momentum; a loss with two
valleys (local and global minima); mini-batches of different sizes on the same data.

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

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.checks import as_float_array, check_int, check_real, checked

# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks). Each takes a function's arguments by
# name and returns them as the math wants them, or raises ValueError saying what to change.
# ----------------------------------------------------------------------------


def learning_rate(lr) -> float:
    return check_real(lr, "learning rate", minimum=0.0)


def momentum_factor(momentum) -> float:
    return check_real(momentum, "momentum", minimum=0.0, maximum=1.0)


def quadratic_coefficients(a, w_star, c) -> None:
    """a > 0, w* and c finite numbers."""
    check_real(a, "curvature a", minimum=0.0, strict_minimum=True)
    check_real(w_star, "minimum w*")
    check_real(c, "offset c")


def quadratic_and_rate(self, lr) -> dict:
    return {"self": self, "lr": learning_rate(lr)}


def descent_inputs(grad, w0, lr, steps, momentum) -> dict:
    """grad: a function of w; w0: numbers, any shape; lr >= 0; steps >= 0; 0 <= momentum <= 1."""
    lr, steps, momentum = learning_rate(lr), check_int(steps, "steps", minimum=0), momentum_factor(momentum)
    return {"grad": grad, "w0": as_float_array(w0, "w0"), "lr": lr, "steps": steps, "momentum": momentum}


def run_inputs(q, w0, lr, steps, momentum) -> dict:
    """q: a Quadratic; w0: a finite number; lr >= 0; steps >= 0; 0 <= momentum <= 1."""
    return {"q": q, "w0": check_real(w0, "start w0"), "lr": learning_rate(lr),
            "steps": check_int(steps, "steps", minimum=0), "momentum": momentum_factor(momentum)}


def rate_inputs(q, lr, momentum) -> dict:
    return {"q": q, "lr": learning_rate(lr), "momentum": momentum_factor(momentum)}


def momentum_only(q, momentum) -> dict:
    return {"q": q, "momentum": momentum_factor(momentum)}


def tangent_point(q, w, half_width) -> dict:
    return {"q": q, "w": check_real(w, "w"),
            "half_width": check_real(half_width, "half width", minimum=0.0, strict_minimum=True)}


def window_inputs(q, w0, margin, min_half) -> dict:
    return {"q": q, "w0": check_real(w0, "start w0"), "margin": check_real(margin, "margin", minimum=1.0),
            "min_half": check_real(min_half, "min_half", minimum=0.0, strict_minimum=True)}


def path_and_bounds(w, lo, hi) -> dict:
    return {"w": as_float_array(w, "w", ndim=1), "lo": lo, "hi": hi}


def tolerance_inputs(q, w0, lr, tol, momentum, max_steps) -> dict:
    tol = check_real(tol, "tolerance", minimum=0.0, strict_minimum=True)
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    run = run_inputs(q, w0, lr, max_steps, momentum)
    return {"q": q, "w0": run["w0"], "lr": run["lr"], "tol": tol, "momentum": run["momentum"],
            "max_steps": max_steps}


# ----------------------------------------------------------------------------
# The quadratic and gradient descent on it
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Quadratic:
    """L(w) = a (w - w_star)^2 + c, with curvature a > 0 and minimum at w_star."""

    a: float
    w_star: float
    c: float = 0.0

    def __post_init__(self):
        quadratic_coefficients(self.a, self.w_star, self.c)

    def loss(self, w):
        """L(w) = a (w - w*)^2 + c. w: a number or an array of them."""
        return self.a * np.square(w - self.w_star) + self.c

    def grad(self, w):
        """dL/dw = 2 a (w - w*): the slope of the tangent at w."""
        return 2.0 * self.a * (w - self.w_star)

    @checked(quadratic_and_rate)
    def contraction_factor(self, lr: float) -> float:
        """r = 1 - 2 a lr: how plain gradient descent scales the distance to w*."""
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


@checked(descent_inputs, overflow_is_data=True)
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
    w, v = w0, np.zeros_like(w0)
    iterates = [w]
    for _ in range(steps):
        if np.all(np.isfinite(w)):
            v = momentum * v - lr * grad(w)
            w = w + v
        iterates.append(w)
    return np.array(iterates)


@checked(run_inputs)
def quadratic_path(q: Quadratic, w0: float, lr: float, steps: int, momentum: float = 0.0) -> np.ndarray:
    """The iterates of ``gradient_descent(q.grad, w0, lr, steps, momentum)``, shape (steps + 1,).

    The same float64 operations in the same order, so the same numbers to the last bit
    (a test ties the two, overflow included), on Python floats: a thousand steps take
    about 0.2 ms instead of 12 ms, which matters when a page counts steps on every rerun.
    """
    w, v = w0, 0.0
    path = [w]
    for _ in range(steps):
        if math.isfinite(w):  # Python floats overflow to inf (and inf - inf to nan) silently
            v = momentum * v - lr * (2.0 * q.a * (w - q.w_star))
            w = w + v
        path.append(w)
    return np.array(path)


# --- Step-by-step view of a 1-D run (the gradient-descent page) ----------------------


@dataclass(frozen=True)
class DescentTrace:
    """Every number of a 1-D gradient-descent run (on a ``Quadratic`` or a ``DoubleWell``), step by step.

    With n steps (k = 0 .. n):
        w       (n + 1,)  iterates w_0 .. w_n
        loss    (n + 1,)  L(w_k)
        grad    (n + 1,)  dL/dw at w_k (the slope of the tangent)
        step    (n,)      -lr * grad_k, the plain gradient step
        carried (n,)      momentum * v_k, what the previous update carries over (0 without momentum)
        update  (n,)      v_{k+1} = carried_k + step_k, so that w_{k+1} = w_k + update_k
        finite_steps      how many steps can be shown: the largest k with w, L and dL/dw finite
                          for every iterate up to k (n when nothing overflowed)
    """

    w: np.ndarray
    loss: np.ndarray
    grad: np.ndarray
    step: np.ndarray
    carried: np.ndarray
    update: np.ndarray
    finite_steps: int

    @property
    def overflow_step(self) -> int | None:
        """The step after which a number overflowed (``None`` when every number is finite)."""
        return None if self.finite_steps == len(self.step) else self.finite_steps + 1


@checked(run_inputs, overflow_is_data=True)
def descent_trace(q: Quadratic, w0: float, lr: float, steps: int, momentum: float = 0.0) -> DescentTrace:
    """Run gradient descent on ``q`` from ``w0`` and keep every intermediate number.

    q: any 1-D loss with ``.loss(w)`` and ``.grad(w)`` (a ``Quadratic``, a ``DoubleWell``).

    The same updates as ``gradient_descent`` (a test ties the two), written as a
    plain loop so each quantity of the page's step table has a name:
        g_k = dL/dw(w_k);  v_{k+1} = momentum * v_k - lr * g_k;  w_{k+1} = w_k + v_{k+1}
    Overflow is data: once a number leaves float64 it becomes +-inf (or NaN) without
    a warning, and ``finite_steps`` says where the displayable part ends.
    """
    w, step, carried, update = np.empty(steps + 1), np.empty(steps), np.empty(steps), np.empty(steps)
    w[0], v = w0, 0.0
    for k in range(steps):
        step[k] = -lr * q.grad(w[k])  # the plain gradient step
        carried[k] = momentum * v  # what the previous update carries over
        v = update[k] = carried[k] + step[k]
        w[k + 1] = w[k] + v
    loss, grad = q.loss(w), q.grad(w)
    ok = np.isfinite(w) & np.isfinite(loss) & np.isfinite(grad)
    finite_steps = steps if ok.all() else max(int(np.argmin(ok)) - 1, 0)
    return DescentTrace(w, loss, grad, step, carried, update, finite_steps)


@checked(tangent_point, overflow_is_data=True)
def tangent_segment(q: Quadratic, w: float, half_width: float) -> tuple[float, float, float, float]:
    """The tangent of L at ``w``, from w - half_width to w + half_width: (w1, L1, w2, L2).

    The tangent line is L(w) + dL/dw(w) * (x - w); its slope is the gradient.
    """
    base, slope = float(q.loss(w)), float(q.grad(w))
    return (w - half_width, base - slope * half_width, w + half_width, base + slope * half_width)


@dataclass(frozen=True)
class ViewWindow:
    """The part of the (w, L) plane worth drawing: w in [w_lo, w_hi], L in [L_lo, L_hi]."""

    w_lo: float
    w_hi: float
    L_lo: float
    L_hi: float

    @property
    def tangent_half(self) -> float:
        """How far the drawn tangent reaches on each side of its point: 30 % of the half width."""
        return 0.15 * (self.w_hi - self.w_lo)


@checked(window_inputs)
def view_window(q: Quadratic, w0: float, margin: float = 1.3, min_half: float = 0.5) -> ViewWindow:
    """A fixed window around the minimum that holds the start with room to spare.

    half = margin * max(|w0 - w*|, min_half); w in [w* - half, w* + half];
    L from slightly below the minimum c up to L(w* +- half) = a half^2 + c.
    A converging run never leaves it (|w_k - w*| <= |w0 - w*| when |r| <= 1), so an
    iterate outside it is a sign of divergence, and the axes never stretch to
    astronomic numbers.
    """
    half = margin * max(abs(w0 - q.w_star), min_half)
    top = q.a * half**2
    return ViewWindow(q.w_star - half, q.w_star + half, q.c - 0.06 * top, q.c + 1.04 * top)


@checked(path_and_bounds, overflow_is_data=True)
def first_outside(w, lo: float, hi: float) -> int | None:
    """Index of the first entry of ``w`` (shape (n,)) outside [lo, hi]; ``None`` if all are inside.

    Infinities and NaN count as outside.
    """
    inside = (w >= lo) & (w <= hi)
    return None if inside.all() else int(np.argmin(inside))


@checked(rate_inputs)
def dominant_root(q: Quadratic, lr: float, momentum: float = 0.0) -> complex | float:
    """The root of z^2 - (1 + M - 2 a lr) z + M = 0 with the larger modulus.

    With momentum M the error e_k = w_k - w* obeys e_{k+1} = beta e_k - M e_{k-1},
    beta = 1 + M - 2 a lr, so e_k ~ z^k for the roots z = (beta +- sqrt(beta^2 - 4M)) / 2.
    Complex (a pair of modulus sqrt(M)) when beta^2 < 4M. Without momentum: beta = 1 - 2 a lr.
    """
    beta = 1.0 + momentum - 2.0 * q.a * lr
    disc = beta**2 - 4.0 * momentum
    if disc < 0.0:
        return complex(beta / 2.0, np.sqrt(-disc) / 2.0)
    roots = ((beta + np.sqrt(disc)) / 2.0, (beta - np.sqrt(disc)) / 2.0)
    return float(max(roots, key=abs))


@checked(rate_inputs)
def convergence_rate(q: Quadratic, lr: float, momentum: float = 0.0) -> float:
    """rho: the factor by which the distance to w* is multiplied per step in the long run.

    Plain gradient descent: rho = |r| = |1 - 2 a lr|.
    With momentum M the error e_k = w_k - w* obeys e_{k+1} = (1 + M - 2 a lr) e_k - M e_{k-1},
    so rho is the larger |root| of z^2 - (1 + M - 2 a lr) z + M = 0 (sqrt(M) when the
    roots are complex; see ``dominant_root``). rho < 1 converges, rho > 1 diverges.
    """
    return abs(dominant_root.unchecked(q, lr, momentum))


@checked(rate_inputs)
def run_regime(q: Quadratic, lr: float, momentum: float = 0.0) -> str:
    """'monotone', 'oscillating', 'cycle' or 'divergent' for a run with optional momentum.

    Without momentum this is ``q.regime(lr)``. With momentum the dominant root of
    z^2 - (1 + M - 2 a lr) z + M = 0 decides: |root| > 1 divergent, = 1 cycle;
    otherwise a positive real root approaches w* from one side (monotone) and a
    negative or complex one swings around w* (oscillating).
    """
    if momentum == 0.0:
        return q.regime(lr)
    root = dominant_root.unchecked(q, lr, momentum)
    rho = abs(root)
    if rho > 1.0:
        return "divergent"
    if rho == 1.0:
        return "cycle"
    if isinstance(root, complex) or root < 0.0:
        return "oscillating"
    return "monotone"


@checked(momentum_only)
def divergence_threshold(q: Quadratic, momentum: float = 0.0) -> float:
    """The learning rate above which the run diverges: (1 + M) / a (1/a without momentum).

    From the root condition of ``convergence_rate``: |1 + M - 2 a lr| < 1 + M.
    """
    return (1.0 + momentum) / q.a


@checked(tolerance_inputs, overflow_is_data=True)
def steps_to_tolerance(
    q: Quadratic, w0: float, lr: float, tol: float, momentum: float = 0.0, max_steps: int = 1000
) -> int | None:
    """How many steps until w stays within ``tol`` of w* (``None``: not within ``max_steps``).

    The count is the smallest k with |w_j - w*| <= tol for every j from k to max_steps,
    so a momentum path that swings back out of the band is not counted as arrived.
    """
    path = quadratic_path.unchecked(q, w0, lr, max_steps, momentum)
    inside = np.abs(path - q.w_star) <= tol
    if not inside[-1]:
        return None
    outside = np.flatnonzero(~inside)
    return 0 if outside.size == 0 else int(outside[-1]) + 1


def race_winner(plain: int | None, momentum: int | None) -> str:
    """Who reaches the band first: 'plain', 'momentum', 'tie', or 'neither' (None: never arrives).

    plain, momentum: the step counts of ``steps_to_tolerance`` for the two runs.
    """
    if plain is None and momentum is None:
        return "neither"
    if plain == momentum:
        return "tie"
    if momentum is None or (plain is not None and plain < momentum):
        return "plain"
    return "momentum"


# ----------------------------------------------------------------------------
# A loss with two valleys: local and global minima (seed 001 §3.3)
# ----------------------------------------------------------------------------


def well_shape(left, peak, right, k) -> None:
    """left < peak < right (the two minima and the hill between them), k > 0."""
    left, peak, right = (check_real(v, name) for v, name in ((left, "left minimum"), (peak, "peak"),
                                                              (right, "right minimum")))
    if not left < peak < right:
        raise ValueError(f"the stationary points must be in order left < peak < right, got "
                         f"{left}, {peak}, {right}")
    check_real(k, "scale k", minimum=0.0, strict_minimum=True)


def end_inputs(self, w_end, tol, bound) -> dict:
    return {"self": self, "w_end": float(w_end), "tol": check_real(tol, "tolerance", minimum=0.0),
            "bound": check_real(bound, "bound", minimum=0.0, strict_minimum=True)}


def map_inputs(well, starts, lr, steps, tol) -> dict:
    return {"well": well, "starts": as_float_array(starts, "starts", ndim=1), "lr": learning_rate(lr),
            "steps": check_int(steps, "steps", minimum=0),
            "tol": check_real(tol, "tolerance", minimum=0.0)}


@dataclass(frozen=True)
class DoubleWell:
    """A smooth loss that is not convex: two valleys of different depth and a hill between them.

        dL/dw = k (w - left)(w - peak)(w - right)        left < peak < right, k > 0
        L(w)  = k (w^4/4 - s1 w^3/3 + s2 w^2/2 - s3 w) - c

    with s1 = left + peak + right, s2 = left peak + left right + peak right, s3 = left peak right
    (the derivative expanded: k (w^3 - s1 w^2 + s2 w - s3)) and c chosen so that the lower
    minimum has L = 0. The gradient is 0 at all three points; the deeper valley holds the global
    minimum (大域最適解), the other a local minimum (局所最適解), and the hill's top at ``peak``
    is the border between their basins: plain gradient descent with small steps ends in the
    valley on the side of the peak where it started.

    The default: minima at w = -2 (L = 1.25, local) and w = 3 (L = 0, global), the top of the
    hill at w = 0 (L = 1.89).
    """

    left: float = -2.0
    peak: float = 0.0
    right: float = 3.0
    k: float = 0.12

    def __post_init__(self):
        well_shape(self.left, self.peak, self.right, self.k)

    def _quartic(self, w):
        a, b, c = self.left, self.peak, self.right
        s1, s2, s3 = a + b + c, a * b + a * c + b * c, a * b * c
        return self.k * (w**4 / 4 - s1 * w**3 / 3 + s2 * w**2 / 2 - s3 * w)

    @property
    def offset(self) -> float:
        """c: the constant that puts the global minimum at L = 0."""
        return -min(self._quartic(self.left), self._quartic(self.right))

    def loss(self, w):
        """L(w), 0 at the global minimum. w: a number or an array of them."""
        return self._quartic(w) + self.offset

    def coefficients(self) -> tuple[float, float, float, float, float]:
        """L(w) = c4 w^4 + c3 w^3 + c2 w^2 + c1 w + c0 written out: (c4, c3, c2, c1, c0)."""
        a, b, c = self.left, self.peak, self.right
        s1, s2, s3 = a + b + c, a * b + a * c + b * c, a * b * c
        return (self.k / 4, -self.k * s1 / 3, self.k * s2 / 2, -self.k * s3, self.offset)

    def grad(self, w):
        """dL/dw = k (w - left)(w - peak)(w - right)."""
        return self.k * (w - self.left) * (w - self.peak) * (w - self.right)

    def curvature(self, w):
        """d²L/dw² = k (3 w^2 - 2 s1 w + s2): positive in a valley's bottom, negative on the hill."""
        a, b, c = self.left, self.peak, self.right
        return self.k * (3 * w**2 - 2 * (a + b + c) * w + (a * b + a * c + b * c))

    @property
    def global_min(self) -> float:
        """Where L is lowest: the deeper of the two valleys."""
        return min((self.left, self.right), key=self._quartic)

    @property
    def local_min(self) -> float:
        """The bottom of the other valley: lower than everything near it, not than everything."""
        return self.right if self.global_min == self.left else self.left

    def basin(self, w0: float) -> str:
        """Which minimum small steps from ``w0`` reach: that of the valley on w0's side of the peak
        ('local' or 'global'), or 'peak' at the top itself, where the gradient is 0."""
        if w0 == self.peak:
            return "peak"
        left = "global" if self.global_min == self.left else "local"
        return left if w0 < self.peak else ("local" if left == "global" else "global")

    def lr_limit(self, w_min: float) -> float:
        """The learning rate above which a run cannot settle in the valley at ``w_min``: 2 / L''.

        Near its bottom a valley is the quadratic L(m) + (L''(m)/2)(w - m)^2 of the sections
        before, with a = L''(m)/2, whose limit is 1/a. A narrower valley (larger L'') has a
        lower limit.
        """
        return 2.0 / float(self.curvature(w_min))

    @checked(end_inputs, overflow_is_data=True)
    def outcome(self, w_end: float, tol: float = 1e-3, bound: float = 1e3) -> str:
        """Where a run ended: 'global' or 'local' (within ``tol`` of that minimum), 'peak' (on
        the top of the hill, where the gradient is 0 too), 'diverged' (not a number any more, or
        farther than ``bound`` out) or 'unsettled' (anywhere else: still on its way, or bouncing).
        """
        if not math.isfinite(w_end) or abs(w_end) > bound:
            return "diverged"
        for name, w in (("global", self.global_min), ("local", self.local_min), ("peak", self.peak)):
            if abs(w_end - w) <= tol:
                return name
        return "unsettled"


NONCONVEX = DoubleWell()


@checked(map_inputs, overflow_is_data=True)
def outcome_map(well: DoubleWell, starts, lr: float, steps: int, tol: float = 1e-3) -> np.ndarray:
    """``well.outcome`` of the run from every start (shape (n,)) with this lr and number of steps.

    The same updates as ``gradient_descent(well.grad, w0, lr, steps)`` for each start, all starts
    at once; a run that overflows stops there (its end is then not a number: 'diverged') while
    the others go on.
    """
    w = starts
    for _ in range(steps):
        w = np.where(np.isfinite(w), w - lr * well.grad(w), w)
    return np.array([well.outcome.unchecked(well, end, tol, 1e3) for end in w.tolist()])


# ----------------------------------------------------------------------------
# Mini-batches of different sizes on the same data (section 5's loss with a = 1)
# ----------------------------------------------------------------------------


def data_inputs(seed, n, mean, spread) -> dict:
    return {"seed": check_int(seed, "random seed", minimum=0), "n": check_int(n, "number of data", minimum=1),
            "mean": check_real(mean, "mean"), "spread": check_real(spread, "spread", minimum=0.0)}


def batch_inputs(t, w0, lr, epochs, batch_size, seed) -> dict:
    t = as_float_array(t, "data t", ndim=1)
    if t.size == 0 or not np.all(np.isfinite(t)):
        raise ValueError("data t must be at least one finite number")
    batch_size = check_int(batch_size, "batch size", minimum=1)
    if batch_size > t.size:
        raise ValueError(f"the batch size can be at most the number of data, {t.size}; got {batch_size}")
    return {"t": t, "w0": check_real(w0, "start w0"), "lr": learning_rate(lr),
            "epochs": check_int(epochs, "epochs", minimum=0), "batch_size": batch_size,
            "seed": check_int(seed, "random seed", minimum=0)}


@checked(data_inputs)
def race_data(seed: int, n: int = 16, mean: float = 3.0, spread: float = 1.0) -> np.ndarray:
    """n targets t_i = mean + spread * z_i, z_i standard normal from a generator seeded with ``seed``."""
    return mean + spread * np.random.default_rng(seed).standard_normal(n)


def mean_square(t: np.ndarray, w):
    """L(w) = (1/N) sum_i (w - t_i)^2 for t of shape (N,), w a number or an array of them (shape (M,)
    gives (M,)): the mean squared error of the prediction y = w. Its minimum is at w = mean(t)."""
    w = np.asarray(w, dtype=float)
    return np.mean(np.square(w[..., None] - t), axis=-1)


@dataclass(frozen=True)
class BatchRun:
    """One run of ``minibatch_descent``.

        batch_size
        w                 (updates + 1,)  w after every update, w_0 first
        loss              (epochs + 1,)   L(w) on all the data at the start and after every epoch
        updates_per_epoch ceil(N / batch_size)
    """

    batch_size: int
    w: np.ndarray
    loss: np.ndarray
    updates_per_epoch: int

    @property
    def updates(self) -> int:
        return len(self.w) - 1

    @property
    def diverged(self) -> bool:
        """Whether the run ended worse than it started (or beyond float64): it diverged."""
        end = self.loss[-1]
        return not math.isfinite(end) or end > self.loss[0]


@checked(batch_inputs, overflow_is_data=True)
def minibatch_descent(t, w0: float, lr: float, epochs: int, batch_size: int, seed: int = 0) -> BatchRun:
    """Gradient descent on L(w) = (1/N) sum_i (w - t_i)^2 in mini-batches (seed 001 §3.3).

    Every epoch shuffles the indices 0 .. N-1 with a generator seeded by (seed, epoch), as
    ``core.training.train`` does, and takes them ``batch_size`` at a time (the last batch may be
    smaller); each batch B moves w once, with the gradient of the loss on that batch alone:
        g_B = (1/|B|) sum_{i in B} 2 (w - t_i) = 2 (w - mean of t_B);   w <- w - lr g_B
    batch_size N is full-batch gradient descent (one exact step per epoch); batch_size 1 takes
    N steps per epoch, each with the gradient of one data point.
    """
    n = len(t)
    w, path, losses = w0, [w0], [float(mean_square(t, w0))]
    for epoch in range(epochs):
        order = np.random.default_rng([seed, epoch]).permutation(n)
        for start in range(0, n, batch_size):
            batch = t[order[start:start + batch_size]]
            w = w - lr * 2.0 * (w - float(np.mean(batch)))
            path.append(w)
        losses.append(float(mean_square(t, w)))
    return BatchRun(batch_size, np.array(path), np.array(losses), -(-n // batch_size))
