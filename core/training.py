"""Training a network: mini-batch stochastic gradient descent (SGD) with momentum.

One epoch (seed 001 §3.3): shuffle the sample indices, take them ``batch_size``
at a time, and for each mini-batch compute the loss's gradient (the average over
the batch) and update every parameter:

    v <- momentum * v - lr * dL/dW        (seed 002's update, -eta*grad + M*dW)
    W <- W + v

With momentum 0 this is plain gradient descent; with batch_size = N it is
full-batch gradient descent; with batch_size = 1 it is seed 004's SGD.

Epoch e shuffles with a generator seeded by (seed, e), so training 10 epochs at
once or 5 + 5 gives the same result: a page can train in chunks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.checks import as_float_array, check_int, check_real, checked
from core.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy,
    cross_entropy_grad,
    mse,
    mse_grad,
    prediction_and_target,
)
from core.network import Layer, mlp_backward_with_deltas, mlp_forward, network_inputs

LOSSES = ("mse", "bce", "cross_entropy")

# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks). Each takes a function's arguments by
# name and returns them as the math wants them, or raises ValueError saying what to change.
# ----------------------------------------------------------------------------


def loss_name(loss) -> str:
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose one of: {', '.join(LOSSES)}")
    return loss


def loss_inputs(y, t, loss, out_activation) -> dict:
    """y: the network's output (N, out); t: its targets, the same shape; loss: one of LOSSES."""
    loss = loss_name(loss)
    return {**prediction_and_target(y, t), "loss": loss, "out_activation": out_activation}


def data_set(x, t, name: str) -> tuple[np.ndarray, np.ndarray]:
    """x: (N, in) (a single sample (in,) is a batch of one); t: (N, out) or (N,) (one column)."""
    x = np.atleast_2d(as_float_array(x, f"x_{name}"))
    t = as_float_array(t, f"t_{name}")
    t = t[:, None] if t.ndim == 1 else t
    if x.shape[0] == 0:
        raise ValueError(f"the {name} set is empty: it needs at least one sample")
    if t.shape[0] != x.shape[0]:
        raise ValueError(f"the {name} set has {x.shape[0]} inputs but {t.shape[0]} targets")
    return x, t


def network_for(x, t, layers) -> list[Layer]:
    """Float copies of ``layers``, checked against the inputs x and the targets t."""
    layers = network_inputs(x, layers)["layers"]
    if layers[-1][0].shape[0] != t.shape[1]:
        raise ValueError(f"the network has {layers[-1][0].shape[0]} output(s) but t has {t.shape[1]}")
    return layers


def evaluation_inputs(layers, x, t, loss) -> dict:
    x, t = data_set(x, t, "data")
    return {"layers": network_for(x, t, layers), "x": x, "t": t, "loss": loss_name(loss)}


def training_inputs(layers, x, t, loss, lr, epochs, batch_size, momentum, seed, start_epoch, velocity,
                    x_test, t_test, freeze_biases, lr_decay_epochs) -> dict:
    """Everything ``train`` needs, checked once: numbers in range, data and network that fit.
    batch_size None becomes N (full batch); velocity None becomes zeros."""
    loss = loss_name(loss)
    lr = check_real(lr, "learning rate", minimum=0.0, strict_minimum=True)
    epochs = check_int(epochs, "epochs", minimum=0)
    momentum = check_real(momentum, "momentum", minimum=0.0, maximum=0.999)
    seed = check_int(seed, "seed", minimum=0)
    if lr_decay_epochs is not None:
        lr_decay_epochs = check_int(lr_decay_epochs, "learning-rate decay epochs", minimum=1)
    x, t = data_set(x, t, "training")
    n = x.shape[0]
    batch_size = n if batch_size is None else min(check_int(batch_size, "batch size", minimum=1), n)
    layers = network_for(x, t, layers)
    if velocity is None:
        velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b, _ in layers]
    if x_test is not None:
        x_test, t_test = data_set(x_test, t_test, "test")
    return {"layers": layers, "x": x, "t": t, "loss": loss, "lr": lr, "epochs": epochs,
            "batch_size": batch_size, "momentum": momentum, "seed": seed,
            "start_epoch": check_int(start_epoch, "start epoch", minimum=0), "velocity": velocity,
            "x_test": x_test, "t_test": t_test, "freeze_biases": bool(freeze_biases),
            "lr_decay_epochs": lr_decay_epochs}


# ----------------------------------------------------------------------------
# Loss, scores, training
# ----------------------------------------------------------------------------


@checked(loss_inputs)
def loss_and_gradient(y: np.ndarray, t: np.ndarray, loss: str, out_activation: str):
    """The loss of a batch and where backpropagation starts.

    y, t: (N, out). Returns (L, dL/dy, delta_out): for a softmax output with
    cross-entropy and a sigmoid output with binary cross-entropy, delta_out = dL/du
    = (y - t) / N exactly (seed 003's Softmax-with-Loss) and dL/dy is None;
    otherwise dL/dy (N, out) and delta_out None.
    """
    if loss == "mse":
        return mse.unchecked(y, t), mse_grad.unchecked(y, t), None
    if loss == "bce" and out_activation == "sigmoid":
        return binary_cross_entropy.unchecked(y, t), None, (y - t) / y.size
    if loss == "bce":
        return binary_cross_entropy.unchecked(y, t), binary_cross_entropy_grad.unchecked(y, t), None
    if out_activation == "softmax":
        return cross_entropy.unchecked(y, t), None, (y - t) / y.shape[0]
    return cross_entropy.unchecked(y, t), cross_entropy_grad.unchecked(y, t), None


