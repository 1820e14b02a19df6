"""Page 3's prediction moment: which gradient behind a sigmoid output is the larger one."""

import numpy as np
import pytest

from core.losses import larger_gradient, logit_curves


@pytest.mark.parametrize("u", [-12.0, -10.0, -2.0, 0.0, 2.0, 4.5])
def test_cross_entropys_gradient_is_the_larger_wherever_there_is_something_to_learn(u):
    c = logit_curves(u, 1.0)
    assert abs(c.ce_du) - abs(c.mse_du) >= 0.01
    assert larger_gradient(u) == "ce"


def test_the_confidently_wrong_corner_and_the_unsure_middle():
    far, middle = logit_curves(-10.0, 1.0), logit_curves(0.0, 1.0)
    assert float(far.ce_du) == pytest.approx(-0.9999546, abs=1e-7)     # y − t
    assert float(far.mse_du) == pytest.approx(-9.0787e-05, rel=1e-4)    # 2 (y − t) σ′(u)
    assert (float(middle.ce_du), float(middle.mse_du)) == (-0.5, -0.25)  # 2σ′(0) = 0.5: the most
    assert larger_gradient(-10.0) == larger_gradient(0.0) == "ce"


@pytest.mark.parametrize("u", [4.6, 6.0, 12.0, 1000.0])
def test_a_confident_right_answer_leaves_both_gradients_about_the_same(u):
    c = logit_curves(u, 1.0)
    assert abs(c.ce_du) < 0.01 and abs(c.ce_du) - abs(c.mse_du) < 0.01
    assert larger_gradient(u) == "same"


def test_mse_never_comes_out_larger_for_either_target():
    """MSE's dL/du is cross-entropy's times 2σ′(u) ≤ 0.5, so it never wins."""
    for t in (0.0, 1.0):
        assert {larger_gradient(u, t) for u in np.linspace(-30.0, 30.0, 601)} == {"ce", "same"}
    assert larger_gradient(-4.6, 0.0) == "same" and larger_gradient(-4.4, 0.0) == "ce"  # the mirror image
