"""core.images (a real photo through a convolution) and the small core.conv helpers
that page 7 uses: conv_fit, random_conv_example, pixels."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.conv import (
    CONV_EXAMPLE,
    conv2d_forward,
    conv_fit,
    conv_output_size,
    pixels,
    random_conv_example,
)
from core.gradcheck import relative_error
from core.images import KERNELS, downscale, to_grayscale, to_uint8, upscale_nearest
from core.linear import affine_forward

pytestmark = pytest.mark.filterwarnings("error")

# ----------------------------------------------------------------------------
# conv_fit: the output-size formula with its verdict
# ----------------------------------------------------------------------------


def test_conv_fit_of_the_seed_layer_is_3_positions():
    fit = conv_fit(5, 3, 1, 2)
    assert (fit.padded, fit.span, fit.positions, fit.size, fit.problem) == (7, 4, 3.0, 3, None)


def test_conv_fit_names_a_stride_that_does_not_tile_and_the_strides_that_would():
    fit = conv_fit(5, 3, 1, 3)
    assert fit.problem == "not_tiled" and fit.size is None
    assert fit.positions == pytest.approx(4 / 3 + 1)
    assert fit.strides == (1, 2, 4)


def test_conv_fit_names_a_kernel_larger_than_the_padded_input():
    fit = conv_fit(1, 5, 1, 1)
    assert fit.problem == "too_large" and fit.size is None and fit.padded == 3


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12), st.integers(1, 6), st.integers(0, 3), st.integers(1, 5))
def test_conv_fit_agrees_with_conv_output_size(n, k, pad, stride):
    fit = conv_fit(n, k, pad, stride)
    try:
        expected = conv_output_size(n, k, pad, stride)
    except ValueError:
        assert fit.size is None and fit.problem in ("too_large", "not_tiled")
    else:
        assert fit.size == expected and fit.problem is None and stride in range(1, 6)


def test_conv_fit_rejects_a_zero_stride():
    with pytest.raises(ValueError, match="stride must be at least 1"):
        conv_fit(5, 3, 1, 0)


# ----------------------------------------------------------------------------
# random examples and pixels
# ----------------------------------------------------------------------------


def test_random_example_is_seeded_and_uses_small_whole_numbers():
    a = random_conv_example(6, 2, 3, 3, 1, 1, seed=7)
    b = random_conv_example(6, 2, 3, 3, 1, 1, seed=7)
    c = random_conv_example(6, 2, 3, 3, 1, 1, seed=8)
    assert a.x.shape == (2, 6, 6) and a.W.shape == (3, 2, 3, 3) and a.b.shape == (3,)
    np.testing.assert_array_equal(a.x, b.x)
    assert not np.array_equal(a.x, c.x)
    assert set(np.unique(a.x)) <= {0, 1, 2} and set(np.unique(a.W)) <= {-1, 0, 1}
    assert not a.x.flags.writeable


def test_pixels_row_k_is_pixel_k_and_a_fully_connected_layer_on_them_is_a_1x1_conv():
    x = CONV_EXAMPLE.x
    px = pixels(x)
    assert px.shape == (25, 3)
    np.testing.assert_array_equal(px[7], x[:, 1, 2])  # k = 7 -> row 1, column 2
    w, b = np.array([[0.5, -1.0, 2.0]]), np.array([0.25])
    lin, _ = affine_forward(px, w, b)
    conv, _ = conv2d_forward(x[None], w.reshape(1, 3, 1, 1), b)
    assert relative_error(conv[0, 0].ravel(), lin[:, 0]) < 1e-15


# ----------------------------------------------------------------------------
# images
# ----------------------------------------------------------------------------


def test_grayscale_uses_the_luma_weights_and_scales_to_0_1():
    rgb = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]]])
    np.testing.assert_allclose(to_grayscale(rgb), [[0.299, 0.587, 0.114, 1.0]])
    np.testing.assert_allclose(to_grayscale(np.full((2, 2), 51)), np.full((2, 2), 0.2))


def test_grayscale_rejects_two_channel_images():
    with pytest.raises(ValueError, match="3 or 4 channels"):
        to_grayscale(np.zeros((4, 4, 2)))


def test_downscale_averages_blocks_and_keeps_even_sides():
    img = np.arange(427 * 640, dtype=float).reshape(427, 640)
    small = downscale(img, 128)
    assert max(small.shape) <= 128 and small.shape[0] % 2 == 0 and small.shape[1] % 2 == 0
    assert small.shape == (84, 128)  # f = 5: 85 × 128 blocks, cropped to an even 84
    assert small[0, 0] == pytest.approx(img[:5, :5].mean())


def test_downscale_leaves_a_small_image_alone_but_even():
    img = np.random.default_rng(0).random((9, 8))
    np.testing.assert_array_equal(downscale(img, 128), img[:8, :8])


def test_downscale_refuses_a_sliver():
    with pytest.raises(ValueError, match="too thin"):
        downscale(np.zeros((1, 4000)), 128)


def test_to_uint8_min_max_and_signed_and_constant():
    np.testing.assert_array_equal(to_uint8([[1, 2], [3, 5]]), [[0, 64], [128, 255]])
    np.testing.assert_array_equal(to_uint8([[-2, 0, 1]], signed=True), [[1, 128, 192]])
    np.testing.assert_array_equal(to_uint8(np.full((2, 2), 7.0)), np.full((2, 2), 128))
    np.testing.assert_array_equal(to_uint8(np.zeros((2, 2)), signed=True), np.full((2, 2), 128))
    assert to_uint8([[0.5]]).dtype == np.uint8


def test_to_uint8_refuses_nan():
    with pytest.raises(ValueError, match="NaN"):
        to_uint8([[np.nan, 1.0]])


def test_upscale_nearest_repeats_pixels():
    np.testing.assert_array_equal(upscale_nearest(np.array([[1, 2]]), 2), [[1, 1, 2, 2], [1, 1, 2, 2]])


def test_edge_kernels_sum_to_zero_and_blur_to_one():
    assert KERNELS["vertical_edge"].sum() == 0 and KERNELS["horizontal_edge"].sum() == 0
    assert KERNELS["blur"].sum() == pytest.approx(1.0) and KERNELS["sharpen"].sum() == 1


def test_vertical_edge_kernel_responds_to_a_vertical_edge_only():
    img = np.zeros((6, 6))
    img[:, 3:] = 1.0  # dark left half, bright right half: one vertical edge
    out, _ = conv2d_forward(img[None, None], KERNELS["vertical_edge"][None, None], [0.0])
    np.testing.assert_array_equal(out[0, 0], [[0, 4, 4, 0]] * 4)
    flat, _ = conv2d_forward(img[None, None], KERNELS["horizontal_edge"][None, None], [0.0])
    assert np.all(flat == 0)
