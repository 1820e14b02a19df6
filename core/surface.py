"""The RBF article's loss surface: its network's loss over its two weights, and the path that
gradient descent takes across it (seed 000's signature figure).

Seed 000's network has one hidden unit and one output unit, and both biases stay fixed (0 into
the hidden unit, -1 into the output), so only two numbers are learned:

    h = e^{-(x w_h)^2},    y = sigma(h w_o - 1),
    L(w_h, w_o) = -(1/N) sum_n [t_n log y_n + (1 - t_n) log(1 - y_n)]

Two weights make the loss a surface over the (w_h, w_o) plane. The article draws it, then the
30 steps from (w_h, w_o) = (2, -5) on it. It adds the cost of its N = 40 samples up (its xi is
N L); this page averages, so its surface is the article's divided by N, with the same shape,
and its learning rate is the article's times N (0.2 * 40 = 8) for the same steps.

The path comes from the playground's own training loop, ``core.training.train``, one epoch at
a time (an epoch of the article's setup is one full-batch step); ``rbf_loss`` recomputes the
surface for a whole grid at once, and the tests prove the two agree at every point of the path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.activations import gaussian_rbf, sigmoid
from core.checks import as_float_array, check_int, check_real, checked
from core.losses import EPS
from core.playground import GOOD_FIT, Setup, build_network, make_split
from core.training import evaluate, learning_rate, train

OUTPUT_BIAS = -1.0  # seed 000's fixed output bias: y = sigma(h w_o - 1)
#: The part of the plane drawn when the path stays inside it: the start (2, -5) and the valley.
WINDOW = ((0.0, 7.0), (-6.0, 8.0))
#: Where the colour bands of the surface change (values of L, the mean cross-entropy): closer
#: together near the valley floor, which lies near 0.16 to 0.4 for this data.
LEVELS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
#: Where a path can end: at the article's end point, elsewhere in the valley, outside it.
ENDS = ("article", "valley", "outside")
SAME_POINT = 0.05  # weights within this of the article's count as its end point


@dataclass(frozen=True)
class ArticleEnd:
    """What seed 000 prints after its 30 steps: the cost, summed over its samples, and the two
    weights, each to 2 decimals; and the learning rate its steps start from."""

    w_h: float
    w_o: float
    cost: float     # the article's xi: the cross-entropy summed over its samples
    samples: int
    lr: float       # on the summed cost

    @property
    def mean_loss(self) -> float:
        """The same cost as this page measures it, averaged: xi / N."""
        return self.cost / self.samples

    @property
    def mean_rate(self) -> float:
        """The learning rate on the averaged loss that takes the article's steps: lr N."""
        return self.lr * self.samples


#: 「最終的なコストは13.53で、その時の重みは wh: 0.76 and wo: 2.92 です。」
ARTICLE_END = ArticleEnd(w_h=0.76, w_o=2.92, cost=13.53, samples=40, lr=0.2)


# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks)
# ----------------------------------------------------------------------------


def loss_inputs(x, t, w_h, w_o) -> dict:
    """x: (N, 1) inputs or (N,); t: their 0/1 targets, the same length; w_h, w_o: numbers or
    arrays that broadcast together."""
    x = as_float_array(x, "x", ndim=(1, 2)).reshape(-1)
    t = as_float_array(t, "t", ndim=(1, 2)).reshape(-1)
    if x.size == 0 or x.size != t.size:
        raise ValueError(f"x and t need the same number of samples (at least one), got {x.size} and {t.size}")
    try:
        w_h, w_o = np.broadcast_arrays(as_float_array(w_h, "w_h"), as_float_array(w_o, "w_o"))
    except ValueError as exc:
        raise ValueError(f"w_h and w_o must have shapes that broadcast together: {exc}") from exc
    return {"x": x, "t": t, "w_h": w_h, "w_o": w_o}


def grid_inputs(x, t, w_h_range, w_o_range, n) -> dict:
    ranges = []
    for name, (lo, hi) in (("w_h", w_h_range), ("w_o", w_o_range)):
        lo, hi = check_real(lo, f"lowest {name}"), check_real(hi, f"highest {name}")
        if hi <= lo:
            raise ValueError(f"the range of {name} must go up, got {lo} to {hi}")
        ranges.append((lo, hi))
    data = loss_inputs(x, t, 0.0, 0.0)
    return {"x": data["x"], "t": data["t"], "w_h_range": ranges[0], "w_o_range": ranges[1],
            "n": check_int(n, "grid points per axis", minimum=2)}


def article_setup(setup) -> dict:
    """The RBF article's network: 1-D data, one Gaussian RBF unit, a sigmoid output with binary
    cross-entropy, biases fixed at 0 and -1 (then the loss depends on (w_h, w_o) alone)."""
    if not isinstance(setup, Setup):
        raise ValueError(f"a playground Setup is needed, got {type(setup).__name__}")
    start = setup.start
    shaped = (setup.dataset == "rbf_1d" and setup.hidden == (1,) and setup.activation == "gaussian_rbf"
              and setup.head == ("sigmoid", "bce") and setup.freeze_biases and len(start) == 2
              and start[0][1] == (0.0,) and start[1][1] == (OUTPUT_BIAS,))
    if not shaped:
        raise ValueError("the loss surface over (w_h, w_o) is drawn for the RBF article's network alone: "
                         "1-D data, one Gaussian RBF unit, a sigmoid output with binary cross-entropy, "
                         "the biases fixed at 0 and -1")
    return {"setup": setup}


# ----------------------------------------------------------------------------
# The surface
# ----------------------------------------------------------------------------


