"""Vega-Lite charts written as plain dicts, with the few Altair idioms this app uses.

Why not Altair itself: for every chart Altair copies and re-checks its objects while the
chart is built and again when it is turned into JSON. Measured on this project's 2-core
machine, one layered chart of page 1 cost about 90 ms that way, most of a rerun; built
here it costs well under a millisecond, and the JSON Vega-Lite receives is the same.
The spelling is Altair's (``vl.Chart(df).mark_line(clip=True).encode(x=vl.X("x:Q",
title="x"), color=vl.Color("series:N", scale=vl.Scale(domain=..., range=...)))``,
``vl.layer(a, b).properties(height=300)``, ``a + b``), so a chart reads as the
Altair code a learner may know. The tests check every chart the pages draw against
the Vega-Lite JSON schema that ships with Altair (``validate`` below).

Only what the app needs is here: marks, encodings with ``field:type`` shorthands,
layers, properties, ``transform_filter`` with ``datum`` comparisons, ``configure_view``.

A chart's data is a DataFrame or a plain mapping of column name to values (a number or a
string stands for a whole column). The finished spec carries it as Arrow tables, which
Streamlit sends as they are: building them column by column costs a fraction of what
pandas' general conversion costs on every rerun.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
TYPES = {"Q": "quantitative", "N": "nominal", "O": "ordinal", "T": "temporal"}


# --- encodings ---------------------------------------------------------------------------


def _field(shorthand: str, typed: bool = True, **props: Any) -> dict:
    """``"x:Q"`` → ``{"field": "x", "type": "quantitative"}`` plus the given properties."""
    name, sep, kind = shorthand.rpartition(":")
    if not sep or kind not in TYPES:
        name, kind = shorthand, ""
    out: dict[str, Any] = {"field": name}
    if typed and kind:
        out["type"] = TYPES[kind]
    out.update(props)
    return out


def _channel(typed: bool = True):
    def make(shorthand: str, **props: Any) -> dict:
        return _field(shorthand, typed, **props)
    return make


X = Y = Color = Fill = Text = Tooltip = Order = Detail = Shape = Opacity = StrokeDash = _channel()
XOffset = Url = _channel()
X2 = Y2 = _channel(typed=False)  # the second end of a rule or rect shares the first one's type


def _props(**props: Any) -> dict:
    return props


Scale = Axis = Legend = _props
class _Expr:
    """A Vega expression such as ``datum.value >= 0``, built with Python operators."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _op(self, op: str, other: Any) -> _Expr:
        right = other.text if isinstance(other, _Expr) else json.dumps(_plain(other))
        return _Expr(f"({self.text} {op} {right})")

    def __eq__(self, other):
        return self._op("===", other)

    def __ne__(self, other):
        return self._op("!==", other)

    def __lt__(self, other):
        return self._op("<", other)

    def __le__(self, other):
        return self._op("<=", other)

    def __gt__(self, other):
        return self._op(">", other)

    def __ge__(self, other):
        return self._op(">=", other)

    def __and__(self, other):
        return self._op("&&", other)

    def __or__(self, other):
        return self._op("||", other)

    __hash__ = None  # type: ignore[assignment]


class _Datum:
    def __getattr__(self, name: str) -> _Expr:
        return _Expr(f"datum[{json.dumps(name)}]")


datum = _Datum()


# --- charts ------------------------------------------------------------------------------


Data = pd.DataFrame | Mapping[str, Any]


class Chart:
    """One mark on one table: ``Chart(df).mark_point(size=60).encode(x=X("x:Q"), ...)``."""

    def __init__(self, data: Data | None = None, spec: dict | None = None) -> None:
        self.data = data
        self.spec = spec if spec is not None else {}

    def _with(self, **changes: Any) -> Chart:
        return Chart(self.data, {**self.spec, **changes})

    def __getattr__(self, name: str):
        if not name.startswith("mark_"):
            raise AttributeError(name)
        kind = name[len("mark_"):]
        return lambda **props: self._with(mark={"type": kind, **props})

    def encode(self, **channels: Any) -> Chart:
        return self._with(encoding={**self.spec.get("encoding", {}), **channels})

    def properties(self, **props: Any) -> Chart:
        return self._with(**props)

    def transform_filter(self, expr: _Expr | str) -> Chart:
        text = expr.text if isinstance(expr, _Expr) else expr
        return self._with(transform=[*self.spec.get("transform", []), {"filter": text}])

    def configure_view(self, **props: Any) -> Chart:
        config = self.spec.get("config", {})
        return self._with(config={**config, "view": {**config.get("view", {}), **props}})

    def __add__(self, other: Chart | LayerChart) -> LayerChart:
        return layer(self, other)

    def to_dict(self, config: dict | None = None) -> dict:
        return _top(self._layer_dict, [self], self.spec, config)

    def _layer_dict(self, names: dict[int, str]) -> dict:
        out = {k: v for k, v in self.spec.items() if k not in ("config", "width", "height", "title")}
        if self.data is not None:
            out["data"] = {"name": names[id(self.data)]}
        return out


