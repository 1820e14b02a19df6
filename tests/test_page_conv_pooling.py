"""Page 7: the seed's convolution cell by cell; the page's numbers follow the widgets and
agree with core; bad settings and bad images give messages, never tracebacks."""

import io
import struct
import time
import zlib

import numpy as np
import pytest

from core.conv import (
    CONV_EXAMPLE,
    POOL_EXAMPLE,
    avgpool2d_forward,
    conv2d_backward,
    conv2d_forward,
    conv2d_steps,
    maxpool2d_backward,
    maxpool2d_forward,
    random_conv_example,
)
from core.format import latex_matrix as M
from core.format import latex_number as N
from tests.conftest import all_text, answer_quiz, formulas, open_page, predict_in

PAGE = "pages/7_conv_pooling.py"
E = CONV_EXAMPLE
WIDGETS = {  # slider key (the URL parameter): (minimum, maximum)
    "size": (1, 9), "channels": (1, 3), "kernel": (1, 5), "kernels": (1, 3),
    "pad": (0, 3), "stride": (1, 4), "pool_size": (1, 4), "pool_stride": (1, 4),
}


@pytest.fixture
def at():
    return open_page(PAGE, "en")


def latex(at) -> str:
    return formulas(at)


def random_mode(at, **sizes):
    at.button_group(key="values").set_value("random").run()
    for key, value in sizes.items():
        at.slider(key=key).set_value(value).run()
    return at


def cell_latex(step) -> list[str]:
    """The formulas page 7 shows for one step, rebuilt from core's step."""
    return [rf"= {N(step.total)} + " + (f"({N(step.bias)})" if step.bias < 0 else N(step.bias))
            + rf" = {N(step.out)}"]


# ----------------------------------------------------------------------------
# The seed's example (seed 001 §3.7.1)
# ----------------------------------------------------------------------------


def test_default_page_reproduces_the_seeds_first_output_cell(at):
    text = latex(at)
    # the output-size formula with the seed's numbers
    assert r"\frac{5 - 3 + 2 \cdot 1}{2} + 1 = 3" in text
    # channel 1: the seed's window and kernel W0, channel sums -2, 0, 1
    window = M([[0, 0, 0], [0, 0, 1], [0, 2, 0]])
    kernel = M([[1, 1, -1], [0, -1, 0], [1, -1, -1]])
    assert rf"s_{{1}} = \sum {window} \odot {kernel} = -2" in text
    assert r"\end{bmatrix} = 0" in text.split("s_{2}")[1].split("\n")[0]
    assert r"\end{bmatrix} = 1" in text.split("s_{3}")[1].split("\n")[0]
    # total -1, bias 1, output 0
    assert r"z_{0}[1, 1] = s_{1} + s_{2} + s_{3} + b_{0}" in text
    assert r"= (-2) + 0 + 1 + 1 = -1 + 1 = 0" in text
    assert any("channel sums are -2, 0, 1, their total is -1, plus the bias 1 gives 0" in s.value
               for s in at.success)


def test_default_output_maps_are_cores_3x3x2_result(at):
    out, _ = conv2d_forward(E.x[None], E.W, E.b, stride=2, pad=1)
    text = latex(at)
    assert rf"z_{{0}} = {M(out[0, 0])}" in text and rf"z_{{1}} = {M(out[0, 1])}" in text
    assert M([[0, 6, 2], [5, 6, 3], [-4, 4, 3]]) in text  # the seed-style numbers, by hand


def test_stepping_through_all_18_cells_shows_each_cell_from_core(at):
    steps = list(conv2d_steps(E.x, E.W, E.b, stride=2, pad=1))
    assert len(steps) == 18
    for k, step in enumerate(steps):
        text = latex(at)
        assert rf"z_{{{step.f}}}[{step.i + 1}, {step.j + 1}]" in text, k
        assert cell_latex(step)[0] in text, k
        if k < 17:
            at.button(key="p7_cell_next").click().run()
    assert not at.exception
    # the next button is disabled at the last cell; previous goes back one
    assert at.button(key="p7_cell_next").disabled
    at.button(key="p7_cell_previous").click().run()
    assert cell_latex(steps[16])[0] in latex(at)


