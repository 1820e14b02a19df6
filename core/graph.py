"""The computational graph of page 5's network, and delta, the name for dL/du.

The Chainer tutorial (§3.4) draws the 3-2-1 network as a computational graph (計算グラフ):
round nodes are variables (x, W_1, b_1, u_1, h_1, ..., the loss l), square nodes are the
functions between them (f_1 and f_2 the linear transformations, a_1 and a_2 the activations,
and the objective L). The forward pass fills the variables from left to right; the backward
pass sends dl/d(variable) from right to left, each function multiplying in its own derivative.

``graph_state`` reads both from ``core.network.backprop_trace``, so the graph and the ledger
are one computation shown twice. The tests prove it against mlp_forward and mlp_backward.

The other articles write delta_l = dL/du_l, the gradient at a layer's input, and find every
delta from the one above it:

    delta_2 = dL/dy (.) a_2'(u_2),    delta_1 = (W_2^T delta_2) (.) a_1'(u_1)
    dL/dW_l = delta_l h_{l-1}^T,      dL/db_l = delta_l

``delta_recursion`` computes exactly these products for any depth; ``rbf_deltas`` works the
RBF article's form once, delta_h = -2 z_h h w_o delta_o, for one sample of its network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.activations import ACTIVATIONS, gaussian_rbf, sigmoid
from core.checks import as_float_array, check_int, check_real, checked, readonly
from core.losses import EPS, mse_grad
from core.network import ACTIVATION_SYMBOL, TraceStep, mlp_forward, network_and_targets


@dataclass(frozen=True)
class Node:
    """One node of the graph. kind: "variable" (round) or "function" (square).
    inputs: for a function, the variables it takes; for a variable, the function that made it
    (empty for the inputs and parameters)."""

    name: str
    kind: str
    inputs: tuple[str, ...]


#: The Chainer tutorial's graph of the two-layer network with its objective, left to right.
GRAPH = (
    Node("x", "variable", ()), Node("W1", "variable", ()), Node("b1", "variable", ()),
    Node("f1", "function", ("x", "W1", "b1")), Node("u1", "variable", ("f1",)),
    Node("a1", "function", ("u1",)), Node("h1", "variable", ("a1",)),
    Node("W2", "variable", ()), Node("b2", "variable", ()),
    Node("f2", "function", ("h1", "W2", "b2")), Node("u2", "variable", ("f2",)),
    Node("a2", "function", ("u2",)), Node("y", "variable", ("a2",)),
    Node("t", "variable", ()),
    Node("L", "function", ("y", "t")), Node("l", "variable", ("L",)),
)
NODES = {node.name: node for node in GRAPH}

#: The variable each forward step fills, and the variable whose gradient each backward step finds.
FILLS = {"u1": "u1", "h1": "h1", "u2": "u2", "y": "y", "L": "l"}
GRADIENT_OF = {"dL_dy": "y", "dL_du2": "u2", "dL_dW2": "W2", "dL_db2": "b2", "dL_dh1": "h1",
               "dL_du1": "u1", "dL_dW1": "W1", "dL_db1": "b1"}
#: The function each step passes through (forward: computes; backward: differentiates).
THROUGH = {"u1": "f1", "h1": "a1", "u2": "f2", "y": "a2", "L": "L", "dL_dy": "L", "dL_du2": "a2",
           "dL_dW2": "f2", "dL_db2": "f2", "dL_dh1": "f2", "dL_du1": "a1", "dL_dW1": "f1", "dL_db1": "f1"}


@dataclass(frozen=True)
class GraphState:
    """The graph after one step of the trace.

    values: variable -> its value, for the inputs, the parameters and every variable computed
    so far. grads: variable -> dl/d(variable) found so far (l's own is 1 once the backward pass
    has begun). active: the function node of the current step; lit: the variables it reads and
    writes; phase: "forward" or "backward"."""

    values: dict
    grads: dict
    active: str
    lit: tuple[str, ...]
    phase: str


def trace_steps(steps, index, x, t, W1, b1, W2, b2) -> dict:
    if not steps or not all(isinstance(s, TraceStep) for s in steps):
        raise ValueError("graph_state needs the steps of core.network.backprop_trace")
    index = check_int(index, "step", minimum=0)
    if index >= len(steps):
        raise ValueError(f"step must be below {len(steps)}, got {index}")
    named = {name: as_float_array(v, name) for name, v in
             (("x", x), ("t", t), ("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))}
    return {"steps": list(steps), "index": index, **named}


@checked(trace_steps, overflow_is_data=True)
def graph_state(steps, index, x, t, W1, b1, W2, b2) -> GraphState:
    """What the graph shows after step ``index`` (0-based) of ``backprop_trace``'s steps."""
    values = {"x": x, "t": t, "W1": W1, "b1": b1, "W2": W2, "b2": b2}
    grads = {}
    for step in steps[: index + 1]:
        if step.phase == "forward":
            values[FILLS[step.key]] = step.value
        else:
            grads.setdefault("l", readonly(np.ones(())))  # dl/dl = 1: where the backward pass starts
            grads[GRADIENT_OF[step.key]] = step.value
    step = steps[index]
    active = THROUGH[step.key]
    made = FILLS.get(step.key) or GRADIENT_OF[step.key]
    if step.phase == "forward":
        lit = (*NODES[active].inputs, made)
    else:  # the gradient arrives at the function's output and leaves at one of its inputs
        out = next(node.name for node in GRAPH if node.inputs == (active,))
        lit = (out, made)
    return GraphState(values, grads, active, lit, step.phase)


