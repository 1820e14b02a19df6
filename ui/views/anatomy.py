"""The anatomy page's pictures and formula blocks: the wine network as units in layers with its
weights on the edges (the parts named, or filled with one wine's values), the chain of function
layers, and the element-wise sums beside the matrix form.

Every number drawn comes from ``core.anatomy``; this module only places and formats it. The
pictures are one SVG each (drawn as an image, as the number boards of ``ui.plot.boards``):
forward values blue, as everywhere in the app; a hidden unit that ReLU switched off is grey.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np

from core.format import fmt, latex_number
from ui.plot.boards import show
from ui.plot.theme import ACCENT, AXIS, BEFORE, FONT, FORWARD, GOOD, INK, TINT

__all__ = ["LAYER_NAMES", "ROWS", "SUBSCRIPT", "Words", "chain_steps", "chain_svg", "elementwise_sums",
           "matrix_form", "network_svg", "show", "sub"]

SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
ROWS = (FORWARD, ACCENT, GOOD)  # one colour per hidden unit: its row of W, its sum, its u
#: How the function layers of ``core.anatomy.function_layers`` are named in a framework.
LAYER_NAMES = {"affine": "Affine", "identity": "Identity", "sigmoid": "Sigmoid", "tanh": "Tanh",
               "relu": "ReLU", "leaky_relu": "LeakyReLU", "softplus": "Softplus", "gaussian_rbf": "RBF",
               "softmax": "Softmax"}


def sub(name: str, *indices: int) -> str:
    """``sub("h", 0, 1) == "h₀₁"``: a symbol with the article's subscripts."""
    return name + "".join(str(i) for i in indices).translate(SUBSCRIPT)


@dataclass(frozen=True)
class Words:
    """The picture's texts in the page's language (from the catalogs)."""

    features: tuple[str, ...]  # the four inputs
    classes: tuple[str, ...]   # the two outputs
    layers: tuple[str, ...]    # input layer, hidden layer, output layer
    numbers: tuple[str, ...]   # "layer 0 · h₀", ...
    connected: tuple[str, ...]  # the two fully-connected bands
    unit: str
    depth: str


# --- geometry (pixels): three columns of units, the input layer on the left -----------------
R = 21
X = (190, 410, 620)                          # input, hidden, output column
Y = ((60, 150, 240, 330), (75, 195, 315), (135, 255))
WIDTH, HEIGHT = 790, 462
HALO = 'stroke="white" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'


def _text(x: float, y: float, text: str, size: int = 13, fill: str = INK, anchor: str = "middle",
          weight: str = "normal", halo: bool = True) -> str:
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" fill="{fill}" text-anchor="{anchor}" '
            f'font-weight="{weight}" dominant-baseline="central"{" " + HALO if halo else ""}>'
            f'{escape(text)}</text>')


def _symbol(x: float, y: float, name: str, index: str, size: int = 14, fill: str = INK) -> str:
    """A symbol with a subscript drawn as such (the system font of an SVG image may lack ₀₁₂)."""
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" fill="{fill}" text-anchor="middle" '
            f'dominant-baseline="central">{escape(name)}<tspan font-size="{size - 4}" dy="4">'
            f'{escape(index)}</tspan></text>')


def _pair(x: float, y: float, name: str, value: str, anchor: str, weight: str = "normal") -> str:
    """``name = value`` with the value in the forward colour."""
    return (f'<text x="{x:g}" y="{y:g}" font-size="13" fill="{INK}" text-anchor="{anchor}" '
            f'font-weight="{weight}" dominant-baseline="central" {HALO}>{escape(name)} = '
            f'<tspan fill="{FORWARD}">{escape(value)}</tspan></text>')


