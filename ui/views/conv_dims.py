"""Page 7's last two sections: a kernel that slides along one axis (a signal) and along three
(a video or a scan), each walked through one output cell at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.conv import SIGNAL_EXAMPLE, SIGNAL_KERNEL, conv_fit
from core.format import latex_gathered, latex_matrix, latex_number
from ui.plot.boards import KERNEL, OUTPUT, PADDING, PENDING, WHITE, WINDOW, Board, fit_cell, row_layout, show
from ui.shell.i18n import t
from ui.views.conv_pooling import kept_setting, size_latex
from ui.widgets import markdown_table, matrix_input, step_through

T = "conv_pooling."
M, N = latex_matrix, latex_number
URL = {"bind": "query-params"}


# ----------------------------------------------------------------------------
# One dimension: a signal
# ----------------------------------------------------------------------------


def signal_settings() -> tuple[np.ndarray, np.ndarray, int, int]:
    """The signal x and the kernel w (typed), the stride and the padding (bound to the URL):
    (x, w, stride, pad). A stride that does not tile the padded signal is explained, and the last
    one that did is kept."""
    with st.container(border=True):
        left, right = st.columns([2, 1], gap="medium")
        with left:
            x = matrix_input(t(T + "conv1d.x", n=SIGNAL_EXAMPLE.size), "p7_x1d", SIGNAL_EXAMPLE,
                             max_abs=100.0)
        with right:
            w = matrix_input(t(T + "conv1d.w", k=SIGNAL_KERNEL.size), "p7_w1d", SIGNAL_KERNEL,
                             max_abs=100.0)
        left, right = st.columns(2, gap="medium")
        stride = left.slider(t(T + "conv1d.stride"), 1, 3, 1, key="stride1d", **URL)
        pad = right.slider(t(T + "conv1d.pad"), 0, 2, 0, key="pad1d", **URL)
    fit = conv_fit(x.size, w.size, pad, stride)
    st.latex(size_latex(fit, "L", "K", "P", "S"))
    kept = kept_setting(fit, "p7_1d_last_good", {"stride": stride, "pad": pad}, {"stride": 1, "pad": 0},
                        T + "conv1d")
    return x, w, kept["stride"], kept["pad"]


def signal_walk(x: np.ndarray, w: np.ndarray, stride: int, pad: int, out: np.ndarray,
                flipped: np.ndarray) -> None:
    """One output value at a time: the padded signal with the window outlined, the kernel lying
    on it, the output filling up and the sum written out; then the whole output, and the output
    of the flipped kernel (what ``np.convolve`` computes)."""
    xpad = np.pad(x, pad)  # for the picture: the zeros the formula reads
    is_pad = np.zeros(xpad.size, bool)
    is_pad[:pad], is_pad[xpad.size - pad:] = True, True
    K, titles = w.size, (t(T + "conv1d.x_title"), t(T + "conv1d.w_title"), t(T + "conv1d.y_title"))
    cell = fit_cell([[(xpad.size, titles[0])]], gap=1, budget=520, smallest=22)

    def window(pos: int) -> None:
        start, done = pos * stride, np.arange(out.size) <= pos
        fill = np.where(is_pad, PADDING, WHITE).astype(object)
        fill[start : start + K] = WINDOW
        board = Board()  # one row each: the signal, the kernel lying on its window, the output
        board.add(xpad[None], 0, 0, titles[0], fill=fill[None], fade=is_pad[None], highlight=(0, start, 1, K))
        board.add(w[None], start, 2, titles[1], fill=KERNEL)
        board.add(out[None], 0, 4, titles[2], fill=np.where(done, OUTPUT, PENDING).astype(object)[None],
                  blank=~done[None], highlight=(0, pos, 1, 1))
        show(board.svg(cell))
        terms = " + ".join(rf"{N(a)} \cdot " + (f"({N(b)})" if b < 0 else N(b))
                           for a, b in zip(xpad[start : start + K], w, strict=True))
        st.latex(rf"y_{{{pos + 1}}} = {terms} = {N(out[pos])}")

    step_through("p7_c1", out.size, window, play_every=0.8)
    st.latex(rf"y = {M(out, row=True)}")
    st.markdown(t(T + "conv1d.flip_note"))
    st.latex(rf"\overleftarrow{{w}} = {M(w[::-1], row=True)} \;\Rightarrow\; "
             rf"y(\overleftarrow{{w}}) = {M(flipped, row=True)}")


# ----------------------------------------------------------------------------
# Three dimensions: a volume
# ----------------------------------------------------------------------------

#: Volumes of the real world: (D, H, W), kernel, pad, stride (the arguments of conv3d_output_shape).
VOLUMES = {"video": ((16, 112, 112), 3, 1, 1), "ct": ((64, 256, 256), 2, 0, 2)}
#: The walk's volume: frames of FRAME×FRAME cells, a kernel of KFRAME×KFRAME cells on each frame.
#: With strides 1 and 2 these always tile a frame, so only the depth can fail to fit.
FRAME, KFRAME = 5, 3


def volume_examples(outputs: dict[str, tuple[int, int, int]]) -> None:
    """The volumes of ``VOLUMES`` with core's output shapes, as a table."""
    def dims(shape) -> str:
        return "×".join(str(n) for n in shape)

    rows = [{t(T + "conv3d.col_data"): t(T + f"conv3d.{name}"), t(T + "conv3d.col_in"): dims(shape),
             t(T + "conv3d.col_kernel"): t(T + "conv3d.kernel_text", k=dims((k,) * 3), p=p, s=s),
             t(T + "conv3d.col_out"): dims(outputs[name])}
            for name, (shape, k, p, s) in VOLUMES.items()]
    st.markdown(markdown_table(pd.DataFrame(rows)))


