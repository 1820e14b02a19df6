"""Small data sets for the training pages, all seeded so every run is reproducible.

Every function returns (x, t): inputs (N, in) and targets (N, out). Classification
targets are one-hot rows (or a single 0/1 column for two classes with a sigmoid
output); regression targets are real numbers. This is the only core module that
may use scikit-learn, and it imports it inside the functions that need it.
"""

from __future__ import annotations

import numpy as np

from core._validate import check_int, check_real


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