def network_svg(W1, b1, W2, b2, words: Words, wine=None) -> str:
    """The wine network: units in three layers, every weight on its edge, every bias under its
    unit, the parts named (layers, a unit, the fully-connected bands, the depth).

    wine: a ``core.anatomy.WinePass`` to write one wine's values on the units (the input values,
    u and h of each hidden unit, the probabilities with bars, the predicted class ringed);
    None draws the structure alone.
    """
    weights = (np.asarray(W1, float), np.asarray(W2, float))
    biases = (np.asarray(b1, float), np.asarray(b2, float))
    heaviest = max(float(np.abs(W).max()) for W in weights) or 1.0
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{escape(FONT)}">']
    # the two fully-connected bands: every unit of a layer joined to every unit of the next
    for k, label in enumerate(words.connected):
        out.append(_text((X[k] + X[k + 1]) / 2, 18, label, size=12, fill=INK))
    for k, W in enumerate(weights):
        for i, yi in enumerate(Y[k + 1]):
            for j, yj in enumerate(Y[k]):
                width = 0.8 + 2.2 * abs(W[i, j]) / heaviest
                dash = ' stroke-dasharray="5 3"' if W[i, j] < 0 else ""
                out.append(f'<line x1="{X[k]}" y1="{yj}" x2="{X[k + 1]}" y2="{yi}" stroke="{BEFORE}" '
                           f'stroke-opacity="0.75" stroke-width="{width:.2f}"{dash}/>')
    for k, W in enumerate(weights):  # labels after every line, so no line crosses a label
        for i, yi in enumerate(Y[k + 1]):
            for j, yj in enumerate(Y[k]):
                at = 0.78  # near the unit the weight feeds: the labels into one unit stand together
                out.append(_text(X[k] + at * (X[k + 1] - X[k]), yj + at * (yi - yj), fmt(W[i, j], 3),
                                 size=11, fill=INK))
    out += _units(words, biases, wine)
    out += _names(words)
    out.append("</svg>")
    return "".join(out)


def _units(words: Words, biases, wine) -> list[str]:
    out = []
    symbols = ([("h", f"0{j + 1}") for j in range(4)], [("h", f"1{i + 1}") for i in range(3)],
               [("y", f"{k + 1}") for k in range(2)])
    for layer, (x, ys) in enumerate(zip(X, Y, strict=True)):
        for n, y in enumerate(ys):
            off = wine is not None and layer == 1 and wine.h1[n] == 0  # switched off by ReLU
            ring = wine is not None and layer == 2 and n == wine.predicted
            fill = TINT["white"] if wine is None else (TINT["padding"] if off else TINT["forward"])
            stroke = ACCENT if ring else (AXIS if off else INK)
            out.append(f'<circle cx="{x}" cy="{y}" r="{R}" fill="{fill}" stroke="{stroke}" '
                       f'stroke-width="{3 if ring else 1.4}"/>')
            out.append(_symbol(x, y, *symbols[layer][n], fill=AXIS if off else INK))
            if layer == 0:
                if wine is None:
                    out.append(_text(x - R - 8, y, words.features[n], anchor="end"))
                else:
                    out.append(_pair(x - R - 8, y, words.features[n], fmt(wine.h0[n]), "end"))
            else:
                shift = 18 if layer == 1 else 0  # clear of the weight labels into the unit below
                bias = f"b = {fmt(biases[layer - 1][n], 3)}"
                out.append(_text(x + shift, y + R + 10, bias, size=11, fill=AXIS))
            if layer == 1 and wine is not None:
                out.append(_text(x + 18, y + R + 24, f"u = {fmt(wine.u1[n])}, h = {fmt(wine.h1[n])}", size=12,
                                 fill=AXIS if off else FORWARD))
            if layer == 2:
                name = words.classes[n]
                if wine is None:
                    out.append(_text(x + R + 8, y, name, anchor="start"))
                    continue
                out.append(_pair(x + R + 8, y - 7, name, fmt(wine.y[n]), "start",
                                 weight="bold" if ring else "normal"))
                out.append(f'<rect x="{x + R + 8}" y="{y + 5}" width="100" height="8" fill="white" '
                           f'stroke="{AXIS}" stroke-width="0.8"/>')
                out.append(f'<rect x="{x + R + 8}" y="{y + 5}" width="{100 * float(wine.y[n]):.1f}" '
                           f'height="8" fill="{FORWARD}"/>')
    return out