def test_jumping_to_a_cell_and_back_to_the_first(at):
    steps = list(conv2d_steps(E.x, E.W, E.b, stride=2, pad=1))
    at.select_slider(key="p7_cell").set_value(13).run()
    assert r"z_{1}[2, 2]" in latex(at) and cell_latex(steps[13])[0] in latex(at)
    at.button(key="p7_cell_first").click().run()
    assert r"z_{0}[1, 1]" in latex(at)


def test_play_advances_and_pause_stops(at):
    at.button(key="p7_cell_play").click().run()
    assert at.session_state["p7_cell_playing"]
    assert at.session_state["p7_cell"] >= 1
    at.button(key="p7_cell_play").click().run()
    assert not at.session_state["p7_cell_playing"]
    assert not at.exception


# ----------------------------------------------------------------------------
# The numbers follow the widgets
# ----------------------------------------------------------------------------


def test_changing_padding_and_stride_recomputes_the_formula_and_maps(at):
    at.slider(key="pad").set_value(0).run()
    at.slider(key="stride").set_value(1).run()
    text = latex(at)
    assert r"\frac{5 - 3 + 2 \cdot 0}{1} + 1 = 3" in text
    out, _ = conv2d_forward(E.x[None], E.W, E.b, stride=1, pad=0)
    assert rf"z_{{0}} = {M(out[0, 0])}" in text and rf"z_{{1}} = {M(out[0, 1])}" in text
    assert not at.error


def test_random_values_match_core_for_the_same_seed(at):
    random_mode(at, size=6, channels=2, kernel=3, kernels=3, pad=1, stride=1)
    at.number_input(key="conv_seed").set_value(42).run()
    ex = random_conv_example(6, 2, 3, 3, 1, 1, 42)
    out, _ = conv2d_forward(ex.x[None], ex.W, ex.b, stride=1, pad=1)
    text = latex(at)
    for f in range(3):
        assert rf"z_{{{f}}} = {M(out[0, f])}" in text
    assert r"s_{2}" in text and r"s_{3}" not in text  # two channels
    assert not at.error and not at.exception


def test_a_stride_that_does_not_tile_explains_itself_and_keeps_the_last_setting(at):
    at.slider(key="stride").set_value(3).run()
    assert not at.exception
    (error,) = at.error
    assert "4 is not a multiple of S = 3" in error.value and "Strides that fit here: 1, 2, 4" in error.value
    assert any("last valid setting" in i.value for i in at.info)
    assert r"\frac{5 - 3 + 2 \cdot 1}{3} + 1 = 2.333" in latex(at)
    out, _ = conv2d_forward(E.x[None], E.W, E.b, stride=2, pad=1)
    assert rf"z_{{0}} = {M(out[0, 0])}" in latex(at)  # still the last valid layer


def test_a_kernel_larger_than_the_padded_input_explains_itself():
    at = random_mode(open_page(PAGE, "en"), size=1, kernel=5, pad=0)
    assert not at.exception
    assert any("K = 5 is larger than the padded input W + 2P = 1 + 2·0 = 1" in e.value for e in at.error)


def test_invalid_settings_are_explained_in_japanese():
    at = open_page(PAGE, "ja")
    at.slider(key="stride").set_value(3).run()
    assert not at.exception
    assert "ストライドが入力の幅に合いません" in at.error[0].value


def test_every_slider_at_its_extremes_gives_no_exception():
    at = open_page(PAGE, "en")
    at.button_group(key="values").set_value("random").run()
    for key, ends in WIDGETS.items():
        before = at.slider(key=key).value
        for value in ends:
            at.slider(key=key).set_value(value).run()
            assert not at.exception, (key, value, at.exception)
            assert "Traceback" not in all_text(at)
            for e in at.error:  # only the size messages may appear
                assert "does not fit" in e.value or "does not tile" in e.value, (key, value, e.value)
        at.slider(key=key).set_value(before).run()
    at.number_input(key="conv_seed").set_value(9999).run()
    at.number_input(key="conv_seed").set_value(0).run()
    assert not at.exception


def test_the_largest_layer_steps_to_its_last_cell():
    at = random_mode(open_page(PAGE, "en"), size=9, channels=3, kernel=1, kernels=3, pad=3, stride=1)
    assert not at.error
    at.button(key="p7_cell_last").click().run()
    assert r"z_{2}[15, 15]" in latex(at)
    at.number_input(key="conv_seed").set_value(9999).run()
    assert not at.exception and not at.error


