"""Page 1's first prediction moment lists only guesses that name different points."""

import numpy as np
import pytest

from core.linear import origin_guesses, origin_image
from core.shapes import PRESET_MAPS

SHEAR, B = PRESET_MAPS["shear"], np.array([0.8, -0.5])


def test_with_the_shear_all_four_guesses_differ_and_b_is_the_right_one():
    # W b = (0.8 + 0.8 · -0.5, -0.5) = (0.4, -0.5); W 1 = (1.8, 1)
    assert origin_guesses(SHEAR, B) == ("stays", "b", "Wb", "sums")
    assert origin_image(SHEAR, B) == "b"


def test_the_identity_leaves_out_wb_which_would_say_what_b_says():
    assert origin_guesses(np.eye(2), B) == ("stays", "b", "sums")


def test_a_bias_that_w_keeps_in_place_is_an_eigenvector_and_wb_is_left_out():
    W = np.array([[2.0, 0.0], [0.0, 1.0]])  # W (0, 1) = (0, 1)
    assert origin_guesses(W, [0.0, 1.0]) == ("stays", "b", "sums")
    assert origin_guesses(W, [1.0, 0.0]) == ("stays", "b", "Wb", "sums")


def test_rows_that_sum_to_zero_leave_out_sums_which_would_say_what_b_says():
    assert origin_guesses([[1.0, -1.0], [2.0, -2.0]], B) == ("stays", "b", "Wb")


def test_with_b_zero_only_stays_and_sums_differ():
    assert origin_guesses(SHEAR, [0.0, 0.0]) == ("stays", "sums")


def test_a_tiny_bias_still_moves_the_origin_and_stays_listed():
    b = np.array([1e-13, 0.0])
    assert origin_image(SHEAR, b) == "b" and "b" in origin_guesses(SHEAR, b)


def test_a_map_that_is_not_square_is_refused():
    with pytest.raises(ValueError, match="W must be square"):
        origin_guesses(np.ones((3, 2)), np.ones(3))
