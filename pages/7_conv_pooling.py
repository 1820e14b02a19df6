"""Page 7 — convolution and pooling, one output cell at a time (seed 001 §3.7)."""

import dataclasses
import functools

import numpy as np
import pandas as pd
import streamlit as st

from core.conv import (
    CONV_EXAMPLE,
    POOL_EXAMPLE,
    _conv_steps,
    _pool_steps,
    avgpool2d_backward,
    avgpool2d_forward,
    conv2d_backward,
    conv2d_forward,
    conv2d_steps,
    conv_fit,
    maxpool2d_backward,
    maxpool2d_forward,
    pad2d,
    pixels,
    pool2d_steps,
    pool_output_shape,
    random_conv_example,
)
from core.format import fmt, latex_gathered, latex_matrix, latex_number
from core.gradcheck import check_backward, numerical_gradient, relative_error
from core.images import KERNELS, downscale, to_grayscale, to_uint8, upscale_nearest
from core.linear import affine_forward
from ui import conv_view as view
from ui.frame import page_frame, page_header, prev_next
from ui.i18n import labels, t
from ui.images import SAMPLES, ImageError, sample_image, uploaded_image
from ui.widgets import (
    chips,
    display_math,
    hand_over,
    lazy_expander,
    matrix_input,
    numbers_table,
    quiz,
    rerun_if_handed_over_changed,
    section,
    show_code,
    take,
)

PAGE = "conv_pooling"
T = "conv_pooling."
E = CONV_EXAMPLE
M = latex_matrix
N = latex_number
PLAY_EVERY = 0.8  # seconds between animated steps
EXAMPLE = {"p7_size": 5, "p7_channels": 3, "p7_kernel": 3, "p7_kernels": 2, "p7_pad": 1,
           "p7_stride": 2}
DEFAULTS = {**EXAMPLE, "p7_values": "example", "p7_seed": 0, "p7_pool_mode": "max",
            "p7_pool_size": 2, "p7_pool_stride": 2}

lang = page_frame(PAGE)
page_header(PAGE)
for key, value in DEFAULTS.items():
    st.session_state.setdefault(key, value)

@st.cache_data(show_spinner=False, max_entries=16)
def gradient_check(x, W, b, stride, pad, dout):
    forward = functools.partial(conv2d_forward, stride=stride, pad=pad)
    report = check_backward(forward, conv2d_backward, {"x": x[None], "W": W, "b": b}, dout)
    return {name: err for name, (_, _, err) in report.items()}


