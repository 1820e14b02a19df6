"""scikit-learn's MLPClassifier / MLPRegressor on the same data, as a reference score.

The settings are matched to a playground ``Setup``: the same hidden layers and
activation, plain SGD with the same learning rate, momentum (not Nesterov's),
batch size and number of epochs, no weight penalty (alpha = 0) and no early
stopping. Two differences remain and are stated on the page: scikit-learn draws
its own initial weights, and it always uses cross-entropy for classification.
Its regression loss is half the squared error, so the learning rate is doubled
to take the same steps, and its loss curve is doubled to compare with our MSE.

scikit-learn is imported inside the function: loading it takes seconds, and
only this reference needs it.
"""

from __future__ import annotations

import time
import warnings

import numpy as np

#: Our activation names -> scikit-learn's (the others have no counterpart there).
SKLEARN_ACTIVATIONS = {"identity": "identity", "sigmoid": "logistic", "tanh": "tanh", "relu": "relu"}


def sklearn_reference(setup, x_train, t_train, x_test=None, t_test=None) -> dict | None:
    """Fit scikit-learn's MLP with settings matched to ``setup``.

    Returns {"train": score, "test": score or None, "loss": (epochs,) loss curve,
    "seconds": fit time, "kind": "accuracy" or "mse"}, or None when the setup's
    hidden activation has no scikit-learn counterpart (e.g. the Gaussian RBF).
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    activation = SKLEARN_ACTIVATIONS.get(setup.activation)
    if activation is None:
        return None
    x_train, t_train = np.asarray(x_train, float), np.asarray(t_train, float)
    regression = setup.head[0] == "identity"
    n = len(x_train)
    common = dict(hidden_layer_sizes=tuple(setup.hidden), activation=activation, solver="sgd",
                  alpha=0.0, batch_size=n if setup.batch_size is None else min(setup.batch_size, n),
                  learning_rate="constant", momentum=setup.momentum, nesterovs_momentum=False,
                  max_iter=setup.epochs, shuffle=True, random_state=setup.seed, tol=0.0,
                  n_iter_no_change=setup.epochs + 1)

    def labels(t):
        t = np.asarray(t, float)
        return t[:, 0].round().astype(int) if t.shape[1] == 1 else t.argmax(axis=1)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        start = time.perf_counter()
        if regression:
            model = MLPRegressor(learning_rate_init=2.0 * setup.lr, **common)
            model.fit(x_train, t_train[:, 0])
        else:
            model = MLPClassifier(learning_rate_init=setup.lr, **common)
            model.fit(x_train, labels(t_train))
        seconds = time.perf_counter() - start

    def score(x, t):
        if x is None or len(x) == 0:
            return None
        if regression:
            return float(np.mean((model.predict(x) - np.asarray(t, float)[:, 0]) ** 2))
        return float(np.mean(model.predict(x) == labels(t)))

    curve = np.array(model.loss_curve_, dtype=float) * (2.0 if regression else 1.0)
    return {"train": score(x_train, t_train), "test": score(x_test, t_test), "loss": curve,
            "seconds": seconds, "kind": "mse" if regression else "accuracy"}
