"""The truths behind page 6's prediction moments: where the gradient is smallest, which
network learned more."""

import numpy as np
import pytest

from core.deep import GradientProfile, gradient_profile, higher_accuracy, smallest_gradient


def profile_of(*grad_norm: float) -> GradientProfile:
    g = np.array(grad_norm)
    return GradientProfile(g, g, g[:-1], g[:-1])


@pytest.mark.parametrize(("grads", "where", "low", "high"), [
    ((1e-13, 1e-6, 2.8), "first", 1, 3),
    ((0.5, 1e-3, 0.9, 1.0), "middle", 2, 4),
    ((3.3, 1.0, 0.03), "last", 3, 1),
    ((0.31, 4.8, 2.9), "same", 1, 2),      # a factor of 15.5: within 100
    ((1.0, 100.0), "same", 1, 2),          # exactly 100 still counts as the same
    ((1.0, 100.5), "first", 1, 2),
])
def test_the_smallest_layer_and_the_rule_for_about_the_same(grads, where, low, high):
    found = smallest_gradient(profile_of(*grads))
    assert (found.where, found.smallest_layer, found.largest_layer) == (where, low, high)
    assert found.spread == pytest.approx(max(grads) / min(grads))


def test_zero_gradients_dead_layers():
    every = smallest_gradient(profile_of(0.0, 0.0, 0.0))
    assert (every.where, every.spread) == ("same", 1.0)  # all exactly 0: nothing to tell apart
    some = smallest_gradient(profile_of(0.2, 0.0, 0.0, 0.4))
    assert (some.where, some.smallest_layer, some.spread) == ("middle", 2, float("inf"))


def test_on_the_pages_networks():
    sigmoid = smallest_gradient(gradient_profile(20, 32, "sigmoid", "xavier", 0))  # the page's default
    assert sigmoid.where == "first" and sigmoid.largest_layer == 21 and sigmoid.spread > 1e13
    relu = smallest_gradient(gradient_profile(20, 32, "relu", "he", 0))
    assert relu.where == "same" and relu.spread == pytest.approx(15.45, abs=0.01)
    # tanh with Xavier: the output layer's gradient is the smallest, 3.3 times below layer 1
    assert smallest_gradient(gradient_profile(20, 32, "tanh", "xavier", 0), same_within=2).where == "last"
    # a 4-unit ReLU network 20 layers deep: every layer dead, every gradient exactly 0
    assert smallest_gradient(gradient_profile(20, 4, "relu", "he", 0)).where == "same"


@pytest.mark.parametrize(("sigmoid", "relu", "expected"), [
    (0.51, 1.0, "relu"), (0.53, 0.37, "sigmoid"), (0.5, 0.5, "same"), (0.5, 0.55, "same"),
    (0.55, 0.5, "same"), (0.5, 0.555, "relu"),
])
def test_which_network_learned_more_with_a_five_point_margin(sigmoid, relu, expected):
    assert higher_accuracy({"sigmoid": sigmoid, "relu": relu}) == expected
