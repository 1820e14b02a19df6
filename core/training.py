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

from core._validate import as_float_array, check_int, check_real
from core.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy,
    cross_entropy_grad,
    mse,
    mse_grad,
)
from core.network import Layer, backward_checked, check_layers, forward_checked

LOSSES = ("mse", "bce", "cross_entropy")


def loss_and_gradient(y: np.ndarray, t: np.ndarray, loss: str, out_activation: str):
    """The loss of a batch and where backpropagation starts.

    Returns (L, dL/dy, delta_out): for a softmax output with cross-entropy and a
    sigmoid output with binary cross-entropy, delta_out = dL/du = (y - t) / N
    exactly (seed 003's Softmax-with-Loss) and dL/dy is None; otherwise dL/dy.
    """
    n = y.shape[0]
    if loss == "mse":
        return mse(y, t), mse_grad(y, t), None
    if loss == "bce":
        if out_activation == "sigmoid":
            return binary_cross_entropy(y, t), None, (y - t) / y.size
        return binary_cross_entropy(y, t), binary_cross_entropy_grad(y, t), None
    if loss == "cross_entropy":
        if out_activation == "softmax":
            return cross_entropy(y, t), None, (y - t) / n
        return cross_entropy(y, t), cross_entropy_grad(y, t), None
    raise ValueError(f"unknown loss {loss!r}; choose one of: {', '.join(LOSSES)}")


def accuracy(y: np.ndarray, t: np.ndarray, loss: str) -> float | None:
    """Share of samples classified right: argmax for one-hot targets, y > 0.5 for 0/1
    targets; None for regression (MSE)."""
    if loss == "cross_entropy":
        return float(np.mean(np.argmax(y, axis=1) == np.argmax(t, axis=1)))
    if loss == "bce":
        return float(np.mean((y > 0.5) == (t > 0.5)))
    return None


def evaluate(layers: Sequence, x, t, loss: str) -> tuple[float, float | None]:
    """(loss, accuracy) of a network on a data set."""
    layers = check_layers(x, layers)
    x = np.atleast_2d(as_float_array(x, "x"))
    t = np.atleast_2d(as_float_array(t, "t"))
    with np.errstate(over="ignore", invalid="ignore"):
        y, _ = forward_checked(x, layers)
        value = loss_and_gradient(y, t, loss, layers[-1][2])[0]
    return value, accuracy(y, t, loss)


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


def _check_data(x, t, name: str) -> tuple[np.ndarray, np.ndarray]:
    x = np.atleast_2d(as_float_array(x, f"x_{name}"))
    t = as_float_array(t, f"t_{name}")
    t = t[:, None] if t.ndim == 1 else t
    if x.shape[0] == 0:
        raise ValueError(f"the {name} set is empty: it needs at least one sample")
    if t.shape[0] != x.shape[0]:
        raise ValueError(f"the {name} set has {x.shape[0]} inputs but {t.shape[0]} targets")
    return x, t


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
    batch_size None means the whole set (full-batch gradient descent).
    freeze_biases: keep every bias at its starting value (seed 000 fixes its bias at -1).
    lr_decay_epochs: lower the learning rate in a straight line, epoch e using
    lr * (1 - (e + 1) / lr_decay_epochs), reaching 0 at that epoch (seed 000).
    """
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose one of: {', '.join(LOSSES)}")
    lr = check_real(lr, "learning rate", minimum=0.0, strict_minimum=True)
    epochs = check_int(epochs, "epochs", minimum=0)
    momentum = check_real(momentum, "momentum", minimum=0.0, maximum=0.999)
    seed = check_int(seed, "seed", minimum=0)
    if lr_decay_epochs is not None:
        lr_decay_epochs = check_int(lr_decay_epochs, "learning-rate decay epochs", minimum=1)
    x, t = _check_data(x, t, "training")
    n = x.shape[0]
    batch_size = n if batch_size is None else min(check_int(batch_size, "batch size", minimum=1), n)
    current: list[Layer] = check_layers(x, layers)
    if current[-1][0].shape[0] != t.shape[1]:
        raise ValueError(f"the network has {current[-1][0].shape[0]} output(s) but t has {t.shape[1]}")
    if velocity is None:
        velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b, _ in current]
    test = _check_data(x_test, t_test, "test") if x_test is not None else None
    out_act = current[-1][2]
    losses, accs, test_losses, test_accs = [], [], [], []
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(start_epoch, start_epoch + epochs):
            before = (current, velocity)  # kept to hand back if this epoch blows up
            rate = lr if lr_decay_epochs is None else lr * max(0.0, 1.0 - (epoch + 1) / lr_decay_epochs)
            bias_rate = 0.0 if freeze_biases else rate
            order = np.random.default_rng([seed, epoch]).permutation(n)
            for start in range(0, n, batch_size):
                idx = order[start:start + batch_size]
                y, cache = forward_checked(x[idx], current)
                _, dy, delta_out = loss_and_gradient(y, t[idx], loss, out_act)
                grads, _ = backward_checked(dy, cache, delta_out)
                velocity = [(momentum * vW - rate * dW, momentum * vb - bias_rate * db)
                            for (vW, vb), (dW, db) in zip(velocity, grads, strict=True)]
                current = [(W + vW, b + vb, name)
                           for (W, b, name), (vW, vb) in zip(current, velocity, strict=True)]
            y, _ = forward_checked(x, current)
            value = loss_and_gradient(y, t, loss, out_act)[0]
            losses.append(value)
            accs.append(accuracy(y, t, loss))
            if test is not None:
                yt, _ = forward_checked(test[0], current)
                test_losses.append(loss_and_gradient(yt, test[1], loss, out_act)[0])
                test_accs.append(accuracy(yt, test[1], loss))
            if not np.isfinite(value):
                diverged_at = epoch + 1
                current, velocity = before
                break

    def arr(values):
        return None if not values or values[0] is None else np.array(values, dtype=float)

    return History(
        layers=current,
        velocity=velocity,
        loss=np.array(losses, dtype=float),
        accuracy=arr(accs),
        test_loss=arr(test_losses),
        test_accuracy=arr(test_accs),
        epochs_done=start_epoch + len(losses),
        diverged_at=diverged_at,
    )
