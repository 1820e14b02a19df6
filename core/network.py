"""A fully connected network (全結合型ニューラルネットワーク) and its backward pass.

Each layer l computes, for a batch x of shape (N, in) with one sample per row,
    u_l = h_{l-1} @ W_l.T + b_l      (the linear transformation, W_l: (out, in))
    h_l = a_l(u_l)                   (the activation)
with h_0 = x; the last h is the output y.

Backpropagation (誤差逆伝播法) walks the same path backwards. With
delta_l = dL/du_l:
    delta_L   = dL/dy * a_L'(u_L)
    dW_l      = delta_l.T @ h_{l-1},    db_l = sum of delta_l over the batch
    dL/dh_l-1 = delta_l @ W_l,          delta_{l-1} = dL/dh_{l-1} * a_{l-1}'(u_{l-1})
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core._validate import as_float_array, readonly
from core.activations import (
    ACTIVATIONS,
    LAYER_ACTIVATIONS,
    get_activation,
    softmax,
    softmax_backward,
)
from core.format import latex_matrix, latex_number
from core.losses import mse, mse_grad

Layer = tuple[np.ndarray, np.ndarray, str]


def _check_layers(x: np.ndarray, layers: Sequence) -> list[Layer]:
    if len(layers) == 0:
        raise ValueError("the network needs at least one layer")
    checked = []
    width = x.shape[-1]
    for i, layer in enumerate(layers, start=1):
        if len(layer) != 3:
            raise ValueError(f"layer {i} must be (W, b, activation_name), got {len(layer)} items")
        W = as_float_array(layer[0], f"W{i}", ndim=2)
        b = as_float_array(layer[1], f"b{i}", ndim=1)
        name = layer[2]
        if W.shape[1] != width:
            raise ValueError(
                f"W{i} has shape {W.shape} (out, in) but its input has {width} value(s); "
                f"W{i} needs {width} column(s)"
            )
        if b.shape != (W.shape[0],):
            raise ValueError(f"b{i} must have shape ({W.shape[0]},), got {b.shape}")
        if name not in LAYER_ACTIVATIONS:
            known = ", ".join(LAYER_ACTIVATIONS)
            raise ValueError(f"layer {i}: unknown activation {name!r}; choose one of: {known}")
        checked.append((W, b, name))
        width = W.shape[0]
    return checked


def mlp_forward(x, layers: Sequence) -> tuple[np.ndarray, dict]:
    """Forward pass through ``layers``, a sequence of ``(W, b, activation_name)``.

    x: (N, in) batch or (in,) single sample. Returns y: (N, out) or (out,), and a
    cache holding every u_l and h_l (batch form, first layer first) for display
    and for the backward pass.
    """
    x = as_float_array(x, "x", ndim=(1, 2))
    layers = _check_layers(x, layers)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging net is shown, not warned
        y, cache = forward_checked(np.atleast_2d(x), layers)
    cache["single"] = x.ndim == 1
    return (y[0] if x.ndim == 1 else y), cache


def forward_checked(x: np.ndarray, layers: list[Layer]) -> tuple[np.ndarray, dict]:
    """The forward pass itself, for a 2-D float batch and layers already checked.

    Training loops call this directly so that the checks run once, not once per
    mini-batch (and wrap their whole loop in np.errstate, if they expect overflow).
    """
    h = x
    us, hs, act_caches = [], [h], []
    for W, b, name in layers:
        u = h @ W.T + b
        h = softmax(u) if name == "softmax" else ACTIVATIONS[name].fn(u)
        us.append(u)
        hs.append(h)
        act_caches.append((u, h, name))
    cache = {"layers": layers, "us": us, "hs": hs, "act_caches": act_caches, "single": False}
    return h, cache


def check_layers(x, layers: Sequence) -> list[Layer]:
    """Validate a network against an input once; returns float copies of the layers."""
    return _check_layers(as_float_array(x, "x", ndim=(1, 2)), layers)


def mlp_backward_with_deltas(
    dy, cache, delta_out=None
) -> tuple[list[tuple[np.ndarray, np.ndarray]], list[np.ndarray]]:
    """Backward pass that also returns every delta_l = dL/du_l (first layer first).

    dy: dL/dy with the shape of y. The deltas are what shrink layer by layer in a
    deep sigmoid network (the vanishing gradient).
    delta_out: give dL/du of the last layer directly instead (dy is then ignored).
    Softmax with cross-entropy, and sigmoid with binary cross-entropy, have the
    exact, simple delta (y - t) / N; starting from it avoids dividing by a
    probability that has rounded to 0.
    """
    y_shape = cache["hs"][-1].shape
    if delta_out is None:
        dy = np.atleast_2d(as_float_array(dy, "dy"))
        if dy.shape != y_shape:
            raise ValueError(f"dy must have the shape of y, {y_shape}, got {dy.shape}")
    else:
        delta_out = np.atleast_2d(as_float_array(delta_out, "delta_out"))
        if delta_out.shape != y_shape:
            raise ValueError(f"delta_out must have the shape of y, {y_shape}, got {delta_out.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        grads, deltas = backward_checked(dy, cache, delta_out)
    if cache["single"]:
        deltas = [d[0] for d in deltas]
    return grads, deltas


def backward_checked(dy, cache, delta_out=None):
    """The backward pass itself, for a cache from ``forward_checked`` and a 2-D dy
    (or delta_out) of y's shape. Returns (grads, deltas), first layer first.

        delta_l = dL/dh_l * a_l'(u_l)        (delta of the last layer: delta_out if given)
        dW_l = delta_l.T @ h_{l-1},  db_l = sum of delta_l,  dL/dh_{l-1} = delta_l @ W_l
    """
    layers, hs = cache["layers"], cache["hs"]
    grads, deltas = [], []
    dh = dy
    for l in reversed(range(len(layers))):
        W, _, name = layers[l]
        u, h, _ = cache["act_caches"][l]
        if l == len(layers) - 1 and delta_out is not None:
            delta = delta_out
        elif name == "softmax":
            delta = softmax_backward(dh, h)
        else:
            delta = dh * ACTIVATIONS[name].derivative(u)
        grads.append((delta.T @ hs[l], delta.sum(axis=0)))
        deltas.append(delta)
        dh = delta @ W
    return grads[::-1], deltas[::-1]


def mlp_backward(dy, cache) -> list[tuple[np.ndarray, np.ndarray]]:
    """Gradients ``[(dW_1, db_1), ..., (dW_L, db_L)]``, first layer first."""
    return mlp_backward_with_deltas(dy, cache)[0]



@dataclass(frozen=True)
class NetworkExample:
    """A 3-2-1 network with one input and its target (arrays are read-only)."""

    x: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    t: np.ndarray

    def layers(self, act1: str = "relu", act2: str = "identity") -> list[Layer]:
        return [(self.W1, self.b1, act1), (self.W2, self.b2, act2)]


#: Seed 001 §3.1.3: x = [2, 3, 1], W1 = [[3, 1, 2], [-2, -3, -1]], W2 = [[3, 2]],
#: biases 0, target t = 20. ReLU then identity gives u1 = [11, -14], y = 33, L = 169.
EXAMPLE_321 = NetworkExample(
    x=readonly([2, 3, 1]),
    W1=readonly([[3, 1, 2], [-2, -3, -1]]),
    b1=readonly([0, 0]),
    W2=readonly([[3, 2]]),
    b2=readonly([0]),
    t=readonly([20]),
)


# ----------------------------------------------------------------------------
# The step-by-step trace of one forward and one backward pass (the backprop page)
# ----------------------------------------------------------------------------

#: How each activation is written inside a formula, a(u) -> NAME(u).
ACTIVATION_SYMBOL = {
    "identity": r"\mathrm{id}",
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "relu": r"\mathrm{ReLU}",
    "leaky_relu": r"\mathrm{LReLU}",
    "softplus": r"\mathrm{softplus}",
    "gaussian_rbf": r"\phi",
}

_D = r"\partial "

#: Plain-text names of the trace's quantities, for tables and CSV files.
TEXT_SYMBOL = {
    "u1": "u1", "h1": "h1", "u2": "u2", "y": "y", "L": "L",
    "dL_dy": "dL/dy", "dL_du2": "dL/du2", "dL_dW2": "dL/dW2", "dL_db2": "dL/db2",
    "dL_dh1": "dL/dh1", "dL_du1": "dL/du1", "dL_dW1": "dL/dW1", "dL_db1": "dL/db1",
}


def _frac(top: str, bottom: str) -> str:
    return rf"\frac{{{_D}{top}}}{{{_D}{bottom}}}"


@dataclass(frozen=True)
class TraceStep:
    """One operation of the forward or backward pass.

    phase: "forward" or "backward".  key: a stable name ("u1", "dL_dW2", ...).
    symbol: the quantity in LaTeX; text: the same in plain text ("dL/dW1").
    formula: its definition, then the numbers substituted, then the result.
    value: the result (read-only array).
    local_formula / local: for backward steps, the local derivative this step
    multiplies in, as LaTeX with numbers and as values (None when it is 1 or a
    matrix that the formula shows).  chain: the chain-rule product ``value`` equals.
    highlight: the parts of the network diagram involved, from
    "x", "W1", "hidden", "W2", "output", "loss".
    """

    phase: str
    key: str
    symbol: str
    text: str
    formula: str
    value: np.ndarray
    local_formula: str
    local: np.ndarray | None
    chain: str
    highlight: tuple[str, ...]


def backprop_trace(
    x, t, W1, b1, W2, b2, act1: str = "relu", act2: str = "identity", digits: int = 4
) -> list[TraceStep]:
    """Every step of one forward and one backward pass of a two-layer network.

    x: (in,), t: (out,), W1: (hidden, in), b1: (hidden,), W2: (out, hidden),
    b2: (out,). Loss: mean squared error (seed 001). Forward steps: u1, h1, u2,
    y, L. Backward steps: dL/dy, dL/du2, dL/dW2, dL/db2, dL/dh1, dL/du1,
    dL/dW1, dL/db1 — each the previous product times one local derivative, so
    the list *is* the chain rule. The final gradients equal ``mlp_backward``'s.
    """
    x = as_float_array(x, "x", ndim=1)
    t = as_float_array(t, "t", ndim=1)
    for name in (act1, act2):
        if name not in ACTIVATION_SYMBOL:
            known = ", ".join(ACTIVATION_SYMBOL)
            raise ValueError(f"unknown activation {name!r}; choose one of: {known}")
    y, cache = mlp_forward(x, [(W1, b1, act1), (W2, b2, act2)])
    if t.shape != y.shape:
        raise ValueError(f"t must have one target per output, shape {y.shape}, got {t.shape}")
    (W1, b1, _), (W2, b2, _) = cache["layers"]
    u1, u2 = cache["us"][0][0], cache["us"][1][0]
    h1 = cache["hs"][1][0]
    a1, a2 = ACTIVATION_SYMBOL[act1], ACTIVATION_SYMBOL[act2]
    dy = mse_grad(y, t)
    grads, deltas = mlp_backward_with_deltas(dy, cache)
    (dW1, db1), (dW2, db2) = grads
    du1, du2 = deltas
    dh1 = du2 @ W2
    a1_prime = get_activation(act1).derivative(u1)
    a2_prime = get_activation(act2).derivative(u2)

    def m(values) -> str:
        return latex_matrix(values, digits)

    # Symbols, named once so every formula below writes them the same way.
    X, U1, H1, U2, Y = r"\mathbf{x}", r"\mathbf{u}_1", r"\mathbf{h}_1", r"\mathbf{u}_2", r"\mathbf{y}"
    B1, B2, T = r"\mathbf{b}_1", r"\mathbf{b}_2", r"\mathbf{t}"
    dL_dy, dL_du2, dL_dh1, dL_du1 = _frac("L", Y), _frac("L", U2), _frac("L", H1), _frac("L", U1)
    dL_dW2, dL_db2, dL_dW1, dL_db1 = _frac("L", "W_2"), _frac("L", B2), _frac("L", "W_1"), _frac("L", B1)
    dy_du2, du2_dh1, dh1_du1 = _frac(Y, U2), _frac(U2, H1), _frac(H1, U1)
    du2_dW2, du2_db2, du1_dW1, du1_db1 = _frac(U2, "W_2"), _frac(U2, B2), _frac(U1, "W_1"), _frac(U1, B1)
    h1_row, x_row = m(h1[None, :]), m(x[None, :])

    n = y.size
    loss = mse(y, t)
    steps: list[TraceStep] = []

    def add(phase, key, symbol, formula, value, local="", chain="", highlight=(), local_value=None):
        local_arr = None if local_value is None else readonly(local_value)
        steps.append(TraceStep(phase, key, symbol, TEXT_SYMBOL[key], formula, readonly(value),
                               local, local_arr, chain, highlight))

    # Forward: the blue arrows of seed 001's figure.
    add("forward", "u1", U1,
        rf"{U1} = W_1{X} + {B1} = {m(W1)}{m(x)} + {m(b1)} = {m(u1)}",
        u1, highlight=("x", "W1", "hidden"))
    add("forward", "h1", H1,
        rf"{H1} = a_1({U1}) = {a1}\left({m(u1)}\right) = {m(h1)}",
        h1, highlight=("hidden",))
    add("forward", "u2", U2,
        rf"{U2} = W_2{H1} + {B2} = {m(W2)}{m(h1)} + {m(b2)} = {m(u2)}",
        u2, highlight=("hidden", "W2", "output"))
    add("forward", "y", Y,
        rf"{Y} = a_2({U2}) = {a2}\left({m(u2)}\right) = {m(y)}",
        y, highlight=("output",))
    squares = " + ".join(
        rf"({latex_number(tk, digits)} - {latex_number(yk, digits)})^2" for tk, yk in zip(t, y, strict=True)
    )
    add("forward", "L", "L",
        rf"L = \frac{{1}}{{N}}\sum_n (t_n - y_n)^2 = \frac{{1}}{{{n}}}\left({squares}\right)"
        rf" = {latex_number(loss, digits)}",
        loss, highlight=("output", "loss"))

    # Backward: the red arrows; each step multiplies in one more local derivative.
    add("backward", "dL_dy", dL_dy,
        rf"{dL_dy} = -\frac{{2}}{{N}}({T} - {Y}) = -\frac{{2}}{{{n}}}\left({m(t)} - {m(y)}\right)"
        rf" = {m(dy)}",
        dy, chain=dL_dy, highlight=("output", "loss"))
    add("backward", "dL_du2", dL_du2,
        rf"{dL_du2} = {dL_dy} \odot a_2'({U2}) = {m(dy)} \odot {m(a2_prime)} = {m(du2)}",
        du2,
        local=rf"{dy_du2} = a_2'({U2}) = {m(a2_prime)}",
        chain=dL_dy + dy_du2, highlight=("output",), local_value=a2_prime)
    add("backward", "dL_dW2", dL_dW2,
        rf"{dL_dW2} = {dL_du2}\,{H1}^{{\top}} = {m(du2)}{h1_row} = {m(dW2)}",
        dW2,
        local=rf"{du2_dW2} = {H1}^{{\top}} = {h1_row}",
        chain=dL_dy + dy_du2 + du2_dW2, highlight=("W2",))
    add("backward", "dL_db2", dL_db2,
        rf"{dL_db2} = {dL_du2} \cdot 1 = {m(db2)}",
        db2,
        local=rf"{du2_db2} = 1",
        chain=dL_dy + dy_du2 + du2_db2, highlight=("output",))
    add("backward", "dL_dh1", dL_dh1,
        rf"{dL_dh1} = W_2^{{\top}}{dL_du2} = {m(W2.T)}{m(du2)} = {m(dh1)}",
        dh1,
        local=rf"{du2_dh1} = W_2 = {m(W2)}",
        chain=dL_dy + dy_du2 + du2_dh1, highlight=("W2", "hidden"))
    add("backward", "dL_du1", dL_du1,
        rf"{dL_du1} = {dL_dh1} \odot a_1'({U1}) = {m(dh1)} \odot {m(a1_prime)} = {m(du1)}",
        du1,
        local=rf"{dh1_du1} = a_1'({U1}) = {m(a1_prime)}",
        chain=dL_dy + dy_du2 + du2_dh1 + dh1_du1, highlight=("hidden",), local_value=a1_prime)
    add("backward", "dL_dW1", dL_dW1,
        rf"{dL_dW1} = {dL_du1}\,{X}^{{\top}} = {m(du1)}{x_row} = {m(dW1)}",
        dW1,
        local=rf"{du1_dW1} = {X}^{{\top}} = {x_row}",
        chain=dL_dy + dy_du2 + du2_dh1 + dh1_du1 + du1_dW1, highlight=("x", "W1"))
    add("backward", "dL_db1", dL_db1,
        rf"{dL_db1} = {dL_du1} \cdot 1 = {m(db1)}",
        db1,
        local=rf"{du1_db1} = 1",
        chain=dL_dy + dy_du2 + du2_dh1 + dh1_du1 + du1_db1, highlight=("hidden",))
    return steps


def mlp_mse_loss(x, t, layers: Sequence) -> float:
    """L = mse(mlp(x), t): the loss as a function of the network's parameters."""
    y, _ = mlp_forward(x, layers)
    return mse(y, t)


