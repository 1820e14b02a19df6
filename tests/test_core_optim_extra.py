"""core.optim additions for the gradient-descent page: traces, regimes with momentum, arrival counts."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.gradcheck import numerical_gradient
from core.optim import (
    SEED_QUADRATIC,
    Quadratic,
    convergence_rate,
    descent_trace,
    divergence_threshold,
    first_outside,
    gradient_descent,
    quadratic_path,
    run_regime,
    steps_to_tolerance,
    tangent_segment,
    view_window,
)

curvatures = st.floats(0.1, 10.0)
minima = st.floats(-3.0, 3.0)
starts = st.floats(-5.0, 5.0)
rates = st.floats(0.01, 2.0)
momenta = st.floats(0.0, 0.99)


def test_the_seed_quadratic_is_still_the_article_example():
    assert SEED_QUADRATIC.a == 4.0 / 3.0 and SEED_QUADRATIC.w_star == 1.875


def test_trace_of_the_article_run_has_its_iterates_gradients_and_updates():
    tr = descent_trace(SEED_QUADRATIC, 3.0, 0.5, 2)
    np.testing.assert_allclose(tr.w, [3.0, 1.5, 2.0], rtol=1e-12)
    np.testing.assert_allclose(tr.grad[:2], [3.0, -1.0], rtol=1e-12)
    np.testing.assert_allclose(tr.step, [-1.5, 0.5], rtol=1e-12)  # learning rate × gradient, subtracted
    np.testing.assert_array_equal(tr.update, tr.step)  # no momentum: the update is the plain step
    np.testing.assert_allclose(tr.loss, SEED_QUADRATIC.loss(tr.w))
    assert tr.finite_steps == 2 and tr.overflow_step is None


@settings(max_examples=60, deadline=None)
@given(curvatures, minima, starts, rates, momenta, st.integers(0, 40))
def test_trace_makes_exactly_the_updates_of_gradient_descent(a, w_star, w0, lr, m, steps):
    q = Quadratic(a, w_star)
    tr = descent_trace(q, w0, lr, steps, m)
    np.testing.assert_array_equal(tr.w, gradient_descent(q.grad, w0, lr, steps, m))
    # seed 002's form: new update = -eta * grad + M * previous update
    previous = np.r_[0.0, tr.update][:-1]
    np.testing.assert_allclose(tr.carried, m * previous)
    np.testing.assert_allclose(tr.update, tr.carried + tr.step)
    np.testing.assert_allclose(tr.step, -lr * tr.grad[:-1])


def test_momentum_trace_by_hand():
    q = SEED_QUADRATIC
    tr = descent_trace(q, 3.0, 0.5, 2, momentum=0.5)
    # v1 = -0.5 * 3 = -1.5, w1 = 1.5; v2 = 0.5 * -1.5 - 0.5 * (-1) = -0.25, w2 = 1.25
    np.testing.assert_allclose(tr.update, [-1.5, -0.25])
    np.testing.assert_allclose(tr.w, [3.0, 1.5, 1.25])


def test_overflow_is_data_and_says_after_how_many_steps():
    q = Quadratic(10.0, 1.875)  # r = 1 - 2 * 10 * 2 = -39: the distance grows 39-fold per step
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tr = descent_trace(q, 3.0, 2.0, 200)
    # the loss a d^2 leaves float64 once d = 1.125 * 39^k passes ~4e153, at k = 97
    assert tr.finite_steps == 96 and tr.overflow_step == 97
    shown = slice(0, tr.finite_steps + 1)
    assert np.all(np.isfinite(tr.w[shown]) & np.isfinite(tr.loss[shown]) & np.isfinite(tr.grad[shown]))
    assert np.isinf(tr.loss[97])
    assert not np.all(np.isfinite(tr.w))  # later the iterates themselves overflow


def test_tangent_has_the_gradient_as_slope_and_touches_the_curve():
    q = Quadratic(2.5, -1.0)
    for w in (-3.0, -1.0, 0.4, 2.0):
        w1, L1, w2, L2 = tangent_segment(q, w, 0.3)
        slope = (L2 - L1) / (w2 - w1)
        numeric = numerical_gradient(lambda v: float(q.loss(v[0])), np.array([w]))[0]
        assert slope == pytest.approx(numeric, rel=1e-7, abs=1e-9)
        assert (L1 + L2) / 2 == pytest.approx(float(q.loss(w)))
        assert (w1, w2) == pytest.approx((w - 0.3, w + 0.3))


def test_the_gradient_of_the_quadratic_matches_a_numerical_gradient():
    q = SEED_QUADRATIC
    w = np.array([3.0, 1.5, -2.0, 1.875])
    numeric = np.array([numerical_gradient(lambda v: float(q.loss(v[0])), np.array([x]))[0] for x in w])
    np.testing.assert_allclose(q.grad(w), numeric, rtol=1e-7, atol=1e-9)


def test_view_window_holds_start_and_minimum_with_room():
    win = view_window(SEED_QUADRATIC, 3.0)
    half = 1.3 * 1.125
    assert (win.w_lo, win.w_hi) == pytest.approx((1.875 - half, 1.875 + half))
    top = SEED_QUADRATIC.a * half**2
    assert (win.L_lo, win.L_hi) == pytest.approx((-0.06 * top, 1.04 * top))
    assert win.tangent_half == pytest.approx(0.3 * half)
    # start at the minimum: the window still has a width
    flat = view_window(SEED_QUADRATIC, 1.875)
    assert flat.w_hi - flat.w_lo == pytest.approx(2 * 1.3 * 0.5)


@settings(max_examples=60, deadline=None)
@given(curvatures, minima, starts, st.floats(0.0, 0.999))
def test_a_converging_plain_run_never_leaves_the_window(a, w_star, w0, fraction):
    q = Quadratic(a, w_star)
    lr = max(fraction * q.lr_thresholds()[1], 1e-6)  # below 1/a
    win = view_window(q, w0)
    tr = descent_trace(q, w0, lr, 50)
    assert first_outside(tr.w, win.w_lo, win.w_hi) is None


def test_first_outside_finds_the_first_escape_and_counts_inf_and_nan_as_outside():
    assert first_outside([0.0, 0.5, 2.0, 0.1], -1.0, 1.0) == 2
    assert first_outside([0.0, -0.5], -1.0, 1.0) is None
    assert first_outside([0.0, np.inf], -1.0, 1.0) == 1
    assert first_outside([np.nan], -1.0, 1.0) == 0


def test_regime_thresholds_for_the_seed_quadratic():
    q = SEED_QUADRATIC
    assert q.lr_thresholds() == pytest.approx((0.375, 0.75))
    assert [run_regime(q, lr) for lr in (0.3, 0.5, 0.75, 0.8)] == [
        "monotone", "oscillating", "cycle", "divergent"]
    assert divergence_threshold(q) == pytest.approx(0.75)
    assert divergence_threshold(q, 0.5) == pytest.approx(1.125)


@given(curvatures, rates)
def test_without_momentum_run_regime_and_rate_are_the_plain_ones(a, lr):
    q = Quadratic(a, 0.0)
    assert run_regime(q, lr) == q.regime(lr)
    assert convergence_rate(q, lr) == pytest.approx(abs(q.contraction_factor(lr)))


@settings(max_examples=80, deadline=None)
@given(curvatures, rates, momenta)
def test_momentum_diverges_exactly_above_one_plus_M_over_a(a, lr, m):
    q = Quadratic(a, 0.0)
    limit = divergence_threshold(q, m)
    if abs(lr - limit) < 1e-9 * limit:
        return
    assert (run_regime(q, lr, m) == "divergent") == (lr > limit)
    assert (convergence_rate(q, lr, m) > 1.0) == (lr > limit)


@pytest.mark.parametrize(("a", "lr", "m"), [(4 / 3, 0.05, 0.5), (4 / 3, 0.5, 0.5), (1.0, 0.1, 0.05),
                                            (2.0, 0.6, 0.3), (4 / 3, 0.05, 0.0), (1.0, 1.2, 0.0)])
def test_convergence_rate_is_what_the_run_actually_does(a, lr, m):
    q = Quadratic(a, 0.0)
    e = descent_trace(q, 1.0, lr, 400, m).w
    state = np.hypot(e[1:], e[:-1])  # (e_k, e_k-1): its size shrinks like rho^k
    measured = (state[-1] / state[199]) ** (1 / (len(state) - 200))
    assert measured == pytest.approx(convergence_rate(q, lr, m), rel=0.02)


def test_momentum_with_complex_roots_oscillates_and_shrinks_by_sqrt_M():
    q = SEED_QUADRATIC
    assert run_regime(q, 0.5, 0.5) == "oscillating"
    assert convergence_rate(q, 0.5, 0.5) == pytest.approx(np.sqrt(0.5))
    assert run_regime(q, 0.01, 0.1) == "monotone"  # overdamped: real positive roots


def test_steps_to_tolerance_for_the_article_run():
    # distances 1.125, 0.375, 0.125, 0.0417, 0.0139, 0.0046: inside 0.01 from step 5 on
    assert steps_to_tolerance(SEED_QUADRATIC, 3.0, 0.5, 0.01) == 5
    assert steps_to_tolerance(SEED_QUADRATIC, 1.875, 0.5, 0.01) == 0
    assert steps_to_tolerance(SEED_QUADRATIC, 3.0, 0.8, 0.01) is None  # divergent
    assert steps_to_tolerance(SEED_QUADRATIC, 3.0, 0.75, 0.01) is None  # bounces forever
    assert steps_to_tolerance(SEED_QUADRATIC, 3.0, 0.001, 0.01, max_steps=100) is None  # too slow


@settings(max_examples=40, deadline=None)
@given(curvatures, starts, rates, momenta, st.sampled_from([0.1, 0.01, 0.001]))
def test_steps_to_tolerance_is_the_first_step_after_which_the_path_stays_in_the_band(a, w0, lr, m, tol):
    q = Quadratic(a, 0.5)
    n = steps_to_tolerance(q, w0, lr, tol, m, max_steps=300)
    dist = np.abs(gradient_descent(q.grad, w0, lr, 300, m) - 0.5)
    if n is None:
        assert not dist[-1] <= tol
    else:
        assert np.all(dist[n:] <= tol)
        assert n == 0 or dist[n - 1] > tol


@settings(max_examples=60, deadline=None)
@given(curvatures, starts, st.floats(0.0, 50.0), momenta)
def test_quadratic_path_is_gradient_descent_to_the_last_bit(a, w0, lr, m):
    # learning rates up to 50 drive some runs to overflow: inf and nan must match too
    q = Quadratic(a, 0.5)
    fast = quadratic_path(q, w0, lr, 400, m)
    slow = gradient_descent(q.grad, w0, lr, 400, m)
    assert fast.shape == (401,)
    assert np.array_equal(fast, slow, equal_nan=True)


def test_quadratic_path_overflows_quietly():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = quadratic_path(Quadratic(10.0, 0.0), 5.0, 2.0, 1000)
    assert np.isinf(path[400]) or np.isnan(path[400])
    assert np.isfinite(path[:100]).all()


def test_momentum_arrives_sooner_on_a_gentle_slope():
    q = SEED_QUADRATIC
    plain = steps_to_tolerance(q, 3.0, 0.05, 0.01)
    heavy = steps_to_tolerance(q, 3.0, 0.05, 0.01, momentum=0.5)
    assert (plain, heavy) == (34, 15)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: descent_trace(SEED_QUADRATIC, 3.0, -0.1, 5), "learning rate must be at least 0"),
        (lambda: descent_trace(SEED_QUADRATIC, 3.0, 0.5, -1), "steps must be at least 0"),
        (lambda: descent_trace(SEED_QUADRATIC, float("nan"), 0.5, 3), "start w0 must be a finite number"),
        (lambda: descent_trace(SEED_QUADRATIC, 3.0, 0.5, 3, momentum=1.5), "momentum must be at most 1"),
        (lambda: steps_to_tolerance(SEED_QUADRATIC, 3.0, 0.5, 0.0), "tolerance must be greater than 0"),
        (lambda: tangent_segment(SEED_QUADRATIC, 1.0, 0.0), "half width must be greater than 0"),
        (lambda: run_regime(SEED_QUADRATIC, 0.5, -0.2), "momentum must be at least 0"),
        (lambda: view_window(SEED_QUADRATIC, float("inf")), "start w0 must be a finite number"),
    ],
)
def test_bad_arguments_say_what_to_change(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_the_caller_s_arrays_are_not_changed():
    w = np.array([0.0, 2.0])
    first_outside(w, -1.0, 1.0)
    np.testing.assert_array_equal(w, [0.0, 2.0])
