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

from core.activations import ACTIVATIONS, LAYER_ACTIVATIONS, softmax, softmax_backward
from core.checks import as_float_array, check_int, check_real, checked, readonly
from core.format import latex_matrix, latex_number
from core.gradcheck import numerical_gradient, relative_error
from core.losses import mse, mse_grad

Layer = tuple[np.ndarray, np.ndarray, str]

# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks). Each takes a function's arguments by
# name and returns them as the math wants them, or raises ValueError saying what to change.
# ----------------------------------------------------------------------------


def network_inputs(x, layers) -> dict:
    """x: (N, in) or (in,); layers: [(W_l (out, in), b_l (out,), activation name)], each
    layer's ``in`` the previous layer's ``out``. Returns float copies of x and of the layers."""
    x = as_float_array(x, "x", ndim=(1, 2))
    if len(layers) == 0:
        raise ValueError("the network needs at least one layer")
    checked_layers = []
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
        checked_layers.append((W, b, name))
        width = W.shape[0]
    return {"x": x, "layers": checked_layers}


def backward_inputs(dy, cache, delta_out) -> dict:
    """dy: dL/dy with the shape of y ((out,) for one sample), or delta_out: dL/du of the last
    layer, the same shape (then dy is not used). Both are returned in batch form (N, out)."""
    y_shape = cache["hs"][-1].shape
    name, value = ("dy", dy) if delta_out is None else ("delta_out", delta_out)
    value = np.atleast_2d(as_float_array(value, name))
    if value.shape != y_shape:
        raise ValueError(f"{name} must have the shape of y, {y_shape}, got {value.shape}")
    return {"dy": value, "cache": cache, "delta_out": None} if delta_out is None else \
        {"dy": None, "cache": cache, "delta_out": value}


def network_and_targets(x, t, layers) -> dict:
    """``network_inputs`` and targets t with the shape of the network's output."""
    inputs = network_inputs(x, layers)
    out_shape = inputs["x"].shape[:-1] + (inputs["layers"][-1][0].shape[0],)
    t = as_float_array(t, "t")
    if t.shape != out_shape:
        raise ValueError(f"y and t must have the same shape, got {out_shape} and {t.shape}")
    return {**inputs, "t": t}


def gradient_check_inputs(x, t, layers, eps) -> dict:
    return {**network_and_targets(x, t, layers),
            "eps": check_real(eps, "eps", minimum=0.0, strict_minimum=True)}


def descent_run_inputs(x, t, layers, lr, steps) -> dict:
    return {**network_and_targets(x, t, layers), "lr": check_real(lr, "learning rate", minimum=0.0),
            "steps": check_int(steps, "steps", minimum=0)}


def trace_inputs(x, t, W1, b1, W2, b2, act1, act2, digits) -> dict:
    """A two-layer network with element-wise activations, one sample x (in,), its target t (out,)."""
    x = as_float_array(x, "x", ndim=1)
    t = as_float_array(t, "t", ndim=1)
    for name in (act1, act2):
        if name not in ACTIVATION_SYMBOL:
            known = ", ".join(ACTIVATION_SYMBOL)
            raise ValueError(f"unknown activation {name!r}; choose one of: {known}")
    (W1, b1, _), (W2, b2, _) = network_inputs(x, [(W1, b1, act1), (W2, b2, act2)])["layers"]
    if t.shape != (W2.shape[0],):
        raise ValueError(f"t must have one target per output, shape ({W2.shape[0]},), got {t.shape}")
    return {"x": x, "t": t, "W1": W1, "b1": b1, "W2": W2, "b2": b2, "act1": act1, "act2": act2,
            "digits": digits}


# ----------------------------------------------------------------------------
# The network: forward and backward side by side
# ----------------------------------------------------------------------------


@checked(network_inputs, overflow_is_data=True)
def mlp_forward(x, layers: Sequence) -> tuple[np.ndarray, dict]:
    """Forward pass through ``layers``, a sequence of ``(W, b, activation_name)``.

        h_0 = x,   u_l = h_{l-1} @ W_l.T + b_l,   h_l = a_l(u_l),   y = h_L

    x: (N, in) batch, or (in,) one sample (it goes through as a batch of one).
    W_l: (out_l, in_l), b_l: (out_l,), u_l and h_l: (N, out_l).
    Returns y: (N, out) (or (out,)) and the cache {"layers", "us": [u_1 .. u_L],
    "hs": [h_0 .. h_L]} in batch form, for display and for the backward pass.
    """
    h = np.atleast_2d(x)
    us, hs = [], [h]
    for W, b, name in layers:
        u = h @ W.T + b  # (N, out_l)
        h = softmax.unchecked(u) if name == "softmax" else ACTIVATIONS[name].fn(u)  # a_l(u_l)
        us.append(u)
        hs.append(h)
    y = h[0] if x.ndim == 1 else h
    return y, {"layers": layers, "us": us, "hs": hs}