def mlp_gradient_check(x, t, layers: Sequence, eps: float = 1e-5) -> dict:
    """Backpropagation against numerical gradients for every parameter of an MSE network.

    Returns {"W1": (analytic, numerical, relative error), "b1": ..., "W2": ..., ...}.
    Each numerical gradient nudges one parameter entry by +-eps and re-runs the
    whole forward pass (seed 003: implement backprop, confirm with numerical
    differentiation).
    """
    from core.gradcheck import numerical_gradient, relative_error

    y, cache = mlp_forward(x, layers)
    grads = mlp_backward(mse_grad(y, t), cache)
    checked = cache["layers"]
    report = {}
    for i, ((W, b, _), (dW, db)) in enumerate(zip(checked, grads, strict=True)):
        for label, value, analytic, slot in ((f"W{i + 1}", W, dW, 0), (f"b{i + 1}", b, db, 1)):

            def loss(v, i=i, slot=slot):
                changed = list(checked)
                parts = list(changed[i])
                parts[slot] = v
                changed[i] = tuple(parts)
                return mlp_mse_loss(x, t, changed)

            numeric = numerical_gradient(loss, value, eps)
            report[label] = (analytic, numeric, relative_error(analytic, numeric))
    return report


@dataclass(frozen=True)
class DescentRun:
    """Repeated gradient-descent updates of a network on one example.

    losses: (k + 1,) the loss before each update and after the last one.
    layers: k + 1 parameter sets, the starting one first.
    diverged_at: the first update after which the loss was no longer a finite
    number (None if it stayed finite); the run stops there.
    """

    losses: np.ndarray
    layers: list
    diverged_at: int | None


def mlp_gradient_descent(x, t, layers: Sequence, lr: float, steps: int) -> DescentRun:
    """Update every W and b by ``W <- W - lr * dL/dW`` for ``steps`` steps (MSE loss).

    Stops early, without warnings, if the loss overflows: divergence is data.
    """
    from core._validate import check_int, check_real

    lr = check_real(lr, "learning rate", minimum=0.0)
    steps = check_int(steps, "steps", minimum=0)
    y, cache = mlp_forward(x, layers)
    current = cache["layers"]
    history, losses = [current], [mse(y, t)]
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            y, cache = mlp_forward(x, current)
            grads = mlp_backward(mse_grad(y, t), cache)
            current = [(W - lr * dW, b - lr * db, name)
                       for (W, b, name), (dW, db) in zip(current, grads, strict=True)]
            loss = mlp_mse_loss(x, t, current)
            if not np.isfinite(loss):
                diverged_at = k
                break
            history.append(current)
            losses.append(loss)
    return DescentRun(np.array(losses), history, diverged_at)
