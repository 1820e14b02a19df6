"""Convolution and pooling (seed 001 §3.7): the seed's numbers, the loop versions
against the vectorised ones, and every backward against a numerical gradient.

Hypothesis draws the sizes (always ones that tile) and a seed; the values come from
``np.random.default_rng(seed)``.
"""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.conv import (
    CONV_EXAMPLE,
    POOL_EXAMPLE,
    ConvStep,
    PoolStep,
    avgpool2d_backward,
    avgpool2d_forward,
    conv1x1_as_linear,
    conv2d_backward,
    conv2d_forward,
    conv2d_steps,
    conv_output_size,
    maxpool2d_backward,
    maxpool2d_forward,
    pad2d,
    pool2d_steps,
    pool_output_shape,
)
from core.gradcheck import numerical_gradient, relative_error
from core.linear import affine_forward

pytestmark = pytest.mark.filterwarnings("error")
TOL = 1e-6
SETTINGS = settings(max_examples=25, deadline=None)
seeds = st.integers(min_value=0, max_value=2**32 - 1)

SEED_W0_CHANNEL1 = [[1, 1, -1], [0, -1, 0], [1, -1, -1]]
SEED_WINDOW_CHANNEL1 = [[0, 0, 0], [0, 0, 1], [0, 2, 0]]
SEED_PRODUCTS_CHANNEL1 = [[0, 0, 0], [0, 0, 0], [0, -2, 0]]


def example_forward():
    ex = CONV_EXAMPLE
    return conv2d_forward(ex.x[None], ex.W, ex.b, stride=ex.stride, pad=ex.pad)[0]


def example_first_step() -> ConvStep:
    ex = CONV_EXAMPLE
    return next(conv2d_steps(ex.x, ex.W, ex.b, stride=ex.stride, pad=ex.pad))


# ----------------------------------------------------------------------------
# Strategies: sizes that always tile
# ----------------------------------------------------------------------------


@st.composite
def conv_settings(draw):
    """(N, C, H, W, F, KH, KW, pad, stride) with whole-number output sizes, H, W <= 7."""
    KH, KW = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    pad, stride = draw(st.integers(0, 2)), draw(st.integers(1, 3))
    OH, OW = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    # invert OH = (H + 2 pad - KH) / stride + 1 so that the stride tiles by construction
    H, W = (OH - 1) * stride + KH - 2 * pad, (OW - 1) * stride + KW - 2 * pad
    assume(1 <= H <= 7 and 1 <= W <= 7)
    N, C, F = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return N, C, H, W, F, KH, KW, pad, stride


@st.composite
def pool_settings(draw):
    """(N, C, H, W, size, stride) with whole-number output sizes; windows may overlap."""
    size, stride = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    OH, OW = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    H, W = (OH - 1) * stride + size, (OW - 1) * stride + size
    return draw(st.integers(1, 2)), draw(st.integers(1, 3)), H, W, size, stride


def random_conv(setting, seed):
    N, C, H, W, F, KH, KW, pad, stride = setting
    rng = np.random.default_rng(seed)
    return rng.normal(size=(N, C, H, W)), rng.normal(size=(F, C, KH, KW)), rng.normal(size=F)


# ----------------------------------------------------------------------------
# The seed's example (seed 001 §3.7.1, the CS231n figure)
# ----------------------------------------------------------------------------


def test_example_has_the_seed_layout_5x5x3_input_two_3x3x3_kernels_pad_1_stride_2():
    ex = CONV_EXAMPLE
    assert ex.x.shape == (3, 5, 5)
    assert ex.W.shape == (2, 3, 3, 3)
    assert ex.b.shape == (2,)
    assert (ex.pad, ex.stride) == (1, 2)


def test_example_kernel_w0_channel_1_is_the_seeds():
    np.testing.assert_array_equal(CONV_EXAMPLE.W[0, 0], SEED_W0_CHANNEL1)


def test_example_padded_top_left_window_of_channel_1_is_the_seeds():
    xpad = pad2d(CONV_EXAMPLE.x, CONV_EXAMPLE.pad)
    np.testing.assert_array_equal(xpad[0, :3, :3], SEED_WINDOW_CHANNEL1)


