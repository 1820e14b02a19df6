"""Speed of core: vectorised convolution against loops, one epoch against scikit-learn."""

from __future__ import annotations

import time
import warnings

import numpy as np

from core.conv import conv2d_backward, conv2d_forward, conv2d_steps, pad2d
from core.playground import PRESETS, build_network, make_split
from core.training import train


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def loop_conv_forward_backward(x, W, b, dout, stride, pad):
    """Forward with core's readable step generator, backward with the same plain loops."""
    out = np.zeros(dout.shape)
    for n in range(x.shape[0]):
        for step in conv2d_steps(x[n], W, b, stride, pad):
            out[n, step.f, step.i, step.j] = step.out
    xpad = pad2d(x, pad)
    dxpad, dW, db = np.zeros_like(xpad), np.zeros_like(W), np.zeros_like(b)
    F, C, KH, KW = W.shape
    for n in range(x.shape[0]):
        for f in range(F):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    g = dout[n, f, i, j]
                    top, left = i * stride, j * stride
                    dW[f] += g * xpad[n, :, top:top + KH, left:left + KW]
                    dxpad[n, :, top:top + KH, left:left + KW] += g * W[f]
                    db[f] += g
    return out, dxpad[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]], dW, db


def conv_speedup(quick: bool) -> float:
    """Loop time / vectorised time for forward + backward on the same input."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 3, 32, 32))
    W, b = rng.normal(size=(8, 3, 3, 3)), rng.normal(size=8)
    out, cache = conv2d_forward(x, W, b, 1, 1)
    dout = rng.normal(size=out.shape)
    # the two implementations must agree before their speeds mean anything
    loop = loop_conv_forward_backward(x, W, b, dout, 1, 1)
    np.testing.assert_allclose(loop[0], out, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(loop[1], conv2d_backward(dout, cache)[0], rtol=1e-10, atol=1e-10)

    def vectorised():
        _, c = conv2d_forward(x, W, b, 1, 1)
        conv2d_backward(dout, c)

    fast = _best(vectorised, 5 if quick else 20)
    slow = _best(lambda: loop_conv_forward_backward(x, W, b, dout, 1, 1), 1 if quick else 3)
    return slow / fast


def epoch_times(quick: bool) -> tuple[float, float]:
    """Seconds per epoch of core.training.train and of scikit-learn's MLPClassifier on seed
    002's preset (2-3-3, tanh, softmax, batch 4, 210 training samples, plain SGD)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    s = PRESETS["seed002_classes"]
    x, t, _, _ = make_split(s)
    epochs = 20 if quick else 100
    start = time.perf_counter()
    train(build_network(s), x, t, loss="cross_entropy", lr=s.lr, epochs=epochs, batch_size=4,
          momentum=s.momentum)
    ours = (time.perf_counter() - start) / epochs
    model = MLPClassifier(hidden_layer_sizes=(3,), activation="tanh", solver="sgd", alpha=0.0,
                          batch_size=4, learning_rate_init=s.lr, momentum=s.momentum,
                          nesterovs_momentum=False, max_iter=epochs, tol=0.0,
                          n_iter_no_change=epochs + 1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(x, t.argmax(axis=1))
    theirs = (time.perf_counter() - start) / epochs
    return ours, theirs
