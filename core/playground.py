"""The training playground: the seeds' own training examples as presets.

A ``Setup`` holds everything that decides a training run — data, network,
optimiser, seed — so the same Setup always gives the same curve. ``PRESETS``
reproduce the articles' setups:

- seed 000: a 1-D two-class problem; one hidden unit with a Gaussian RBF, a
  sigmoid output with its bias fixed at -1, cross-entropy, starting weights
  wh = 2, wo = -5, 30 full-batch steps with a learning rate falling to 0;
- seed 002: a 2-3-3 network, tanh and softmax, cross-entropy, mini-batches of 4,
  learning rate 0.5, momentum 0.1, on make_classification's three classes; the
  same on make_moons (2-3-2), with 20 hidden units to show overfitting, and XOR;
- seed 004: a 1-3-1 network, sigmoid hidden and identity output, squared error,
  SGD with batch size 1, fitting one period of a sine curve.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from core import datasets
from core.checks import check_int, checked
from core.deep import init_std
from core.network import Layer, mlp_forward, network_inputs

DATASETS = ("rbf_1d", "three_classes", "moons", "xor", "sine")
#: What each data set asks of the network: inputs, outputs and the kind of task.
TASKS = {
    "rbf_1d": (1, 1, "binary"),
    "three_classes": (2, 3, "classes"),
    "moons": (2, 2, "classes"),
    "xor": (2, 2, "classes"),
    "sine": (1, 1, "regression"),
}
#: Output activation and loss that fit a task: the first is the usual choice.
HEADS = {
    "binary": (("sigmoid", "bce"), ("sigmoid", "mse")),
    "classes": (("softmax", "cross_entropy"), ("softmax", "mse")),
    "regression": (("identity", "mse"),),
}
INITS = ("xavier", "he", "small_normal", "uniform01")
MAX_UNITS = 64
MAX_LAYERS = 3


@dataclass(frozen=True)
class Setup:
    """Everything that decides a training run (hashable, so finished runs can be cached)."""

    dataset: str
    n_samples: int
    noise: float
    hidden: tuple[int, ...]
    activation: str
    head: tuple[str, str]  # (output activation, loss)
    lr: float
    momentum: float
    batch_size: int | None  # None: the whole training set
    epochs: int
    init: str = "xavier"
    seed: int = 0
    test_fraction: float = 0.3
    lr_decay: bool = False
    freeze_biases: bool = False
    start: tuple = field(default=(), compare=True)  # fixed starting (W, b) values, row tuples


def _hashable(layers) -> tuple:
    return tuple((tuple(map(tuple, W)), tuple(b)) for W, b in layers)


PRESETS: dict[str, Setup] = {
    # Seed 000 sums the cost over its 40 samples with learning rate 0.2; core averages,
    # so the same steps need 0.2 * 40 = 8.
    # The result depends on the random sample (the article says so too); data seed 1
    # is one where the 30 steps find a good boundary.
    "seed000_rbf": Setup("rbf_1d", 20, 0.5, (1,), "gaussian_rbf", ("sigmoid", "bce"), 8.0, 0.0,
                         None, 30, seed=1, test_fraction=0.0, lr_decay=True, freeze_biases=True,
                         start=_hashable([([[2.0]], [0.0]), ([[-5.0]], [-1.0])])),
    "seed002_classes": Setup("three_classes", 300, 0.0, (3,), "tanh", ("softmax", "cross_entropy"),
                             0.5, 0.1, 4, 200, init="uniform01"),
    "seed002_moons": Setup("moons", 200, 0.15, (3,), "tanh", ("softmax", "cross_entropy"), 0.5, 0.1,
                           4, 200, init="uniform01"),
    "seed002_moons20": Setup("moons", 60, 0.3, (20,), "tanh", ("softmax", "cross_entropy"), 0.5, 0.1,
                             4, 400, init="uniform01", test_fraction=0.5),
    "seed002_xor": Setup("xor", 200, 0.3, (3,), "tanh", ("softmax", "cross_entropy"), 0.5, 0.1, 4, 100,
                         init="uniform01"),
    # Seed 004's book minimises half the squared error; core's MSE has no 1/2, so its
    # step sizes match with half the learning rate.
    "seed004_sine": Setup("sine", 63, 0.0, (3,), "sigmoid", ("identity", "mse"), 0.2, 0.0, 1, 300,
                          init="xavier", test_fraction=0.0),
}


# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks). Each takes a function's arguments by
# name and returns them as the math wants them, or raises ValueError saying what to change.
# ----------------------------------------------------------------------------


def network_setup(setup: Setup) -> dict:
    """At most MAX_LAYERS hidden layers of 1 to MAX_UNITS units; fixed starting weights that fit."""
    if len(setup.hidden) > MAX_LAYERS:
        raise ValueError(f"at most {MAX_LAYERS} hidden layers, got {len(setup.hidden)}")
    for width in setup.hidden:
        check_int(width, "units in a hidden layer", minimum=1)
        if width > MAX_UNITS:
            raise ValueError(f"at most {MAX_UNITS} units per hidden layer, got {width}")
    if setup.start:
        if len(setup.start) != len(setup.hidden) + 1:
            raise ValueError(f"the fixed starting weights need one (W, b) per layer, "
                             f"{len(setup.hidden) + 1}, got {len(setup.start)}")
        n_in = TASKS[setup.dataset][0]
        network_inputs(np.zeros((1, n_in)), [(W, b, "identity") for W, b in setup.start])
    return {"setup": setup}


def grid_size(layers, x_range, y_range, n) -> dict:
    return {"layers": layers, "x_range": x_range, "y_range": y_range,
            "n": check_int(n, "grid size", minimum=2)}


def line_size(layers, x_range, n) -> dict:
    return {"layers": layers, "x_range": x_range, "n": check_int(n, "points", minimum=2)}


# ----------------------------------------------------------------------------
# Data, the starting network, predictions
# ----------------------------------------------------------------------------


def make_data(setup: Setup) -> tuple[np.ndarray, np.ndarray]:
    """The whole data set of a setup, (x, t)."""
    if setup.dataset == "rbf_1d":
        return datasets.rbf_1d(setup.n_samples, setup.noise, setup.seed)
    if setup.dataset == "three_classes":
        return datasets.three_classes(setup.n_samples, setup.seed)
    if setup.dataset == "moons":
        return datasets.moons(setup.n_samples, setup.noise, setup.seed)
    if setup.dataset == "xor":
        return datasets.xor(setup.n_samples, setup.noise, setup.seed)
    if setup.dataset == "sine":
        return datasets.sine(setup.n_samples, setup.noise, setup.seed)
    raise ValueError(f"unknown data set {setup.dataset!r}; choose one of: {', '.join(DATASETS)}")


def make_split(setup: Setup):
    """(x_train, t_train, x_test, t_test) for a setup; the split is seeded too."""
    x, t = make_data(setup)
    return datasets.split(x, t, setup.test_fraction, setup.seed)


@checked(network_setup)
def build_network(setup: Setup) -> list[Layer]:
    """The starting network of a setup: fixed values if the preset gives them, else seeded
    random weights (biases 0).

    Layer l: W_l (n_l, n_{l-1}), b_l (n_l,), with n_0 inputs and the last n the outputs.
    init: xavier, he, small_normal (as on the vanishing-gradient page) or uniform01,
    seed 002's np.random.rand: weights and biases uniform in [0, 1).
    """
    n_in, n_out, _ = TASKS[setup.dataset]
    names = [setup.activation] * len(setup.hidden) + [setup.head[0]]  # hidden layers, then the output
    if setup.start:
        return [(np.array(W, dtype=float), np.array(b, dtype=float), name)
                for (W, b), name in zip(setup.start, names, strict=True)]
    rng = np.random.default_rng([setup.seed, 7])
    sizes = [n_in, *setup.hidden, n_out]
    layers = []
    for l, name in enumerate(names):
        n_prev, n_next = sizes[l], sizes[l + 1]
        if setup.init == "uniform01":
            W, b = rng.uniform(0.0, 1.0, (n_next, n_prev)), rng.uniform(0.0, 1.0, n_next)
        else:
            W, b = rng.normal(0.0, init_std(n_prev, n_next, setup.init), (n_next, n_prev)), np.zeros(n_next)
        layers.append((W, b, name))
    return layers


def with_changes(setup: Setup, **changes) -> Setup:
    """A copy of a setup with some fields changed. Fixed starting weights survive only
    while the data, the network's shape, its activations and the initialisation stay
    as they were (otherwise they would not fit)."""
    shaped = ("dataset", "hidden", "activation", "head", "init")
    same_shape = all(changes.get(k, getattr(setup, k)) == getattr(setup, k) for k in shaped)
    return replace(setup, **changes, start=setup.start if same_shape else ())


def run_key(setup: Setup) -> Setup:
    """What identifies a run's progress: the setup without its number of epochs, since
    training more epochs continues the same run (unless the learning rate decays over
    a set number of epochs)."""
    return setup if setup.lr_decay else replace(setup, epochs=0)


@checked(grid_size)
def predict_grid(layers, x_range: tuple[float, float], y_range: tuple[float, float], n: int = 60):
    """Network outputs on an n x n grid, for drawing decision regions.

    Returns (gx, gy, y): grid coordinates, each (n * n,), and the outputs (n * n, out).
    """
    xs = np.linspace(*x_range, n)
    ys = np.linspace(*y_range, n)
    gx, gy = np.meshgrid(xs, ys)
    points = np.stack([gx.ravel(), gy.ravel()], axis=1)
    y, _ = mlp_forward(points, layers)
    return gx.ravel(), gy.ravel(), y


@checked(line_size)
def predict_line(layers, x_range: tuple[float, float], n: int = 200):
    """Network output along a line of 1-D inputs: (xs (n,), y (n, out))."""
    xs = np.linspace(*x_range, n)[:, None]
    y, _ = mlp_forward(xs, layers)
    return xs[:, 0], y


def hidden_values(layers, x) -> np.ndarray:
    """The first hidden layer's outputs h = a(W1 x + b1) for inputs x: seed 000's
    "projection of the inputs by the hidden layer"."""
    _, cache = mlp_forward(np.atleast_2d(x), layers)
    return cache["hs"][1]


def target_curve(setup: Setup, xs) -> np.ndarray | None:
    """The noiseless function behind a regression data set, along xs (None otherwise).

    For the sine data x = (angle - pi) / pi, so the curve is sin(pi (x + 1)).
    """
    if setup.dataset != "sine":
        return None
    return np.sin(np.pi * (np.asarray(xs, dtype=float) + 1.0))


def predicted_class(y: np.ndarray) -> np.ndarray:
    """Class of each output row: argmax for several outputs, y > 0.5 for one."""
    y = np.atleast_2d(y)
    return (y[:, 0] > 0.5).astype(int) if y.shape[1] == 1 else np.argmax(y, axis=1)


#: How a finished run can end: with a test set, and without one (then overfitting cannot be seen).
OUTCOMES = ("learns", "overfits", "underfits", "diverges")
OUTCOMES_WITHOUT_TEST = ("fits", "underfits", "diverges")
GOOD_FIT = 0.85      # a training set counts as fitted from 85 % accuracy (classes) or R² = 0.85 (regression)
OVERFIT_RATIO = 2.0  # and as overfitted when the test loss ends at least twice the training loss


def fit_score(layers, x, t, task: str) -> float:
    """How well a network fits (x, t), from 0 to 1: for classes the accuracy, the share of samples
    whose predicted class (argmax, or y > 0.5 for one output) is the target's; for regression
    R² = 1 - sum (y - t)² / sum (t - mean t)² (1: a perfect fit, 0: no better than the mean).
    x: (N, in), t: (N, out)."""
    y, _ = mlp_forward(np.atleast_2d(x), layers)
    if task != "regression":
        return float(np.mean(predicted_class(y) == predicted_class(t)))
    spread = float(np.sum((t - t.mean(axis=0)) ** 2))
    return 1.0 - float(np.sum((y - t) ** 2)) / spread if spread > 0 else 0.0


@dataclass(frozen=True)
class Outcome:
    """How a finished run went (``kind``, one of OUTCOMES or OUTCOMES_WITHOUT_TEST) and the
    numbers that decided it: the scores of ``fit_score`` and the final test loss / training loss."""

    kind: str
    train_score: float | None
    test_score: float | None
    loss_ratio: float | None


def training_outcome(layers, data, history: dict, diverged_at: int | None, task: str) -> Outcome:
    """Classify a finished run, in this order:

    - 'diverges': the loss stopped being a finite number (``diverged_at`` is set);
    - 'underfits': the training score is below GOOD_FIT;
    - 'overfits': the test loss ends at least OVERFIT_RATIO times the training loss, and the
      test score is below the training score (so tiny losses that differ do not count);
    - otherwise 'learns', or 'fits' when there is no test set.

    layers: the trained network; data: (x_train, t_train, x_test, t_test) as ``make_split``
    gives them (an empty test set: none); history: per-epoch 'loss' and 'test_loss'.
    """
    if diverged_at is not None:
        return Outcome("diverges", None, None, None)
    x, t, x_test, t_test = data
    train = fit_score(layers, x, t, task)
    if not len(x_test):
        return Outcome("fits" if train >= GOOD_FIT else "underfits", train, None, None)
    test = fit_score(layers, x_test, t_test, task)
    loss, test_loss = float(history["loss"][-1]), float(history["test_loss"][-1])
    ratio = test_loss / loss if loss > 0 else (np.inf if test_loss > 0 else 1.0)
    if train < GOOD_FIT:
        kind = "underfits"
    elif ratio >= OVERFIT_RATIO and test < train:
        kind = "overfits"
    else:
        kind = "learns"
    return Outcome(kind, train, test, ratio)


def parameter_count(layers) -> int:
    """How many numbers training adjusts: every weight and every bias, sum of W.size + b.size."""
    return int(sum(np.asarray(W).size + np.asarray(b).size for W, b, *_ in layers))


def updates_per_epoch(setup: Setup) -> int:
    """Parameter updates in one epoch: one per mini-batch, ceil(N_train / batch size) (the last
    batch may be smaller); one for the whole training set when batch_size is None."""
    n = len(make_split(setup)[0])
    return 1 if setup.batch_size is None else -(-n // min(setup.batch_size, n))
