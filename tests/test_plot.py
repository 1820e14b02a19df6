"""ui/plot/vega.py and ui/plot/charts.py: a chart's spec is built once, and a rerun with new
numbers sends the same spec text with new data sets only (what keeps a slider move cheap: the
browser swaps the data into the chart it already drew).

Every spec is checked against the Vega-Lite schema when it is built under the tests
(conftest.py sets NN_CHECK_CHARTS=1); test_pages.py checks every chart each page draws, as sent.
"""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from ui.plot import charts, vega


@vega.chart
def probe_chart(x_title: str) -> alt.LayerChart:
    """A line (table "line") and dots (table "dots") on an x axis whose range is read from the data."""
    x = alt.X("x:Q", title=x_title, scale=alt.Scale(domain=vega.domain("line", "x"), nice=False))
    line = alt.Chart(alt.NamedData("line")).mark_line().encode(x=x, y=alt.Y("y:Q"))
    dots = alt.Chart(alt.NamedData("dots")).mark_point().encode(x=x, y=alt.Y("y:Q"))
    return alt.layer(line, dots)


LINE = {"x": [0.0, 1.0, 2.0], "y": [0.0, 1.0, 4.0]}
DOTS = {"x": [1.0], "y": [1.0]}


def test_a_spec_is_built_once_per_arguments_and_knows_what_it_reads():
    assert probe_chart("w") is probe_chart("w")  # the same object: Altair ran once
    assert probe_chart("u") is not probe_chart("w")  # another title, another spec
    spec = probe_chart("w")
    assert spec.tables == ("dots", "line") and spec.domains == {"x": "line"}
    curve = charts.curve_chart("u", "f(u)", ("f", "f′"), ("#1f6fc5", "#d1352b"), y_domain="data")
    assert curve is charts.curve_chart("u", "f(u)", ("f", "f′"), ("#1f6fc5", "#d1352b"), y_domain="data")
    assert curve.tables == ("curves", "points", "segments") and curve.domains == {"y": "curves"}
    assert charts.curve_chart("u", "f(u)", ("f", "f′"), ("#1f6fc5", "#d1352b")).domains == {}  # fitted


def _moving_parabola():
    """A page in miniature: a slider k draws y = u² on [-k, k] with its minimum marked."""
    import numpy as np
    import streamlit as st

    from ui.plot import charts, vega

    k = st.slider("k", 1, 5, 1)
    u = np.linspace(-k, k, 10 * k + 1)
    vega.show(charts.curve_chart("u", "L(u)", ("L",), ("#1f6fc5",), x_domain="data", y_domain="data"),
              domains={"x": (-k, k), "y": (0, k * k)}, curves=charts.lines(u, {"L": u**2}),
              points=charts.marks([0.0], [0.0], "L", "minimum"), segments=charts.NO_SEGMENTS)


def test_the_same_chart_with_new_numbers_sends_the_same_spec_text_and_new_data_only():
    at = AppTest.from_function(_moving_parabola).run()
    before = at.get("vega_lite_chart")[0].proto
    spec, curves = before.spec, _data(before)["curves"]
    assert len(curves) == 11 and (curves["_x_lo"].iloc[0], curves["_x_hi"].iloc[0]) == (-1, 1)
    at.slider[0].set_value(3).run()
    after = at.get("vega_lite_chart")[0].proto
    assert after.spec == spec  # the browser keeps its chart and swaps the numbers in
    curves = _data(after)["curves"]
    assert len(curves) == 31 and curves["y"].max() == 9.0
    assert (curves["_x_lo"].iloc[0], curves["_x_hi"].iloc[0], curves["_y_hi"].iloc[0]) == (-3, 3, 9)
    assert set(_data(after)) == {"curves", "points", "segments"}
    assert not at.exception


def _data(proto) -> dict[str, pd.DataFrame]:
    return {d.name: dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in proto.datasets}


def test_with_data_refuses_a_missing_or_unknown_table_or_domain():
    spec = probe_chart("w")
    with pytest.raises(ValueError, match="reads the tables"):
        vega.with_data(spec, {"x": (0, 2)}, line=LINE)  # no dots
    with pytest.raises(ValueError, match="reads the tables"):
        vega.with_data(spec, {"x": (0, 2)}, line=LINE, dots=DOTS, extra=DOTS)
    with pytest.raises(ValueError, match="reads the domains"):
        vega.with_data(spec, None, line=LINE, dots=DOTS)  # the x range not given
    with pytest.raises(ValueError, match="reads the domains"):
        vega.with_data(spec, {"x": (0, 2), "y": (0, 4)}, line=LINE, dots=DOTS)


