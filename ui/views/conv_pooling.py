"""Page 7's boards and formulas: one convolution step, the output maps filling up, pooling one
window at a time and its backward routing, and the output-size formula with its verdict."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.format import fmt, latex_gathered, latex_matrix, latex_number
from ui.plot.boards import (
    GRADIENT_FILL,
    KERNEL,
    OUTPUT,
    PADDING,
    PENDING,
    PRODUCT,
    WHITE,
    WINDOW,
    Board,
    fit_cell,
    row_layout,
    show,
)
from ui.plot.theme import ACCENT, GRADIENT
from ui.shell.i18n import labels, t
from ui.widgets import chips, display_math

T = "conv_pooling."
M, N = latex_matrix, latex_number


def padded_fill(shape: tuple[int, int], pad: int, window: tuple[int, int, int, int] | None) -> np.ndarray:
    """Colours of a padded input: grey padding, white inside, the window tinted."""
    fill = np.full(shape, PADDING, dtype=object)
    H, W = shape
    fill[pad : H - pad, pad : W - pad] = WHITE
    if window is not None:
        top, left, h, w = window
        fill[top : top + h, left : left + w] = WINDOW
    return fill


def conv_step_chart(step, xpad: np.ndarray, pad: int, titles: dict, budget: int = 500) -> str:
    """One output cell: for every channel the padded input with the window outlined,
    the kernel's channel and the element-wise products (their sum in the title).

    titles: {"input": [per channel], "kernel": [per channel], "products": [per channel]}
    """
    C, KH, KW = step.kernel.shape
    window = (step.top, step.left, KH, KW)
    P = xpad.shape[-1]
    cell = fit_cell([[(P, titles["input"][c]), (KW, titles["kernel"][c]), (KW, titles["products"][c])]
                     for c in range(C)], gap=1, budget=budget)
    board, top = Board(), 0
    is_pad = padded_fill(xpad.shape[1:], pad, None) == PADDING
    for c in range(C):
        top = row_layout(board, [
            {"values": xpad[c], "title": titles["input"][c], "highlight": window,
             "fill": padded_fill(xpad.shape[1:], pad, window), "fade": is_pad},
            {"values": step.kernel[c], "title": titles["kernel"][c], "fill": KERNEL},
            {"values": step.products[c], "title": titles["products"][c], "fill": PRODUCT,
             "fade": step.products[c] == 0},
        ], top, cell, gap=1)
    return board.svg(cell)


def output_chart(maps: np.ndarray, titles: list[str], done: np.ndarray | None = None,
                 current: tuple[int, int, int] | None = None, fill: str = OUTPUT,
                 budget: int = 420) -> str:
    """Output maps (F, OH, OW) side by side; cells not ``done`` yet are empty and pale,
    the ``current`` cell (f, i, j) is outlined."""
    done = np.ones(maps.shape, bool) if done is None else done
    cell = fit_cell([[(maps.shape[2], title) for title in titles]], gap=2, budget=budget, smallest=22)
    items = [{"values": maps[f], "title": titles[f], "blank": ~done[f],
              "fill": np.where(done[f], fill, PENDING).astype(object),
              "highlight": (current[1], current[2], 1, 1) if current and current[0] == f else None}
             for f in range(maps.shape[0])]
    board = Board()
    row_layout(board, items, 0, cell, gap=2)
    return board.svg(cell)


def pool_step_chart(x: np.ndarray, step, size: int, out: np.ndarray, done: np.ndarray,
                    titles: tuple[str, str]) -> str:
    """Pooling one cell: the input with the window outlined (its maximum tinted, for max
    pooling) and the output being filled."""
    fill = np.full(x.shape, WHITE, dtype=object)
    fill[step.top : step.top + size, step.left : step.left + size] = WINDOW
    if step.argmax is not None:
        fill[step.top + step.argmax[0], step.left + step.argmax[1]] = ACCENT
    board = Board()
    row_layout(board, [
        {"values": x, "title": titles[0], "fill": fill, "highlight": (step.top, step.left, size, size)},
        {"values": out, "title": titles[1], "fill": np.where(done, OUTPUT, PENDING).astype(object),
         "highlight": (step.i, step.j, 1, 1), "blank": ~done},
    ], 0, 40, gap=2)
    return board.svg(40)


def routing_chart(dout: np.ndarray, routes: list[tuple[np.ndarray, str]], dout_title: str,
                  digits: int = 3) -> str:
    """Pooling backward: the upstream gradient and where each pooling sends it."""
    items = [{"values": dout, "title": dout_title, "fill": GRADIENT_FILL, "digits": digits}]
    items += [{"values": dx, "title": title, "fill": GRADIENT_FILL, "fade": dx == 0, "digits": digits}
              for dx, title in routes]
    board = Board()
    row_layout(board, items, 0, 40, gap=2)
    return board.svg(40)


#: The article's layer sizes (seed 001 §3.7.1): 5×5×3 input, two 3×3 kernels, padding 1, stride 2.
#: The keys are the widgets' keys and the URL's parameters: ``?values=…&size=7&pad=0&stride=1``.
EXAMPLE = {"size": 5, "channels": 3, "kernel": 3, "kernels": 2, "pad": 1, "stride": 2}
SIZES = ("size", "channels", "kernel", "kernels")  # fixed while the article's values are shown


def _back_to_the_example() -> None:
    st.session_state.update(EXAMPLE, values="example", p7_cell=0, p7_cell_playing=False)


def _values_changed() -> None:
    if st.session_state["values"] == "example":
        st.session_state.update(EXAMPLE)
    st.session_state.p7_cell = 0


def layer_settings() -> tuple:
    """The layer's controls: (values, size, channels, kernel, kernels, pad, stride, seed). With
    the article's values only the padding and the stride can change. Every control is bound
    to the URL; its default is the article's."""
    url = {"bind": "query-params"}
    with st.container(border=True):
        top = st.columns([2, 1, 1], vertical_alignment="bottom")
        values = top[0].segmented_control(t(T + "s1.values"), ["example", "random"], key="values",
                                          default="example", required=True, on_change=_values_changed,
                                          format_func=labels(T + "values", ["example", "random"]).get,
                                          **url)
        example = values == "example"
        if example:  # a link may carry sizes that the article's values do not have
            st.session_state.update({k: EXAMPLE[k] for k in SIZES if st.session_state.get(k, EXAMPLE[k])
                                     != EXAMPLE[k]})
        seed = top[1].number_input(t(T + "s1.seed"), 0, 9999, 0, key="seed", disabled=example, **url)
        top[2].button(t(T + "s1.reset"), key="p7_reset", on_click=_back_to_the_example,
                      icon=":material/restart_alt:", width="stretch")
        c1, c2, c3 = st.columns(3, gap="medium")
        size = c1.slider(t(T + "s1.size"), 1, 9, EXAMPLE["size"], key="size", disabled=example, **url)
        channels = c1.slider(t(T + "s1.channels"), 1, 3, EXAMPLE["channels"], key="channels",
                             disabled=example, **url)
        kernel = c2.slider(t(T + "s1.kernel"), 1, 5, EXAMPLE["kernel"], key="kernel", disabled=example, **url)
        kernels = c2.slider(t(T + "s1.kernels"), 1, 3, EXAMPLE["kernels"], key="kernels", disabled=example,
                            **url)
        pad = c3.slider(t(T + "s1.pad"), 0, 3, EXAMPLE["pad"], key="pad", help=t(T + "s1.pad_help"), **url)
        stride = c3.slider(t(T + "s1.stride"), 1, 4, EXAMPLE["stride"], key="stride",
                           help=t(T + "s1.stride_help"), **url)
        if example:
            st.caption(t(T + "s1.example_note"))
            size, channels, kernel, kernels = (EXAMPLE[k] for k in SIZES)
    return values, size, channels, kernel, kernels, pad, stride, seed