@st.fragment
def conv_sections(s1, s2, s3, s5) -> None:
    """Sections 1-3 and 5 follow the layer's settings: a change reruns them, not the page.

    The fragment fills the containers ``s1``, ``s2``, ``s3`` and ``s5``, which sit below
    their sections' titles and introductions: what does not change is not sent again.
    Section 4 uses only the input x and has its own fragment (``one_by_one``)."""
    def _back_to_example() -> None:
        st.session_state.update(EXAMPLE, p7_values="example", p7_cell=0, p7_playing=False)


    def _values_changed() -> None:
        if st.session_state.p7_values == "example":
            st.session_state.update(EXAMPLE)
        st.session_state.p7_cell = 0

    with s1:

        with st.container(border=True):
            top = st.columns([2, 1, 1], vertical_alignment="bottom")
            values = top[0].segmented_control(
                t(T + "s1.values"), ["example", "random"], key="p7_values", required=True,
                format_func=labels(T + "values", ["example", "random"]).get, on_change=_values_changed)
            example = values == "example"
            seed = top[1].number_input(t(T + "s1.seed"), 0, 9999, key="p7_seed", disabled=example)
            top[2].button(t(T + "s1.reset"), key="p7_reset", on_click=_back_to_example,
                          icon=":material/restart_alt:", width="stretch")
            c1, c2, c3 = st.columns(3, gap="medium")
            size = c1.slider(t(T + "s1.size"), 1, 9, key="p7_size", disabled=example)
            channels = c1.slider(t(T + "s1.channels"), 1, 3, key="p7_channels", disabled=example)
            kernel = c2.slider(t(T + "s1.kernel"), 1, 5, key="p7_kernel", disabled=example)
            kernels = c2.slider(t(T + "s1.kernels"), 1, 3, key="p7_kernels", disabled=example)
            pad = c3.slider(t(T + "s1.pad"), 0, 3, key="p7_pad", help=t(T + "s1.pad_help"))
            stride = c3.slider(t(T + "s1.stride"), 1, 4, key="p7_stride", help=t(T + "s1.stride_help"))
            if example:
                st.caption(t(T + "s1.example_note"))

        fit = conv_fit(size, kernel, pad, stride)
        size_formula = display_math(view.size_latex(fit, "W", "K", "P", "S"))
        settings = (values, size, channels, kernel, kernels, pad, stride, seed)
        if fit.problem is None:
            st.session_state["p7__good"] = settings
        else:
            st.markdown(size_formula)  # the sizes that do not fit, above what to change
            size_formula = ""
            st.error(view.fit_message(fit, T + "s1", "kernel"), icon=":material/block:")
            settings = st.session_state.get("p7__good", ("example", 5, 3, 3, 2, 1, 2, 0))
            values, size, channels, kernel, kernels, pad, stride, seed = settings
            fit = conv_fit(size, kernel, pad, stride)
            st.info(t(T + "s1.kept", size=size, channels=channels, kernel=kernel, kernels=kernels,
                      pad=pad, stride=stride), icon=":material/history:")

        if values == "example":
            ex = dataclasses.replace(E, stride=stride, pad=pad)
        else:
            ex = random_conv_example(size, channels, kernels, kernel, pad, stride, seed)
        x, W, b = ex.x, ex.W, ex.b
        C, F, O = x.shape[0], W.shape[0], fit.size
        out, cache = conv2d_forward(x[None], W, b, stride=stride, pad=pad)
        maps = out[0]
        xpad = pad2d(x, pad)
        steps = list(conv2d_steps(x, W, b, stride=stride, pad=pad))
        # the size formula and the shapes it gives: one element
        st.markdown("\n\n".join(filter(None, [size_formula, t(T + "s1.shapes", size=size,
                    channels=channels, padded=fit.padded, kernels=F, kernel=kernel, out=O)])))
    hand_over("p7__x", x)

    # --- 2. One output cell at a time ---------------------------------------------------
    last = len(steps) - 1
    playing = st.session_state.get("p7_playing", False)
    ch_names = [t(T + "s2.channel", c=c + 1) for c in range(C)]
    map_names = [t(T + "s2.map", f=f) for f in range(F)]
    cell_names = {k: t(T + "s2.cell", f=s.f, i=s.i + 1, j=s.j + 1) for k, s in enumerate(steps)}


    def _go(to: int) -> None:
        st.session_state.p7_cell = min(max(to, 0), last)
        st.session_state.p7_playing = False


    @st.fragment(run_every=PLAY_EVERY if playing else None)
    def walk() -> None:
        if st.session_state.pop("p7_restart", False):  # Play from the last cell: start over, set
            st.session_state.p7_cell = 0                # before the cell slider below exists
        pos = st.session_state.get("p7_cell", 0)
        pos = pos if pos in cell_names else 0
        now_playing = st.session_state.get("p7_playing", False)
        if now_playing and pos < last:
            pos += 1
        st.session_state.p7_cell = pos
        with st.container(horizontal=True, vertical_alignment="bottom"):
            st.button(t(T + "s2.first"), key="p7_first", icon=":material/first_page:",
                      on_click=_go, args=(0,), disabled=pos == 0)
            st.button(t(T + "s2.previous"), key="p7_prev", icon=":material/chevron_left:",
                      on_click=_go, args=(pos - 1,), disabled=pos == 0)
            st.button(t(T + "s2.next"), key="p7_next", icon=":material/chevron_right:", type="primary",
                      on_click=_go, args=(pos + 1,), disabled=pos == last)
            st.button(t(T + "s2.last"), key="p7_last", icon=":material/last_page:",
                      on_click=_go, args=(last,), disabled=pos == last)
            toggled = st.button(t(T + ("s2.pause" if now_playing else "s2.play")), key="p7_play",
                                icon=":material/pause:" if now_playing else ":material/play_arrow:")
        st.select_slider(t(T + "s2.jump"), list(cell_names), key="p7_cell",
                         format_func=cell_names.get)
        step = steps[pos]
        chips([(t(T + "s2.step_of", n=pos + 1, total=last + 1), "gray"), (cell_names[pos], "orange")])
        titles = {"input": [t(T + "s2.input_title", name=n) for n in ch_names],
                  "kernel": [f"W{step.f} · {n}" for n in ch_names],
                  "products": [t(T + "s2.products_title", s=fmt(s)) for s in step.channel_sums]}
        grids, sums_col = st.columns([1.1, 1], gap="medium")
        with grids:
            view.show(view.conv_step_chart(step, xpad, pad, titles))
            st.caption(t(T + "s2.caption"))
        with sums_col:
            lines = []
            for c in range(C):
                terms = (rf"{M(step.window[c])} \odot {M(step.kernel[c])}" if kernel <= 3
                         else rf"X_{{{c + 1}}} \odot W_{{{step.f},{c + 1}}}")  # 5×5 would not fit
                lines.append(rf"s_{{{c + 1}}} = \sum {terms} = {N(step.channel_sums[c])}")
            sums = " + ".join(f"s_{{{c + 1}}}" for c in range(C))
            bias = view.signed_sum([step.bias])
            lines.append(rf"z_{{{step.f}}}[{step.i + 1}, {step.j + 1}] = {sums} + b_{{{step.f}}}")
            lines.append(rf"= {view.signed_sum(step.channel_sums)} + {bias} = {N(step.total)} + {bias}"
                         rf" = {N(step.out)}")
            # one element, not six: each element costs the browser time on a rerun
            st.markdown(display_math(latex_gathered(*lines, gap="10pt"))
                        + f"\n\n**{t(T + 's2.filling')}**")
            done = (np.arange(maps.size) <= pos).reshape(maps.shape)
            view.show(view.output_chart(maps, map_names, done, (step.f, step.i, step.j)))
        if now_playing and pos >= last:
            st.session_state.p7_playing = False
        if playing and not st.session_state.p7_playing:
            st.rerun()  # the whole page, so that this fragment's timer stops
        if toggled:
            st.session_state.p7_playing = not now_playing
            if not now_playing and pos >= last:
                st.session_state.p7_restart = True
            st.rerun()  # the whole page, so the fragment is set up with (or without) its timer


    # the walk's own fragment goes inside a container of this one, so a rerun here replaces
    # it (a fragment placed straight into an outside container would pile up)
    with s2, st.container():
        walk()

    # --- 3. The finished output maps -------------------------------------------------------
    with s3:
        st.markdown(t(T + "s3.intro", out=O, kernels=F))
        view.show(view.output_chart(maps, map_names))
        st.latex(r",\quad ".join(rf"z_{{{f}}} = {M(maps[f])}" for f in range(F))
                 + r",\quad " + rf"\mathbf{{b}} = {M(b, row=True)}")
        numbers_table(pd.DataFrame([{t(T + "s3.col_map"): s.f, t(T + "s3.col_row"): s.i + 1,
                                     t(T + "s3.col_col"): s.j + 1, t(T + "s3.col_total"): s.total,
                                     "b": s.bias, "z": maps[s.f, s.i, s.j]} for s in steps]))
        if values == "example" and (pad, stride) == (E.pad, E.stride):
            first = steps[0]
            st.success(t(T + "s3.seed_check", sums=", ".join(fmt(s) for s in first.channel_sums),
                         total=fmt(first.total), bias=fmt(first.bias), out=fmt(first.out)),
                       icon=":material/verified:")

    # --- 5. Backward through the convolution ------------------------------------------------
    with s5:
        upstream = st.segmented_control(t(T + "s5.dout"), ["ones", "random"], key="p7_dout",
                                        default="ones", required=True,
                                        format_func=labels(T + "douts", ["ones", "random"]).get)
        if upstream == "ones":
            dout = np.ones_like(out)
            note_on_dout = t(T + "s5.ones_note")
        else:  # an input the learner chooses, like x: small whole numbers, seeded
            dout = np.random.default_rng(seed).integers(-2, 3, size=out.shape).astype(float)
            view.show(view.grids_chart([dout[0, f] for f in range(F)],
                                         [f"∂L/∂z{f}" for f in range(F)], view.GRADIENT))
            note_on_dout = t(T + "s5.random_note")
        dx, dW, db = conv2d_backward(dout, cache)

        # the text between two pictures is one element each time
        st.markdown("\n\n".join([
            note_on_dout,
            display_math(rf"\frac{{\partial L}}{{\partial \mathbf{{b}}}} = {M(db, row=True)}"),
            t(T + "s5.db_note", cells=O * O), f"**{t(T + 's5.dW_title')}**"]))
        view.show(view.grids_chart([dW[f, c] for f in range(F) for c in range(C)],
                                     [f"∂L/∂W{f} · {ch_names[c]}" for f in range(F) for c in range(C)],
                                     view.GRADIENT, per_row=C))
        st.markdown(t(T + "s5.dW_note") + f"\n\n**{t(T + 's5.dx_title')}**")
        view.show(view.grids_chart([dx[0, c] for c in range(C)],
                                     [f"∂L/∂x · {n}" for n in ch_names], view.GRADIENT, per_row=3))
        st.markdown(t(T + "s5.dx_note"))
        # Some 260 forward passes for a 5×5×3 input: worked out when the learner opens it, so
        # moving a slider above does not wait for it.
        check = lazy_expander(t(T + "s5.check_title"), ":material/verified:", "check_p7")
        if check is not None:
            errors = gradient_check(x, W, b, stride, pad, dout)
            shapes = {"x": x.shape, "W": W.shape, "b": b.shape}
            check.dataframe(pd.DataFrame([{t(T + "s5.col_param"): name,
                                           t(T + "s5.col_shape"): " × ".join(map(str, shapes[name])),
                                           t(T + "s5.col_error"): fmt(err, 2)}
                                          for name, err in errors.items()]),
                            hide_index=True, width="stretch")
            worst = max(errors.values())
            if worst < 1e-7:
                check.success(t(T + "s5.check_ok", err=fmt(worst, 2)), icon=":material/verified:")
            else:
                check.warning(t(T + "s5.check_bad", err=fmt(worst, 2)), icon=":material/warning:")

    rerun_if_handed_over_changed("p7__x")  # a new input x: section 4 must show it too


