"""Page 7 — convolution and pooling, one output cell at a time (seed 001 §3.7)."""

import dataclasses
import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.conv import (
    CONV_EXAMPLE,
    POOL_EXAMPLE,
    SHIFT_EXAMPLE,
    avgpool2d_backward,
    avgpool2d_forward,
    conv1d_forward,
    conv2d_backward,
    conv2d_forward,
    conv2d_steps,
    conv3d_output_shape,
    conv_fit,
    conv_output_size,
    conv_parameter_count,
    gradient_cells,
    maxpool2d_backward,
    maxpool2d_forward,
    pad2d,
    pixels,
    pool2d_steps,
    pool_output_shape,
    pooling_savings,
    random_conv_example,
    shift_tolerance,
)
from core.format import fmt, latex_matrix, latex_number
from core.gradcheck import check_backward, relative_error
from core.images import KERNELS, to_uint8, upscale_nearest
from core.linear import affine_forward
from ui.plot import boards
from ui.shell import labels, linked, page_frame, page_header, prev_next, section, t
from ui.views import conv_dims as dims
from ui.views import conv_pooling as view
from ui.widgets import (
    answered,
    choice,
    display_math,
    lazy_expander,
    matrix_input,
    numbers_table,
    predict,
    quiz,
    show_code,
    step_through,
)
from ui.widgets.images import image_choice

PAGE = "conv_pooling"
T = "conv_pooling."
M, N = latex_matrix, latex_number
KERNEL_NAMES = [*KERNELS, "custom"]
URL = {"bind": "query-params"}  # the address bar reproduces the view: ?pad=0&stride=1&pool=…

lang = page_frame(PAGE)
page_header(PAGE)


@dataclass(frozen=True)
class Layer:
    """The learner's convolution layer, its input and every output cell as a step."""

    example: bool
    seed: int
    x: np.ndarray
    xpad: np.ndarray
    W: np.ndarray
    b: np.ndarray
    stride: int
    pad: int
    out: np.ndarray
    cache: tuple
    steps: list
    shown: bool = True  # False while the output size waits for the learner's prediction


@st.cache_data(show_spinner=False, max_entries=16)
def gradient_check(x, W, b, stride, pad, dout):
    forward = functools.partial(conv2d_forward, stride=stride, pad=pad)
    report = check_backward(forward, conv2d_backward, {"x": x[None], "W": W, "b": b}, dout)
    return {name: err for name, (_, _, err) in report.items()}


@section(T + "s1")
def the_layer() -> Layer:
    settings = view.layer_settings()
    values, size, channels, kernel, kernels, pad, stride, seed = settings
    fit = conv_fit(size, kernel, pad, stride)
    formula = display_math(view.size_latex(fit, "W", "K", "P", "S"))
    if fit.problem is None:  # the learner predicts the output's width before the formula shows it
        shown = predict(PAGE, "size", fit.size, tol=0, context=(size, kernel, pad, stride),
                        fields={"W": size, "K": kernel, "P": pad, "S": stride, "padded": fit.padded,
                                "span": fit.span, "O": fit.size})
        st.session_state["p7_last_good"] = settings
    else:  # the sizes that do not fit, what to change, and the last setting that did (asks nothing)
        st.markdown(formula)
        st.error(view.fit_message(fit, T + "s1", "kernel"), icon=":material/block:")
        settings = st.session_state.get("p7_last_good", ("example", 5, 3, 3, 2, 1, 2, 0))
        values, size, channels, kernel, kernels, pad, stride, seed = settings
        shown = answered(PAGE, "size", (size, kernel, pad, stride))  # was the kept setting predicted?
        st.info(t(T + "s1.kept", size=size, channels=channels, kernel=kernel, kernels=kernels, pad=pad,
                  stride=stride), icon=":material/history:")
        formula = ""
    ex = (dataclasses.replace(CONV_EXAMPLE, stride=stride, pad=pad) if values == "example"
          else random_conv_example(size, channels, kernels, kernel, pad, stride, seed))
    out, cache = conv2d_forward(ex.x[None], ex.W, ex.b, stride=stride, pad=pad)
    O = out.shape[-1]
    if shown:
        st.markdown("\n\n".join(filter(None, [formula, t(T + "s1.shapes", size=size, channels=ex.x.shape[0],
                                                         padded=size + 2 * pad, kernels=ex.W.shape[0],
                                                         kernel=ex.W.shape[-1], out=O)])))
    return Layer(values == "example", seed, ex.x, pad2d(ex.x, pad), ex.W, ex.b, stride, pad, out, cache,
                 list(conv2d_steps(ex.x, ex.W, ex.b, stride=stride, pad=pad)), shown)


