"""Page 5's pictures: the 3-2-1 network as a Graphviz diagram that fills in as the trace advances,
and the loss over repeated updates.

Values appear on the diagram only once the step that computes them has been
reached: forward values in blue on the way in, gradients in red on the way back,
as in seed 001's backpropagation figure. The parts of the current step are drawn
thick in its phase's colour. Everything shown comes from ``core.network.backprop_trace``.
"""

from __future__ import annotations

from html import escape

import numpy as np

from core.format import fmt, fmt_array, latex_matrix, latex_number
from core.graph import GRAPH
from ui.plot import vega
from ui.plot.charts import NO_POINTS, NO_SEGMENTS, curve_chart, lines
from ui.plot.theme import BEFORE, FORWARD, GRADIENT, INK, TINT
from ui.plot.theme import GRAPHVIZ_FONT as FONT

_BR = '<br align="center"/>'
_LIGHT = {"forward": TINT["forward_box"], "backward": TINT["gradient_box"]}


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(name: str, n: int) -> str:
    return f"{name}{str(n).translate(_SUB)}"


def _line(name: str, value, color: str) -> str:
    return f'<font color="{color}">{escape(name)} = {escape(fmt(value))}</font>'


def _vector_line(name: str, values, color: str) -> str:
    return f'<font color="{color}">{escape(name)} = {escape(fmt_array(values))}</font>'


#: What a unit shows once its step is done: (trace key, name, colour). The gradients of the
#: weights coming into a unit are a vector (one per input).
HIDDEN_VALUES = (("u1", "u", FORWARD), ("h1", "h", FORWARD), ("dL_dh1", "∂L/∂h", GRADIENT),
                 ("dL_du1", "∂L/∂u", GRADIENT), ("dL_dW1", "∂L/∂w", GRADIENT))
OUTPUT_VALUES = (("u2", "u", FORWARD), ("y", "y", FORWARD), ("dL_dy", "∂L/∂y", GRADIENT),
                 ("dL_du2", "∂L/∂u", GRADIENT), ("dL_dW2", "∂L/∂w", GRADIENT))


def _values(done: dict, unit: int, shown) -> list[str]:
    """The lines of one unit's label for the values computed so far."""
    return [(_vector_line if np.ndim(done[key][unit]) else _line)(name, done[key][unit], colour)
            for key, name, colour in shown if key in done]


def network_dot(steps, index: int, x, t, W1, b1, W2, b2) -> str:
    """DOT source of the network after step ``index`` (0-based) of ``steps``."""
    x, t = np.asarray(x, float), np.asarray(t, float)
    W1, W2 = np.asarray(W1, float), np.asarray(W2, float)
    b1, b2 = np.asarray(b1, float), np.asarray(b2, float)
    done = {s.key: s.value for s in steps[: index + 1]}
    current = steps[index]
    colour = FORWARD if current.phase == "forward" else GRADIENT
    lit = set(current.highlight)

    def node_style(group: str) -> str:
        if group in lit:
            return f'color="{colour}", penwidth=3, fillcolor="{_LIGHT[current.phase]}"'
        return f'color="{BEFORE}", penwidth=1.2, fillcolor="white"'

    def edge_style(group: str) -> str:
        if group in lit:
            back = ", dir=back" if current.phase == "backward" else ""
            return f'color="{colour}", fontcolor="{INK}", penwidth=3{back}'
        return f'color="{BEFORE}", fontcolor="{INK}", penwidth=1.2'

    lines = [
        "digraph network {",
        '  rankdir=LR; bgcolor="transparent"; nodesep=0.3; ranksep=1.5; pad=0.1; forcelabels=true;',
        f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=17, margin="0.16,0.08"];',
        f'  edge [fontname="{FONT}", fontsize=15, arrowsize=0.8, labelfloat=false];',
    ]
    for i, xi in enumerate(x, start=1):
        lines.append(f'  x{i} [label=<{_line(_sub("x", i), xi, FORWARD)}>, {node_style("x")}];')
    for j in range(W1.shape[0]):
        rows = [f'<b>{_sub("h", j + 1)}</b>', f'<font color="{BEFORE}">b = {escape(fmt(b1[j]))}</font>']
        rows += _values(done, j, HIDDEN_VALUES)
        lines.append(f'  h{j + 1} [label=<{_BR.join(rows)}>, {node_style("hidden")}];')
    for k in range(W2.shape[0]):
        rows = [f'<b>y{k + 1 if W2.shape[0] > 1 else ""}</b>',
                f'<font color="{BEFORE}">b = {escape(fmt(b2[k]))}</font>']
        rows += _values(done, k, OUTPUT_VALUES)
        lines.append(f'  y{k + 1} [label=<{_BR.join(rows)}>, {node_style("output")}];')
    loss_rows = ["<b>L</b>", _line("t", t[0] if t.size == 1 else t.tolist()[0], BEFORE)]
    if "L" in done:
        loss_rows.append(_line("L", done["L"], FORWARD))
    lines.append(f'  L [label=<{_BR.join(loss_rows)}>, {node_style("loss")}];')

    for j in range(W1.shape[0]):
        for i in range(W1.shape[1]):
            lines.append(f"  x{i + 1} -> h{j + 1} [xlabel=<{escape(fmt(W1[j, i]))}>, {edge_style('W1')}];")
    for k in range(W2.shape[0]):
        for j in range(W2.shape[1]):
            lines.append(f"  h{j + 1} -> y{k + 1} [xlabel=<{escape(fmt(W2[k, j]))}>, {edge_style('W2')}];")
        lines.append(f"  y{k + 1} -> L [{edge_style('loss')}];")
    # Keep each layer in order from top to bottom (x1 above x2, h1 above h2).
    for names in ([f"x{i + 1}" for i in range(len(x))], [f"h{j + 1}" for j in range(W1.shape[0])],
                  [f"y{k + 1}" for k in range(W2.shape[0])]):
        if len(names) > 1:
            lines.append(f"  {{ rank=same; {' -> '.join(names)} [style=invis]; }}")
    lines.append("}")
    return "\n".join(lines)