@checked(backward_inputs, overflow_is_data=True)
def mlp_backward_with_deltas(
    dy, cache, delta_out=None
) -> tuple[list[tuple[np.ndarray, np.ndarray]], list[np.ndarray]]:
    """Backward pass: every (dW_l, db_l) and every delta_l = dL/du_l, first layer first.

        delta_L     = dL/dy * a_L'(u_L)                    (N, out_L)
        dW_l        = delta_l.T @ h_{l-1}                  (out_l, in_l)
        db_l        = sum of delta_l over the batch        (out_l,)
        dL/dh_{l-1} = delta_l @ W_l                        (N, in_l)
        delta_{l-1} = dL/dh_{l-1} * a_{l-1}'(u_{l-1})      (softmax: its Jacobian-vector product)

    dy: dL/dy with the shape of y; the deltas come in the cache's batch form (N, out_l).
    They are what shrinks layer by layer in a deep sigmoid network (the vanishing gradient).
    delta_out: give dL/du_L directly instead (dy is then ignored). Softmax with cross-entropy,
    and sigmoid with binary cross-entropy, have the exact, simple delta (y - t) / N; starting
    from it avoids dividing by a probability that has rounded to 0.
    """
    layers, us, hs = cache["layers"], cache["us"], cache["hs"]
    grads, deltas = [], []
    dh = dy
    for l in reversed(range(len(layers))):  # layers[l] is layer l + 1: input hs[l], output hs[l + 1]
        W, _, name = layers[l]
        if delta_out is not None and l == len(layers) - 1:
            delta = delta_out  # dL/du_L, given
        elif name == "softmax":
            delta = softmax_backward.unchecked(dh, hs[l + 1])  # dL/du through softmax
        else:
            delta = dh * ACTIVATIONS[name].derivative(us[l])  # dL/du = dL/dh * a'(u)
        grads.insert(0, (delta.T @ hs[l], delta.sum(axis=0)))  # (dW, db)
        deltas.insert(0, delta)
        dh = delta @ W  # dL/dh of the layer below
    return grads, deltas


def mlp_backward(dy, cache) -> list[tuple[np.ndarray, np.ndarray]]:
    """Gradients ``[(dW_1, db_1), ..., (dW_L, db_L)]``, first layer first.

    dy: dL/dy with the shape of y. dW_l: (out_l, in_l), db_l: (out_l,).
    """
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


@checked(trace_inputs, overflow_is_data=True)
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
    y, cache = mlp_forward.unchecked(x, [(W1, b1, act1), (W2, b2, act2)])
    u1, u2 = cache["us"][0][0], cache["us"][1][0]  # the batch of one, as one sample
    h1 = cache["hs"][1][0]
    a1, a2 = ACTIVATION_SYMBOL[act1], ACTIVATION_SYMBOL[act2]
    dy = mse_grad.unchecked(y, t)
    grads, deltas = mlp_backward_with_deltas.unchecked(np.atleast_2d(dy), cache)
    (dW1, db1), (dW2, db2) = grads
    du1, du2 = deltas[0][0], deltas[1][0]
    dh1 = du2 @ W2
    a1_prime = ACTIVATIONS[act1].derivative(u1)
    a2_prime = ACTIVATIONS[act2].derivative(u2)

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
    loss = mse.unchecked(y, t)
    steps: list[TraceStep] = []

    def add(phase, key, symbol, formula, value, local="", chain="", highlight=(), local_value=None):
        local_arr = None if local_value is None else readonly(local_value)
        steps.append(TraceStep(phase, key, symbol, TEXT_SYMBOL[key], formula, readonly(value),
                               local, local_arr, chain, highlight))

    def forward_layer(l, W, b, into, u, out, a, parts):
        """The two forward steps of layer l: its linear transformation, then its activation."""
        (IN, h_in), (U, u_l), (OUT, key, h_l) = into, u, out
        B = rf"\mathbf{{b}}_{l}"
        add("forward", f"u{l}", U, rf"{U} = W_{l}{IN} + {B} = {m(W)}{m(h_in)} + {m(b)} = {m(u_l)}",
            u_l, highlight=parts)
        add("forward", key, OUT, rf"{OUT} = a_{l}({U}) = {a}\left({m(u_l)}\right) = {m(h_l)}",
            h_l, highlight=parts[-1:])

    # Forward: the blue arrows of seed 001's figure.
    forward_layer(1, W1, b1, (X, x), (U1, u1), (H1, "h1", h1), a1, ("x", "W1", "hidden"))
    forward_layer(2, W2, b2, (H1, h1), (U2, u2), (Y, "y", y), a2, ("hidden", "W2", "output"))
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


