"""ui.svg: plots drawn as one picture put every mark where its numbers say."""

from __future__ import annotations

import re

import numpy as np

from ui.svg import Plot, nice_ticks


def test_ticks_are_round_steps_inside_the_domain():
    assert nice_ticks(0, 60) == [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
    assert nice_ticks(0.42, 3.33) == [0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    assert nice_ticks(-1e-3, 1e-3, most=5) == [-0.001, -0.0005, 0.0, 0.0005, 0.001]
    assert nice_ticks(2.0, 2.0) == [2.0]  # an empty domain: one tick, no endless loop


def test_marks_sit_where_their_data_coordinates_say():
    plot = Plot((0, 10), (0, 1), "x", "y", width=212, height=162)  # plot area x 56..200, y 14..114
    plot.line([0, 5, 10], [0, 0.5, 1], "#111").points([5], [0.5], "#222").vrule(2.5, "#333")
    svg = plot.svg()
    assert '<polyline points="56,114 128,64 200,14"' in svg
    assert '<circle cx="128" cy="64" r="5.0" fill="#222"/>' in svg
    assert '<line x1="92.0" y1="14.0" x2="92.0" y2="114.0" stroke="#333"' in svg
    ticks = re.findall(r'text-anchor="middle" font-size="12" fill="#31333f">([^<]+)<', svg)
    assert ticks[:3] == ["0", "2", "4"]


def test_a_diverged_value_is_clamped_and_text_is_escaped():
    plot = Plot((0, 1), (0, 1), "w <b>", "L & more")
    svg = plot.line([0, 1], [0, 1e300], "#111").label(0.5, 0.5, "<script>").svg()
    assert "1e+300" not in svg and "100000" in svg  # far outside, clipped at the plot's edge
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "w &lt;b&gt;" in svg
    assert "L &amp; more" in svg
    assert not np.isnan(Plot((0, 1), (0, 1), "", "").y(0.5))