# ----------------------------------------------------------------------------
# 1×1 convolution, backward, pooling
# ----------------------------------------------------------------------------


def test_1x1_convolution_equals_the_affine_layer(at):
    at.text_input(key="p7_w1x1_3").set_value("2, -1, 0.5").run()
    at.text_input(key="p7_b1x1").set_value("-1").run()
    # pixel (1, 1) of the seed's input is [0, 0, 1]: 2·0 - 1·0 + 0.5·1 - 1 = -0.5
    assert r"+ -1 = -0.5" in latex(at)
    assert any("relative difference 0" in s.value for s in at.success)


def test_backward_shows_core_gradients_and_agrees_with_the_numerical_check(at):
    _, cache = conv2d_forward(E.x[None], E.W, E.b, stride=2, pad=1)
    _, _, db = conv2d_backward(np.ones((1, 2, 3, 3)), cache)
    assert rf"\frac{{\partial L}}{{\partial \mathbf{{b}}}} = {M(db, row=True)}" in latex(at)
    assert any("agrees with the numerical gradient" in s.value for s in at.success)
    at.button_group(key="p7_dout").set_value("random").run()
    dout = np.random.default_rng(0).integers(-2, 3, size=(1, 2, 3, 3)).astype(float)
    _, _, db = conv2d_backward(dout, cache)
    assert rf"\frac{{\partial L}}{{\partial \mathbf{{b}}}} = {M(db, row=True)}" in latex(at)
    assert any("agrees with the numerical gradient" in s.value for s in at.success)


def test_pooling_shows_the_seeds_224_to_112_and_the_4x4_example(at):
    text = latex(at)
    assert r"224 \times 224 \times 64" in text and r"112 \times 112 \times 64" in text
    assert rf"{M(POOL_EXAMPLE)} \xrightarrow" in text and M([[6, 8], [3, 4]]) in text
    assert r"\max\{1, 1, 5, 6\} = 6" in text


def test_average_pooling_and_a_3x3_window_with_stride_1_match_core(at):
    at.button_group(key="pool").set_value("avg").run()
    at.slider(key="pool_size").set_value(3).run()
    at.slider(key="pool_stride").set_value(1).run()
    avg, _ = avgpool2d_forward(POOL_EXAMPLE[None, None], 3, 1)
    assert M(avg[0, 0]) in latex(at)
    _, cache = maxpool2d_forward(POOL_EXAMPLE[None, None], 3, 1)
    dmax = maxpool2d_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    assert M(dmax[0, 0]) in latex(at)  # overlapping windows add up at a shared maximum
    assert not at.error


def test_a_pooling_stride_that_does_not_tile_is_explained(at):
    at.slider(key="pool_size").set_value(3).run()
    assert any("Strides that fit: 1" in e.value for e in at.error)
    assert not at.exception


def test_pooling_steps_through_its_cells(at):
    at.button(key="p7_pcell_next").click().run()
    assert r"\max\{2, 4, 7, 8\} = 8" in latex(at)


# ----------------------------------------------------------------------------
# A real image
# ----------------------------------------------------------------------------


def test_every_kernel_renders_the_image_section(at):
    for kernel in ["vertical_edge", "horizontal_edge", "blur", "sharpen", "custom"]:
        at.button_group(key="img_kernel").set_value(kernel).run()
        assert not at.exception, kernel
        # the number grids above are pictures too, without a caption
        captions = [c for image in at.get("image") for c in image.captions if c]
        assert captions == ["grey input, 84×128", "feature map (convolution), 84×128",
                            "after 2×2 max pooling, 42×64"]


def test_the_digit_and_a_custom_kernel_render_and_respond_fast(at):
    at.selectbox(key="p7_source").set_value("digit").run()
    at.slider(key="p7_digit").set_value(9).run()
    at.button_group(key="img_kernel").set_value("custom").run()
    at.text_area(key="p7_custom").set_value("1 0 -1\n1 0 -1\n1 0 -1").run()
    assert not at.exception and not at.error
    at.selectbox(key="p7_source").set_value("china").run()
    start = time.perf_counter()
    at.button_group(key="p7_img_pool").set_value("avg").run()
    assert not at.exception
    # the whole page reruns under AppTest; the image part is cached, so this stays quick
    assert time.perf_counter() - start < 10