def test_a_domain_travels_in_its_table_and_an_empty_table_gets_a_row_for_it():
    full = vega.with_data(probe_chart("w"), {"x": (-0.5, 2.5)}, line=LINE, dots=DOTS)
    line = full["datasets"]["line"]
    assert line.column("_x_lo").to_pylist() == [-0.5] * 3 and line.column("_x_hi").to_pylist() == [2.5] * 3
    assert line.column("y").to_pylist() == [0.0, 1.0, 4.0]
    assert full["datasets"]["dots"].column_names == ["x", "y"]  # the other table is left alone
    # the spec reads the numbers from the table: data('line')[0]['_x_lo']
    x_scale = full["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert x_scale == [{"expr": "data('line')[0]['_x_lo']"}, {"expr": "data('line')[0]['_x_hi']"}]
    no_line = vega.with_data(probe_chart("w"), {"x": (0, 1)}, line={"x": [], "y": []}, dots=DOTS)
    empty = no_line["datasets"]["line"]
    assert empty.num_rows == 1 and empty.column("x").to_pylist() == [None]  # a row no mark draws
    assert empty.column("_x_lo").to_pylist() == [0.0] and empty.column("_x_hi").to_pylist() == [1.0]


def test_tables_may_be_mappings_with_whole_columns_and_missing_numbers_become_nulls():
    table = vega.arrow_table({"x": np.array([0.0, np.nan, 2.0]), "k": range(3), "series": "f",
                              "label": ["a", None, "c"]})
    assert table.column_names == ["x", "k", "series", "label"]
    assert table.column("x").to_pylist() == [0.0, None, 2.0]  # Vega leaves a gap there
    assert table.column("k").to_pylist() == [0, 1, 2]
    assert table.column("series").to_pylist() == ["f", "f", "f"]  # one string for the whole column
    assert table.column("label").to_pylist() == ["a", None, "c"]
    frame = vega.arrow_table(pd.DataFrame({"x": [1.0, np.nan], "s": ["a", "b"], "n": [3, 4]}))
    assert frame.column("x").to_pylist() == [1.0, None]
    assert frame.column("s").to_pylist() == ["a", "b"] and frame.column("n").to_pylist() == [3, 4]
    assert vega.texts([0.1 + 0.2, 2e-7, -3.0]) == ["0.3", "2e-07", "-3"]  # the app's one formatter


def test_the_curve_charts_tables_are_long_form_with_a_row_per_point():
    curves = charts.lines([0.0, 1.0], {"f": [0.0, 1.0], "f′": [1.0, 1.0]})
    assert list(curves["x"]) == [0.0, 1.0, 0.0, 1.0] and list(curves["y"]) == [0.0, 1.0, 1.0, 1.0]
    assert curves["series"] == ["f", "f", "f′", "f′"] and "y_text" not in curves  # lines: no numbers to hover
    own_x = charts.paths({"a": ([0.0], [5.0]), "b": ([1.0, 2.0], [6.0, 7.0])})
    assert own_x["series"] == ["a", "b", "b"] and list(own_x["x"]) == [0.0, 1.0, 2.0]
    assert own_x["y_text"] == ["5", "6", "7"]  # for points drawn from the same table
    points = charts.marks([0.5], [0.25], "f", "u₀")
    assert (points["label"], points["x_text"], points["y_text"]) == ("u₀", ["0.5"], ["0.25"])
    assert charts.segments([(0, 1, 2, 3, "f")]) == {"x": [0], "y": [1], "x2": [2], "y2": [3], "series": ["f"]}
    assert vega.arrow_table(charts.NO_SEGMENTS).num_rows == 0
    assert vega.arrow_table(charts.NO_POINTS).num_rows == 0


def test_charts_built_under_the_tests_are_checked_against_the_vega_lite_schema():
    assert vega.VALIDATE  # tests/conftest.py switched the check on

    @vega.chart
    def broken() -> alt.Chart:
        return alt.Chart(alt.NamedData("t")).mark_line().encode(x=alt.X("x:Q", scale=alt.Scale(nice="very")))

    with pytest.raises(alt.utils.schemapi.SchemaValidationError, match="nice"):
        broken()
    json.dumps(probe_chart("w").spec)  # a built spec is plain JSON
