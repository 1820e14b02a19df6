"""Why pooling, and convolution in one and three dimensions (seed 001 §3.7): the article's
224×224×64 counts, the shift demo's counts for the fixed 8×8 channel, conv1d_forward against
NumPy's correlate (no kernel flip) and convolve (a flip), and the 3-D output shapes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.conv import (
    SHIFT_EXAMPLE,
    SIGNAL_EXAMPLE,
    SIGNAL_KERNEL,
    conv1d_forward,
    conv2d_forward,
    conv3d_output_shape,
    conv_output_size,
    maxpool2d_forward,
    pooling_savings,
    shift2d,
    shift_tolerance,
)
from core.format import fmt_count

pytestmark = pytest.mark.filterwarnings("error")

# ----------------------------------------------------------------------------
# Less to compute (seed 001 §3.7.2: 224×224×64 -> 112×112×64)
# ----------------------------------------------------------------------------


def test_pooling_the_articles_map_keeps_a_quarter_of_its_3211264_values():
    s = pooling_savings((224, 224, 64), 2, 2)
    assert s.before == (224, 224, 64) and s.after == (112, 112, 64)
    assert s.values_before == 3_211_264 == 224 * 224 * 64
    assert s.values_after == 802_816 == 112 * 112 * 64
    assert s.ratio == 0.25


def test_a_3x3_convolution_after_pooling_needs_a_quarter_of_the_multiply_adds():
    s = pooling_savings((224, 224, 64), 2, 2, kernel=3)
    # every output cell (H·W·C of them, the size is kept) costs C·K² multiply-adds
    assert s.macs_before == 224 * 224 * 64 * (64 * 3 * 3) == 1_849_688_064
    assert s.macs_after == 112 * 112 * 64 * (64 * 3 * 3) == 462_422_016
    assert s.macs_after * 4 == s.macs_before


def test_the_multiply_adds_are_those_of_a_real_convolution_on_a_small_map():
    """On a 6×6×2 map the count equals the products conv2d_forward really does: the output
    cells times the weights of one kernel."""
    s = pooling_savings((6, 6, 2), 2, 2, kernel=3)
    x, W = np.ones((1, 2, 6, 6)), np.ones((2, 2, 3, 3))
    out, _ = conv2d_forward(x, W, np.zeros(2), stride=1, pad=1)
    assert s.macs_before == out.size * W[0].size == 6 * 6 * 2 * 18
    out, _ = conv2d_forward(np.ones((1, 2, 3, 3)), W, np.zeros(2), stride=1, pad=1)
    assert s.macs_after == out.size * W[0].size


@pytest.mark.parametrize(("args", "message"), [
    (((224, 224, 64), 2, 2, 4), "kernel size must be odd"),
    (((224, 224), 2, 2, 3), "shape must be (height, width, channels)"),
    (((225, 224, 64), 2, 2, 3), "does not tile"),
])
def test_pooling_savings_refuses_what_it_cannot_count(args, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        pooling_savings(*args)


def test_counts_print_with_every_digit():
    assert fmt_count(3_211_264) == "3,211,264" and fmt_count(802_816) == "802,816"
    assert fmt_count(1_849_688_064, latex=True) == "1{,}849{,}688{,}064"


# ----------------------------------------------------------------------------
# Small shifts matter less
# ----------------------------------------------------------------------------


def test_shift2d_moves_every_value_and_lets_zeros_in():
    x = np.arange(1.0, 10.0).reshape(3, 3)
    np.testing.assert_array_equal(shift2d(x, 0, 1), [[0, 1, 2], [0, 4, 5], [0, 7, 8]])
    np.testing.assert_array_equal(shift2d(x, -1, 0), [[4, 5, 6], [7, 8, 9], [0, 0, 0]])
    np.testing.assert_array_equal(shift2d(x, 1, -1), [[0, 0, 0], [2, 3, 0], [5, 6, 0]])
    np.testing.assert_array_equal(shift2d(x, 0, 0), x)
    with pytest.raises(ValueError, match="out of sight"):
        shift2d(x, 0, 3)


def test_shifting_the_7_one_cell_right_changes_10_input_cells_but_only_2_of_16_pooled():
    demo = shift_tolerance(SHIFT_EXAMPLE, 0, 1)
    assert demo.x.shape == (8, 8) and demo.pooled.shape == (4, 4)
    assert demo.input_changes == 10 and demo.x.size == 64
    assert demo.pooled_same == 14 and demo.pooled.size == 16
    np.testing.assert_array_equal(demo.pooled, [[0, 0, 0, 0], [0, 9, 9, 0], [0, 0, 9, 0], [0, 0, 0, 0]])
    np.testing.assert_array_equal(demo.pooled_shifted,
                                  [[0, 0, 0, 0], [0, 8, 9, 9], [0, 0, 9, 0], [0, 0, 0, 0]])
    # one 9 left its window (which keeps the 8), and another 9 came into the window on the right


@pytest.mark.parametrize(("dy", "dx", "changes", "same"),
                         [(0, 1, 10, 14), (1, 0, 12, 15), (0, -1, 10, 13), (-1, 0, 12, 13)])
def test_each_direction_of_the_shift_demo(dy, dx, changes, same):
    demo = shift_tolerance(SHIFT_EXAMPLE, dy, dx)
    assert (demo.input_changes, demo.pooled_same) == (changes, same)


def test_the_demo_is_max_pooling_of_both_channels():
    demo = shift_tolerance(SHIFT_EXAMPLE, 1, 0)
    for x, pooled in ((demo.x, demo.pooled), (demo.shifted, demo.pooled_shifted)):
        np.testing.assert_array_equal(maxpool2d_forward(x[None, None])[0][0, 0], pooled)
    np.testing.assert_array_equal(demo.shifted, shift2d(SHIFT_EXAMPLE, 1, 0))
    assert demo.input_changed.sum() == demo.input_changes
    assert (~demo.pooled_changed).sum() == demo.pooled_same
    assert not demo.pooled.flags.writeable  # the page's arrays cannot be changed by accident


def test_a_feature_inside_its_windows_survives_a_shift_within_them_untouched():
    """A stroke on the left column of 2×2 windows moved one cell right stays in the same windows."""
    x = np.zeros((4, 4))
    x[:, 0] = [5, 6, 7, 8]
    demo = shift_tolerance(x, 0, 1)
    assert demo.input_changes == 8 and demo.pooled_same == 4


# ----------------------------------------------------------------------------
# One dimension: cross-correlation, as np.correlate; np.convolve flips the kernel
# ----------------------------------------------------------------------------


def test_the_default_signal_gives_the_rise_and_the_fall():
    out, cache = conv1d_forward(SIGNAL_EXAMPLE, SIGNAL_KERNEL)
    np.testing.assert_array_equal(out, [1, 3, 3, 1, 0, -2, -4, -2])  # x[i + 2] - x[i]
    assert cache[2:] == (1, 0)


@pytest.mark.parametrize(("stride", "pad"), [(1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (3, 2), (4, 2)])
def test_conv1d_equals_np_correlate_on_the_padded_signal(stride, pad):
    rng = np.random.default_rng(stride * 10 + pad)
    x, w = rng.normal(size=11), rng.normal(size=3)  # the window travels 8 + 2 pad cells: S divides it
    out, _ = conv1d_forward(x, w, b=0.5, stride=stride, pad=pad)
    expected = np.correlate(np.pad(x, pad), w, mode="valid")[::stride] + 0.5
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    assert out.size == conv_output_size(x.size, w.size, pad, stride)


@settings(max_examples=40, deadline=None)
@given(L=st.integers(1, 12), K=st.integers(1, 5), pad=st.integers(0, 2), stride=st.integers(1, 3),
       seed=st.integers(0, 2**32 - 1))
def test_conv1d_is_np_correlate_for_every_size_that_tiles(L, K, pad, stride, seed):
    if K > L + 2 * pad or (L + 2 * pad - K) % stride:
        return
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=L), rng.normal(size=K), rng.normal()
    out, _ = conv1d_forward(x, w, b, stride=stride, pad=pad)
    np.testing.assert_allclose(out, np.correlate(np.pad(x, pad), w, "valid")[::stride] + b, rtol=1e-10,
                               atol=1e-12)


def test_the_kernel_is_not_flipped_np_convolve_flips_it():
    x, w = SIGNAL_EXAMPLE, SIGNAL_KERNEL
    out, _ = conv1d_forward(x, w)
    assert not np.allclose(out, np.convolve(x, w, mode="valid"))  # [-1, 0, 1] is not symmetric
    np.testing.assert_array_equal(np.convolve(x, w, mode="valid"), -out)  # for this kernel: the sign
    flipped, _ = conv1d_forward(x, w[::-1])
    np.testing.assert_array_equal(flipped, np.convolve(x, w, mode="valid"))


def test_conv1d_is_the_2d_convolution_of_a_one_row_image():
    x, w = SIGNAL_EXAMPLE, SIGNAL_KERNEL
    out2d, _ = conv2d_forward(x[None, None, None], w[None, None, None], [0.25], stride=1, pad=0)
    np.testing.assert_array_equal(conv1d_forward(x, w, 0.25)[0], out2d[0, 0, 0])


def test_conv1d_does_not_change_its_inputs():
    x, w = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, -1.0])
    conv1d_forward(x, w, stride=1, pad=1)
    np.testing.assert_array_equal(x, [1, 2, 3, 4]) and np.testing.assert_array_equal(w, [1, -1])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"x": [1, 2], "w": [1, 2, 3]}, "kernel length 3 is larger than the input length 2"),
    ({"x": [1, 2, 3, 4], "w": [1, 1], "stride": 3}, "stride 3 does not tile the input length 4"),
    ({"x": [[1, 2]], "w": [1]}, "x must have 1 dimension"),
    ({"x": [1, 2], "w": []}, "at least one value"),
    ({"x": [1, 2], "w": [1], "b": "one"}, "b must be a number"),
    ({"x": [1, 2], "w": [1], "pad": -1}, "pad must be at least 0"),
    ({"x": ["a"], "w": [1]}, "x must be numbers"),
])
def test_conv1d_says_what_to_change(kwargs, message):
    with pytest.raises(ValueError, match=message):
        conv1d_forward(**kwargs)


# ----------------------------------------------------------------------------
# Three dimensions: the output size along every axis
# ----------------------------------------------------------------------------


def test_a_3x3x3_kernel_with_padding_1_keeps_a_video_clips_size():
    assert conv3d_output_shape((16, 112, 112), 3, pad=1, stride=1) == (16, 112, 112)


def test_a_2x2x2_kernel_with_stride_2_halves_a_ct_scan_along_every_axis():
    assert conv3d_output_shape((64, 256, 256), 2, pad=0, stride=2) == (32, 128, 128)


@pytest.mark.parametrize(("shape", "kernel", "pad", "stride", "expected"), [
    ((4, 5, 5), 3, 0, 1, (2, 3, 3)),
    ((5, 5, 5), (3, 3, 3), 0, 2, (2, 2, 2)),
    ((4, 5, 5), (1, 3, 3), 0, (1, 2, 2), (4, 2, 2)),
    ((8, 7, 9), (2, 3, 5), (0, 1, 2), (2, 1, 1), (4, 7, 9)),
])
def test_each_axis_follows_conv_output_size(shape, kernel, pad, stride, expected):
    assert conv3d_output_shape(shape, kernel, pad, stride) == expected
    triples = [v if np.ndim(v) else (v,) * 3 for v in (kernel, pad, stride)]
    assert expected == tuple(conv_output_size(n, k, p, s) for n, k, p, s in zip(shape, *triples, strict=True))


@pytest.mark.parametrize(("args", "message"), [
    (((4, 5, 5), 3, 0, 2), "stride 2 does not tile the input depth 4"),
    (((2, 5, 5), 3, 0, 1), "kernel depth 3 is larger than the input depth 2"),
    (((4, 5), 3, 0, 1), "shape must be"),
    (((4, 5, 5), (3, 3), 0, 1), "kernel must be one number or three"),
])
def test_conv3d_output_shape_says_which_axis_does_not_fit(args, message):
    with pytest.raises(ValueError, match=message):
        conv3d_output_shape(*args)
