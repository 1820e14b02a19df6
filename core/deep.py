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

from core._validate import check_int
from core.activations import ACTIVATIONS
from core.network import Layer, forward_checked, mlp_backward_with_deltas

INITS = ("small_normal", "xavier", "he")
SMALL_STD = 0.01
SIGMOID_MAX_SLOPE = 0.25


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
    if init == "he":
        return float(np.sqrt(2.0 / n_in))
    raise ValueError(f"unknown initialisation {init!r}; choose one of: {', '.join(INITS)}")


def deep_network(
    n_in: int, width: int, depth: int, n_out: int, activation: str, out_activation: str,
    init: str, seed: int,
) -> list[Layer]:
    """``depth`` hidden layers of ``width`` units, then an output layer; biases 0.

    Weights are drawn from N(0, init_std^2) with a generator seeded by ``seed``.
    """
    n_in = check_int(n_in, "inputs", minimum=1)
    width = check_int(width, "width", minimum=1)
    depth = check_int(depth, "depth", minimum=1)
    n_out = check_int(n_out, "outputs", minimum=1)
    seed = check_int(seed, "seed", minimum=0)
    for name in (activation, out_activation):
        if name not in ACTIVATIONS and name != "softmax":
            raise ValueError(f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}")
    rng = np.random.default_rng(seed)
    sizes = [n_in] + [width] * depth + [n_out]
    layers = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:], strict=False)):
        W = rng.normal(0.0, init_std(a, b, init), size=(b, a))
        layers.append((W, np.zeros(b), activation if i < depth else out_activation))
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


def gradient_profile(
    depth: int, width: int, activation: str, init: str, seed: int = 0, n_samples: int = 256
) -> GradientProfile:
    """Send random inputs x ~ N(0, 1) through a fresh deep network and back.

    The loss is the mean of the single output, L = mean(y): its gradient is the
    same 1/N for every sample, so whatever shrinks, shrinks inside the network.
    """
    n_samples = check_int(n_samples, "samples", minimum=1)
    layers = deep_network(width, width, depth, 1, activation, "identity", init, seed)
    x = np.random.default_rng([seed, 1]).normal(size=(n_samples, width))
    y, cache = forward_checked(x, layers)
    grads, _ = mlp_backward_with_deltas(np.full_like(y, 1.0 / n_samples), cache)
    grad_norm = np.array([np.linalg.norm(dW) for dW, _ in grads])
    distance = np.arange(len(grads))[::-1]
    bound = grad_norm[-1] * SIGMOID_MAX_SLOPE ** distance
    act = ACTIVATIONS[activation]
    peak = float(np.max(act.derivative(np.linspace(-6, 6, 1201))))
    hidden_u = cache["us"][:-1]
    hidden_h = cache["hs"][1:-1]
    act_std = np.array([float(np.std(h)) for h in hidden_h])
    saturated = np.array([float(np.mean(act.derivative(u) < 0.05 * peak)) for u in hidden_u])
    return GradientProfile(grad_norm, bound, act_std, saturated)


def layer_movement(initial: list[Layer], final: list[Layer]) -> np.ndarray:
    """How far each layer's weights moved in training: ||W_final - W_init|| / ||W_init||."""
    return np.array([
        float(np.linalg.norm(W1 - W0) / max(np.linalg.norm(W0), 1e-300))
        for (W0, _, _), (W1, _, _) in zip(initial, final, strict=True)
    ])


def sigmoid_bound(n_layers: int) -> np.ndarray:
    """0.25^k for k = 0..n_layers: the most a gradient can keep after k sigmoid layers.

    Seed 001's example: two sigmoid layers between the loss and the first
    parameters scale the gradient by at most 0.25 * 0.25 = 0.0625.
    """
    n_layers = check_int(n_layers, "number of layers", minimum=0)
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
