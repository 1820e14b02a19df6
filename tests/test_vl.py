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


def test_data_set_names_follow_the_chart_not_the_data():
    # Same chart, new numbers: same name, so the browser swaps the data into the chart it
    # already has instead of building a new one. A different chart: a different name.
    def name(df, mark="line"):
        return next(iter(getattr(vl.Chart(df), f"mark_{mark}")().to_dict()["datasets"]))

    assert name(_frame()) == name(_frame(shift=1.0)) == name(_frame(n=9))
    assert name(_frame()) != name(_frame(), mark="point")
    plot = vl.Chart(_frame()).mark_line()
    by_y, by_x = (plot.encode(y=vl.Y(f"{c}:Q")).to_dict()["datasets"] for c in "yx")
    assert set(by_y) != set(by_x)
    spec = vl.Chart(_frame()).mark_line().to_dict()
    assert spec["data"] == {"name": name(_frame())}
    assert spec["datasets"][name(_frame())].to_pandas().equals(_frame())


def test_numpy_numbers_and_non_finite_values_become_plain_json():
    chart = vl.Chart(_frame()).mark_rule().encode(
        x=vl.X("x:Q", scale=vl.Scale(domain=[np.float64(0), np.int64(3)])),
        y=vl.Y("y:Q", scale=vl.Scale(domain=[np.float64("nan"), np.inf])))
    spec = chart.to_dict()
    assert vl.domains(spec) == [[0.0, 3.0], [None, None]]
    assert spec["encoding"]["y"]["scale"]["domain"] == [None, None]


def test_numeric_domains_are_read_from_the_data_so_the_spec_stays_the_same():
    def chart(lo, hi):
        return vl.Chart(_frame()).mark_line().encode(
            x=vl.X("x:Q", scale=vl.Scale(domain=[lo, hi], nice=False)),
            color=vl.Color("series:N", scale=vl.Scale(domain=["f"], range=["#000"])))
    a, b = chart(0, 3).to_dict(), chart(-1.5, 7).to_dict()
    assert {k: v for k, v in a.items() if k != "datasets"} == {k: v for k, v in b.items() if k != "datasets"}
    assert vl.domains(a) == [["f"], [0.0, 3.0]] and vl.domains(b) == [["f"], [-1.5, 7.0]]
    name = a["data"]["name"]
    assert a["encoding"]["x"]["scale"]["domain"][0] == {"expr": f"data('{name}')[0]['_domain']"}
    vl.validate(a)
    one_row = vl.Chart(_frame(1)).mark_point().encode(
        x=vl.X("x:Q", scale=vl.Scale(domain=[-1, 1])), y=vl.Y("y:Q", scale=vl.Scale(domain=[0, 9.5])))
    spec = one_row.to_dict()  # four numbers, one row: one column each
    assert vl.domains(spec) == [[-1.0, 1.0], [0.0, 9.5]]
    assert spec["datasets"][spec["data"]["name"]].column_names[-4:] == [
        "_domain", "_domain1", "_domain2", "_domain3"]
    empty = vl.Chart(_frame(0)).mark_line().encode(x=vl.X("x:Q", scale=vl.Scale(domain=[0, 3])))
    assert empty.to_dict()["encoding"]["x"]["scale"]["domain"] == [0, 3]  # no row to read from


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
    y_scale = spec["layer"][0]["encoding"]["y"]["scale"]
    assert {k: y_scale[k] for k in ("nice", "clamp")} == {"nice": False, "clamp": True}
    assert [-2.0, 2.0] in vl.domains(spec)


def test_data_may_be_a_mapping_of_columns_and_missing_numbers_become_nulls():
    table = vl.arrow_table({"x": np.array([0.0, np.nan, 2.0]), "k": range(3), "series": "f",
                            "label": ["a", None, "c"]})
    assert table.column_names == ["x", "k", "series", "label"]
    assert table.column("x").to_pylist() == [0.0, None, 2.0]
    assert table.column("k").to_pylist() == [0, 1, 2]
    assert table.column("series").to_pylist() == ["f", "f", "f"]
    assert table.column("label").to_pylist() == ["a", None, "c"]
    frame = vl.arrow_table(pd.DataFrame({"x": [1.0, np.nan], "s": ["a", "b"], "n": [3, 4]}))
    assert frame.column("x").to_pylist() == [1.0, None]
    assert frame.column("s").to_pylist() == ["a", "b"] and frame.column("n").to_pylist() == [3, 4]
    # the same chart from a mapping or from a DataFrame: the same spec and the same numbers
    mapping = {"x": np.arange(5, dtype=float), "y": np.arange(5) ** 2, "series": "f"}
    a, b = (vl.Chart(d).mark_line().to_dict() for d in (mapping, _frame()))
    assert {k: v for k, v in a.items() if k != "datasets"} == {k: v for k, v in b.items() if k != "datasets"}
    assert [t.to_pylist() for t in a["datasets"].values()] == [t.to_pylist() for t in b["datasets"].values()]