def loss_curve(losses, x_title: str, series: str) -> None:
    """The loss before every update and after the last one."""
    steps = np.arange(len(losses))
    vega.show(curve_chart(x_title, "L", (series,), (FORWARD,), height=260),
              curves=lines(steps, {series: losses}), points=NO_POINTS, segments=NO_SEGMENTS)


#: How the graph's nodes are written: the Chainer tutorial's names (f₁, a₁, ℒ, l = ℒ(y, t)).
GRAPH_SYMBOL = {"x": "x", "W1": "W₁", "b1": "b₁", "f1": "f₁", "u1": "u₁", "a1": "a₁", "h1": "h₁",
                "W2": "W₂", "b2": "b₂", "f2": "f₂", "u2": "u₂", "a2": "a₂", "y": "y", "t": "t",
                "L": "ℒ", "l": "l"}
#: The graph in two rows: the chain x → f₁ → u₁ → a₁ → h₁ → f₂ → u₂ → a₂ → y → ℒ → l from left to
#: right (vectors written as columns keep its nodes narrow), and the parameters and the target
#: above the functions they feed, as in the Chainer tutorial's figure.
_ROWS = (("W1", "b1", "W2", "b2", "t"), ("x", "f1", "u1", "a1", "h1", "f2", "u2", "a2", "y", "L", "l"))


def _value_lines(value, colour: str) -> list[str]:
    """A value as label lines: a vector as a column (as in the formulas), a matrix row by row, so
    that a node stays narrow."""
    value = np.asarray(value, float)
    grid = value.reshape(-1, 1) if value.ndim < 2 else value
    return [f'<font color="{colour}">{escape("   ".join(fmt(v, 3) for v in row))}</font>' for row in grid]


def _variable_label(symbol: str, value, grad) -> str:
    """A round node's label: its name, its value (blue) and its gradient (red), once known."""
    lines = [f"<b>{escape(symbol)}</b>"]
    if value is not None:
        lines += _value_lines(value, FORWARD)
    if grad is not None:
        lines += [f'<font color="{GRADIENT}" point-size="10">∂l/∂{escape(symbol)}</font>',
                  *_value_lines(grad, GRADIENT)]
    return _BR.join(lines)


