"""Deep networks and the vanishing gradient (勾配消失, seed 001 §3.5).

Backpropagation multiplies, layer by layer, by W^T and by the activation's slope
f'(u). The sigmoid's slope is at most 0.25, so through L sigmoid layers the
gradient shrinks by a factor of at most 0.25^L (two layers: 0.0625), before the
weights are even counted. These functions build deep networks with a chosen
initialisation and measure, layer by layer, how large the gradients and the
activations are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.activations import ACTIVATIONS, LAYER_ACTIVATIONS
from core.checks import check_int, checked
from core.network import Layer, mlp_backward_with_deltas, mlp_forward

INITS = ("small_normal", "xavier", "he")
SMALL_STD = 0.01
SIGMOID_MAX_SLOPE = 0.25

# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks). Each takes a function's arguments by
# name and returns them as the math wants them, or raises ValueError saying what to change.
# ----------------------------------------------------------------------------


def initialisation(n_in, n_out, init) -> dict:
    if init not in INITS:
        raise ValueError(f"unknown initialisation {init!r}; choose one of: {', '.join(INITS)}")
    return {"n_in": n_in, "n_out": n_out, "init": init}


def network_shape(n_in, width, depth, n_out, activation, out_activation, init, seed) -> dict:
    """Whole numbers >= 1 for the sizes (seed >= 0), known activations and initialisation."""
    sizes = {"n_in": check_int(n_in, "inputs", minimum=1), "width": check_int(width, "width", minimum=1),
             "depth": check_int(depth, "depth", minimum=1), "n_out": check_int(n_out, "outputs", minimum=1)}
    seed = check_int(seed, "seed", minimum=0)
    for name in (activation, out_activation):
        if name not in LAYER_ACTIVATIONS:
            raise ValueError(f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}")
    initialisation(1, 1, init)
    return {**sizes, "activation": activation, "out_activation": out_activation, "init": init, "seed": seed}


def profile_inputs(depth, width, activation, init, seed, n_samples) -> dict:
    """A deep network of element-wise ``activation`` layers, and how many samples to send."""
    n_samples = check_int(n_samples, "samples", minimum=1)
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose one of: {', '.join(ACTIVATIONS)}")
    shape = network_shape(width, width, depth, 1, activation, "identity", init, seed)
    return {"depth": shape["depth"], "width": shape["width"], "activation": activation, "init": init,
            "seed": shape["seed"], "n_samples": n_samples}


def layer_count(n_layers) -> dict:
    return {"n_layers": check_int(n_layers, "number of layers", minimum=0)}


# ----------------------------------------------------------------------------
# Deep networks at initialisation
# ----------------------------------------------------------------------------


@checked(initialisation)
def init_std(n_in: int, n_out: int, init: str) -> float:
    """Standard deviation of the initial weights of one (n_out, n_in) layer.

    small_normal: 0.01 for every layer (small random numbers, the classic default)
    xavier:       sqrt(2 / (n_in + n_out))  (Glorot: keeps the signal's size for tanh/sigmoid)
    he:           sqrt(2 / n_in)            (keeps the signal's size for ReLU, which zeroes half)
    """
    if init == "small_normal":
        return SMALL_STD
    if init == "xavier":
        return float(np.sqrt(2.0 / (n_in + n_out)))
    return float(np.sqrt(2.0 / n_in))  # he


@checked(network_shape)
def deep_network(
    n_in: int, width: int, depth: int, n_out: int, activation: str, out_activation: str,
    init: str, seed: int,
) -> list[Layer]:
    """``depth`` hidden layers of ``width`` units, then an output layer; biases 0.

    Layer l maps n_{l-1} inputs to n_l outputs: W_l (n_l, n_{l-1}) drawn from
    N(0, init_std^2) with a generator seeded by ``seed``, b_l = 0 (n_l,).
    """
    rng = np.random.default_rng(seed)
    sizes = [n_in] + [width] * depth + [n_out]
    layers = []
    for l, (n_prev, n_next) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        W = rng.normal(0.0, init_std.unchecked(n_prev, n_next, init), size=(n_next, n_prev))
        layers.append((W, np.zeros(n_next), activation if l < depth else out_activation))
    return layers


@dataclass(frozen=True)
class GradientProfile:
    """Per-layer sizes in a deep network at initialisation, input side first.

    grad_norm[l]:   ||dL/dW_l||, the size of layer l's weight gradient (depth + 1 layers)
    bound[l]:       grad_norm of the output layer times 0.25^(distance to it): how small
                    the sigmoid's slope alone would make it
    act_std[l]:     spread (standard deviation) of the hidden activations h_l (depth layers)
    saturated[l]:   share of hidden units where the slope is under 5% of its maximum
                    (sigmoid/tanh far out on a flat tail, ReLU switched off)
    """

    grad_norm: np.ndarray
    bound: np.ndarray
    act_std: np.ndarray
    saturated: np.ndarray


@checked(profile_inputs, overflow_is_data=True)
def gradient_profile(
    depth: int, width: int, activation: str, init: str, seed: int = 0, n_samples: int = 256
) -> GradientProfile:
    """Send random inputs x ~ N(0, 1) through a fresh deep network and back.

    The loss is the mean of the single output, L = mean(y): its gradient dL/dy is the
    same 1/N for every sample, so whatever shrinks, shrinks inside the network.
    """
    layers = deep_network.unchecked(width, width, depth, 1, activation, "identity", init, seed)
    x = np.random.default_rng([seed, 1]).normal(size=(n_samples, width))
    y, cache = mlp_forward.unchecked(x, layers)
    grads, _ = mlp_backward_with_deltas.unchecked(np.full_like(y, 1.0 / n_samples), cache)
    grad_norm = np.array([np.linalg.norm(dW) for dW, _ in grads])
    distance = np.arange(len(grads))[::-1]  # layers between each W and the output
    bound = grad_norm[-1] * SIGMOID_MAX_SLOPE ** distance
    slope = ACTIVATIONS[activation].derivative
    peak = float(np.max(slope(np.linspace(-6, 6, 1201))))
    act_std = np.array([float(np.std(h)) for h in cache["hs"][1:-1]])  # hidden h_1 .. h_depth
    saturated = np.array([float(np.mean(slope(u) < 0.05 * peak)) for u in cache["us"][:-1]])
    return GradientProfile(grad_norm, bound, act_std, saturated)


def layer_movement(initial: list[Layer], final: list[Layer]) -> np.ndarray:
    """How far each layer's weights moved in training: ||W_final - W_init|| / ||W_init||."""
    return np.array([
        float(np.linalg.norm(W1 - W0) / max(np.linalg.norm(W0), 1e-300))
        for (W0, _, _), (W1, _, _) in zip(initial, final, strict=True)
    ])


@checked(layer_count)
def sigmoid_bound(n_layers: int) -> np.ndarray:
    """0.25^k for k = 0..n_layers: the most a gradient can keep after k sigmoid layers.

    Seed 001's example: two sigmoid layers between the loss and the first
    parameters scale the gradient by at most 0.25 * 0.25 = 0.0625.
    """
    return SIGMOID_MAX_SLOPE ** np.arange(n_layers + 1)


def first_to_last(profile: GradientProfile) -> float:
    """||dL/dW_1|| / ||dL/dW_output||: how much of the gradient reaches the first layer."""
    last = profile.grad_norm[-1]
    return float(profile.grad_norm[0] / last) if last > 0 else 0.0


def underflowed(profile: GradientProfile) -> int:
    """Number of layers whose gradient became exactly 0 (too small for a float64)."""
    return int(np.sum(profile.grad_norm == 0.0))


RECOMMENDED_INIT = {"sigmoid": "xavier", "tanh": "xavier", "relu": "he"}


def compare_training(
    activations: tuple[str, ...], depth: int, width: int, epochs: int, lr: float, init: str,
    seed: int = 0, n_samples: int = 200,
):
    """Train one deep network per activation on the same two-rings data, from the same seed.

    init "recommended" gives each activation its usual initialisation (Xavier for
    sigmoid and tanh, He for ReLU); any name from INITS uses it for all.
    Output: one sigmoid unit with binary cross-entropy; full-batch gradient descent.
    Returns {activation: (History, layer_movement)} and the data (x, t).
    """
    from core.datasets import rings
    from core.training import train

    x, t = rings(n_samples, 0.1, seed)
    runs = {}
    for act in activations:
        chosen = RECOMMENDED_INIT.get(act, "xavier") if init == "recommended" else init
        start = deep_network(2, width, depth, 1, act, "sigmoid", chosen, seed)
        history = train(start, x, t, loss="bce", lr=lr, epochs=epochs)
        runs[act] = (history, layer_movement(start, history.layers))
    return runs, (x, t)


def mean_saturation(profile: GradientProfile) -> float:
    """Share of all hidden units, over all layers, sitting where the slope is nearly 0."""
    return float(np.mean(profile.saturated))


# ----------------------------------------------------------------------------
# What the page asks the learner to predict
# ----------------------------------------------------------------------------

SAME_SPREAD = 100.0   # gradients within this factor of each other count as "about the same"
SAME_ACCURACY = 0.05  # accuracies within 5 percentage points count as "about the same"


@dataclass(frozen=True)
class SmallestGradient:
    """Which layer's weights get the smallest gradient, and by how much.

    where:          "first" (layer 1, nearest the input), "middle", "last" (the output
                    layer), or "same" when the largest is at most SAME_SPREAD times the smallest
    smallest_layer, largest_layer: 1-based layer numbers (input side first)
    smallest, largest: the two gradient sizes ||dL/dW_l||
    spread:         largest / smallest (1 if every layer is 0, inf if only some are)
    """

    where: str
    smallest_layer: int
    largest_layer: int
    smallest: float
    largest: float
    spread: float


def smallest_gradient(profile: GradientProfile, same_within: float = SAME_SPREAD) -> SmallestGradient:
    """Where in the network the gradient is smallest: first, middle or last layer, or "same".

    "same" when max_l ||dL/dW_l|| <= same_within * min_l ||dL/dW_l|| (a factor of 100 is two
    powers of ten on the page's log-scale chart); otherwise the position of the smallest.
    """
    g = profile.grad_norm
    low, high = int(np.argmin(g)), int(np.argmax(g))
    smallest, largest = float(g[low]), float(g[high])
    if smallest > 0:
        spread = largest / smallest
    else:
        spread = 1.0 if largest == 0 else float("inf")
    if largest <= same_within * smallest:
        where = "same"
    else:
        where = "first" if low == 0 else "last" if low == len(g) - 1 else "middle"
    return SmallestGradient(where, low + 1, high + 1, smallest, largest, spread)


def higher_accuracy(accuracies: dict[str, float], same_within: float = SAME_ACCURACY) -> str:
    """The name of the run with the higher accuracy, or "same" when two runs are within
    ``same_within`` of each other (inclusive; 0.05 = 5 percentage points = 10 of 200 points)."""
    (a, acc_a), (b, acc_b) = accuracies.items()
    if abs(acc_a - acc_b) <= same_within + 1e-9:  # accuracies are counts / N: no rounding verdicts
        return "same"
    return a if acc_a > acc_b else b