def accuracy(y: np.ndarray, t: np.ndarray, loss: str) -> float | None:
    """Share of samples classified right: argmax for one-hot targets, y > 0.5 for 0/1
    targets; None for regression (MSE). y, t: (N, out)."""
    if loss == "cross_entropy":
        return float(np.mean(np.argmax(y, axis=1) == np.argmax(t, axis=1)))
    if loss == "bce":
        return float(np.mean((y > 0.5) == (t > 0.5)))
    return None


@checked(evaluation_inputs, overflow_is_data=True)
def evaluate(layers: Sequence, x, t, loss: str) -> tuple[float, float | None]:
    """(loss, accuracy) of a network on a data set. x: (N, in), t: (N, out)."""
    y, _ = mlp_forward.unchecked(x, layers)
    return loss_and_gradient.unchecked(y, t, loss, layers[-1][2])[0], accuracy(y, t, loss)


@dataclass(frozen=True)
class History:
    """What a training run leaves behind.

    layers / velocity: the final parameters and momentum buffers (pass both back
    in, with start_epoch=epochs_done, to continue training); after a divergence,
    the last finite ones, from before the epoch that blew up.
    loss, accuracy: one value per epoch, on the whole training set after the epoch
    (accuracy is None for regression). test_loss, test_accuracy: the same on the
    test set, if one was given. diverged_at: the epoch after which the loss stopped
    being a finite number; training stops there.
    """

    layers: list
    velocity: list
    loss: np.ndarray
    accuracy: np.ndarray | None
    test_loss: np.ndarray | None
    test_accuracy: np.ndarray | None
    epochs_done: int
    diverged_at: int | None


def epoch_scores(layers, x, t, x_test, t_test, loss: str) -> tuple:
    """(loss, accuracy, test loss, test accuracy) after an epoch; the test ones are None
    without a test set, the accuracies None for regression. Values already checked."""
    scores = evaluate.unchecked(layers, x, t, loss)
    test = (None, None) if x_test is None else evaluate.unchecked(layers, x_test, t_test, loss)
    return (*scores, *test)


def history_of(layers, velocity, scores: list[tuple], start_epoch: int, diverged_at) -> History:
    """A History from the per-epoch ``epoch_scores``."""
    columns = list(zip(*scores, strict=True)) or [(), (), (), ()]

    def curve(values):
        return None if not values or values[0] is None else np.array(values, dtype=float)

    return History(layers=layers, velocity=velocity, loss=np.array(columns[0], dtype=float),
                   accuracy=curve(columns[1]), test_loss=curve(columns[2]),
                   test_accuracy=curve(columns[3]), epochs_done=start_epoch + len(scores),
                   diverged_at=diverged_at)


def learning_rate(lr: float, epoch: int, decay_epochs: int | None) -> float:
    """The learning rate of epoch ``epoch`` (counted from 0): lr, or, falling in a straight line
    over ``decay_epochs``, lr (1 - (epoch + 1) / decay_epochs), 0 from that epoch on. Seed 000
    lowers its rate by lr / 30 before each of its 30 updates: the last one moves nothing."""
    return lr if decay_epochs is None else lr * max(0.0, 1.0 - (epoch + 1) / decay_epochs)


@checked(training_inputs, overflow_is_data=True)
def train(
    layers: Sequence,
    x,
    t,
    *,
    loss: str,
    lr: float,
    epochs: int,
    batch_size: int | None = None,
    momentum: float = 0.0,
    seed: int = 0,
    start_epoch: int = 0,
    velocity: list | None = None,
    x_test=None,
    t_test=None,
    freeze_biases: bool = False,
    lr_decay_epochs: int | None = None,
) -> History:
    """Train ``layers`` on (x, t) with mini-batch SGD and momentum; see the module docstring.

    x: (N, in), t: (N, out) targets (one-hot for cross_entropy, 0/1 for bce).
    Every mini-batch:  v <- momentum * v - lr * dL/dW;  W <- W + v  (and the same for b).
    batch_size None means the whole set (full-batch gradient descent).
    freeze_biases: keep every bias at its starting value (seed 000 fixes its bias at -1).
    lr_decay_epochs: lower the learning rate in a straight line, epoch e using
    lr * (1 - (e + 1) / lr_decay_epochs), reaching 0 at that epoch (seed 000).
    """
    scores = []
    for epoch in range(start_epoch, start_epoch + epochs):
        rate = learning_rate(lr, epoch, lr_decay_epochs)
        bias_rate = 0.0 if freeze_biases else rate
        order = np.random.default_rng([seed, epoch]).permutation(len(x))  # a new shuffle each epoch
        new_layers, new_velocity = layers, velocity
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            y, cache = mlp_forward.unchecked(x[batch], new_layers)
            _, dy, delta_out = loss_and_gradient.unchecked(y, t[batch], loss, new_layers[-1][2])
            grads, _ = mlp_backward_with_deltas.unchecked(dy, cache, delta_out)
            new_velocity = [(momentum * vW - rate * dW, momentum * vb - bias_rate * db)
                            for (vW, vb), (dW, db) in zip(new_velocity, grads, strict=True)]
            new_layers = [(W + vW, b + vb, name)
                          for (W, b, name), (vW, vb) in zip(new_layers, new_velocity, strict=True)]
        scores.append(epoch_scores(new_layers, x, t, x_test, t_test, loss))
        if not np.isfinite(scores[-1][0]):  # diverged: hand back the network from before this epoch
            return history_of(layers, velocity, scores, start_epoch, diverged_at=epoch + 1)
        layers, velocity = new_layers, new_velocity
    return history_of(layers, velocity, scores, start_epoch, diverged_at=None)