class FakeUpload:
    def __init__(self, data: bytes, size: int | None = None):
        self._data, self.size = data, len(data) if size is None else size

    def getvalue(self):
        return self._data


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels (the pixel data is never read)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0"))
            + chunk(b"IEND", b""))


def test_uploads_are_size_checked_decoded_safely_and_shrunk():
    import streamlit as st
    from PIL import Image

    from ui.widgets.images import MAX_SIDE, ImageError, uploaded_image

    st.cache_data.clear()
    with pytest.raises(ImageError) as err:
        uploaded_image(FakeUpload(b"x", size=6 * 2**20))
    assert err.value.key == "conv_pooling.image.too_big"
    with pytest.raises(ImageError) as err:
        uploaded_image(FakeUpload(b"not an image at all"))
    assert err.value.key == "conv_pooling.image.unreadable"
    with pytest.raises(ImageError) as err:
        uploaded_image(FakeUpload(png_header(30000, 30000)))
    assert err.value.key == "conv_pooling.image.bomb"
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (600, 900, 3), dtype=np.uint8)).save(
        buf, format="PNG")
    img = uploaded_image(FakeUpload(buf.getvalue()))
    assert max(img.shape) <= MAX_SIDE and 0 <= img.min() and img.max() <= 1
    gif = io.BytesIO()
    Image.new("L", (20, 20)).save(gif, format="GIF")
    with pytest.raises(ImageError) as err:
        uploaded_image(FakeUpload(gif.getvalue()))
    assert err.value.key == "conv_pooling.image.bad_format"


def test_answering_the_self_check_ticks_the_page_off(at):
    from ui.shell.i18n import catalog

    quiz = catalog("en")["conv_pooling"]["quiz"]
    at.radio(key="quiz_conv_pooling_q2").set_value(1).run()  # one cell per window: but they share
    assert any(quiz["q2"]["feedback"][1] in w.value for w in at.warning)
    at.text_input(key="quiz_conv_pooling_q4").set_value("54")  # forgot the two biases
    next(b for b in at.button if b.proto.form_id == "quiz_conv_pooling_q4_form").click().run()
    assert any("You typed 54" in w.value for w in at.warning)
    answer_quiz(at, "conv_pooling", {"q4": 56})  # 2 kernels × (3·3·3 weights + 1 bias)
    assert any("All questions on this page" in s.value for s in at.success)


# ----------------------------------------------------------------------------
# Prediction moments and links that share a view
# ----------------------------------------------------------------------------

SIZE_FORMULA = r"\frac{5 - 3 + 2 \cdot 1}{2} + 1 = 3"


def test_the_output_size_waits_for_a_prediction():
    at = open_page(PAGE, "en", ask=True)
    assert SIZE_FORMULA not in latex(at)  # the formula with the learner's numbers
    assert not any("output **3×3×2**" in m.value for m in at.markdown)  # nor the shapes sentence
    assert not any("feature map; the" in m.value for m in at.markdown)  # nor the finished maps
    assert not [b for b in at.button if b.key == "p7_cell_next"]  # nor the walk through the 18 cells
    assert r"\frac{\partial L}{\partial \mathbf{b}}" not in formulas(at)  # nor ∂L/∂b = [9 9]
    assert any("each bias gradient is a sum over the cells" in c.value for c in at.caption)
    assert r"= (-2) + 0 + 1 + 1 = -1 + 1 = 0" in latex(at)  # the first cell is still worked out
    assert any("predicted the output size in section 1" in c.value for c in at.caption)
    at = predict_in(at, "size", 4)  # (5 − 3 + 2·1)/2 + 1 = 3, not 4
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "Your prediction:** 4" in verdict and "The page computes:** 3" in verdict
    assert "the input is 7 cells wide" in verdict and "4 / 2 + 1 = 3 positions" in verdict
    assert SIZE_FORMULA in latex(at)
    assert any("output **3×3×2**" in m.value for m in at.markdown)
    assert [b for b in at.button if b.key == "p7_cell_next"]
    assert r"\frac{\partial L}{\partial \mathbf{b}} = \begin{bmatrix} 9 & 9 \end{bmatrix}" in formulas(at)


