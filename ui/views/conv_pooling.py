"""Page 7's boards and formulas: one convolution step, the output maps filling up, pooling one
window at a time and its backward routing, why pooling is used (what it saves, what a small shift
does), and the output-size formula with its verdict."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.conv import POOL_EXAMPLE, conv_fit
from core.format import fmt, fmt_count, latex_gathered, latex_matrix, latex_number
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
from ui.widgets import chips, choice, display_math, markdown_table, numbers_table, predict, step_through

PAGE = "conv_pooling"
T = "conv_pooling."
M, N = latex_matrix, latex_number
URL = {"bind": "query-params"}


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
        values = choice(top[0].segmented_control, t(T + "s1.values"), ["example", "random"], key="values",
                        default="example", required=True, on_change=_values_changed,
                        format_func=labels(T + "values", ["example", "random"]).get)
        example = values == "example"
        if example:  # a link may carry sizes that the article's values do not have
            st.session_state.update({k: EXAMPLE[k] for k in SIZES if st.session_state.get(k, EXAMPLE[k])
                                     != EXAMPLE[k]})
        seed = top[1].number_input(t(T + "s1.seed"), 0, 9999, 0, key="conv_seed", disabled=example, **url)
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



def size_latex(fit, n: str, k: str, p: str | None, s: str, o: str = "O") -> str:
    """The output-size formula with the learner's numbers, and its verdict.

    ``(W - K + 2P) / S + 1 = (5 - 3 + 2·1) / 2 + 1 = 3``; a value that is not a valid
    size is marked with a red cross. ``p=None`` leaves the padding out (pooling); ``o`` names
    the output's size (``O_D`` for the depth of a 3-D convolution).
    """
    pad_sym = rf" + 2{p}" if p else ""
    pad_num = rf" + 2 \cdot {fit.pad}" if p else ""
    head = (rf"{o} = \frac{{{n} - {k}{pad_sym}}}{{{s}}} + 1 = "
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


# ----------------------------------------------------------------------------
# Section 6: pooling's settings and its backward routing
# ----------------------------------------------------------------------------


def pool_settings(box) -> tuple[str, int, int, str]:
    """Section 6's controls in ``box``: (mode, size, stride, the output-size formula), bound to the
    URL. A window that does not tile the 4×4 input is explained and the last one that did is kept."""
    with box, st.container(border=True):
        mode = choice(st.segmented_control, t(T + "s6.mode"), ["max", "avg"], key="pool", default="max",
                      required=True, format_func=labels(T + "modes", ["max", "avg"]).get)
        size = st.slider(t(T + "s6.size"), 1, 4, 2, key="pool_size", **URL)
        stride = st.slider(t(T + "s6.stride"), 1, 4, 2, key="pool_stride", **URL)
    fit = conv_fit(POOL_EXAMPLE.shape[0], size, 0, stride)
    with box:
        kept = kept_setting(fit, "p7_pool_last_good", {"size": size, "stride": stride},
                            {"size": 2, "stride": 2}, T + "s6")
    return mode, kept["size"], kept["stride"], size_latex(fit, "H", "k", None, "S")


def kept_setting(fit, key: str, setting: dict[str, int], default: dict[str, int],
                 prefix: str) -> dict[str, int]:
    """``setting`` when ``fit`` (core's ``ConvFit``) is a valid size, remembered under ``key``;
    otherwise what to change (``<prefix>.too_large`` or ``.not_tiled``) and the last setting that
    fitted (``<prefix>.kept``), ``default`` before any did (a link may open on one that does not)."""
    if fit.problem is None:
        st.session_state[key] = setting
        return setting
    st.error(fit_message(fit, prefix, "kernel"), icon=":material/block:")
    kept = st.session_state.get(key, default)
    st.info(t(prefix + ".kept", **kept), icon=":material/history:")
    return kept


def pool_walk(box, steps, pooled: np.ndarray, mode: str, size: int, stride: int, formula: str) -> None:
    """Pooling one window at a time (core's ``PoolStep`` list) in ``box``; under it the size
    formula, the whole pooling as one formula and the numbers of every window."""
    names = {k: t(T + "s6.cell", i=s.i + 1, j=s.j + 1) for k, s in enumerate(steps)}
    out_title = t(T + f"s6.out_{mode}")

    def window(pos: int) -> None:
        step = steps[pos]
        done = (np.arange(pooled.size) <= pos).reshape(pooled.shape)
        show(pool_step_chart(POOL_EXAMPLE, step, size, pooled, done, (t(T + "s6.input_title"), out_title)))
        op = r"\max" if mode == "max" else r"\operatorname{mean}"
        st.latex(rf"{op}\{{{', '.join(N(v) for v in step.window.ravel())}\}} = {N(step.value)}")

    with box:
        step_through("p7_pcell", len(steps), window, jump=names, jump_label=t(T + "s2.jump"))
    st.latex(formula)
    arrow = rf"\xrightarrow{{\text{{{mode}}}\ {size}\times{size},\ S={stride}}}"
    st.latex(rf"{M(POOL_EXAMPLE)} {arrow} {M(pooled)}")
    numbers_table(pd.DataFrame([{t(T + "s3.col_row"): s.i + 1, t(T + "s3.col_col"): s.j + 1,
                                 t(T + "s6.col_window"): ", ".join(fmt(v) for v in s.window.ravel()),
                                 out_title: s.value} for s in steps]))


def route_prediction(reached: dict[str, np.ndarray], size: int, stride: int, windows: int) -> bool:
    """The backward part's heading, and the learner's guess of how many cells max pooling reaches
    (``reached``: core's masks per mode). True once the result may be shown."""
    st.subheader(t(T + "s6.back_title"))
    st.markdown(t(T + "s6.back_intro"))
    cells = int(reached["max"].sum())
    return predict(PAGE, "route", cells, tol=0, context=(size, stride),
                   fields={"k": size, "S": stride, "windows": windows, "n": POOL_EXAMPLE.size, "cells": cells,
                           "avg": int(reached["avg"].sum()),
                           "maxima": ", ".join(fmt(v) for v in POOL_EXAMPLE[reached["max"]])})


def routes(dout: np.ndarray, dmax: np.ndarray, davg: np.ndarray, size: int) -> None:
    """Where max and average pooling send the gradient ``dout``: boards, formulas, the why."""
    show(routing_chart(dout, [(dmax, t(T + "s6.dx_max")), (davg, t(T + "s6.dx_avg"))], t(T + "s6.dout")))
    st.latex(rf"\frac{{\partial L}}{{\partial z}} = {M(dout)},\quad "
             rf"\left.\frac{{\partial L}}{{\partial x}}\right|_{{\max}} = {M(dmax)},\quad "
             rf"\left.\frac{{\partial L}}{{\partial x}}\right|_{{\mathrm{{mean}}}} = {M(davg)}")
    st.markdown(t(T + "s6.back_note", share=fmt(1 / size**2)))


# ----------------------------------------------------------------------------
# Why pooling: less to compute, small shifts matter less
# ----------------------------------------------------------------------------

#: Which way the feature moves: (rows down, columns right). The keys are the URL's ``?shift=``.
SHIFTS = {"right": (0, 1), "down": (1, 0), "left": (0, -1), "up": (-1, 0)}


def savings(s) -> None:
    """What 2×2 pooling saves on the article's 224×224×64 map (core's ``PoolingSavings``): the
    counts multiplied out, and a table of both counts before and after."""
    (H, W, C), (OH, OW, _), K = s.before, s.after, s.kernel

    def count(n: int) -> str:
        return fmt_count(n, latex=True)

    st.latex(latex_gathered(
        rf"H W C = {H} \cdot {W} \cdot {C} = {count(s.values_before)} \;\longrightarrow\; "
        rf"{OH} \cdot {OW} \cdot {C} = {count(s.values_after)}",
        rf"H W C \cdot C K^2 = "
        rf"{H} \cdot {W} \cdot {C} \cdot {C} \cdot {K}^2 = {count(s.macs_before)} \;\longrightarrow\; "
        rf"{OH} \cdot {OW} \cdot {C} \cdot {C} \cdot {K}^2 = {count(s.macs_after)}"))
    before, after = f"{H}×{W}×{C}", f"{OH}×{OW}×{C}"
    st.markdown(markdown_table(pd.DataFrame({
        "": [t(T + "why_pool.row_values"), t(T + "why_pool.row_macs", k=K, c=C)],
        t(T + "why_pool.col_before", shape=before): [fmt_count(s.values_before), fmt_count(s.macs_before)],
        t(T + "why_pool.col_after", shape=after): [fmt_count(s.values_after), fmt_count(s.macs_after)],
        t(T + "why_pool.col_ratio"): [fmt(s.ratio)] * 2})))
    st.markdown(t(T + "why_pool.savings_note", ratio=fmt(s.ratio), k=K, c=C, before=fmt_count(s.macs_before),
                  after=fmt_count(s.macs_after)))


def shift_direction() -> str:
    """Which way the learner moves the feature (one of ``SHIFTS``), bound to the URL."""
    st.markdown(f"**{t(T + 'why_pool.shift_title')}**\n\n{t(T + 'why_pool.shift_intro')}")
    return choice(st.segmented_control, t(T + "why_pool.shift"), list(SHIFTS), key="shift", default="right",
                  required=True, format_func=labels(T + "shifts", list(SHIFTS)).get)


def shift_boards(demo, direction: str) -> None:
    """The channel and its shifted copy, each with its max-pooled map; the cells the shift changed
    tinted, and the counts of core's ``ShiftDemo`` in words."""
    moved, pooled = demo.input_changed, demo.pooled_changed
    to = t(T + f"shifts.{direction}")
    rows = [[{"values": demo.x, "title": t(T + "why_pool.input"), "fade": demo.x == 0},
             {"values": demo.pooled, "title": t(T + "why_pool.pooled"), "fill": OUTPUT}],
            [{"values": demo.shifted, "title": t(T + "why_pool.shifted", to=to), "fade": demo.shifted == 0,
              "fill": np.where(moved, WINDOW, WHITE).astype(object)},
             {"values": demo.pooled_shifted, "title": t(T + "why_pool.pooled_shifted"),
              "fill": np.where(pooled, WINDOW, OUTPUT).astype(object)}]]
    cell = fit_cell([[(item["values"].shape[1], item["title"]) for item in row] for row in rows], gap=2,
                    budget=560, smallest=20)
    board, top = Board(), 0
    for row in rows:
        top = row_layout(board, row, top, cell, gap=2)
    show(board.svg(cell))
    st.latex(rf"\max_{{2 \times 2}}(x) = {M(demo.pooled)},\quad "
             rf"\max_{{2 \times 2}}(x') = {M(demo.pooled_shifted)}")
    st.markdown(t(T + "why_pool.shift_counts", to=to, changed=demo.input_changes, cells=demo.x.size,
                  same=demo.pooled_same, pooled=demo.pooled.size))
    st.caption(t(T + "why_pool.shift_note"))