# ----------------------------------------------------------------------------
# delta: the gradient at each layer's input u
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeltaLayer:
    """One layer's delta and what it is made of (one sample).

    l: the layer's number, 1 first. incoming: what reaches u_l from above, W_{l+1}^T delta_{l+1}
    (for the last layer, dL/dy). slope: a_l'(u_l). delta = incoming * slope.
    h_prev: h_{l-1} (x for the first layer). dW = outer(delta, h_prev); db = delta."""

    l: int
    incoming: np.ndarray
    slope: np.ndarray
    delta: np.ndarray
    h_prev: np.ndarray
    dW: np.ndarray
    db: np.ndarray


def one_sample_network(x, t, layers) -> dict:
    inputs = network_and_targets(x, t, layers)
    if inputs["x"].ndim != 1:
        raise ValueError(f"x must be one sample, a vector, got shape {inputs['x'].shape}")
    for i, (_, _, name) in enumerate(inputs["layers"], start=1):
        if name not in ACTIVATION_SYMBOL:
            raise ValueError(f"layer {i}: delta is shown for element-wise activations, not {name!r}")
    return inputs


@checked(one_sample_network, overflow_is_data=True)
def delta_recursion(x, t, layers) -> list[DeltaLayer]:
    """delta_l for every layer of an MSE network on one sample, first layer first, each found
    from the one above it: delta_L = dL/dy * a_L'(u_L), delta_l = (W_{l+1}^T delta_{l+1}) * a_l'(u_l).
    """
    y, cache = mlp_forward.unchecked(x, layers)
    us, hs = [u[0] for u in cache["us"]], [h[0] for h in cache["hs"]]
    incoming = mse_grad.unchecked(y, t)  # dL/dy: what reaches the last layer
    out = []
    for l in reversed(range(len(layers))):
        W, _, name = layers[l]
        slope = ACTIVATIONS[name].derivative(us[l])
        delta = incoming * slope
        out.insert(0, DeltaLayer(l + 1, readonly(incoming), readonly(slope), readonly(delta),
                                 readonly(hs[l]), readonly(np.outer(delta, hs[l])), readonly(delta)))
        incoming = W.T @ delta  # W_l^T delta_l reaches the layer below
    return out


# ----------------------------------------------------------------------------
# The RBF article's delta, worked for one sample
# ----------------------------------------------------------------------------

RBF_OUTPUT_BIAS = -1.0  # the article's y = sigma(h w_o - 1)


@dataclass(frozen=True)
class RBFDeltas:
    """Seed 000's network on one sample (x, t): the forward values, its cost xi (binary
    cross-entropy), the two deltas and the two weight gradients, named as the article names them."""

    x: float
    t: float
    w_h: float
    w_o: float
    z_h: float       # x w_h, the hidden unit's input
    h: float         # e^{-z_h^2}
    z_o: float       # h w_o - 1, the output unit's input
    y: float         # sigma(z_o)
    cost: float      # xi = -[t log y + (1 - t) log(1 - y)]
    delta_o: float   # d xi / d z_o = y - t
    delta_h: float   # d xi / d z_h = -2 z_h h w_o delta_o
    grad_w_o: float  # h delta_o
    grad_w_h: float  # x delta_h


def rbf_sample(x, t, w_h, w_o) -> dict:
    t = check_real(t, "t")
    if t not in (0.0, 1.0):
        raise ValueError(f"t is a class, 0 or 1, got {t}")
    return {"x": check_real(x, "x"), "t": t, "w_h": check_real(w_h, "w_h"), "w_o": check_real(w_o, "w_o")}


@checked(rbf_sample)
def rbf_deltas(x, t, w_h, w_o) -> RBFDeltas:
    """The RBF article's backward pass for one sample, in its own notation."""
    z_h = x * w_h
    h = float(gaussian_rbf(z_h))
    z_o = h * w_o + RBF_OUTPUT_BIAS
    y = float(sigmoid(z_o))
    p = min(max(y, EPS), 1.0 - EPS)
    cost = -(t * np.log(p) + (1.0 - t) * np.log(1.0 - p))
    delta_o = y - t                           # sigmoid with cross-entropy: the simple form
    delta_h = -2.0 * z_h * h * w_o * delta_o  # dh/dz_h = -2 z_h h, dz_o/dh = w_o
    return RBFDeltas(x, t, w_h, w_o, z_h, h, z_o, y, float(cost), delta_o, delta_h, h * delta_o, x * delta_h)