def test_a_right_size_agrees_and_a_new_stride_asks_again():
    at = predict_in(open_page(PAGE, "en", ask=True), "size", 3)
    assert any("Your prediction:** 3" in s.value and "they agree" in s.value for s in at.success)
    at.slider(key="stride").set_value(1).run()  # (5 − 3 + 2)/1 + 1 = 5: a new question
    assert r"\frac{5 - 3 + 2 \cdot 1}{1} + 1 = 5" not in latex(at)
    assert any("stride S = 1" in m.value for m in at.markdown)  # the question, with the new stride
    at = predict_in(at, "size", None)  # just show me
    assert any("The page computes:** 5" in i.value for i in at.info)
    assert r"\frac{5 - 3 + 2 \cdot 1}{1} + 1 = 5" in latex(at)
    at.slider(key="stride").set_value(2).run()  # the prediction kept is the last one: asked again
    assert SIZE_FORMULA not in latex(at)


def test_a_setting_that_does_not_fit_asks_nothing_and_says_why():
    at = open_page(PAGE, "en", ask=True)
    at.slider(key="stride").set_value(3).run()
    assert "Strides that fit here: 1, 2, 4" in at.error[0].value
    assert not [w for w in at.text_input if ".predict.size_" in w.proto.form_id]
    assert not any("output **3×3×2**" in m.value for m in at.markdown)  # the kept setting is not predicted
    at.slider(key="stride").set_value(2).run()
    at = predict_in(at, "size", 3)
    at.slider(key="stride").set_value(3).run()  # now the kept setting was predicted: shown
    assert any("last valid setting" in i.value for i in at.info)
    assert any("output **3×3×2**" in m.value for m in at.markdown)


def test_the_gradient_routes_of_pooling_wait_for_a_prediction():
    at = open_page(PAGE, "en", ask=True)
    dmax = M([[0, 0, 0, 0], [0, 1, 0, 2], [3, 0, 0, 0], [0, 0, 0, 4]])  # 1, 2, 3, 4 to 6, 8, 3, 4
    assert dmax not in latex(at) and not any("sends each gradient" in m.value for m in at.markdown)
    at.slider(key="pool_size").set_value(3).run()
    at.slider(key="pool_stride").set_value(1).run()
    at = predict_in(at, "route", 4)  # one cell per window? The windows share the 7 and the 8
    verdict = next(w.value for w in at.warning if "Your prediction" in w.value)
    assert "Your prediction:** 4" in verdict and "The page computes:** 2" in verdict
    assert "maxima in 2 of the 16 cells (values 7, 8)" in verdict and "every one of the 16 cells" in verdict
    _, cache = maxpool2d_forward(POOL_EXAMPLE[None, None], 3, 1)
    assert M(maxpool2d_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)[0, 0]) in latex(at)
    at.slider(key="pool_stride").set_value(2).run()  # 3×3 at stride 2 does not tile: kept as it was
    assert M(maxpool2d_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)[0, 0]) in latex(at)
    at.slider(key="pool_size").set_value(2).run()  # 2×2, stride 2: asked anew
    assert dmax not in latex(at)
    at = predict_in(at, "route", None)
    assert any("The page computes:** 4" in i.value for i in at.info) and dmax in latex(at)


def test_settings_come_from_the_address_bar():
    at = open_page(PAGE, "en", query={"values": "Random (seeded)", "size": "7", "kernel": "5", "pad": "0",
                            "stride": "2", "conv_seed": "3", "pool": "Average pooling", "pool_size": "4",
                            "img_kernel": "Blur", "channels": "banana"})  # a bad value: the default
    assert not at.exception
    assert at.button_group(key="values").value == "random" and at.slider(key="size").value == 7
    assert at.slider(key="channels").value == 3 and at.number_input(key="conv_seed").value == 3
    assert r"\frac{7 - 5 + 2 \cdot 0}{2} + 1 = 2" in latex(at)
    ex = random_conv_example(7, 3, 2, 5, 0, 2, 3)
    out, _ = conv2d_forward(ex.x[None], ex.W, ex.b, stride=2, pad=0)
    assert rf"z_{{0}} = {M(out[0, 0])}" in latex(at)
    assert at.button_group(key="pool").value == "avg" and at.slider(key="pool_size").value == 4
    assert r"\operatorname{mean}" in latex(at) and M([[3.125]]) in latex(at)  # the 4×4 mean: 50/16
    assert at.button_group(key="img_kernel").value == "blur"