def test_example_bias_b0_is_1():
    np.testing.assert_array_equal(CONV_EXAMPLE.b, [1, 0])


def test_example_values_are_small_integers_like_the_cs231n_demo():
    ex = CONV_EXAMPLE
    assert np.all(ex.x == np.round(ex.x)) and ex.x.min() >= 0 and ex.x.max() <= 2
    assert np.all(ex.W == np.round(ex.W)) and ex.W.min() >= -1 and ex.W.max() <= 1


def test_first_step_reproduces_the_seeds_first_output_cell():
    step = example_first_step()
    assert (step.f, step.i, step.j, step.top, step.left) == (0, 0, 0, 0, 0)
    np.testing.assert_array_equal(step.window[0], SEED_WINDOW_CHANNEL1)
    np.testing.assert_array_equal(step.kernel[0], SEED_W0_CHANNEL1)
    np.testing.assert_array_equal(step.products[0], SEED_PRODUCTS_CHANNEL1)
    np.testing.assert_array_equal(step.channel_sums, [-2, 0, 1])
    assert step.total == -1
    assert step.bias == 1
    assert step.out == 0


def test_forward_gives_the_seeds_output_shape_3x3x2_and_first_cell_0():
    out = example_forward()
    assert out.shape == (1, 2, 3, 3)
    assert out[0, 0, 0, 0] == 0


def test_every_example_step_equals_the_forward_output_cell():
    out = example_forward()
    ex = CONV_EXAMPLE
    for step in conv2d_steps(ex.x, ex.W, ex.b, stride=ex.stride, pad=ex.pad):
        assert step.out == out[0, step.f, step.i, step.j]


def test_example_arrays_are_read_only():
    for arr in (CONV_EXAMPLE.x, CONV_EXAMPLE.W, CONV_EXAMPLE.b, POOL_EXAMPLE):
        assert not arr.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            arr[(0,) * arr.ndim] = 99.0


# ----------------------------------------------------------------------------
# Output sizes
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "k", "pad", "stride", "expected"),
    [
        (5, 3, 1, 2, 3),  # the seed's convolution: 5x5 input -> 3x3 output
        (224, 2, 0, 2, 112),  # the seed's pooling: 224 -> 112
        (32, 5, 2, 1, 32),  # "same" padding keeps the size
        (4, 4, 0, 3, 1),  # the window fits once; any stride tiles
    ],
)
def test_conv_output_size_examples(n, k, pad, stride, expected):
    assert conv_output_size(n, k, pad, stride) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((4, 5, 0, 1), "kernel size 5 is larger than the input size 4; .* or more padding"),
        ((2, 5, 1, 1), r"larger than the padded input size 4 \(= 2 \+ 2×1 padding\)"),
        ((6, 3, 0, 2), r"stride 2 does not tile the input size 6: \(6 - 3\) / 2 \+ 1 .* 1 or 3"),
        ((6, 3, 1, 2), r"does not tile the padded input size 8 \(= 6 \+ 2×1 padding\)"),
        ((5, 3, -1, 1), "pad must be at least 0, got -1"),
        ((5, 3, 1, 0), "stride must be at least 1, got 0"),
        ((5.5, 3, 1, 1), "must be a whole number, got 5.5"),
        ((5, 0, 0, 1), "kernel size must be at least 1"),
    ],
)
def test_conv_output_size_rejects_windows_that_do_not_fit_or_tile(args, message):
    with pytest.raises(ValueError, match=message):
        conv_output_size(*args)


def test_conv_output_size_names_the_axis_in_its_message():
    message = r"kernel height 5 is larger than the padded input height 4 \(= 2 \+ 2×1 padding\)"
    with pytest.raises(ValueError, match=message):
        conv_output_size(2, 5, 1, 1, axis="height")


def test_pooling_halves_224x224x64_and_keeps_the_64_channels():
    assert pool_output_shape((224, 224, 64)) == (112, 112, 64)


def test_pool_output_shape_rejects_a_window_that_does_not_tile():
    with pytest.raises(ValueError, match="stride 2 does not tile the input height 5"):
        pool_output_shape((5, 4, 3))


def test_pad2d_adds_zeros_around_the_last_two_axes_only():
    x = np.ones((2, 3, 4, 5))
    xpad = pad2d(x, 2)
    assert xpad.shape == (2, 3, 8, 9)
    assert xpad.sum() == x.sum()
    np.testing.assert_array_equal(xpad[:, :, 2:-2, 2:-2], x)