def _names(words: Words) -> list[str]:
    """The terms: each layer with its number, one unit pointed at, the depth under all three."""
    out = []
    for x, name, number in zip(X, words.layers, words.numbers, strict=True):
        out.append(_text(x, 382, name, weight="bold"))
        out.append(_text(x, 400, number, size=12, fill=AXIS))
    top = Y[2][0] - R
    out.append(_text(X[2], top - 30, words.unit, size=12, fill=ACCENT))
    out.append(f'<line x1="{X[2]}" y1="{top - 21}" x2="{X[2]}" y2="{top - 3}" stroke="{ACCENT}" '
               f'stroke-width="1.5"/>')
    left, right, y = X[0] - 45, X[2] + 45, 424
    out.append(f'<path d="M{left} {y - 6}V{y}H{right}V{y - 6}" fill="none" stroke="{AXIS}" '
               f'stroke-width="1.2"/>')
    out.append(_text((left + right) / 2, y + 16, words.depth, size=12, fill=INK))
    return out


def chain_steps(functions: list[str]) -> tuple[list[tuple[str, str, str]], list[tuple[int, int, int]]]:
    """The chain of a forward pass through ``functions`` (e.g. Affine, ReLU, Affine, Softmax):
    the steps (kind, name, subscript), values and functions in turn, h₀ first and y last, and
    for each layer of units (number, first step, last step): layer 0 holds h₀, layer l its u_l
    and h_l (the last layer's h is y)."""
    steps, layers, l = [("value", "h", "0")], [(0, 0, 0)], 0
    for k, name in enumerate(functions):
        steps.append(("function", name, ""))
        if name == "Affine":
            l += 1
            steps.append(("value", "u", str(l)))
            layers.append((l, len(steps) - 1, len(steps) - 1))
        else:
            last = k == len(functions) - 1
            steps.append(("value", "y", "") if last else ("value", "h", str(l)))
            layers[-1] = (l, layers[-1][1], len(steps) - 1)
    return steps, layers


def chain_svg(functions: list[str], layer_name: str, caption: str) -> str:
    """The forward pass as a chain: round nodes for the values, square nodes for the functions
    (the computational graph of the Chainer tutorial's §3.4, in one line), each layer of units
    bracketed above the values it holds.

    functions: the function layers in order; layer_name: a template with ``{n}`` ("layer {n}");
    caption: under the function nodes (the framework's layers, numbered)."""
    steps, layers = chain_steps(functions)
    gap, top = 96, 74
    width = gap * (len(steps) - 1) + 90
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="150" '
           f'viewBox="0 0 {width} 150" font-family="{escape(FONT)}">']
    xs = [45 + gap * i for i in range(len(steps))]
    half = {"value": 18, "function": 36}  # a value's circle, a function's box: half their width
    line = f'stroke="{INK}" stroke-width="1.3"'
    for i in range(len(steps) - 1):
        start, end = xs[i] + half[steps[i][0]] + 2, xs[i + 1] - half[steps[i + 1][0]] - 2
        out.append(f'<line x1="{start}" y1="{top}" x2="{end - 6}" y2="{top}" {line}/>')
        out.append(f'<path d="M{end - 7} {top - 4}L{end} {top}L{end - 7} {top + 4}z" fill="{INK}"/>')
    functions_seen = 0
    for x, (kind, label, index) in zip(xs, steps, strict=True):
        if kind == "value":
            out.append(f'<circle cx="{x}" cy="{top}" r="18" fill="{TINT["forward"]}" {line}/>')
            out.append(_symbol(x, top, label, index))
        else:
            functions_seen += 1
            out.append(f'<rect x="{x - 36}" y="{top - 16}" width="72" height="32" rx="3" fill="white" '
                       f'{line}/>')
            out.append(_text(x, top, label, size=13, halo=False))
            out.append(_text(x, top + 30, str(functions_seen), size=12, fill=AXIS, halo=False))
    for n, first, last in layers:
        a, b = xs[first] - 22, xs[last] + 22
        out.append(f'<path d="M{a} 42V36H{b}V42" fill="none" stroke="{FORWARD}" stroke-width="1.2"/>')
        out.append(_text((a + b) / 2, 22, layer_name.format(n=n), size=12, fill=FORWARD, halo=False))
    out.append(_text(width / 2, 136, caption, size=12, fill=AXIS, halo=False))
    out.append("</svg>")
    return "".join(out)


