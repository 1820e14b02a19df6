"""Reading what a learner typed: numbers in, clear messages out, never eval."""

import numpy as np
import pytest

from ui.widgets.parse import InputError, matrix_text, parse_matrix


def test_matrix_rows_on_lines_and_entries_split_by_spaces_or_commas():
    np.testing.assert_array_equal(parse_matrix("3 1 2\n-2, -3, -1", (2, 3)), [[3, 1, 2], [-2, -3, -1]])
    np.testing.assert_array_equal(parse_matrix(" 2, 3 ,1 ", (3,)), [2, 3, 1])
    np.testing.assert_array_equal(parse_matrix("[0.5; 1e-3]", (2,)), [0.5, 0.001])
    np.testing.assert_array_equal(parse_matrix("−1 ２".replace("２", "2"), (2,)), [-1, 2])


@pytest.mark.parametrize(
    ("text", "shape", "key", "params"),
    [
        ("", (2,), "input.empty", {}),
        ("1 two", (2,), "input.not_a_number", {"token": "two"}),
        ("1 nan", (2,), "input.not_finite", {"token": "nan"}),
        ("inf 1", (2,), "input.not_finite", {"token": "inf"}),
        ("1 1e400", (2,), "input.not_finite", {"token": "1e400"}),
        ("1 1e9", (2,), "input.too_large", {"token": "1e9", "limit": "1e+06"}),
        ("1 2 3", (2,), "input.wrong_count", {"expected": 2, "got": 3}),
        ("1 2", (2, 2), "input.wrong_rows", {"expected": 2, "got": 1}),
        ("1 2\n3", (2, 2), "input.wrong_cols", {"row": 2, "expected": 2, "got": 1}),
        ("__import__('os')", (1,), "input.not_a_number", {"token": "__import__('os')"}),
    ],
)
def test_bad_entries_raise_an_input_error_naming_the_message(text, shape, key, params):
    with pytest.raises(InputError) as info:
        parse_matrix(text, shape)
    assert info.value.key == key
    assert info.value.params == params


def test_matrix_text_round_trips():
    W = np.array([[3.0, 1.0, 2.0], [-2.0, -3.5, 1e-7]])
    assert matrix_text(W) == "3  1  2\n-2  -3.5  1e-07"
    np.testing.assert_array_equal(parse_matrix(matrix_text(W), W.shape), W)
    assert matrix_text([0.8, -0.5]) == "0.8, -0.5"