def graph_dot(state) -> str:
    """DOT source of the computational graph in ``state`` (a core.graph.GraphState): round
    variable nodes with their value (blue) and, on the way back, their gradient (red); square
    function nodes; the current step's function and variables drawn thick."""
    colour = FORWARD if state.phase == "forward" else GRADIENT
    fill = _LIGHT[state.phase]
    lines = [
        "digraph graph_ {",
        '  rankdir=TB; bgcolor="transparent"; nodesep=0.2; ranksep=0.2; pad=0.05; newrank=true;',
        f'  node [fontname="{FONT}", fontsize=12, style=filled, fillcolor=white, margin="0.02,0.02"];',
        '  edge [arrowsize=0.6];',
    ]
    for node in GRAPH:
        on = node.name == state.active or node.name in state.lit
        look = (f'color="{colour}", penwidth=3, fillcolor="{fill}"' if on
                else f'color="{BEFORE}", penwidth=1.2')
        symbol = GRAPH_SYMBOL[node.name]
        if node.kind == "function":
            lines.append(f'  {node.name} [shape=box, label=<<b>{symbol}</b>>, width=0.3, height=0.3, '
                         f'fixedsize=true, {look}];')
            continue
        label = _variable_label(symbol, state.values.get(node.name), state.grads.get(node.name))
        lines.append(f'  {node.name} [shape=ellipse, label=<{label}>, {look}];')
    for node in GRAPH:
        for source in node.inputs:
            on = {source, node.name} <= {state.active, *state.lit}
            if on:
                back = ", dir=back" if state.phase == "backward" else ""
                lines.append(f'  {source} -> {node.name} [color="{colour}", penwidth=3{back}];')
            else:
                lines.append(f'  {source} -> {node.name} [color="{BEFORE}", penwidth=1.2];')
    for names in _ROWS:
        lines.append(f"  {{ rank=same; {'; '.join(names)}; }}")
    lines.append("}")
    return "\n".join(lines)


def delta_formulas(rec) -> list[str]:
    """LaTeX lines of the delta recursion (``core.graph.delta_recursion``), last layer first, with
    the numbers: how each delta is made, then the gradients it gives."""
    m = latex_matrix
    top = len(rec)
    lines = []
    for d in reversed(rec):
        l, below = d.l, r"\mathbf{x}" if d.l == 1 else rf"\mathbf{{h}}_{d.l - 1}"
        if l == top:
            came = r"\frac{\partial L}{\partial \mathbf{y}}"
        else:
            came = rf"\left(W_{l + 1}^{{\top}}\boldsymbol{{\delta}}_{l + 1}\right)"
        delta = rf"\boldsymbol{{\delta}}_{l}"
        lines.append(rf"{delta} = {came} \odot a_{l}'(\mathbf{{u}}_{l}) = {m(d.incoming)} \odot "
                     rf"{m(d.slope)} = {m(d.delta)}")
        lines.append(rf"\frac{{\partial L}}{{\partial W_{l}}} = {delta}\,{below}^{{\top}} = "
                     rf"{m(d.delta)}{m(d.h_prev[None, :])} = {m(d.dW)},\qquad "
                     rf"\frac{{\partial L}}{{\partial \mathbf{{b}}_{l}}} = {delta} = {m(d.db)}")
    return lines


def rbf_formulas(d) -> list[str]:
    """LaTeX lines of the RBF article's backward pass for one sample (``core.graph.rbf_deltas``),
    in its notation: xi the cost, z_h and z_o the inputs of the hidden and the output unit."""
    n = latex_number
    return [
        rf"z_h = x\,w_h = {n(d.x)} \times {n(d.w_h)} = {n(d.z_h)},\quad h = e^{{-z_h^2}} = {n(d.h)},\quad "
        rf"z_o = h\,w_o - 1 = {n(d.z_o)},\quad y = \sigma(z_o) = {n(d.y)}",
        rf"\delta_o = \frac{{\partial \xi}}{{\partial z_o}} = y - t = {n(d.y)} - {n(d.t)} = {n(d.delta_o)}",
        rf"\delta_h = \frac{{\partial \xi}}{{\partial z_h}} = \frac{{\partial h}}{{\partial z_h}}\,"
        rf"\frac{{\partial z_o}}{{\partial h}}\,\delta_o = -2 z_h h\, w_o\, \delta_o = "
        rf"-2 \times {n(d.z_h)} \times {n(d.h)} \times ({n(d.w_o)}) \times ({n(d.delta_o)}) = {n(d.delta_h)}",
        rf"\frac{{\partial \xi}}{{\partial w_o}} = h\,\delta_o = {n(d.grad_w_o)},\qquad "
        rf"\frac{{\partial \xi}}{{\partial w_h}} = x\,\delta_h = {n(d.grad_w_h)}",
    ]
