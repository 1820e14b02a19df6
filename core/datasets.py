"""Small data sets for the training pages, all seeded so every run is reproducible.

Every function returns (x, t): inputs (N, in) and targets (N, out). Classification
targets are one-hot rows (or a single 0/1 column for two classes with a sigmoid
output); regression targets are real numbers. This is the only core module that
may use scikit-learn, and it imports it inside the functions that need it.
"""

from __future__ import annotations

import numpy as np

from core.checks import check_int, check_real


def rings(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric rings in 2-D: class 1 inside (radius 0.5), class 0 outside (radius 1).

    t: (N, 1) of 0/1. No straight line separates the classes, so a network needs
    its hidden layers to bend the boundary.
    """
    n = check_int(n, "number of samples", minimum=2)
    noise = check_real(noise, "noise", minimum=0.0)
    seed = check_int(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    inner = np.arange(n) < n // 2
    radius = np.where(inner, 0.5, 1.0) + rng.normal(0.0, noise, n)
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return x, inner.astype(float)[:, None]


def one_hot(labels, n_classes: int) -> np.ndarray:
    """Class numbers (N,) -> one-hot rows (N, K): a single 1 at the class's index (seed 001)."""
    labels = np.asarray(labels, dtype=int)
    n_classes = check_int(n_classes, "number of classes", minimum=1)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"class labels must lie in 0..{n_classes - 1}")
    return np.eye(n_classes)[labels]


def rbf_1d(n_per_class: int = 20, std: float = 0.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Seed 000's 1-D data: the blue class (t = 1) around 0, the red class (t = 0) around -2 and 2.

    n_per_class blue points from N(0, std^2); half as many red points around each
    of -2 and +2. x: (N, 1), t: (N, 1). No single threshold on x separates them.
    """
    n_per_class = check_int(n_per_class, "samples per class", minimum=2)
    std = check_real(std, "spread", minimum=0.0)
    seed = check_int(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    blue = rng.normal(0.0, std, n_per_class)
    red = np.concatenate([rng.normal(-2.0, std, n_per_class // 2),
                          rng.normal(2.0, std, n_per_class - n_per_class // 2)])
    x = np.concatenate([blue, red])[:, None]
    t = np.concatenate([np.ones(n_per_class), np.zeros(n_per_class)])[:, None]
    return x, t


def three_classes(n: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Seed 002's data: scikit-learn's make_classification with 2 features and 3 classes.

    Same arguments as the article (n_features=2, n_redundant=0, n_informative=2,
    n_clusters_per_class=1, n_classes=3), plus a fixed random_state. t: one-hot (N, 3).
    """
    from sklearn.datasets import make_classification

    n = check_int(n, "number of samples", minimum=6)
    seed = check_int(seed, "seed", minimum=0)
    x, labels = make_classification(n_samples=n, n_features=2, n_redundant=0, n_informative=2,
                                    n_clusters_per_class=1, n_classes=3, random_state=seed)
    return x.astype(float), one_hot(labels, 3)


def moons(n: int = 200, noise: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Seed 002's two-class data: scikit-learn's make_moons. t: one-hot (N, 2)."""
    from sklearn.datasets import make_moons

    n = check_int(n, "number of samples", minimum=4)
    noise = check_real(noise, "noise", minimum=0.0)
    seed = check_int(seed, "seed", minimum=0)
    x, labels = make_moons(n_samples=n, noise=noise, random_state=seed)
    return x.astype(float), one_hot(labels, 2)


def xor(n: int = 200, noise: float = 0.3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """XOR (seed 002 solves it too): four clouds at (+-1, +-1); class 1 where x1 * x2 < 0.

    No straight line separates the classes; one hidden layer of two or more units does.
    t: one-hot (N, 2).
    """
    n = check_int(n, "number of samples", minimum=4)
    noise = check_real(noise, "noise", minimum=0.0)
    seed = check_int(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    corners = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]], dtype=float)
    which = np.arange(n) % 4
    x = corners[which] + rng.normal(0.0, noise, (n, 2))
    return x, one_hot((which >= 2).astype(int), 2)


def sine(n: int = 63, noise: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Seed 004's regression data: one period of a sine curve.

    The angle runs over [0, 2 pi) in n equal steps (n = 63 is the step 0.1); the
    input is scaled to x = (angle - pi) / pi in [-1, 1), as networks like inputs of
    order 1. t = sin(angle) + N(0, noise^2). x: (N, 1), t: (N, 1).
    """
    n = check_int(n, "number of samples", minimum=2)
    noise = check_real(noise, "noise", minimum=0.0)
    seed = check_int(seed, "seed", minimum=0)
    angle = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    t = np.sin(angle) + np.random.default_rng(seed).normal(0.0, noise, n)
    return ((angle - np.pi) / np.pi)[:, None], t[:, None]


def split(x, t, test_fraction: float = 0.3, seed: int = 0):
    """Shuffle and split into (x_train, t_train, x_test, t_test); the test set gets
    round(test_fraction * N) samples (0 allowed), the training set at least one."""
    x, t = np.asarray(x, dtype=float), np.asarray(t, dtype=float)
    test_fraction = check_real(test_fraction, "test fraction", minimum=0.0, maximum=0.9)
    seed = check_int(seed, "seed", minimum=0)
    order = np.random.default_rng([seed, 99]).permutation(len(x))
    n_test = min(int(round(test_fraction * len(x))), len(x) - 1)
    test, train = order[:n_test], order[n_test:]
    return x[train], t[train], x[test], t[test]