class LayerChart:
    """Charts drawn on top of each other with shared scales: ``layer(a, b)`` or ``a + b``."""

    def __init__(self, layers: list[Chart], spec: dict | None = None) -> None:
        self.layers = layers
        self.spec = spec if spec is not None else {}

    def properties(self, **props: Any) -> LayerChart:
        return LayerChart(self.layers, {**self.spec, **props})

    def configure_view(self, **props: Any) -> LayerChart:
        config = self.spec.get("config", {})
        return LayerChart(self.layers, {**self.spec, "config": {**config,
                                                               "view": {**config.get("view", {}), **props}}})

    def __add__(self, other: Chart | LayerChart) -> LayerChart:
        return layer(self, other)

    def to_dict(self, config: dict | None = None) -> dict:
        def body(names):
            return {"layer": [c._layer_dict(names) for c in self.layers]}
        return _top(body, self.layers, self.spec, config)


def layer(*charts: Chart | LayerChart) -> LayerChart:
    flat: list[Chart] = []
    spec: dict = {}
    for c in charts:
        if isinstance(c, LayerChart):
            flat += c.layers
            spec.update(c.spec)
        else:
            flat.append(c)
            spec.update({k: v for k, v in c.spec.items() if k in ("width", "height", "title")})
    return LayerChart(flat, spec)


TopLevel = Chart | LayerChart


def _top(body, charts: list[Chart], spec: dict, config: dict | None) -> dict:
    """The whole spec: datasets by name, the body, size and title, the theme's config.

    A chart whose spec stays the same while its numbers move is cheap for the browser: it
    swaps the new data into the chart it already has instead of building a new one. So the
    data-set names follow the spec, not the data, and numeric scale domains (which move
    with the data) are read from the data instead of being written into the spec."""
    tables: dict[int, Data] = {}
    for c in charts:
        if c.data is not None:
            tables.setdefault(id(c.data), c.data)
    marks = {k: f"{_MARK}{i}{_MARK}" for i, k in enumerate(tables)}
    out: dict[str, Any] = {"$schema": SCHEMA, **body(marks)}
    for key in ("width", "height", "title"):
        if key in spec:
            out[key] = spec[key]
    for c in charts:  # per-layer sizes belong on top in Vega-Lite
        for key in ("width", "height"):
            if key in c.spec and key not in out:
                out[key] = c.spec[key]
    merged = dict(config or {})
    for c in [*charts, spec]:
        view = (c.spec if isinstance(c, Chart) else c).get("config", {}).get("view")
        if view:
            merged["view"] = {**merged.get("view", {}), **view}
    if merged:
        out["config"] = merged
    out = _plain(out)
    frames = [arrow_table(data) for data in tables.values()]
    _hoist_domains(out, frames)
    text = json.dumps(out, sort_keys=True)
    stem = hashlib.blake2b(text.encode(), digest_size=6).hexdigest()
    out = json.loads(re.sub(f"{_MARK}(\\d+){_MARK}", f"data_{stem}_\\1", text))
    out["datasets"] = {f"data_{stem}_{i}": df for i, df in enumerate(frames)}
    return out


_MARK = "@@vl-data@@"  # stands for a data-set name until the spec's own name is known


def _scales(node: Any):
    """Every scale dict in a spec (not in its data sets), depth first."""
    if isinstance(node, dict):
        if isinstance(node.get("scale"), dict):
            yield node["scale"]
        for key, child in node.items():
            if key != "datasets":
                yield from _scales(child)
    elif isinstance(node, list):
        for child in node:
            yield from _scales(child)


