"""The anatomy of a fully-connected network: the Chainer tutorial's wine network (§3.1, §3.6).

The article draws a network with four inputs {age, alcohol, colour, smell}, a hidden layer of
three units and two outputs {white, red}. For a wine of 3 years, 14 % alcohol, colour 0.2 and
smell 0.8 it reads the outputs y₁ = 0.15 (white) and y₂ = 0.85 (red), and takes the class with
the largest output, red, as the network's prediction. It prints no weights.

The weights below are this app's own: chosen by hand, not learned from wine data, so that the
article's wine gives the article's outputs to two decimals with ReLU in the hidden layer and
softmax at the output (y = [0.1506, 0.8494]). Like the rest of the app they follow the article's
notation: the input is h₀ (layer 0), u₁ = W₁h₀ + b₁, h₁ = ReLU(u₁), u₂ = W₂h₁ + b₂, y = softmax(u₂),
every W of shape (out, in).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.activations import LAYER_ACTIVATIONS
from core.checks import as_float_array, check_int, checked, readonly
from core.network import mlp_forward

#: The article's four input variables and two classes, in its order.
FEATURES = ("age", "alcohol", "colour", "smell")
CLASSES = ("white", "red")

#: The article's wine: 3 years old, 14 % alcohol, colour 0.2, smell 0.8, and the outputs it reads.
ARTICLE_WINE = readonly([3.0, 14.0, 0.2, 0.8])
ARTICLE_OUTPUTS = (0.15, 0.85)

#: The app's own weights (the article prints none). Hidden unit 1 grows with age and alcohol,
#: unit 2 with a high colour value, unit 3 with smell; for the article's wine ReLU switches unit 2
#: off (u₁₂ = -1.5), and the outputs come out as the article's 0.15 and 0.85.
WINE_W1 = readonly([[0.1, 0.2, -1.0, 0.5],
                    [-0.1, -0.2, 3.0, 0.0],
                    [0.0, 0.1, -0.5, 1.0]])
WINE_B1 = readonly([-2.5, 1.0, -1.0])
WINE_W2 = readonly([[-1.0, 1.5, -0.5],
                    [0.7, -1.0, 0.2]])
WINE_B2 = readonly([0.2, -0.2])
WINE_LAYERS = ((WINE_W1, WINE_B1, "relu"), (WINE_W2, WINE_B2, "softmax"))
#: Units per layer, the input layer first: 4 inputs, 3 hidden units, 2 outputs.
WINE_SIZES = (4, 3, 2)


# ----------------------------------------------------------------------------
# Checks: the public boundary (see core.checks)
# ----------------------------------------------------------------------------


def one_wine(x) -> dict:
    """x: the four features of one wine, (4,), finite numbers."""
    x = as_float_array(x, "x", ndim=1)
    if x.shape != (len(FEATURES),):
        raise ValueError(f"a wine has {len(FEATURES)} features ({', '.join(FEATURES)}), got {x.shape[0]}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"the features must be finite numbers, got {x.tolist()}")
    return {"x": x}


def sums_inputs(W, h, b) -> dict:
    """W: (out, in); h: (in,); b: (out,)."""
    W = as_float_array(W, "W", ndim=2)
    h = as_float_array(h, "h", ndim=1)
    b = as_float_array(b, "b", ndim=1)
    if h.shape != (W.shape[1],):
        raise ValueError(f"W has shape (out, in) = {W.shape}, so h needs {W.shape[1]} values, "
                         f"got {h.shape[0]}")
    if b.shape != (W.shape[0],):
        raise ValueError(f"W has {W.shape[0]} rows (units), so b needs {W.shape[0]} values, got {b.shape[0]}")
    return {"W": W, "h": h, "b": b}


def layer_sizes(sizes) -> dict:
    """sizes: units per layer, the input layer first; at least two layers, each of one unit or more."""
    sizes = tuple(check_int(n, "a layer's number of units", minimum=1) for n in sizes)
    if len(sizes) < 2:
        raise ValueError(f"a network needs an input and an output layer, got {len(sizes)} layer(s)")
    return {"sizes": sizes}


def activation_names(activations) -> dict:
    """activations: one activation name per layer with weights."""
    activations = tuple(activations)
    unknown = [name for name in activations if name not in LAYER_ACTIVATIONS]
    if unknown:
        raise ValueError(f"unknown activation {unknown[0]!r}; choose one of: {', '.join(LAYER_ACTIVATIONS)}")
    return {"activations": activations}


# ----------------------------------------------------------------------------
# The wine network
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WinePass:
    """Every value of one forward pass through the wine network (vectors of one wine)."""

    h0: np.ndarray  # (4,) the input, layer 0
    u1: np.ndarray  # (3,) the hidden layer's sums
    h1: np.ndarray  # (3,) its activations
    u2: np.ndarray  # (2,) the output layer's sums
    y: np.ndarray   # (2,) the class probabilities
    predicted: int  # index of the largest output

    @property
    def prediction(self) -> str:
        """The predicted class, ``"white"`` or ``"red"``."""
        return CLASSES[self.predicted]

    @property
    def y_sum(self) -> float:
        """y₁ + y₂: 1 for every wine (softmax)."""
        return float(self.y.sum())

    @property
    def switched_off(self) -> list[int]:
        """The hidden units ReLU switched off (h = 0 because u <= 0), by index."""
        return [int(i) for i in np.flatnonzero(self.h1 == 0)]


@checked(one_wine)
def wine_forward(x) -> WinePass:
    """One wine through the wine network, x = [age, alcohol, colour, smell] (4,):

        h₀ = x,  u₁ = W₁h₀ + b₁ (3,),  h₁ = ReLU(u₁),  u₂ = W₂h₁ + b₂ (2,),  y = softmax(u₂)

    y holds one probability per class and adds up to 1; the network's prediction is the class
    with the largest output, argmax_k y_k.
    """
    y, cache = mlp_forward.unchecked(x, WINE_LAYERS)
    (u1, u2), (h0, h1, _) = cache["us"], cache["hs"]  # batch form: one row, the one wine
    return WinePass(h0=h0[0], u1=u1[0], h1=h1[0], u2=u2[0], y=y, predicted=int(np.argmax(y)))


@checked(sums_inputs)
def unit_sums(W, h, b) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's sum written out, one unit at a time, as the Chainer tutorial writes u₁₁, u₁₂, u₁₃:

        u_i = w_i1 h_1 + w_i2 h_2 + ... + w_in h_n + b_i

    W: (out, in), h: (in,), b: (out,). Returns the products w_ij h_j, (out, in), and u, (out,):
    the same numbers as the matrix form u = W h + b, row i of W giving unit i.
    """
    products = np.zeros(W.shape)
    u = np.zeros(W.shape[0])
    for i in range(W.shape[0]):      # one unit: one row of W
        for j in range(W.shape[1]):  # one edge into it: one input
            products[i, j] = W[i, j] * h[j]
        u[i] = products[i].sum() + b[i]
    return products, u