def volume_settings() -> tuple[tuple[int, int, int], tuple[int, int, int], int]:
    """The number of frames D, the kernel's depth and the stride (bound to the URL), with the
    output-size formula along each axis: ((D, H, W), (KD, KH, KW), stride)."""
    st.markdown(t(T + "conv3d.walk"))
    with st.container(border=True):
        a, b, c = st.columns(3, gap="medium")
        D = a.slider(t(T + "conv3d.frames"), 1, 6, 4, key="frames", **URL)
        KD = b.slider(t(T + "conv3d.kdepth"), 1, 3, 3, key="kdepth", **URL)
        S = c.slider(t(T + "conv3d.stride"), 1, 2, 1, key="stride3d", **URL)
    depth, frame = conv_fit(D, KD, 0, S), conv_fit(FRAME, KFRAME, 0, S)
    st.latex(latex_gathered(size_latex(depth, "D", "K_D", None, "S", "O_D"),
                            size_latex(frame, "H", "K_H", None, "S", "O_H"),
                            size_latex(frame, "W", "K_W", None, "S", "O_W")))
    kept = kept_setting(depth, "p7_3d_last_good", {"frames": D, "kdepth": KD, "stride": S},
                        {"frames": 4, "kdepth": 3, "stride": 1}, T + "conv3d")
    return (kept["frames"], FRAME, FRAME), (kept["kdepth"], KFRAME, KFRAME), kept["stride"]


def volume_walk(shape: tuple[int, int, int], kernel: tuple[int, int, int], stride: int,
                out_shape: tuple[int, int, int]) -> None:
    """The kernel's box moving through the volume, one output cell at a time: the input frames it
    covers outlined, the output volume (frame by frame) filling up."""
    (D, H, W), (KD, KH, KW), (OD, OH, OW) = shape, kernel, out_shape
    count = OD * OH * OW
    inputs = [t(T + "conv3d.frame", n=f + 1) for f in range(D)]
    outputs = [t(T + "conv3d.out_frame", n=g + 1) for g in range(OD)]
    cell = fit_cell([[(W, n) for n in inputs], [(OW, n) for n in outputs]], gap=1, budget=640, smallest=14)

    def window(pos: int) -> None:
        d, i, j = (int(v) for v in np.unravel_index(pos, out_shape))
        front, top, left = d * stride, i * stride, j * stride
        done = (np.arange(count) <= pos).reshape(out_shape)
        covered = [front <= f < front + KD for f in range(D)]
        fill = np.full((H, W), WHITE, dtype=object)
        fill[top : top + KH, left : left + KW] = WINDOW
        board = Board()
        below = row_layout(board, [{"values": np.zeros((H, W)), "title": inputs[f], "blank": np.ones((H, W)),
                                    "fill": fill if covered[f] else WHITE,
                                    "highlight": (top, left, KH, KW) if covered[f] else None}
                                   for f in range(D)], 0, cell, gap=1)
        row_layout(board, [{"values": np.zeros((OH, OW)), "title": outputs[g], "blank": np.ones((OH, OW)),
                            "fill": np.where(done[g], OUTPUT, PENDING).astype(object),
                            "highlight": (i, j, 1, 1) if g == d else None} for g in range(OD)],
                   below, cell, gap=1)
        show(board.svg(cell))
        st.caption(t(T + "conv3d.where", d=d + 1, i=i + 1, j=j + 1, first=front + 1, last=front + KD,
                     k=f"{KD}×{KH}×{KW}"))

    step_through("p7_c3", count, window, play_every=0.6)
    st.markdown(t(T + "conv3d.shapes", shape="×".join(map(str, shape)), kernel="×".join(map(str, kernel)),
                  stride=stride, out="×".join(map(str, out_shape)), cells=count))