def test_the_articles_values_keep_their_sizes_whatever_the_link_says():
    at = open_page(PAGE, "en", query={"size": "7", "pad": "0", "stride": "1"})  # no values=: the article's
    assert not at.exception and not at.error
    assert r"\frac{5 - 3 + 2 \cdot 0}{1} + 1 = 3" in latex(at)
    out, _ = conv2d_forward(E.x[None], E.W, E.b, stride=1, pad=0)
    assert rf"z_{{0}} = {M(out[0, 0])}" in latex(at)


# ----------------------------------------------------------------------------
# Why pooling; one and three dimensions (issue 19)
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_why_pool_shows_cores_counts_for_the_articles_224x224x64_map(lang):
    from core.conv import pooling_savings
    from core.format import fmt_count

    at = open_page(PAGE, lang)
    s = pooling_savings((224, 224, 64), 2, 2, kernel=3)
    text = latex(at)
    assert r"224 \cdot 224 \cdot 64 = 3{,}211{,}264" in text
    assert r"112 \cdot 112 \cdot 64 = 802{,}816" in text
    assert rf"= {fmt_count(s.macs_before, latex=True)}" in text and "1{,}849{,}688{,}064" in text
    assert rf"= {fmt_count(s.macs_after, latex=True)}" in text and "462{,}422{,}016" in text
    table = next(m.value for m in at.markdown if "3,211,264" in m.value)
    assert "802,816" in table and "1,849,688,064" in table and "462,422,016" in table and "0.25" in table
    assert not at.exception


def test_the_shift_demo_counts_come_from_core_in_every_direction(at):
    from core.conv import SHIFT_EXAMPLE, shift_tolerance

    for direction, (dy, dx) in {"right": (0, 1), "down": (1, 0), "left": (0, -1), "up": (-1, 0)}.items():
        at.button_group(key="shift").set_value(direction).run()
        demo = shift_tolerance(SHIFT_EXAMPLE, dy, dx)
        counts = next(m.value for m in at.markdown if m.value.startswith("Shifted one cell"))
        assert f"Shifted one cell {direction}" in counts
        assert f"**{demo.input_changes} of the 64 input cells** change" in counts
        assert f"**{demo.pooled_same} of the 16 pooled cells** stay" in counts
        assert rf"\max_{{2 \times 2}}(x') = {M(demo.pooled_shifted)}" in latex(at)
    # the default, one cell right: 10 input cells change, 14 of 16 pooled cells stay
    at.button_group(key="shift").set_value("right").run()
    assert any("**10 of the 64 input cells** change, yet **14 of the 16 pooled cells**" in m.value
               for m in at.markdown)


def test_the_shift_demo_in_japanese_and_from_the_address_bar():
    at = open_page(PAGE, "ja", query={"shift": "下へ"})
    assert at.button_group(key="shift").value == "down"
    assert any("1マス下へずらすと、**入力の64マスのうち12マス**の値が変わります" in m.value
               and "**プーリング後の16マスのうち15マス**は元のまま" in m.value for m in at.markdown)


def test_conv1d_walks_through_the_signal_with_cores_numbers(at):
    from core.conv import SIGNAL_EXAMPLE, SIGNAL_KERNEL, conv1d_forward

    out, _ = conv1d_forward(SIGNAL_EXAMPLE, SIGNAL_KERNEL)
    text = latex(at)
    assert r"\frac{10 - 3 + 2 \cdot 0}{1} + 1 = 8" in text
    assert rf"y = {M(out, row=True)}" in text and M([1, 3, 3, 1, 0, -2, -4, -2], row=True) in text
    assert r"y_{1} = 0 \cdot (-1) + 0 \cdot 0 + 1 \cdot 1 = 1" in text
    flipped, _ = conv1d_forward(SIGNAL_EXAMPLE, SIGNAL_KERNEL[::-1])
    assert rf"y(\overleftarrow{{w}}) = {M(flipped, row=True)}" in text  # what np.convolve gives
    for _ in range(6):
        at.button(key="p7_c1_next").click().run()
    assert r"y_{7} = 4 \cdot (-1) + 2 \cdot 0 + 0 \cdot 1 = -4" in latex(at)
    at.button(key="p7_c1_last").click().run()
    assert at.button(key="p7_c1_next").disabled