@checked(layer_sizes)
def parameter_counts(sizes) -> list[tuple[int, int]]:
    """(weights, biases) of each layer with weights, for a fully-connected network whose layers
    have ``sizes`` units, the input layer first: a layer of n_l units after one of n_{l-1} has
    the weight matrix W_l (n_l × n_{l-1}), one weight per edge, and n_l biases."""
    return [(n_out * n_in, n_out) for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]


@checked(layer_sizes)
def parameter_count(sizes) -> int:
    """All weights and biases of a fully-connected network: the sum over its layers of
    n_l n_{l-1} + n_l. The wine network, sizes (4, 3, 2): 12 + 3 + 6 + 2 = 23."""
    return sum(weights + biases for weights, biases in parameter_counts.unchecked(sizes))


@checked(layer_sizes)
def unit_layers(sizes) -> int:
    """The network's depth as the Chainer tutorial counts it: its layers of units, the input
    layer (layer 0) included. The wine network is a 3-layer network: input, hidden, output."""
    return len(sizes)


@checked(activation_names)
def function_layers(activations) -> list[str]:
    """The layers a framework builds the network from, "layer" in the sense of the tutorial's
    §3.6: for each layer with weights an Affine layer (u = W h + b), then its activation as a
    layer of its own (none for the identity). The wine network: affine, relu, affine, softmax."""
    names = []
    for name in activations:
        names.append("affine")
        if name != "identity":
            names.append(name)
    return names