@checked(loss_inputs)
def rbf_loss(x, t, w_h, w_o) -> np.ndarray:
    """L(w_h, w_o) of seed 000's network for many pairs of weights at once.

    h = e^{-(x w_h)^2}, y = sigma(h w_o - 1), L = -mean_n [t log y + (1 - t) log(1 - y)], with y
    clipped to [EPS, 1 - EPS] as in core.losses.binary_cross_entropy.
    x, t: (N,); w_h, w_o: the same shape S (a grid, a path, a single pair). Returns L, shape S.
    """
    z_h = w_h[..., None] * x                         # (S..., N): every pair against every sample
    h = gaussian_rbf(z_h)
    y = np.clip(sigmoid(h * w_o[..., None] + OUTPUT_BIAS), EPS, 1.0 - EPS)
    return -np.mean(t * np.log(y) + (1.0 - t) * np.log(1.0 - y), axis=-1)


@dataclass(frozen=True)
class Surface:
    """The loss on a grid: ``loss[i, j] = L(w_h[j], w_o[i])`` (rows along w_o, columns along w_h)."""

    w_h: np.ndarray   # (n,)
    w_o: np.ndarray   # (n,)
    loss: np.ndarray  # (n, n)

    def lowest(self) -> tuple[float, float, float]:
        """(w_h, w_o, L) of the grid's lowest point."""
        i, j = np.unravel_index(np.argmin(self.loss), self.loss.shape)
        return float(self.w_h[j]), float(self.w_o[i]), float(self.loss[i, j])

    def lowest_on_edge(self) -> bool:
        """Whether the lowest point lies on the grid's border: then the valley goes on downhill
        out of the picture, and the picture holds no minimum."""
        i, j = np.unravel_index(np.argmin(self.loss), self.loss.shape)
        return i in (0, len(self.w_o) - 1) or j in (0, len(self.w_h) - 1)


@checked(grid_inputs)
def loss_surface(x, t, w_h_range: tuple[float, float], w_o_range: tuple[float, float],
                 n: int = 41) -> Surface:
    """L over an n x n grid of (w_h, w_o) spanning the two ranges, in one vectorised call."""
    w_h, w_o = np.linspace(*w_h_range, n), np.linspace(*w_o_range, n)
    grid_h, grid_o = np.meshgrid(w_h, w_o)           # (n, n), rows along w_o
    return Surface(w_h, w_o, rbf_loss.unchecked(x, t, grid_h, grid_o))


# ----------------------------------------------------------------------------
# The path
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Descent:
    """A training run of the article's network, one point per epoch, the start first.

    w_h, w_o, loss, accuracy: (K + 1,), the loss and accuracy on the whole training set as
    the training loop measures them; rate: (K,), the learning rate of each step; samples: N;
    layers: the trained network."""

    w_h: np.ndarray
    w_o: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    rate: np.ndarray
    samples: int
    layers: list

    @property
    def total_loss(self) -> float:
        """The final loss as the article counts it, summed over the samples: N L."""
        return float(self.loss[-1] * self.samples)


@checked(article_setup)
def descent_path(setup: Setup) -> Descent:
    """Train ``setup`` with core.training.train one epoch at a time, keeping (w_h, w_o) and the
    loss after each: the path across the surface. Training in steps of one epoch gives exactly
    the run of one call (train continues from start_epoch and the velocity)."""
    x, t, _, _ = make_split(setup)
    layers, velocity = build_network(setup), None
    loss, accuracy = evaluate(layers, x, t, "bce")
    points, losses, accuracies = [(layers[0][0][0, 0], layers[1][0][0, 0])], [loss], [accuracy]
    for epoch in range(setup.epochs):
        run = train(layers, x, t, loss="bce", lr=setup.lr, epochs=1, batch_size=setup.batch_size,
                    momentum=setup.momentum, seed=setup.seed, start_epoch=epoch, velocity=velocity,
                    freeze_biases=True, lr_decay_epochs=setup.epochs if setup.lr_decay else None)
        layers, velocity = run.layers, run.velocity
        points.append((layers[0][0][0, 0], layers[1][0][0, 0]))
        losses.append(run.loss[-1])
        accuracies.append(run.accuracy[-1])
    decay = setup.epochs if setup.lr_decay else None
    rates = [learning_rate(setup.lr, epoch, decay) for epoch in range(setup.epochs)]
    w_h, w_o = np.array(points).T
    return Descent(w_h, w_o, np.array(losses), np.array(accuracies), np.array(rates), len(x), layers)


def surface_window(descent: Descent, base=WINDOW, margin: float = 0.05) -> tuple:
    """((w_h lo, hi), (w_o lo, hi)): the base window, widened where the path leaves it, with a
    margin of ``margin`` times the path's extent on each side."""
    window = []
    for values, (lo, hi) in ((descent.w_h, base[0]), (descent.w_o, base[1])):
        pad = margin * (float(values.max() - values.min()) or 1.0)
        window.append((min(lo, float(values.min()) - pad), max(hi, float(values.max()) + pad)))
    return tuple(window)


def end_kind(descent: Descent, article: ArticleEnd = ARTICLE_END) -> str:
    """Where a path ended (one of ENDS): 'article' within SAME_POINT of the article's weights
    (the sign of w_h does not matter: h depends on (x w_h)^2); 'valley' where the network
    classifies at least GOOD_FIT of its samples right; 'outside' otherwise."""
    w_h, w_o = abs(float(descent.w_h[-1])), float(descent.w_o[-1])
    if abs(w_h - article.w_h) <= SAME_POINT and abs(w_o - article.w_o) <= SAME_POINT:
        return "article"
    return "valley" if descent.accuracy[-1] >= GOOD_FIT else "outside"


def summed_rate(lr: float, samples: int) -> float:
    """The learning rate on the summed cost that takes the same steps as ``lr`` on the mean:
    lr / N (the gradient of the sum is N times the gradient of the mean)."""
    return lr / samples