@st.fragment
def one_by_one(box) -> None:
    """Section 4 in ``box``: its weights rerun only this; it follows the input x of
    section 1 (``conv_sections`` reruns the page when x changes)."""
    x = take("p7__x")
    C, size = x.shape[0], x.shape[1]
    with box:
        left, right = st.columns([1, 2], gap="large")
        with left:
            w1 = matrix_input(t(T + "s4.w", c=C), f"p7_w1x1_{C}", np.linspace(1.0, -1.0, C),
                              help=t(T + "s4.w_help"), max_abs=100.0)
            b1 = matrix_input(t(T + "s4.b"), "p7_b1x1", [0.5], max_abs=100.0)
        conv1, _ = conv2d_forward(x[None], w1.reshape(1, C, 1, 1), b1)
        px = pixels(x)
        lin, _ = affine_forward(px, w1[None, :], b1)
        gap = relative_error(conv1[0, 0].ravel(), lin[:, 0])
        with right:
            view.show(view.grids_chart([conv1[0, 0], lin[:, 0].reshape(size, size)],
                                         [t(T + "s4.conv_title"), t(T + "s4.linear_title")], view.OUTPUT))
        st.latex(rf"u[1, 1] = \mathbf{{w}}^{{\top}}\mathbf{{x}}_{{[1,1]}} + b = {M(w1, row=True)}{M(px[0])}"
                 rf" + {N(b1[0])} = {N(lin[0, 0])}")
        st.success(t(T + "s4.same", err=fmt(gap, 2), pixels=size * size), icon=":material/check:")
        numbers_table(pd.DataFrame({t(T + "s4.col_pixel"): [f"({k // size + 1}, {k % size + 1})"
                                                             for k in range(size * size)],
                                    **{f"x{c + 1}": px[:, c] for c in range(C)},
                                    t(T + "s4.conv_title"): conv1[0, 0].ravel(),
                                    t(T + "s4.linear_title"): lin[:, 0]}))