# ----------------------------------------------------------------------------
# Pooling on the seed's 4x4 example (seed 001 §3.7.2)
# ----------------------------------------------------------------------------


def test_max_pool_of_the_seed_example_is_6_8_3_4():
    out, _ = maxpool2d_forward(POOL_EXAMPLE[None, None])
    np.testing.assert_array_equal(out[0, 0], [[6, 8], [3, 4]])


def test_avg_pool_of_the_seed_example_is_the_window_means():
    out, _ = avgpool2d_forward(POOL_EXAMPLE[None, None])
    np.testing.assert_array_equal(out[0, 0], [[3.25, 5.25], [2, 2]])


def test_max_pool_backward_routes_each_gradient_to_its_windows_maximum():
    _, cache = maxpool2d_forward(POOL_EXAMPLE[None, None])
    dx = maxpool2d_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    expected = np.zeros((4, 4))
    expected[1, 1] = 1  # the 6
    expected[1, 3] = 2  # the 8
    expected[2, 0] = 3  # the 3
    expected[3, 3] = 4  # the 4 of the last row (not the 4 of the first window)
    np.testing.assert_array_equal(dx[0, 0], expected)


def test_max_pool_sends_the_gradient_of_a_tie_to_the_first_maximum_in_row_major_order():
    x = np.array([[[[0.0, 5.0], [5.0, 5.0]]]])
    _, cache = maxpool2d_forward(x)
    dx = maxpool2d_backward(np.ones((1, 1, 1, 1)), cache)
    np.testing.assert_array_equal(dx[0, 0], [[0, 1], [0, 0]])
    (step,) = pool2d_steps(x[0], mode="max")
    assert step.argmax == (0, 1)


def test_overlapping_max_pool_windows_add_their_gradients_at_a_shared_maximum():
    x = np.array([[[[0.0, 9.0, 0.0], [0.0, 0.0, 0.0]]]])  # both 2x2 windows (stride 1) hold the 9
    _, cache = maxpool2d_forward(x, size=2, stride=1)
    dx = maxpool2d_backward(np.array([[[[1.0, 2.0]]]]), cache)
    assert dx[0, 0, 0, 1] == 3 and dx.sum() == 3


def test_avg_pool_backward_spreads_each_gradient_evenly_over_its_window():
    _, cache = avgpool2d_forward(POOL_EXAMPLE[None, None])
    dx = avgpool2d_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    expected = np.kron([[1.0, 2.0], [3.0, 4.0]], np.ones((2, 2))) / 4
    np.testing.assert_array_equal(dx[0, 0], expected)


# ----------------------------------------------------------------------------
# The loop versions compute what the vectorised versions compute
# ----------------------------------------------------------------------------


@SETTINGS
@given(setting=conv_settings(), seed=seeds)
def test_conv_steps_agree_with_conv2d_forward(setting, seed):
    x, W, b = random_conv(setting, seed)
    pad, stride = setting[-2:]
    out, _ = conv2d_forward(x[:1], W, b, stride=stride, pad=pad)
    steps = list(conv2d_steps(x[0], W, b, stride=stride, pad=pad))
    assert len(steps) == out[0].size
    assert [(s.f, s.i, s.j) for s in steps] == [tuple(ix) for ix in np.ndindex(out[0].shape)]
    for s in steps:
        assert (s.top, s.left) == (s.i * stride, s.j * stride)
        np.testing.assert_allclose(s.products, s.window * s.kernel)
        np.testing.assert_allclose(s.out, out[0, s.f, s.i, s.j], rtol=1e-12, atol=1e-12)


@SETTINGS
@given(setting=pool_settings(), seed=seeds, mode=st.sampled_from(["max", "avg"]))
def test_pool_steps_agree_with_the_vectorised_pooling(setting, seed, mode):
    N, C, H, W, size, stride = setting
    x = np.random.default_rng(seed).normal(size=(1, C, H, W))
    forward = maxpool2d_forward if mode == "max" else avgpool2d_forward
    out, _ = forward(x, size=size, stride=stride)
    steps = list(pool2d_steps(x[0], size=size, stride=stride, mode=mode))
    assert len(steps) == out[0].size
    assert [(s.c, s.i, s.j) for s in steps] == [tuple(ix) for ix in np.ndindex(out[0].shape)]
    for s in steps:
        np.testing.assert_allclose(s.value, out[0, s.c, s.i, s.j], rtol=1e-12, atol=1e-12)
        if mode == "max":
            assert s.window[s.argmax] == s.value
        else:
            assert s.argmax is None