@section(T + "s2")
def one_cell_at_a_time(layer: Layer) -> None:
    names = {k: t(T + "s2.cell", f=s.f, i=s.i + 1, j=s.j + 1) for k, s in enumerate(layer.steps)}
    if not layer.shown:  # the first cell only: the others and the filling maps tell the output size
        view.cell(layer, 0, names, maps=False)
        st.caption(t(T + "s2.waiting"))
        return
    step_through("p7_cell", len(layer.steps), lambda pos: view.cell(layer, pos, names), play_every=0.8,
                 jump=names, jump_label=t(T + "s2.jump"))


@section(T + "s3")
def finished_maps(layer: Layer) -> None:
    maps, F = layer.out[0], layer.W.shape[0]
    if not layer.shown:
        st.caption(t(T + "s3.waiting"))
        return
    st.markdown(t(T + "s3.summary", out=maps.shape[-1], kernels=F))
    boards.show(view.output_chart(maps, [t(T + "s2.map", f=f) for f in range(F)]))
    st.latex(r",\quad ".join([*(rf"z_{{{f}}} = {M(maps[f])}" for f in range(F)),
                              rf"\mathbf{{b}} = {M(layer.b, row=True)}"]))
    numbers_table(view.cells_table(layer.steps))
    if layer.example and (layer.pad, layer.stride) == (CONV_EXAMPLE.pad, CONV_EXAMPLE.stride):
        first = layer.steps[0]
        st.success(t(T + "s3.seed_check", sums=", ".join(fmt(s) for s in first.channel_sums),
                     total=fmt(first.total), bias=fmt(first.bias), out=fmt(first.out)),
                   icon=":material/verified:")


@section(T + "s4", uses=lambda layer: layer.x)
def one_by_one(x: np.ndarray) -> None:
    C, size = x.shape[0], x.shape[1]
    left, right = st.columns([1, 2], gap="large")
    with left:
        w = matrix_input(t(T + "s4.w", c=C), f"p7_w1x1_{C}", np.linspace(1.0, -1.0, C),
                         help=t(T + "s4.w_help"), max_abs=100.0)
        b = matrix_input(t(T + "s4.b"), "p7_b1x1", [0.5], max_abs=100.0)
    conv, _ = conv2d_forward(x[None], w.reshape(1, C, 1, 1), b)
    px = pixels(x)
    lin, _ = affine_forward(px, w[None, :], b)
    with right:
        boards.show(boards.grids_chart([conv[0, 0], lin[:, 0].reshape(size, size)],
                                       [t(T + "s4.conv_title"), t(T + "s4.linear_title")], boards.OUTPUT))
    st.latex(rf"u[1, 1] = \mathbf{{w}}^{{\top}}\mathbf{{x}}_{{[1,1]}} + b = {M(w, row=True)}{M(px[0])}"
             rf" + {N(b[0])} = {N(lin[0, 0])}")
    gap = relative_error(conv[0, 0].ravel(), lin[:, 0])
    st.success(t(T + "s4.same", err=fmt(gap, 2), pixels=size * size), icon=":material/check:")
    numbers_table(pd.DataFrame({t(T + "s4.col_pixel"): [f"({k // size + 1}, {k % size + 1})"
                                                        for k in range(size * size)],
                                **{f"x{c + 1}": px[:, c] for c in range(C)},
                                t(T + "s4.conv_title"): conv[0, 0].ravel(),
                                t(T + "s4.linear_title"): lin[:, 0]}))