@checked(network_and_targets, overflow_is_data=True)
def mlp_mse_loss(x, t, layers: Sequence) -> float:
    """L = mse(mlp(x), t): the loss as a function of the network's parameters.

    x: (N, in) or (in,); t: the shape of the output y.
    """
    y, _ = mlp_forward.unchecked(x, layers)
    return mse.unchecked(y, t)


@checked(gradient_check_inputs, overflow_is_data=True)
def mlp_gradient_check(x, t, layers: Sequence, eps: float = 1e-5) -> dict:
    """Backpropagation against numerical gradients for every parameter of an MSE network.

    Returns {"W1": (analytic, numerical, relative error), "b1": ..., "W2": ..., ...}.
    Each numerical gradient nudges one parameter entry by +-eps and re-runs the
    whole forward pass (seed 003: implement backprop, confirm with numerical
    differentiation).
    """
    y, cache = mlp_forward.unchecked(x, layers)
    grads, _ = mlp_backward_with_deltas.unchecked(np.atleast_2d(mse_grad.unchecked(y, t)), cache)
    report = {}
    for i, ((W, b, _), (dW, db)) in enumerate(zip(layers, grads, strict=True)):
        for label, value, analytic, part in ((f"W{i + 1}", W, dW, 0), (f"b{i + 1}", b, db, 1)):

            def loss(v, i=i, part=part):
                layer = list(layers[i])
                layer[part] = v  # W (part 0) or b (part 1) of layer i + 1, nudged
                return mlp_mse_loss.unchecked(x, t, layers[:i] + [tuple(layer)] + layers[i + 1:])

            numeric = numerical_gradient.unchecked(loss, value, eps)
            report[label] = (analytic, numeric, relative_error.unchecked(analytic, numeric))
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


@checked(descent_run_inputs, overflow_is_data=True)
def mlp_gradient_descent(x, t, layers: Sequence, lr: float, steps: int) -> DescentRun:
    """Update every W and b by ``W <- W - lr * dL/dW`` for ``steps`` steps (MSE loss).

    Stops early, without warnings, if the loss overflows: divergence is data.
    """
    history, losses = [layers], [mlp_mse_loss.unchecked(x, t, layers)]
    for k in range(1, steps + 1):
        y, cache = mlp_forward.unchecked(x, layers)
        grads, _ = mlp_backward_with_deltas.unchecked(np.atleast_2d(mse_grad.unchecked(y, t)), cache)
        layers = [(W - lr * dW, b - lr * db, name)
                  for (W, b, name), (dW, db) in zip(layers, grads, strict=True)]
        loss = mlp_mse_loss.unchecked(x, t, layers)
        if not np.isfinite(loss):
            return DescentRun(np.array(losses), history, diverged_at=k)
        history.append(layers)
        losses.append(loss)
    return DescentRun(np.array(losses), history, diverged_at=None)


def sign_name(value: float) -> str:
    """'positive', 'negative' or 'zero': the sign of one number, for a prediction of a gradient."""
    return "positive" if value > 0 else "negative" if value < 0 else "zero"


def loss_change(losses: Sequence[float]) -> str:
    """What one update did to the loss: 'down', 'up' or 'same' (losses[0] before, losses[1] after;
    a run that overflowed at its first step has no losses[1] and counts as 'up')."""
    if len(losses) < 2:
        return "up"
    before, after = float(losses[0]), float(losses[1])
    return "down" if after < before else "up" if after > before else "same"