@st.fragment
def pooling_section() -> None:
    """Section 6 has its own example and settings."""
    # --- 6. Pooling -------------------------------------------------------------------
    st.header(t(T + "s6.title"))
    st.markdown(t(T + "s6.intro"))
    st.latex(view.shape_latex((224, 224, 64), pool_output_shape((224, 224, 64), 2, 2)))
    controls, picture = st.columns([1, 2.4], gap="large")
    with controls, st.container(border=True):
        mode = st.segmented_control(t(T + "s6.mode"), ["max", "avg"], key="p7_pool_mode",
                                    required=True, format_func=labels(T + "modes", ["max", "avg"]).get)
        psize = st.slider(t(T + "s6.size"), 1, 4, key="p7_pool_size")
        pstride = st.slider(t(T + "s6.stride"), 1, 4, key="p7_pool_stride")
    pfit = conv_fit(POOL_EXAMPLE.shape[0], psize, 0, pstride)
    pool_formula = view.size_latex(pfit, "H", "k", None, "S")
    with controls:
        if pfit.problem is not None:
            st.error(view.fit_message(pfit, T + "s6", "pool"), icon=":material/block:")
            psize, pstride = st.session_state.get("p7__pool_good", (2, 2))
            pfit = conv_fit(POOL_EXAMPLE.shape[0], psize, 0, pstride)
            st.info(t(T + "s6.kept", size=psize, stride=pstride), icon=":material/history:")
        else:
            st.session_state["p7__pool_good"] = (psize, pstride)
    pooled_max, max_cache = maxpool2d_forward(POOL_EXAMPLE[None, None], psize, pstride)
    pooled_avg, avg_cache = avgpool2d_forward(POOL_EXAMPLE[None, None], psize, pstride)
    pooled = (pooled_max if mode == "max" else pooled_avg)[0, 0]
    psteps = list(pool2d_steps(POOL_EXAMPLE[None], psize, pstride, mode))
    plast = len(psteps) - 1


    def _pgo(to: int) -> None:
        st.session_state.p7_pcell = min(max(to, 0), plast)


    @st.fragment
    def pool_walk() -> None:
        names = {k: t(T + "s6.cell", i=s.i + 1, j=s.j + 1) for k, s in enumerate(psteps)}
        pos = st.session_state.get("p7_pcell", 0)
        st.session_state.p7_pcell = pos if pos in names else 0
        with st.container(horizontal=True, vertical_alignment="bottom"):
            st.button(t(T + "s2.previous"), key="p7_pprev", icon=":material/chevron_left:",
                      on_click=_pgo, args=(st.session_state.p7_pcell - 1,),
                      disabled=st.session_state.p7_pcell == 0)
            st.button(t(T + "s2.next"), key="p7_pnext", icon=":material/chevron_right:", type="primary",
                      on_click=_pgo, args=(st.session_state.p7_pcell + 1,),
                      disabled=st.session_state.p7_pcell == plast)
            if plast > 0:
                st.select_slider(t(T + "s2.jump"), list(names), key="p7_pcell", format_func=names.get)
        pos = st.session_state.p7_pcell
        step = psteps[pos]
        done = (np.arange(pooled.size) <= pos).reshape(pooled.shape)
        view.show(view.pool_step_chart(POOL_EXAMPLE, step, psize, pooled, done,
                                         (t(T + "s6.input_title"), t(T + f"s6.out_{mode}"))))
        op = r"\max" if mode == "max" else r"\operatorname{mean}"
        cells = ", ".join(N(v) for v in step.window.ravel())
        st.latex(rf"{op}\{{{cells}\}} = {N(step.value)}")


    with picture:
        pool_walk()
    st.latex(pool_formula)
    st.latex(rf"{M(POOL_EXAMPLE)} \xrightarrow{{\text{{{mode}}}\ {psize}\times{psize},\ S={pstride}}}"
             rf" {M(pooled)}")
    numbers_table(pd.DataFrame([{t(T + "s3.col_row"): s.i + 1, t(T + "s3.col_col"): s.j + 1,
                                 t(T + "s6.col_window"): ", ".join(fmt(v) for v in s.window.ravel()),
                                 t(T + f"s6.out_{mode}"): s.value} for s in psteps]))

    st.subheader(t(T + "s6.back_title"))
    st.markdown(t(T + "s6.back_intro"))
    pdout = np.arange(1.0, pooled.size + 1).reshape(pooled.shape)  # distinct, so each route shows
    dmax = maxpool2d_backward(pdout[None, None], max_cache)[0, 0]
    davg = avgpool2d_backward(pdout[None, None], avg_cache)[0, 0]
    view.show(view.routing_chart(pdout, [(dmax, t(T + "s6.dx_max")), (davg, t(T + "s6.dx_avg"))],
                                   t(T + "s6.dout")))
    st.latex(rf"\frac{{\partial L}}{{\partial z}} = {M(pdout)},\quad "
             rf"\left.\frac{{\partial L}}{{\partial x}}\right|_{{\max}} = {M(dmax)},\quad "
             rf"\left.\frac{{\partial L}}{{\partial x}}\right|_{{\mathrm{{mean}}}} = {M(davg)}")
    st.markdown(t(T + "s6.back_note", share=fmt(1 / psize**2)))


