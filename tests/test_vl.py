"""ui.vl writes the Vega-Lite JSON that Altair would write for the same chart, fast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ui import vl
from ui.charts import CONFIG, curve_chart


def _frame(n: int = 5, shift: float = 0.0) -> pd.DataFrame:
    return pd.DataFrame({"x": np.arange(n, dtype=float) + shift, "y": np.arange(n) ** 2, "series": "f"})


def test_shorthands_become_field_and_type():
    assert vl.X("x:Q", title="x") == {"field": "x", "type": "quantitative", "title": "x"}
    assert vl.Color("series:N", scale=None) == {"field": "series", "type": "nominal", "scale": None}
    assert vl.X2("x2:Q") == {"field": "x2"}  # the second end takes the first one's type
    assert vl.Tooltip("a:b:O") == {"field": "a:b", "type": "ordinal"}  # only the last colon types
    assert vl.Text("label") == {"field": "label"}


def test_a_layer_spec_matches_the_vega_lite_structure():
    a = vl.Chart(_frame()).mark_line(clip=True).encode(x=vl.X("x:Q"), y=vl.Y("y:Q"))
    b = vl.Chart(_frame(3)).mark_point(size=60).encode(x=vl.X("x:Q"), y=vl.Y("y:Q"))
    spec = (a + b).properties(height=200, title="t").to_dict(config=CONFIG)
    assert spec["height"] == 200 and spec["title"] == "t" and spec["config"] == CONFIG
    assert [layer["mark"] for layer in spec["layer"]] == [{"type": "line", "clip": True},
                                                          {"type": "point", "size": 60}]
    names = [layer["data"]["name"] for layer in spec["layer"]]
    assert names[0] != names[1] and set(spec["datasets"]) == set(names)
    vl.validate(spec)


def test_data_set_names_differ_between_charts_with_different_data():
    # the browser keeps data sets by name for the whole page: equal names must mean equal data
    def name(df):
        return next(iter(vl.Chart(df).mark_line().to_dict()["datasets"]))

    assert name(_frame()) == name(_frame())
    assert name(_frame()) != name(_frame(shift=1.0))
    assert name(_frame()) != name(_frame().rename(columns={"y": "z"}))


def test_numpy_numbers_and_non_finite_values_become_plain_json():
    chart = vl.Chart(_frame()).mark_rule().encode(
        x=vl.X("x:Q", scale=vl.Scale(domain=[np.float64(0), np.int64(3)])),
        y=vl.Y("y:Q", scale=vl.Scale(domain=[np.float64("nan"), np.inf])))
    enc = chart.to_dict()["encoding"]
    assert enc["x"]["scale"]["domain"] == [0.0, 3] and type(enc["x"]["scale"]["domain"][1]) is int
    assert enc["y"]["scale"]["domain"] == [None, None]


def test_datum_comparisons_become_vega_expressions():
    chart = vl.Chart(_frame()).mark_text().transform_filter(vl.datum.value >= 0)
    assert chart.to_dict()["transform"] == [{"filter": '(datum["value"] >= 0)'}]
    both = (vl.datum.a == "x") & (vl.datum.b < 2.5)
    assert both.text == '((datum["a"] === "x") && (datum["b"] < 2.5))'


def test_validate_names_the_broken_part():
    bad = vl.Chart(_frame()).mark_line().encode(x=vl.X("x:Q", scale=vl.Scale(nice="very"))).to_dict()
    with pytest.raises(ValueError, match="encoding/x/scale/nice"):
        vl.validate(bad)


def test_the_shared_curve_chart_is_valid_vega_lite():
    curves = pd.DataFrame({"x": np.linspace(-5, 5, 41), "y": np.tanh(np.linspace(-5, 5, 41)), "series": "f"})
    points = pd.DataFrame({"x": [0.0], "y": [0.0], "series": ["f"], "label": ["u₀"]})
    segments = pd.DataFrame({"x": [-1.0], "y": [-1.0], "x2": [1.0], "y2": [1.0], "series": ["f"]})
    spec = curve_chart(curves, "u", "f", ["f"], ["#000"], points=points, segments=segments,
                       y_domain=(-2, 2), dashed=("g",), title="tanh").to_dict(config=CONFIG)
    vl.validate(spec)
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "rule", "point", "text"]
    assert spec["layer"][0]["encoding"]["y"]["scale"] == {"domain": [-2, 2], "nice": False, "clamp": True}