# --- formulas -------------------------------------------------------------------------------


def _term(value: float) -> str:
    """A number inside a sum: negative numbers in parentheses, ``(-1)``."""
    text = latex_number(value)
    return f"({text})" if value < 0 else text


def _coloured(i: int, text: str) -> str:
    return rf"\textcolor{{{ROWS[i % len(ROWS)]}}}{{{text}}}"


def elementwise_sums(W, h, b, u) -> str:
    """The Chainer tutorial's three lines u₁ᵢ = wᵢ₁h₀₁ + … + wᵢ₄h₀₄ + bᵢ, in symbols and with the
    numbers (u from ``core.anatomy.unit_sums``), one colour per unit."""
    W, h, b, u = (np.asarray(a, float) for a in (W, h, b, u))
    lines = []
    for i in range(W.shape[0]):
        symbols = " + ".join(f"w_{{{i + 1}{j + 1}}}h_{{0{j + 1}}}" for j in range(W.shape[1]))
        numbers = " + ".join(rf"{_term(W[i, j])} \cdot {_term(h[j])}" for j in range(W.shape[1]))
        lines.append(_coloured(i, rf"u_{{1{i + 1}}}") + rf" &= {symbols} + b_{{{i + 1}}} \\"
                     rf" &= {numbers} + {_term(b[i])} = " + _coloured(i, latex_number(u[i])))
    return r"\begin{aligned} " + r" \\[4pt] ".join(lines) + r" \end{aligned}"


def matrix_form(W, h, b, u) -> str:
    """u₁ = W h₀ + b as the tutorial writes it, in symbols and with the numbers, each row of W in
    the colour of its unit's line in ``elementwise_sums``."""
    W, h, b, u = (np.asarray(a, float) for a in (W, h, b, u))
    rows = range(W.shape[0])
    w_sym = r" \\ ".join(" & ".join(_coloured(i, f"w_{{{i + 1}{j + 1}}}") for j in range(W.shape[1]))
                         for i in rows)  # each entry coloured: an & may not stand inside a colour's group
    w_num = r" \\ ".join(" & ".join(_coloured(i, latex_number(v)) for v in W[i]) for i in rows)

    def column(values, colour: bool = False) -> str:
        cells = [_coloured(i, latex_number(v)) if colour else latex_number(v) for i, v in enumerate(values)]
        return r"\begin{bmatrix} " + r" \\ ".join(cells) + r" \end{bmatrix}"

    symbols = (r"\begin{bmatrix} " + r" \\ ".join(_coloured(i, f"u_{{1{i + 1}}}") for i in rows)
               + r" \end{bmatrix} = \begin{bmatrix} " + w_sym + r" \end{bmatrix}\begin{bmatrix} "
               + r" \\ ".join(f"h_{{0{j + 1}}}" for j in range(W.shape[1])) + r" \end{bmatrix} + "
               r"\begin{bmatrix} " + r" \\ ".join(f"b_{{{i + 1}}}" for i in rows) + r" \end{bmatrix}")
    numbers = (r"\mathbf{u}_1 = W\mathbf{h}_0 + \mathbf{b} = \begin{bmatrix} " + w_num + r" \end{bmatrix}"
               + column(h) + " + " + column(b) + " = " + column(u, colour=True))
    return r"\begin{gathered} " + symbols + r" \\[8pt] " + numbers + r" \end{gathered}"