def cell(layer, pos: int, names: dict[int, str], maps: bool = True) -> None:
    """One output cell: the window on every channel, the products and sums, and the maps filling
    up. ``maps=False`` leaves out what tells the output's size (the cell count, the maps)."""
    step, C, F = layer.steps[pos], layer.x.shape[0], layer.W.shape[0]
    channels = [t(T + "s2.channel", c=c + 1) for c in range(C)]
    chips([*([(t(T + "s2.step_of", n=pos + 1, total=len(layer.steps)), "gray")] if maps else []),
           (names[pos], "orange")])
    grids, sums = st.columns([1.1, 1], gap="medium")
    with grids:
        show(conv_step_chart(step, layer.xpad, layer.pad, {
            "input": [t(T + "s2.input_title", name=n) for n in channels],
            "kernel": [f"W{step.f} · {n}" for n in channels],
            "products": [t(T + "s2.products_title", s=fmt(s)) for s in step.channel_sums]}))
        st.caption(t(T + "s2.caption"))
    with sums:
        small = step.kernel.shape[-1] <= 3  # a 5×5 window would not fit beside the boards
        lines = [rf"s_{{{c + 1}}} = \sum " + (rf"{M(step.window[c])} \odot {M(step.kernel[c])}" if small
                                            else rf"X_{{{c + 1}}} \odot W_{{{step.f},{c + 1}}}")
                 + rf" = {N(step.channel_sums[c])}" for c in range(C)]
        bias = signed_sum([step.bias])
        lines += [rf"z_{{{step.f}}}[{step.i + 1}, {step.j + 1}] = "
                  + " + ".join(f"s_{{{c + 1}}}" for c in range(C)) + rf" + b_{{{step.f}}}",
                  rf"= {signed_sum(step.channel_sums)} + {bias} = {N(step.total)} + {bias} = {N(step.out)}"]
        if not maps:
            st.markdown(display_math(latex_gathered(*lines, gap="10pt")))
            return
        st.markdown(display_math(latex_gathered(*lines, gap="10pt")) + f"\n\n**{t(T + 's2.filling')}**")
        out = layer.out[0]
        done = (np.arange(out.size) <= pos).reshape(out.shape)
        show(output_chart(out, [t(T + "s2.map", f=f) for f in range(F)], done, (step.f, step.i, step.j)))