@section(T + "s5")
def backward(layer: Layer) -> None:
    if not layer.shown:  # ∂L/∂b sums over the cells of a map: it would tell the output size
        st.caption(t(T + "s5.waiting"))
        return
    C, F, O = layer.x.shape[0], layer.W.shape[0], layer.out.shape[-1]
    upstream = st.segmented_control(t(T + "s5.dout"), ["ones", "random"], key="p7_dout", default="ones",
                                    required=True, format_func=labels(T + "douts", ["ones", "random"]).get)
    if upstream == "ones":
        dout, about_dout = np.ones_like(layer.out), t(T + "s5.ones_note")
    else:  # an input the learner chooses, like x: small whole numbers, seeded
        dout = np.random.default_rng(layer.seed).integers(-2, 3, size=layer.out.shape).astype(float)
        boards.show(boards.grids_chart([dout[0, f] for f in range(F)], [f"∂L/∂z{f}" for f in range(F)],
                                       boards.GRADIENT_FILL))
        about_dout = t(T + "s5.random_note")
    dx, dW, db = conv2d_backward(dout, layer.cache)
    channels = [t(T + "s2.channel", c=c + 1) for c in range(C)]
    db_formula = display_math(rf"\frac{{\partial L}}{{\partial \mathbf{{b}}}} = {M(db, row=True)}")
    st.markdown("\n\n".join([about_dout, db_formula, t(T + "s5.db_note", cells=O * O),
                             f"**{t(T + 's5.dW_title')}**"]))
    boards.show(boards.grids_chart([dW[f, c] for f in range(F) for c in range(C)],
                                   [f"∂L/∂W{f} · {channels[c]}" for f in range(F) for c in range(C)],
                                   boards.GRADIENT_FILL, per_row=C))
    st.markdown(t(T + "s5.dW_note") + f"\n\n**{t(T + 's5.dx_title')}**")
    boards.show(boards.grids_chart([dx[0, c] for c in range(C)], [f"∂L/∂x · {n}" for n in channels],
                                   boards.GRADIENT_FILL, per_row=3))
    st.markdown(t(T + "s5.dx_note"))
    # some 260 forward passes for a 5×5×3 input: worked out when the learner opens it
    check = lazy_expander(t(T + "s5.check_title"), ":material/verified:", "check_p7")
    if check is not None:
        view.check_table(check, gradient_check(layer.x, layer.W, layer.b, layer.stride, layer.pad, dout),
                         {"x": layer.x.shape, "W": layer.W.shape, "b": layer.b.shape})


@section(T + "s6", formula=view.shape_latex((224, 224, 64), pool_output_shape((224, 224, 64), 2, 2)))
def pooling() -> None:
    controls, picture = st.columns([1, 2.4], gap="large")
    mode, size, stride, formula = view.pool_settings(controls)
    pooled_max, max_cache = maxpool2d_forward(POOL_EXAMPLE[None, None], size, stride)
    pooled_avg, avg_cache = avgpool2d_forward(POOL_EXAMPLE[None, None], size, stride)
    pooled = (pooled_max if mode == "max" else pooled_avg)[0, 0]
    steps = list(pool2d_steps(POOL_EXAMPLE[None], size, stride, mode))
    view.pool_walk(picture, steps, pooled, mode, size, stride, formula)
    reached = {m: gradient_cells(POOL_EXAMPLE, size, stride, m) for m in ("max", "avg")}
    if not view.route_prediction(reached, size, stride, pooled.size):
        return
    dout = np.arange(1.0, pooled.size + 1).reshape(pooled.shape)  # distinct, so each route shows
    view.routes(dout, maxpool2d_backward(dout[None, None], max_cache)[0, 0],
                avgpool2d_backward(dout[None, None], avg_cache)[0, 0], size)


