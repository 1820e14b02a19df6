"""The public boundary of core: ``@checked`` validates once, the function body is the math alone."""

import inspect
import warnings

import numpy as np
import pytest

from core.checks import as_float_array, check_int, checked
from core.network import EXAMPLE_321 as E
from core.network import mlp_backward_with_deltas, mlp_forward


def scaled_inputs(x, factor) -> dict:
    return {"x": as_float_array(x, "x"), "factor": check_int(factor, "factor", minimum=1)}


calls = []


@checked(scaled_inputs)
def scaled(x, factor=3):
    """x * factor."""
    calls.append((x, factor))
    return x * factor


def test_the_check_receives_every_argument_by_name_with_defaults_filled_in():
    seen = {}

    def record(a, b, c):
        seen.update(a=a, b=b, c=c)
        return {"a": a, "b": b, "c": c}

    @checked(record)
    def f(a, b=2, *, c=3):
        return a + b + c

    assert f(1) == 6
    assert seen == {"a": 1, "b": 2, "c": 3}
    assert f(1, c=10) == 13
    assert seen == {"a": 1, "b": 2, "c": 10}


def test_the_body_gets_what_the_check_returns():
    calls.clear()
    out = scaled([1, 2])  # a list in, a float array to the body; the default factor filled in
    assert isinstance(calls[0][0], np.ndarray) and calls[0][0].dtype == np.float64
    assert calls[0][1] == 3
    np.testing.assert_array_equal(out, [3.0, 6.0])


def test_bad_input_raises_value_error_before_the_body_runs():
    calls.clear()
    with pytest.raises(ValueError, match="factor must be at least 1, got 0"):
        scaled([1.0], 0)
    with pytest.raises(ValueError, match="x must be numbers"):
        scaled([["a"]])
    assert calls == []


def test_a_missing_or_unknown_argument_is_a_type_error_as_for_any_python_function():
    with pytest.raises(TypeError):
        scaled()
    with pytest.raises(TypeError):
        scaled([1.0], nope=2)


def test_unchecked_is_the_plain_function_without_its_checks():
    calls.clear()
    assert scaled.unchecked("ab", 2) == "abab"  # no conversion, no check: the body alone
    assert calls == [("ab", 2)]
    assert scaled.check is scaled_inputs


def test_the_wrapper_keeps_the_name_docstring_signature_and_source():
    assert scaled.__name__ == "scaled" and scaled.__doc__ == "x * factor."
    assert str(inspect.signature(scaled)) == "(x, factor=3)"
    source = inspect.getsource(scaled)
    assert source.startswith("@checked(scaled_inputs)\ndef scaled(x, factor=3):")


def test_overflow_is_data_runs_the_body_without_warnings():
    @checked(lambda u: {"u": np.asarray(u, dtype=float)}, overflow_is_data=True)
    def explode(u):
        return np.exp(u) * 1e300 - np.exp(u) * 1e300  # overflow, then inf - inf

    @checked(lambda u: {"u": np.asarray(u, dtype=float)})
    def explode_loudly(u):
        return np.exp(u)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(explode(1000.0))
        with pytest.raises(RuntimeWarning):
            explode_loudly(1000.0)
    assert np.geterr()["over"] == "warn"  # the error state is restored after the call


def test_mlp_unchecked_pieces_give_the_checked_numbers():
    layers = E.layers("sigmoid", "sigmoid")
    y, cache = mlp_forward(E.x[None], layers)
    y_plain, cache_plain = mlp_forward.unchecked(E.x[None], cache["layers"])
    np.testing.assert_array_equal(y, y_plain)
    dy = y - E.t
    grads, deltas = mlp_backward_with_deltas(dy, cache)
    grads_plain, deltas_plain = mlp_backward_with_deltas.unchecked(dy, cache_plain)
    for (dW, db), (dW2, db2) in zip(grads, grads_plain, strict=True):
        np.testing.assert_array_equal(dW, dW2)
        np.testing.assert_array_equal(db, db2)
    for d, d2 in zip(deltas, deltas_plain, strict=True):
        np.testing.assert_array_equal(d, d2)


def test_a_single_sample_goes_through_the_network_as_a_batch_of_one():
    y, cache = mlp_forward(E.x, E.layers())
    assert y.shape == (1,)
    assert [u.shape for u in cache["us"]] == [(1, 2), (1, 1)]
    grads, deltas = mlp_backward_with_deltas(y - E.t, cache)
    assert [d.shape for d in deltas] == [(1, 2), (1, 1)]
    assert [dW.shape for dW, _ in grads] == [(2, 3), (1, 2)]


def test_a_check_that_does_not_take_the_functions_arguments_is_refused_at_definition():
    def only_x(x):
        return {"x": x}

    with pytest.raises(TypeError, match="the check only_x must take the arguments of f: x, y"):

        @checked(only_x)
        def f(x, y):
            return x + y