def cells_table(steps) -> pd.DataFrame:
    """Every output cell: its map, row and column, the sum over channels, the bias and the result."""
    return pd.DataFrame([{t(T + "s3.col_map"): s.f, t(T + "s3.col_row"): s.i + 1,
                          t(T + "s3.col_col"): s.j + 1, t(T + "s3.col_total"): s.total, "b": s.bias,
                          "z": s.out} for s in steps])


def check_table(box, errors: dict[str, float], shapes: dict[str, tuple]) -> None:
    """The numerical check of the convolution's backward pass, in the expander ``box``."""
    box.dataframe(pd.DataFrame([{t(T + "s5.col_param"): name,
                                 t(T + "s5.col_shape"): " × ".join(map(str, shapes[name])),
                                 t(T + "s5.col_error"): fmt(err, 2)} for name, err in errors.items()]),
                  hide_index=True, width="stretch")
    worst = max(errors.values())
    if worst < 1e-7:
        box.success(t(T + "s5.check_ok", err=fmt(worst, 2)), icon=":material/verified:")
    else:
        box.warning(t(T + "s5.check_bad", err=fmt(worst, 2)), icon=":material/warning:")


def signed_sum(values, digits: int = 4) -> str:
    """LaTeX ``(-2) + 0 + 1``: the terms of a sum, negative ones in parentheses."""
    terms = [latex_number(v, digits) for v in np.ravel(values)]
    return " + ".join(f"({s})" if s.startswith("-") else s for s in terms)



def size_latex(fit, n: str, k: str, p: str | None, s: str) -> str:
    """The output-size formula with the learner's numbers, and its verdict.

    ``(W - K + 2P) / S + 1 = (5 - 3 + 2·1) / 2 + 1 = 3``; a value that is not a valid
    size is marked with a red cross. ``p=None`` leaves the padding out (pooling).
    """
    pad_sym = rf" + 2{p}" if p else ""
    pad_num = rf" + 2 \cdot {fit.pad}" if p else ""
    head = (rf"O = \frac{{{n} - {k}{pad_sym}}}{{{s}}} + 1 = "
            rf"\frac{{{fit.n} - {fit.k}{pad_num}}}{{{fit.stride}}} + 1 = ")
    value = latex_number(fit.positions)
    if fit.problem is None:
        return head + value
    return head + value + rf"\quad \color{{{GRADIENT}}}{{\boldsymbol{{\times}}}}"


def fit_message(fit, prefix: str, window: str) -> str:
    """Which constraint of the output-size formula fails, in the learner's language."""
    fields = {"n": fit.n, "k": fit.k, "pad": fit.pad, "padded": fit.padded, "stride": fit.stride,
              "span": fit.span, "positions": fmt(fit.positions),
              "strides": ", ".join(str(s) for s in fit.strides)}
    return t(f"{prefix}.{fit.problem}", **fields)


def shape_latex(before: tuple[int, ...], after: tuple[int, ...]) -> str:
    """``224 \\times 224 \\times 64 \\to 112 \\times 112 \\times 64`` (the seed's pooling)."""
    def dims(shape):
        return r" \times ".join(str(d) for d in shape)

    return rf"{dims(before)} \xrightarrow{{\ 2\times 2,\ S = 2\ }} {dims(after)}"
