"""The wine network of the Chainer tutorial's §3.1 (core/anatomy.py): the tutorial's outputs for its
wine from the app's own weights, the element-wise sums equal to the matrix product, the counts."""

import numpy as np
import pytest

from core.activations import softmax
from core.anatomy import (
    ARTICLE_OUTPUTS,
    ARTICLE_WINE,
    CLASSES,
    WINE_B1,
    WINE_B2,
    WINE_LAYERS,
    WINE_SIZES,
    WINE_W1,
    WINE_W2,
    function_layers,
    parameter_count,
    parameter_counts,
    unit_layers,
    unit_sums,
    wine_forward,
)
from core.linear import affine_forward
from core.network import mlp_forward

pytestmark = pytest.mark.filterwarnings("error")


def test_the_articles_wine_gives_the_articles_outputs_to_two_decimals_and_red():
    wine = wine_forward(ARTICLE_WINE)
    assert ARTICLE_OUTPUTS == (0.15, 0.85)
    np.testing.assert_array_equal(np.round(wine.y, 2), [0.15, 0.85])  # white 0.15, red 0.85
    assert wine.predicted == 1 and wine.prediction == "red"  # argmax: the largest output
    # u₂ = [-1.15, 0.58]: y₂ = 1 / (1 + e^{-1.73})
    np.testing.assert_allclose(wine.y, [1 / (1 + np.exp(1.73)), 1 / (1 + np.exp(-1.73))], rtol=1e-12)
    np.testing.assert_allclose(wine.y, [0.15058758, 0.84941242], rtol=1e-7)


def test_every_value_of_the_pass_for_the_articles_wine():
    wine = wine_forward(ARTICLE_WINE)
    np.testing.assert_array_equal(wine.h0, [3, 14, 0.2, 0.8])  # the input is layer 0
    np.testing.assert_allclose(wine.u1, [0.8, -1.5, 1.1], atol=1e-12)
    np.testing.assert_allclose(wine.h1, [0.8, 0, 1.1], atol=1e-12)  # ReLU switches the second unit off
    assert wine.switched_off == [1]
    np.testing.assert_allclose(wine.u2, [-1.15, 0.58], atol=1e-12)
    assert wine.y_sum == pytest.approx(1.0, abs=1e-15)


def test_the_pass_is_the_generic_network_with_relu_then_softmax():
    rng = np.random.default_rng(19)
    for x in rng.uniform([0, 5, 0, 0], [30, 20, 1, 1], size=(20, 4)):
        wine = wine_forward(x)
        u1 = WINE_W1 @ x + WINE_B1
        h1 = np.maximum(u1, 0)
        y = softmax(WINE_W2 @ h1 + WINE_B2)
        np.testing.assert_allclose(wine.u1, u1, atol=1e-12)
        np.testing.assert_allclose(wine.h1, h1, atol=1e-12)
        np.testing.assert_allclose(wine.y, y, rtol=1e-12)
        np.testing.assert_allclose(wine.y, mlp_forward(x, WINE_LAYERS)[0], rtol=1e-12)
        assert wine.y_sum == pytest.approx(1.0, abs=1e-12)
        assert wine.prediction == CLASSES[int(np.argmax(y))]
        assert wine.switched_off == [i for i in range(3) if u1[i] <= 0]


def test_a_pale_wine_is_predicted_white():
    """The inputs matter: with colour 0.8 instead of 0.2 the second hidden unit comes on and the
    prediction turns to white (the page's sliders show it)."""
    x = ARTICLE_WINE.copy()
    x[2] = 0.8
    wine = wine_forward(x)
    assert wine.prediction == "white" and wine.switched_off == []
    np.testing.assert_allclose(wine.u1, [0.2, 0.3, 0.8], atol=1e-12)


def test_the_elementwise_sums_are_the_matrix_product():
    wine = wine_forward(ARTICLE_WINE)
    products, u = unit_sums(WINE_W1, wine.h0, WINE_B1)
    np.testing.assert_allclose(products, WINE_W1 * wine.h0, rtol=0, atol=0)  # w_ij h_0j
    np.testing.assert_allclose(products[0], [0.3, 2.8, -0.2, 0.4], atol=1e-12)  # u₁₁'s four products
    np.testing.assert_allclose(u, WINE_W1 @ wine.h0 + WINE_B1, atol=1e-12)
    np.testing.assert_allclose(u, affine_forward(wine.h0, WINE_W1, WINE_B1)[0], atol=1e-12)
    np.testing.assert_allclose(u, wine.u1, atol=1e-12)


def test_the_elementwise_sums_agree_with_the_matrix_product_for_any_shape():
    rng = np.random.default_rng(3)
    for out, n in ((1, 1), (2, 5), (7, 3)):
        W, h, b = rng.normal(size=(out, n)), rng.normal(size=n), rng.normal(size=out)
        products, u = unit_sums(W, h, b)
        assert products.shape == (out, n)
        np.testing.assert_allclose(u, W @ h + b, rtol=1e-12, atol=1e-12)


def test_the_sums_do_not_change_their_inputs_and_the_weights_are_read_only():
    W, h, b = np.array(WINE_W1), np.array(ARTICLE_WINE), np.array(WINE_B1)
    unit_sums(W, h, b)
    np.testing.assert_array_equal(W, WINE_W1)
    np.testing.assert_array_equal(h, ARTICLE_WINE)
    for constant in (WINE_W1, WINE_B1, WINE_W2, WINE_B2, ARTICLE_WINE):
        with pytest.raises(ValueError):
            constant[0] = 1.0


def test_the_wine_network_has_23_weights_and_biases():
    assert WINE_SIZES == (4, 3, 2)
    assert [W.shape for W, _, _ in WINE_LAYERS] == [(3, 4), (2, 3)]
    assert parameter_counts(WINE_SIZES) == [(12, 3), (6, 2)]  # W₁ 3×4, b₁; W₂ 2×3, b₂
    assert parameter_count(WINE_SIZES) == 23
    assert parameter_count(WINE_SIZES) == sum(W.size + b.size for W, b, _ in WINE_LAYERS)
    assert parameter_count((4, 5, 2)) == 37  # the self-check: 20 + 5 + 10 + 2
    assert parameter_count((3, 2, 1)) == 11  # the backpropagation page's 3-2-1 network: 6 + 2 + 2 + 1


def test_three_layers_of_units_and_four_function_layers():
    assert unit_layers(WINE_SIZES) == 3  # the tutorial's 3層: input, hidden, output
    assert function_layers([act for _, _, act in WINE_LAYERS]) == ["affine", "relu", "affine", "softmax"]
    assert function_layers(["relu", "identity"]) == ["affine", "relu", "affine"]  # no layer for the identity
    assert len(parameter_counts(WINE_SIZES)) == 2  # the layers with weights


@pytest.mark.parametrize(("call", "message"), [
    (lambda: wine_forward([3, 14, 0.2]), "a wine has 4 features"),
    (lambda: wine_forward([3, 14, float("nan"), 0.8]), "finite"),
    (lambda: unit_sums(np.ones((3, 4)), np.ones(3), np.ones(3)), "h needs 4 values"),
    (lambda: unit_sums(np.ones((3, 4)), np.ones(4), np.ones(2)), "b needs 3 values"),
    (lambda: parameter_count((4,)), "an input and an output layer"),
    (lambda: parameter_count((4, 0, 2)), "at least 1"),
    (lambda: function_layers(["relu", "cube"]), "unknown activation 'cube'"),
])
def test_bad_arguments_are_refused_with_a_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()