# ----------------------------------------------------------------------------
# Every backward agrees with a numerical gradient
# ----------------------------------------------------------------------------


def check(analytic, f, x):
    """The analytic gradient of the scalar f at x equals the numerical one."""
    err = relative_error(analytic, numerical_gradient(f, x))
    assert err < TOL, f"relative error {err:.2e}"


@SETTINGS
@given(setting=conv_settings(), seed=seeds)
def test_conv2d_backward_matches_numerical_gradient(setting, seed):
    x, W, b = random_conv(setting, seed)
    pad, stride = setting[-2:]
    out, cache = conv2d_forward(x, W, b, stride=stride, pad=pad)
    dout = np.random.default_rng(seed + 1).normal(size=out.shape)
    dx, dW, db = conv2d_backward(dout, cache)
    assert dx.shape == x.shape and dW.shape == W.shape and db.shape == b.shape

    def loss(x, W, b):
        return np.sum(conv2d_forward(x, W, b, stride=stride, pad=pad)[0] * dout)

    check(dx, lambda v: loss(v, W, b), x)
    check(dW, lambda v: loss(x, v, b), W)
    check(db, lambda v: loss(x, W, v), b)


@SETTINGS
@given(setting=pool_settings(), seed=seeds)
def test_maxpool2d_backward_matches_numerical_gradient(setting, seed):
    N, C, H, W, size, stride = setting
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, C, H, W))  # continuous values: no ties, so max is differentiable
    out, cache = maxpool2d_forward(x, size=size, stride=stride)
    dout = rng.normal(size=out.shape)
    dx = maxpool2d_backward(dout, cache)
    check(dx, lambda v: np.sum(maxpool2d_forward(v, size=size, stride=stride)[0] * dout), x)


@SETTINGS
@given(setting=pool_settings(), seed=seeds)
def test_avgpool2d_backward_matches_numerical_gradient(setting, seed):
    N, C, H, W, size, stride = setting
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, C, H, W))
    out, cache = avgpool2d_forward(x, size=size, stride=stride)
    dout = rng.normal(size=out.shape)
    dx = avgpool2d_backward(dout, cache)
    check(dx, lambda v: np.sum(avgpool2d_forward(v, size=size, stride=stride)[0] * dout), x)


# ----------------------------------------------------------------------------
# A 1x1 convolution is one affine map applied at every pixel (seed 001 §3.7.1)
# ----------------------------------------------------------------------------


def test_1x1_convolution_is_the_same_affine_map_at_every_pixel():
    rng = np.random.default_rng(0)
    x, W, b = rng.normal(size=(3, 4, 5)), rng.normal(size=(2, 3, 1, 1)), rng.normal(size=2)
    pixels = x.reshape(3, -1).T  # (H*W, C)
    by_affine, _ = affine_forward(pixels, W[:, :, 0, 0], b)
    np.testing.assert_allclose(conv1x1_as_linear(x, W, b), by_affine, rtol=1e-12)
    conv, _ = conv2d_forward(x[None], W, b)
    np.testing.assert_allclose(conv[0].reshape(2, -1).T, by_affine, rtol=1e-12)


def test_conv1x1_as_linear_rejects_a_larger_kernel():
    with pytest.raises(ValueError, match=r"1×1 kernels"):
        conv1x1_as_linear(np.ones((3, 4, 4)), np.ones((2, 3, 3, 3)), np.ones(2))


# ----------------------------------------------------------------------------
# Purity and argument checks
# ----------------------------------------------------------------------------


