"""The numbers behind page 7's questions: which cells pooling sends gradients to, and how many
numbers a convolution layer learns."""

import numpy as np
import pytest

from core.conv import (
    CONV_EXAMPLE,
    POOL_EXAMPLE,
    avgpool2d_backward,
    avgpool2d_forward,
    conv_parameter_count,
    gradient_cells,
    maxpool2d_backward,
    maxpool2d_forward,
)


def test_the_articles_2x2_max_pooling_sends_gradients_to_its_four_maxima():
    cells = gradient_cells(POOL_EXAMPLE, 2, 2)
    assert cells.sum() == 4
    assert sorted(POOL_EXAMPLE[cells]) == [3, 4, 6, 8]  # the pooled [[6, 8], [3, 4]]


def test_overlapping_windows_that_share_a_maximum_reach_fewer_cells_than_windows():
    cells = gradient_cells(POOL_EXAMPLE, 3, 1)  # four windows, maxima 7, 8, 7, 8
    assert cells.sum() == 2 and sorted(POOL_EXAMPLE[cells]) == [7, 8]
    assert gradient_cells(POOL_EXAMPLE, 2, 1).sum() == 6  # nine windows, six different maxima
    assert gradient_cells(POOL_EXAMPLE, 4, 1).sum() == 1  # one window: only the 8


def test_average_pooling_reaches_every_covered_cell():
    assert gradient_cells(POOL_EXAMPLE, 2, 2, "avg").all()
    assert gradient_cells(POOL_EXAMPLE, 3, 1, "avg").all()
    cells = gradient_cells(POOL_EXAMPLE, 1, 3, "avg")  # 1×1 windows at the four corners
    assert cells.sum() == 4 and cells[0, 0] and cells[3, 3] and not cells[1, 1]


@pytest.mark.parametrize(("size", "stride"), [(1, 1), (2, 1), (2, 2), (3, 1), (4, 2)])
def test_the_mask_is_where_the_backward_passes_put_gradient(size, stride):
    """With distinct positive gradients (as the page sends), the same cells as the mask."""
    x = POOL_EXAMPLE[None, None]
    out, cache = maxpool2d_forward(x, size, stride)
    dout = np.arange(1.0, out.size + 1).reshape(out.shape)
    np.testing.assert_array_equal(maxpool2d_backward(dout, cache)[0, 0] != 0,
                                  gradient_cells(POOL_EXAMPLE, size, stride))
    out, cache = avgpool2d_forward(x, size, stride)
    np.testing.assert_array_equal(avgpool2d_backward(np.ones_like(out), cache)[0, 0] != 0,
                                  gradient_cells(POOL_EXAMPLE, size, stride, "avg"))


def test_the_articles_layer_learns_56_numbers():
    F, C, K, _ = CONV_EXAMPLE.W.shape
    assert conv_parameter_count(C, F, K) == 2 * (3 * 3 * 3 + 1) == 56
    assert conv_parameter_count(C, F, K) == CONV_EXAMPLE.W.size + CONV_EXAMPLE.b.size
    assert conv_parameter_count(3, 1, 1) == 4  # a 1×1 kernel on 3 channels: w (3) and b
