"""The training loop: correct updates, momentum, reproducible and resumable runs."""

import numpy as np
import pytest

from core.datasets import rings
from core.deep import deep_network, gradient_profile, init_std, layer_movement
from core.losses import mse_grad, softmax_cross_entropy_forward
from core.network import mlp_backward, mlp_forward
from core.training import evaluate, loss_and_gradient, train

pytestmark = pytest.mark.filterwarnings("error")


def small_net(seed=0, out="identity", n_out=1):
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=(4, 2)), rng.normal(size=4), "tanh"),
            (rng.normal(size=(n_out, 4)), rng.normal(size=n_out), out)]


def test_one_full_batch_epoch_is_one_gradient_descent_step():
    x, t = rings(20, 0.1, 1)
    layers = small_net()
    y, cache = mlp_forward(x, layers)
    grads = mlp_backward(mse_grad(y, t), cache)
    h = train(layers, x, t, loss="mse", lr=0.1, epochs=1)
    for (W, b, _), (dW, db), (W1, b1, _) in zip(layers, grads, h.layers, strict=True):
        np.testing.assert_allclose(W1, W - 0.1 * dW, rtol=1e-12)
        np.testing.assert_allclose(b1, b - 0.1 * db, rtol=1e-12)
    assert h.loss[0] == pytest.approx(evaluate(h.layers, x, t, "mse")[0])


def test_momentum_adds_the_previous_update_like_seed_002():
    x, t = rings(20, 0.1, 1)
    layers = small_net()
    one = train(layers, x, t, loss="mse", lr=0.1, epochs=1)
    two = train(layers, x, t, loss="mse", lr=0.1, epochs=2, momentum=0.9)
    # second step: v2 = 0.9 * v1 - lr * grad(W1)
    y, cache = mlp_forward(x, one.layers)
    g = mlp_backward(mse_grad(y, t), cache)
    W0, W1 = layers[0][0], one.layers[0][0]
    np.testing.assert_allclose(two.layers[0][0], W1 + 0.9 * (W1 - W0) - 0.1 * g[0][0], rtol=1e-10)


def test_training_in_chunks_equals_training_at_once():
    x, t = rings(60, 0.1, 2)
    layers = small_net(3, "sigmoid")
    once = train(layers, x, t, loss="bce", lr=0.3, epochs=6, batch_size=8, momentum=0.5, seed=7)
    first = train(layers, x, t, loss="bce", lr=0.3, epochs=4, batch_size=8, momentum=0.5, seed=7)
    rest = train(first.layers, x, t, loss="bce", lr=0.3, epochs=2, batch_size=8, momentum=0.5, seed=7,
                 start_epoch=first.epochs_done, velocity=first.velocity)
    np.testing.assert_allclose(np.concatenate([first.loss, rest.loss]), once.loss, rtol=1e-12)
    np.testing.assert_allclose(rest.layers[0][0], once.layers[0][0], rtol=1e-12)
    assert rest.epochs_done == 6


def test_same_seed_same_curve_other_seed_other_curve():
    x, t = rings(60, 0.1, 2)
    a = train(small_net(), x, t, loss="mse", lr=0.1, epochs=5, batch_size=4, seed=1)
    b = train(small_net(), x, t, loss="mse", lr=0.1, epochs=5, batch_size=4, seed=1)
    c = train(small_net(), x, t, loss="mse", lr=0.1, epochs=5, batch_size=4, seed=2)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert not np.array_equal(a.loss, c.loss)


def test_softmax_cross_entropy_starts_backprop_from_y_minus_t():
    z = np.array([[2.0, -1.0, 0.5]])
    t = np.array([[0.0, 0.0, 1.0]])
    y = np.exp(z) / np.exp(z).sum()
    loss, dy, delta = loss_and_gradient(y, t, "cross_entropy", "softmax")
    assert dy is None
    np.testing.assert_allclose(delta, y - t)
    assert loss == pytest.approx(softmax_cross_entropy_forward(z, t)[0])


def test_divergence_stops_training_and_is_reported():
    x, t = rings(20, 0.1, 1)
    h = train(small_net(out="identity"), x, t * 1000, loss="mse", lr=50.0, epochs=200)
    assert h.diverged_at is not None and h.diverged_at < 200
    assert len(h.loss) == h.diverged_at
    assert all(np.all(np.isfinite(W)) for W, _, _ in h.layers)  # the last finite weights


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"loss": "hinge"}, "unknown loss 'hinge'"),
        ({"lr": 0.0}, "learning rate must be greater than 0"),
        ({"batch_size": 0}, "batch size must be at least 1"),
        ({"momentum": 1.0}, "momentum must be at most 0.999"),
        ({"x": np.zeros((0, 2)), "t": np.zeros((0, 1))}, "the training set is empty"),
        ({"t": np.zeros((3, 1))}, "has 10 inputs but 3 targets"),
        ({"t": np.zeros((10, 2))}, "1 output\\(s\\) but t has 2"),
    ],
)
def test_bad_training_settings_raise_helpful_errors(kwargs, message):
    x, t = rings(10, 0.1, 0)
    args = {"x": x, "t": t, "loss": "mse", "lr": 0.1, "epochs": 1} | kwargs
    with pytest.raises(ValueError, match=message):
        train(small_net(), **args)


def test_initialisations_have_their_textbook_spread():
    assert init_std(100, 50, "small_normal") == 0.01
    assert init_std(100, 50, "xavier") == pytest.approx(np.sqrt(2 / 150))
    assert init_std(100, 50, "he") == pytest.approx(np.sqrt(2 / 100))
    W = deep_network(400, 400, 1, 1, "relu", "identity", "he", 0)[0][0]
    assert np.std(W) == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    with pytest.raises(ValueError, match="unknown initialisation 'lecun'"):
        init_std(1, 1, "lecun")


def test_deep_sigmoid_gradients_vanish_toward_the_input_and_he_relu_keeps_them():
    sig = gradient_profile(20, 32, "sigmoid", "xavier", 0)
    relu = gradient_profile(20, 32, "relu", "he", 0)
    assert sig.grad_norm[0] < 1e-9 * sig.grad_norm[-1]
    assert relu.grad_norm[0] > 1e-2 * relu.grad_norm[-1]
    # the bound line: 0.25 per layer from the output layer down
    np.testing.assert_allclose(sig.bound[-3:] / sig.grad_norm[-1], [0.0625, 0.25, 1.0])
    assert len(sig.grad_norm) == 21 and len(sig.act_std) == 20
    # each sigmoid layer shrinks the gradient by at least 4x on average here
    assert (sig.grad_norm[0] / sig.grad_norm[-1]) < 0.25 ** 20


def test_deep_sigmoid_barely_moves_its_first_layer_while_relu_learns():
    x, t = rings(200, 0.1, 0)
    runs = {}
    for act, init in (("sigmoid", "xavier"), ("relu", "he")):
        layers = deep_network(2, 16, 8, 1, act, "sigmoid", init, 0)
        h = train(layers, x, t, loss="bce", lr=0.5, epochs=150)
        runs[act] = (h, layer_movement(layers, h.layers))
    assert runs["sigmoid"][1][0] < 1e-3 and runs["relu"][1][0] > 0.05
    assert runs["relu"][0].accuracy[-1] > 0.95
    assert runs["sigmoid"][0].loss[-1] > 0.69
