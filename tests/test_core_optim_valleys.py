"""core.optim for page 4's sections 6 and 7: a loss with a local and a global minimum (seed 001
§3.3, 局所最適解と大域最適解) and mini-batches of 16, 4 and 1 on the same data (the RBF, the Qiita
and the regression article)."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.gradcheck import numerical_gradient
from core.optim import (
    NONCONVEX,
    DoubleWell,
    Quadratic,
    descent_trace,
    gradient_descent,
    mean_square,
    minibatch_descent,
    outcome_map,
    quadratic_path,
    race_data,
)

STARTS = np.round(np.linspace(-3.5, 4.5, 81), 10)  # the page's starts, 0.1 apart, 0 among them


def end_of_run(well, w0, lr, steps=200) -> str:
    """The end of one run, computed the page's way: the trace's last iterate."""
    return well.outcome(descent_trace(well, w0, lr, steps).w[-1])


# --- the loss with two valleys -------------------------------------------------------------------


def test_the_two_minima_and_the_hilltop_of_the_page_loss():
    well = NONCONVEX
    assert (well.local_min, well.peak, well.global_min) == (-2.0, 0.0, 3.0)
    np.testing.assert_allclose(well.loss(np.array([-2.0, 0.0, 3.0])), [1.25, 1.89, 0.0], atol=1e-12)
    np.testing.assert_allclose(well.grad(np.array([-2.0, 0.0, 3.0])), 0.0, atol=1e-15)
    # both valleys curve upwards, the hilltop downwards: two minima, one local maximum between
    np.testing.assert_allclose(well.curvature(np.array([-2.0, 0.0, 3.0])), [1.2, -0.72, 1.8])
    # the global valley is the narrower: it accepts η < 2/1.8 only, the local one η < 2/1.2
    assert well.lr_limit(3.0) == pytest.approx(10 / 9) and well.lr_limit(-2.0) == pytest.approx(5 / 3)
    # no other point is lower than the local minimum near it, but the global one is lower still
    near = np.linspace(-2.5, -1.5, 101)
    assert well.loss(near).min() == pytest.approx(1.25) and well.loss(np.linspace(-4, 5, 901)).min() == 0.0


def test_the_polynomial_written_out_is_the_loss():
    c = NONCONVEX.coefficients()
    np.testing.assert_allclose(c, [0.03, -0.04, -0.36, 0.0, 1.89], atol=1e-15)
    w = np.linspace(-4, 5, 37)
    np.testing.assert_allclose(np.polyval(c, w), NONCONVEX.loss(w), atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.floats(-4.0, 5.0))
def test_gradient_and_curvature_match_numerical_derivatives(w):
    well = NONCONVEX
    numerical = numerical_gradient(lambda x: float(well.loss(x[0])), np.array([w]))[0]
    assert well.grad(w) == pytest.approx(numerical, rel=1e-6, abs=1e-7)
    second = numerical_gradient(lambda x: float(well.grad(x[0])), np.array([w]))[0]
    assert well.curvature(w) == pytest.approx(second, rel=1e-6, abs=1e-7)


def test_another_well_finds_which_valley_is_deeper():
    well = DoubleWell(left=-3.0, peak=0.5, right=2.0, k=0.2)
    deeper = min((-3.0, 2.0), key=well.loss)
    assert well.global_min == deeper and well.local_min == ({-3.0, 2.0} - {deeper}).pop()
    assert well.loss(well.global_min) == 0.0 and well.loss(well.local_min) > 0.0
    assert well.basin(-1.0) == ("global" if deeper == -3.0 else "local")
    numerical = numerical_gradient(lambda x: float(well.loss(x[0])), np.array([1.3]))[0]
    assert well.grad(1.3) == pytest.approx(numerical, rel=1e-6)


@pytest.mark.parametrize("shape", [(1.0, 0.0, 2.0, 1.0), (-1.0, 0.0, 0.0, 1.0), (-1.0, 0.0, 2.0, 0.0)])
def test_a_well_needs_ordered_points_and_a_positive_scale(shape):
    with pytest.raises(ValueError):
        DoubleWell(*shape)


def test_the_basin_border_is_the_hilltop():
    # with small steps every start left of w = 0 ends at -2, every start right of it at 3
    assert NONCONVEX.basin(-0.1) == "local" and NONCONVEX.basin(0.1) == "global"
    assert NONCONVEX.basin(0.0) == "peak"
    ends = outcome_map(NONCONVEX, STARTS, 0.1, 200)
    assert set(ends[STARTS < 0]) == {"local"} and set(ends[STARTS > 0]) == {"global"}
    assert ends[STARTS == 0.0].tolist() == ["peak"]  # the gradient on the top is exactly 0
    # just beside the top the slope is gentle, but the run still rolls off to its own side
    assert end_of_run(NONCONVEX, -0.05, 0.05, 400) == "local"
    assert end_of_run(NONCONVEX, 0.05, 0.05, 400) == "global"


def test_a_long_step_jumps_over_the_hill():
    # from -3.5 the gradient is -4.095: η = 1 lands at 0.595, right of the hill, and ends at 3
    assert descent_trace(NONCONVEX, -3.5, 1.0, 1).w[1] == pytest.approx(0.595)
    assert end_of_run(NONCONVEX, -3.5, 1.0) == "global" and NONCONVEX.basin(-3.5) == "local"
    # and from the far right side, the other way
    assert end_of_run(NONCONVEX, 4.5, 0.9) == "local" and NONCONVEX.basin(4.5) == "global"


def test_above_the_narrow_valleys_limit_a_run_cannot_settle_there():
    assert end_of_run(NONCONVEX, 2.5, 1.05) == "global"      # below 2/1.8 = 1.111: settles
    assert end_of_run(NONCONVEX, 2.5, 1.2) == "unsettled"    # above it: bounces around w = 3
    assert end_of_run(NONCONVEX, -2.5, 1.2) == "local"       # the wider local valley still accepts it
    path = descent_trace(NONCONVEX, 3.001, 1.2, 60).w
    assert abs(path[-1] - 3.0) > 0.01  # a start right beside the minimum is thrown out


def test_a_far_start_with_a_long_step_diverges_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trace = descent_trace(NONCONVEX, 4.5, 2.0, 200)
        ends = outcome_map(NONCONVEX, STARTS, 2.0, 200)
    assert trace.overflow_step is not None and NONCONVEX.outcome(trace.w[-1]) == "diverged"
    assert ends[-1] == "diverged" and "diverged" in set(ends)


def test_where_a_run_ended():
    o = NONCONVEX.outcome
    ends = [o(3.0005), o(-2.0), o(0.0), o(3.01), o(1.0)]
    assert ends == ["global", "local", "peak", "unsettled", "unsettled"]
    assert [o(float("nan")), o(float("inf")), o(2e3)] == ["diverged"] * 3
    assert o(3.01, tol=0.1) == "global"


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.5, 1.0, 1.2, 1.7, 2.0])
def test_the_map_of_ends_is_the_end_of_each_run(lr):
    ends = outcome_map(NONCONVEX, STARTS, lr, 200)
    assert ends.tolist() == [end_of_run(NONCONVEX, w0, lr) for w0 in STARTS]


def test_the_trace_on_the_well_makes_the_updates_of_gradient_descent():
    trace = descent_trace(NONCONVEX, -1.0, 0.1, 50)
    np.testing.assert_array_equal(trace.w, gradient_descent(NONCONVEX.grad, -1.0, 0.1, 50))
    np.testing.assert_allclose(trace.grad, NONCONVEX.grad(trace.w))
    assert trace.w[-1] == pytest.approx(-2.0, abs=0.01)  # the default run: into the local valley


# --- mini-batches of different sizes on the same data --------------------------------------------


def test_the_race_data_come_from_the_seed():
    t = race_data(0)
    assert t.shape == (16,) and t.mean() == pytest.approx(2.7339280553021945, rel=1e-12)
    np.testing.assert_array_equal(t, race_data(0))
    assert not np.allclose(t, race_data(1))
    np.testing.assert_allclose(race_data(0, 16, 0.0, 2.0), 2.0 * (t - 3.0))


def test_the_mean_square_is_smallest_at_the_mean():
    t = race_data(3)
    assert mean_square(t, 1.5) == pytest.approx(np.mean((1.5 - t) ** 2))
    assert mean_square(t, t.mean()) == pytest.approx(t.var())
    assert mean_square(t, np.array([0.0, 1.0])).shape == (2,)
    # (1/N) sum (w - t_i)^2 = (w - t̄)^2 + var(t): section 5's quadratic with a = 1
    assert mean_square(t, 0.7) == pytest.approx((0.7 - t.mean()) ** 2 + t.var())


def test_each_run_makes_one_update_per_batch():
    t = race_data(0)
    counts = [minibatch_descent(t, 0.0, 0.1, 10, k, 0).updates for k in (16, 4, 1)]
    assert counts == [10, 40, 160]
    odd = minibatch_descent(t, 0.0, 0.1, 3, 5, 0)  # 16 = 5 + 5 + 5 + 1: four batches per epoch
    assert odd.updates_per_epoch == 4 and odd.updates == 12
    assert len(minibatch_descent(t, 0.0, 0.1, 10, 4, 0).loss) == 11  # the start and every epoch


def test_the_full_batch_is_gradient_descent_on_the_quadratic():
    t = race_data(0)
    run = minibatch_descent(t, 0.0, 0.1, 10, 16, 0)
    np.testing.assert_allclose(run.w, quadratic_path(Quadratic(1.0, t.mean()), 0.0, 0.1, 10), rtol=1e-12)
    # one exact step per epoch: the distance to t̄ shrinks by 1 - 2η = 0.8 each epoch
    expected = t.var() + (t.mean() * 0.8 ** np.arange(11)) ** 2
    np.testing.assert_allclose(run.loss, expected, rtol=1e-12)
    assert run.loss[-1] == pytest.approx(0.859025, abs=1e-6)  # the page's default, full batch


def test_batch_size_one_steps_towards_each_point_in_the_shuffled_order():
    t, lr = race_data(5), 0.1
    run = minibatch_descent(t, 0.0, lr, 2, 1, 5)
    w, expected = 0.0, [0.0]
    for epoch in range(2):
        for i in np.random.default_rng([5, epoch]).permutation(16):
            def one_point(x, i=i):
                return float(mean_square(t[i:i + 1], x[0]))
            w = w - lr * numerical_gradient(one_point, np.array([w]))[0]  # one point's (w - t_i)^2
            expected.append(w)
    np.testing.assert_allclose(run.w, expected, rtol=1e-8)


def test_the_page_defaults_end_where_the_page_says():
    t = race_data(0)
    ends = [minibatch_descent(t, 0.0, 0.1, 10, k, 0).loss[-1] for k in (16, 4, 1)]
    np.testing.assert_allclose(ends, [0.859025, 0.777425, 0.851983], atol=1e-6)
    assert all(end > t.var() for end in ends)  # none below the least possible loss


def test_smaller_batches_jitter_more_around_the_minimum():
    """After 30 epochs at η = 0.1 the full batch has all but arrived (0.8^60 of the way left),
    while batch size 1 keeps stepping towards single points: over 20 seeds its excess loss is
    the largest, batch size 4 lies between."""
    excess = {k: [] for k in (16, 4, 1)}
    for seed in range(20):
        t = race_data(seed)
        for k in excess:
            excess[k].append(minibatch_descent(t, 0.0, 0.1, 30, k, seed).loss[-1] - t.var())
    means = {k: float(np.mean(v)) for k, v in excess.items()}
    assert means[16] < 1e-4 < means[4] < means[1]


def test_runs_are_reproducible_and_the_seed_changes_the_shuffles():
    t = race_data(0)
    a, b = minibatch_descent(t, 0.0, 0.1, 5, 1, 0), minibatch_descent(t, 0.0, 0.1, 5, 1, 0)
    np.testing.assert_array_equal(a.w, b.w)
    assert not np.array_equal(a.w, minibatch_descent(t, 0.0, 0.1, 5, 1, 1).w)
    # the full batch does not depend on the order
    np.testing.assert_array_equal(minibatch_descent(t, 0.0, 0.1, 5, 16, 0).w,
                                  minibatch_descent(t, 0.0, 0.1, 5, 16, 7).w)


def test_above_eta_one_every_batch_size_diverges_and_says_so():
    t = race_data(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        runs = [minibatch_descent(t, 0.0, 1.2, 50, k, 0) for k in (16, 4, 1)]
    assert all(run.diverged for run in runs)
    assert not any(minibatch_descent(t, 0.0, 0.1, 10, k, 0).diverged for k in (16, 4, 1))


@pytest.mark.parametrize(("args", "message"), [
    (([], 0.0, 0.1, 1, 1, 0), "at least one"),
    (([1.0, 2.0], 0.0, 0.1, 1, 3, 0), "at most the number of data"),
    (([1.0, 2.0], 0.0, -0.1, 1, 1, 0), "learning rate"),
    (([1.0, 2.0], 0.0, 0.1, 1, 0, 0), "batch size"),
    (([1.0, float("nan")], 0.0, 0.1, 1, 1, 0), "finite"),
])
def test_bad_race_settings_say_what_to_change(args, message):
    with pytest.raises(ValueError, match=message):
        minibatch_descent(*args)