def _hoist_domains(spec: Any, frames: list[pa.Table]) -> None:
    """Replace the numeric two-number scale domains in ``spec`` by expressions that read them
    from columns ``_domain``, ``_domain1``, ... added to the first table that has a row."""
    found = [scale["domain"] for scale in _scales(spec)
             if isinstance(scale.get("domain"), list) and len(scale["domain"]) == 2
             and all(type(v) in (int, float) for v in scale["domain"])]
    holder = next((i for i, table in enumerate(frames) if table.num_rows), None)
    if not found or holder is None:
        return
    values = [float(v) for domain in found for v in domain]
    rows = frames[holder].num_rows
    # value k sits in row k % rows of column k // rows; the cells below repeat the numbers,
    # so every cell is a finite number
    for j in range(-(-len(values) // rows)):
        frames[holder] = frames[holder].append_column(
            _domain_column(j), pa.array(np.resize(values[j * rows : (j + 1) * rows], rows)))
    name = f"{_MARK}{holder}{_MARK}"
    places = iter(range(len(values)))
    for domain in found:
        domain[:] = [{"expr": f"data('{name}')[{k % rows}]['{_domain_column(k // rows)}']"}
                     for k in (next(places) for _ in domain)]


def _domain_column(j: int) -> str:
    return "_domain" if j == 0 else f"_domain{j}"


def domains(spec: dict) -> list[list[Any]]:
    """Every scale domain of a finished spec, with the numbers read back from the data (for
    tests and for reading a chart: what range does it show?)."""
    def value(v: Any) -> Any:
        m = (re.fullmatch(r"data\('([^']+)'\)\[(\d+)\]\['(_domain\d*)'\]", v["expr"])
             if isinstance(v, dict) else None)
        return float(spec["datasets"][m[1]].column(m[3])[int(m[2])].as_py()) if m else v

    return [[value(v) for v in scale["domain"]] for scale in _scales(spec)
            if isinstance(scale.get("domain"), list)]


def arrow_table(data: Data) -> pa.Table:
    """A chart's data as an Arrow table, built column by column. Missing numbers (NaN, None)
    become nulls, as in pandas' own conversion, so Vega leaves a gap there."""
    if isinstance(data, pd.DataFrame):
        return pa.table({str(name): _arrow_column(data[name]) for name in data.columns})
    arrays = {name: values for name, values in data.items() if not _is_scalar(values)}
    rows = max((len(values) for values in arrays.values()), default=1)
    return pa.table({str(name): _arrow_column([values] * rows if _is_scalar(values) else values)
                     for name, values in data.items()})


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | np.generic) or value is None


def _arrow_column(values: Any) -> pa.Array:
    if isinstance(values, pd.Series):
        if values.dtype.kind in "biuf":
            return pa.array(values.to_numpy(), from_pandas=True)
        if hasattr(values.array, "__arrow_array__"):  # pandas' Arrow-backed strings
            return pa.array(values.array)
        values = values.tolist()
    if isinstance(values, np.ndarray) or (isinstance(values, range)):
        return pa.array(np.asarray(values), from_pandas=True)
    return pa.array(list(values), from_pandas=True)


def _plain(value: Any) -> Any:
    """NumPy scalars and arrays as plain JSON values; NaN and infinities as null."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [_plain(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        value = float(value)
        return value if np.isfinite(value) else None
    return value


# --- checking, for the tests ---------------------------------------------------------------


@cache
def _validator():
    """A JSON-schema validator for Vega-Lite v6, from the schema file Altair ships."""
    from importlib.resources import files

    import jsonschema

    schema = json.loads(files("altair.vegalite.v6.schema").joinpath("vega-lite-schema.json")
                        .read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def validate(spec: dict) -> None:
    """Raise ``ValueError`` naming the first problem if ``spec`` is not valid Vega-Lite."""
    checked = {k: v for k, v in spec.items() if k != "datasets"}
    checked["datasets"] = {name: [] for name in spec.get("datasets", {})}
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(checked))
    while error is not None and error.context:  # an anyOf at the top: the deepest cause
        error = max(error.context, key=lambda e: len(e.absolute_path))
    if error is not None:
        path = "/".join(str(p) for p in error.absolute_path)
        raise ValueError(f"not a valid Vega-Lite spec at {path or 'top'}: {error.message[:300]}")
