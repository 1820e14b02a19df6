"""Example 2-D shapes and maps for the pictures of the linear-vs-affine page.

Each shape is an ``(n, 2)`` array of points, one point per row (a batch, as
everywhere in core), traced in order as a closed outline.
"""

from __future__ import annotations

import numpy as np

from core.checks import readonly


def rotation(degrees: float) -> np.ndarray:
    """The 2x2 matrix that turns the plane counter-clockwise by ``degrees``."""
    a = np.deg2rad(degrees)
    return np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])


def unit_circle(n: int = 48) -> np.ndarray:
    """``n + 1`` points around the circle of radius 1 (the first repeated to close it)."""
    angles = np.linspace(0.0, 2.0 * np.pi, n + 1)
    return np.stack([np.cos(angles), np.sin(angles)], axis=1)


#: The unit square with one corner on the origin: a linear map keeps that corner.
UNIT_SQUARE = readonly([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]])

#: A letter F inside the square: it has no symmetry, so a reflection is visible.
LETTER_F = readonly(
    [[0.3, 0.15], [0.3, 0.85], [0.75, 0.85], [0.75, 0.72], [0.43, 0.72], [0.43, 0.55],
     [0.65, 0.55], [0.65, 0.42], [0.43, 0.42], [0.43, 0.15], [0.3, 0.15]]
)

#: Example weight matrices W (2x2): what each does to the plane.
PRESET_MAPS: dict[str, np.ndarray] = {
    "shear": readonly([[1.0, 0.8], [0.0, 1.0]]),
    "rotate": readonly(rotation(30.0).round(4)),
    "stretch": readonly([[1.6, 0.0], [0.0, 0.6]]),
    "reflect": readonly([[-1.0, 0.0], [0.0, 1.0]]),
    "squash": readonly([[1.0, 0.5], [0.5, 0.25]]),
    "identity": readonly(np.eye(2)),
}