# Sections 1-5: titles and introductions drawn once; the fragments fill the containers.
s1 = section(t(T + "s1.title"), t(T + "s1.intro"))
s2 = section(t(T + "s2.title"), t(T + "s2.intro"))
s3 = section(t(T + "s3.title"))
s4 = section(t(T + "s4.title"), t(T + "s4.intro"))
s5 = section(t(T + "s5.title"), t(T + "s5.intro"))
conv_sections(s1, s2, s3, s5)
one_by_one(s4)
pooling_section()


# --- 7. A real image ----------------------------------------------------------------
st.header(t(T + "s7.title"))
st.markdown(t(T + "s7.intro"))
KERNEL_NAMES = [*KERNELS, "custom"]


@st.cache_data(show_spinner=False, max_entries=32)
def filtered(img, K, pool_mode):
    fmap, _ = conv2d_forward(img[None, None], K[None, None], [0.0], stride=1, pad=1)
    pool = maxpool2d_forward if pool_mode == "max" else avgpool2d_forward
    small, _ = pool(fmap, 2, 2)
    return fmap[0, 0], small[0, 0]


@st.fragment
def real_image() -> None:
    kname = st.segmented_control(t(T + "s7.kernel"), KERNEL_NAMES, key="p7_kname",
                                 default="vertical_edge", required=True,
                                 format_func=labels(T + "kernels", KERNEL_NAMES).get)
    a, b_, c_ = st.columns([1.3, 1, 1], gap="medium")
    source = a.selectbox(t(T + "s7.source"), [*SAMPLES, "upload"], key="p7_source",
                         format_func=labels(T + "sources", [*SAMPLES, "upload"]).get)
    pool_mode = c_.segmented_control(t(T + "s7.pool"), ["max", "avg"], key="p7_img_pool",
                                     default="max", required=True,
                                     format_func=labels(T + "pool_short", ["max", "avg"]).get)
    img = None
    if source == "digit":
        digit = a.slider(t(T + "s7.digit"), 0, 9, 3, key="p7_digit")
        img = sample_image("digit", digit)
    elif source == "upload":
        upload = a.file_uploader(t(T + "s7.upload"), type=["png", "jpg", "jpeg"], key="p7_upload",
                                 help=t(T + "s7.upload_help"))
        if upload is None:
            st.info(t(T + "s7.upload_first"), icon=":material/upload:")
        else:
            try:
                img = uploaded_image(upload)
            except ImageError as err:
                st.error(t(err.key, **err.params), icon=":material/broken_image:")
        if img is None:
            img = sample_image("china")
    else:
        img = sample_image(source)
    if kname == "custom":
        with b_:
            K = matrix_input(t(T + "s7.custom"), "p7_custom", [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
                             help=t(T + "s7.custom_help"), max_abs=100.0)
    else:
        K = KERNELS[kname]
        b_.latex(rf"K = {M(K)}")
    fmap, small = filtered(img, K, pool_mode)
    signed = kname in ("vertical_edge", "horizontal_edge", "custom")
    zoom = max(1, 256 // max(img.shape))
    cols = st.columns(3, gap="medium")
    shots = [(img, False, t(T + "s7.input", h=img.shape[0], w=img.shape[1])),
             (fmap, signed, t(T + "s7.feature", h=fmap.shape[0], w=fmap.shape[1])),
             (small, signed, t(T + f"s7.pooled_{pool_mode}", h=small.shape[0], w=small.shape[1]))]
    for col, (arr, sgn, caption) in zip(cols, shots, strict=True):
        factor = zoom * (2 if arr is small else 1)
        col.image(upscale_nearest(to_uint8(arr, signed=sgn), factor), caption=caption, width="stretch")
    st.caption(t(T + ("s7.signed_note" if signed else "s7.plain_note")))


real_image()

show_code(conv_fit, conv2d_steps, _conv_steps, conv2d_forward, conv2d_backward, pad2d, pixels,
          affine_forward, pool2d_steps, _pool_steps, maxpool2d_forward, maxpool2d_backward,
          avgpool2d_forward, avgpool2d_backward, pool_output_shape, random_conv_example,
          check_backward, numerical_gradient, relative_error, to_grayscale, downscale, to_uint8)
quiz(PAGE)
prev_next(PAGE)