def test_conv1d_stride_padding_and_a_typed_kernel_follow_core(at):
    from core.conv import SIGNAL_EXAMPLE, conv1d_forward

    at.slider(key="pad1d").set_value(1).run()
    at.slider(key="stride1d").set_value(3).run()  # (10 - 3 + 2)/3 + 1 = 4
    at.text_input(key="p7_w1d").set_value("1, 2, 1").run()
    out, _ = conv1d_forward(SIGNAL_EXAMPLE, [1, 2, 1], stride=3, pad=1)
    assert r"\frac{10 - 3 + 2 \cdot 1}{3} + 1 = 4" in latex(at)
    assert rf"y = {M(out, row=True)}" in latex(at)
    assert not at.error and not at.exception


def test_a_conv1d_stride_that_does_not_tile_is_explained_and_the_last_one_kept(at):
    from core.conv import SIGNAL_EXAMPLE, SIGNAL_KERNEL, conv1d_forward

    at.slider(key="stride1d").set_value(2).run()  # (10 - 3)/2 + 1 = 4.5
    assert not at.exception
    (error,) = at.error
    assert "7 is not a multiple of S = 2" in error.value and "Strides that fit here: 1, 7" in error.value
    assert any("stride 1, padding 0" in i.value for i in at.info)
    assert rf"y = {M(conv1d_forward(SIGNAL_EXAMPLE, SIGNAL_KERNEL)[0], row=True)}" in latex(at)
    at.text_input(key="p7_w1d").set_value("1, 2").run()  # two numbers for three: a message, not a crash
    assert not at.exception
    assert any(e.value.startswith("Kernel w (3 numbers):") for e in at.error)


def test_conv3d_shows_cores_shapes_and_walks_the_volume(at):
    from core.conv import conv3d_output_shape

    table = next(m.value for m in at.markdown if "16×112×112" in m.value)
    assert "| 16×112×112 | 3×3×3, P = 1, S = 1 | 16×112×112 |" in table
    assert "| 64×256×256 | 2×2×2, P = 0, S = 2 | 32×128×128 |" in table
    assert conv3d_output_shape((64, 256, 256), 2, 0, 2) == (32, 128, 128)
    text = latex(at)
    assert r"O_D = \frac{D - K_D}{S} + 1 = \frac{4 - 3}{1} + 1 = 2" in text
    assert r"O_H = \frac{H - K_H}{S} + 1 = \frac{5 - 3}{1} + 1 = 3" in text
    assert any("output **2×3×3**, 18 cells" in m.value for m in at.markdown)
    at.button(key="p7_c3_last").click().run()
    assert any("Output frame 2, row 3, column 3: the 3×3×3 kernel covers frames 2 to 4" in c.value
               for c in at.caption)


def test_conv3d_settings_and_a_depth_that_does_not_tile():
    at = open_page(PAGE, "en", query={"frames": "6", "kdepth": "2", "stride3d": "2"})
    assert any("output **3×2×2**, 12 cells" in m.value for m in at.markdown)  # (6-2)/2+1, (5-3)/2+1
    at.slider(key="frames").set_value(5).run()  # (5 - 2)/2 + 1 = 2.5
    assert not at.exception
    assert any("3 is not a multiple of S = 2" in e.value for e in at.error)
    assert any("6 frames, a kernel 2 frames deep, stride 2" in i.value for i in at.info)
    assert any("output **3×2×2**" in m.value for m in at.markdown)  # still the last valid volume
    at.slider(key="frames").set_value(1).run()  # a 2-frame kernel on 1 frame
    assert any("spans $K_D$ = 2 frames but the volume has only D = 1" in e.value for e in at.error)


def test_the_new_sections_render_in_japanese_with_cores_numbers():
    at = open_page(PAGE, "ja")
    headers = [h.value for h in at.header]
    assert headers[6:] == ["7. プーリング層を使う理由：計算量と小さなずれ",
                           "8. 代表的なカーネルで実際の画像を畳み込む",
                           "9. 1次元の畳み込み：系列データ",
                           "10. 3次元の畳み込み：動画やボクセルデータ"]
    assert any("1,849,688,064 回から 462,422,016 回へ" in m.value for m in at.markdown)
    assert any("出力 **2×3×3**（18マス）" in m.value for m in at.markdown)
    assert not at.exception and not at.error


def test_the_code_listing_shows_the_new_core_functions(at):
    listing = "\n".join(c.value for c in at.code)
    for name in ("pooling_savings", "shift_tolerance", "conv1d_forward", "conv3d_output_shape"):
        assert f"def {name}(" in listing