def test_no_function_modifies_its_inputs():
    rng = np.random.default_rng(1)
    x, W, b = rng.normal(size=(2, 3, 5, 5)), rng.normal(size=(2, 3, 3, 3)), rng.normal(size=2)
    originals = [a.copy() for a in (x, W, b)]
    out, cache = conv2d_forward(x, W, b, stride=2, pad=1)
    dout = np.ones_like(out)
    conv2d_backward(dout, cache)
    list(conv2d_steps(x[0], W, b, stride=2, pad=1))
    pad2d(x, 2)
    conv1x1_as_linear(x[0], W[:, :, :1, :1], b)
    x4 = x[:, :, :4, :4]
    x4_before = x4.copy()
    for forward, backward in ((maxpool2d_forward, maxpool2d_backward),
                              (avgpool2d_forward, avgpool2d_backward)):
        pooled, pool_cache = forward(x4)
        pool_dout = np.ones_like(pooled)
        backward(pool_dout, pool_cache)
        np.testing.assert_array_equal(pool_dout, 1.0)
    for mode in ("max", "avg"):
        list(pool2d_steps(x4[0], mode=mode))
    for before, after in zip(originals, (x, W, b), strict=True):
        np.testing.assert_array_equal(before, after)
    np.testing.assert_array_equal(x4, x4_before)
    np.testing.assert_array_equal(dout, 1.0)


def test_forward_output_does_not_share_memory_with_the_input():
    x = np.ones((1, 1, 2, 2))
    out, _ = maxpool2d_forward(x, size=1, stride=1)
    out[...] = 7.0
    np.testing.assert_array_equal(x, 1.0)


def test_conv_rejects_a_kernel_with_a_different_number_of_channels():
    with pytest.raises(ValueError, match="a kernel must have as many channels as the input"):
        conv2d_forward(np.ones((1, 3, 5, 5)), np.ones((2, 2, 3, 3)), np.ones(2))


def test_conv_rejects_a_bias_without_one_entry_per_kernel():
    with pytest.raises(ValueError, match=r"b must have one bias per kernel, shape \(2,\)"):
        conv2d_forward(np.ones((1, 3, 5, 5)), np.ones((2, 3, 3, 3)), np.ones(3))


def test_conv2d_forward_rejects_one_image_without_the_batch_axis():
    with pytest.raises(ValueError, match=r"\(N, C, H, W\).*pass x\[None\]"):
        conv2d_forward(CONV_EXAMPLE.x, CONV_EXAMPLE.W, CONV_EXAMPLE.b)


def test_conv2d_forward_rejects_a_stride_that_does_not_tile_and_names_the_axis():
    with pytest.raises(ValueError, match="stride 2 does not tile the input width 6"):
        conv2d_forward(np.ones((1, 1, 5, 6)), np.ones((1, 1, 3, 3)), np.ones(1), stride=2, pad=0)


def test_conv_backward_rejects_a_dout_of_the_wrong_shape():
    _, cache = conv2d_forward(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.ones(1))
    with pytest.raises(ValueError, match=r"dout must have the forward output's shape \(1, 1, 2, 2"):
        conv2d_backward(np.ones((1, 1, 3, 3)), cache)


def test_pool_steps_reject_an_unknown_mode():
    with pytest.raises(ValueError, match="mode must be 'max' or 'avg', got 'min'"):
        pool2d_steps(np.ones((1, 4, 4)), mode="min")


def test_step_generators_check_their_arguments_before_the_first_step():
    with pytest.raises(ValueError, match="stride 2 does not tile"):
        conv2d_steps(np.ones((1, 6, 6)), np.ones((1, 1, 3, 3)), np.ones(1), stride=2)
    with pytest.raises(ValueError, match="pooling window height 5 is larger"):
        pool2d_steps(np.ones((1, 4, 4)), size=5)


def test_pooling_rejects_a_window_larger_than_the_input():
    # ends there: no padding is suggested, because pooling takes none
    message = (
        "pooling window height 3 is larger than the input height 2; use a smaller pooling window$"
    )
    with pytest.raises(ValueError, match=message):
        maxpool2d_forward(np.ones((1, 1, 2, 2)), size=3)


def test_steps_are_frozen():
    step = example_first_step()
    with pytest.raises(AttributeError):
        step.out = 1.0
    (pool_step, *_) = pool2d_steps(POOL_EXAMPLE[None])
    assert isinstance(pool_step, PoolStep)
    with pytest.raises(AttributeError):
        pool_step.value = 1.0