@section(T + "why_pool", fixed=lambda: view.savings(pooling_savings((224, 224, 64), 2, 2, kernel=3)))
def why_pool() -> None:
    direction = view.shift_direction()
    view.shift_boards(shift_tolerance(SHIFT_EXAMPLE, *view.SHIFTS[direction]), direction)


@st.cache_data(show_spinner=False, max_entries=32)
def filtered(img, K, pool_mode):
    fmap, _ = conv2d_forward(img[None, None], K[None, None], [0.0], stride=1, pad=1)
    small, _ = (maxpool2d_forward if pool_mode == "max" else avgpool2d_forward)(fmap, 2, 2)
    return fmap[0, 0], small[0, 0]


@section(T + "s7")
def a_real_image() -> None:
    kname = choice(st.segmented_control, t(T + "s7.kernel"), KERNEL_NAMES, key="img_kernel",
                   default="vertical_edge", required=True,
                   format_func=labels(T + "kernels", KERNEL_NAMES).get)
    a, b, c = st.columns([1.3, 1, 1], gap="medium")
    with a:
        img = image_choice()
    pool_mode = c.segmented_control(t(T + "s7.pool"), ["max", "avg"], key="p7_img_pool", default="max",
                                    required=True, format_func=labels(T + "pool_short", ["max", "avg"]).get)
    if kname == "custom":
        with b:
            K = matrix_input(t(T + "s7.custom"), "p7_custom", [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
                             help=t(T + "s7.custom_help"), max_abs=100.0)
    else:
        K = KERNELS[kname]
        b.latex(rf"K = {M(K)}")
    fmap, small = filtered(img, K, pool_mode)
    signed = kname in ("vertical_edge", "horizontal_edge", "custom")
    zoom = max(1, 256 // max(img.shape))
    shots = [(img, False, t(T + "s7.input", h=img.shape[0], w=img.shape[1])),
             (fmap, signed, t(T + "s7.feature", h=fmap.shape[0], w=fmap.shape[1])),
             (small, signed, t(T + f"s7.pooled_{pool_mode}", h=small.shape[0], w=small.shape[1]))]
    for col, (arr, sgn, caption) in zip(st.columns(3, gap="medium"), shots, strict=True):
        grey = upscale_nearest(to_uint8(arr, signed=sgn), zoom * (2 if arr is small else 1))
        col.image(grey, caption=caption, width="stretch")
    st.caption(t(T + ("s7.signed_note" if signed else "s7.plain_note")))


@section(T + "conv1d", formula=r"y_i = \sum_{p=1}^{K} x_{(i-1)S + p}\, w_p + b")
def one_dimension() -> None:
    x, w, stride, pad = dims.signal_settings()
    dims.signal_walk(x, w, stride, pad, conv1d_forward(x, w, stride=stride, pad=pad)[0],
                     conv1d_forward(x, w[::-1], stride=stride, pad=pad)[0])  # w flipped: np.convolve


@section(T + "conv3d", fixed=lambda: dims.volume_examples({name: conv3d_output_shape(*args)
                                                           for name, args in dims.VOLUMES.items()}))
def three_dimensions() -> None:
    shape, kernel, stride = dims.volume_settings()
    dims.volume_walk(shape, kernel, stride, conv3d_output_shape(shape, kernel, 0, stride))


linked(the_layer, one_cell_at_a_time, finished_maps, one_by_one, backward)
pooling()
show_code(conv2d_steps, conv2d_forward, conv2d_backward, pool2d_steps, maxpool2d_backward, conv_output_size,
          sections=(1, 6))
why_pool()
a_real_image()
one_dimension()
three_dimensions()
show_code(pooling_savings, shift_tolerance, maxpool2d_forward, conv1d_forward, conv3d_output_shape,
          sections=(7, 10))
F, C, K, _ = CONV_EXAMPLE.W.shape
quiz(PAGE, numbers={"q4": conv_parameter_count(C, F, K)})
prev_next(PAGE)
