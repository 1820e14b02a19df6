"""Altair charts whose spec is built once and whose numbers are swapped on every rerun.

A chart is written with Altair on *named* data, ``alt.Chart(alt.NamedData("curve"))``, in a
function decorated with ``@chart``. The decorator caches what the function returns, turned into
a Vega-Lite spec: Altair builds and serialises it once per set of arguments (the chart's
structure and the language of its titles), not on every rerun. ``show(spec, curve=frame)`` then
draws that same spec with this run's tables.

Why: when a slider moves, the browser receives a spec it already has, with new numbers, and swaps
the data into the chart it already drew instead of building a new one (Streamlit compares the
spec's text). For the same reason a scale whose range moves with the numbers reads it from the
data: ``alt.Scale(domain=domain("curve", "w"))`` in the chart, ``show(..., domains={"w": (lo, hi)})``
when drawing, which writes ``lo`` and ``hi`` into the table "curve".

Tables are DataFrames or plain mappings of column name to values (a number or a string stands for
a whole column); they travel as Arrow tables built column by column, which costs a fraction of
pandas' general conversion. Missing numbers (NaN) become nulls, so Vega leaves a gap there.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from core.format import fmt
from ui.plot import theme  # noqa: F401  (registers and enables the app's Altair theme)

# The tests validate every spec against the Vega-Lite schema (tests/conftest.py sets this);
# the running app skips that check: its charts are fixed code, and each is built once anyway.
VALIDATE = os.environ.get("NN_CHECK_CHARTS") == "1"

Table = pd.DataFrame | Mapping[str, Any]
_DOMAIN = re.compile(r"data\('([^']+)'\)\[0\]\['_([^']+)_(lo|hi)'\]")


@dataclass(frozen=True)
class Spec:
    """A finished Vega-Lite spec without its data, and what ``show`` must give it."""

    spec: dict
    tables: tuple[str, ...]        # the named data sets it reads
    domains: dict[str, str]        # domain name -> the table that carries its two numbers


def chart(build: Callable[..., alt.TopLevelMixin]) -> Callable[..., Spec]:
    """Decorator: ``build(*args)`` returns an Altair chart on named data; the decorated function
    returns its ``Spec``, built once per arguments (which must be hashable: strings, numbers,
    tuples)."""

    @functools.lru_cache(maxsize=128)
    @functools.wraps(build)
    def cached(*args: Any, **kwargs: Any) -> Spec:
        spec = build(*args, **kwargs).to_dict(validate=VALIDATE)
        # drawn on a canvas: Streamlit's default, SVG, rebuilds the marks' elements on every
        # change of the data (measured on page 4: 191 -> 170 ms of browser work per change)
        spec["usermeta"] = {"embedOptions": {"renderer": "canvas"}}
        tables = tuple(sorted(set(_data_names(spec))))
        found = {name: table for table, name, _ in _DOMAIN.findall(json.dumps(spec))}
        return Spec(spec, tables, found)

    return cached


def domain(table: str, name: str) -> list[alt.ExprRef]:
    """A scale domain read from the data: the columns ``_<name>_lo`` and ``_<name>_hi`` of the
    table ``table``, which ``show(..., domains={name: (lo, hi)})`` fills."""
    return [alt.ExprRef(expr=f"data('{table}')[0]['_{name}_{end}']") for end in ("lo", "hi")]


def show(spec: Spec, *, domains: Mapping[str, tuple[float, float]] | None = None,
         stretch: bool = True, **tables: Table) -> None:
    """Draw ``spec`` with this run's tables (one keyword per named data set) at full width, or at
    its own size (``stretch=False``)."""
    st.vega_lite_chart(spec=with_data(spec, domains, **tables), theme=None,
                       width="stretch" if stretch else "content")


def with_data(spec: Spec, domains: Mapping[str, tuple[float, float]] | None = None,
              **tables: Table) -> dict:
    """The full Vega-Lite spec: ``spec`` with its data sets (for ``show``, and for tests)."""
    if set(tables) != set(spec.tables):
        raise ValueError(f"the chart reads the tables {spec.tables}, got {tuple(sorted(tables))}")
    arrow = {name: arrow_table(values) for name, values in tables.items()}
    wanted = dict(domains or {})
    if set(wanted) != set(spec.domains):
        raise ValueError(f"the chart reads the domains {sorted(spec.domains)}, got {sorted(wanted)}")
    for name, (lo, hi) in wanted.items():
        holder = spec.domains[name]
        arrow[holder] = _with_constants(arrow[holder], {f"_{name}_lo": lo, f"_{name}_hi": hi})
    return {**spec.spec, "datasets": arrow}


def arrow_table(data: Table) -> pa.Table:
    """A chart's table as an Arrow table, built column by column."""
    if isinstance(data, pd.DataFrame):
        return pa.table({str(name): _column(data[name]) for name in data.columns})
    rows = max((len(v) for v in data.values() if not _is_scalar(v)), default=1)
    return pa.table({str(name): _column([v] * rows if _is_scalar(v) else v) for name, v in data.items()})


def texts(values: Any, digits: int = 4) -> list[str]:
    """Numbers written by the app's one formatter, for tooltips and labels."""
    return [fmt(v, digits) for v in np.asarray(values, dtype=float).ravel().tolist()]


def _with_constants(table: pa.Table, columns: dict[str, float]) -> pa.Table:
    """``table`` with constant columns added. An empty table gets one row of nulls first, so
    a domain can be read from it (a mark drops a row whose position is null)."""
    if table.num_rows == 0:
        table = pa.table({name: pa.nulls(1, type=table.schema.field(name).type)
                          for name in table.column_names})
    for name, value in columns.items():
        table = table.append_column(name, pa.array(np.full(table.num_rows, float(value))))
    return table


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | np.generic) or value is None


def _column(values: Any) -> pa.Array:
    if isinstance(values, pd.Series):
        if values.dtype.kind in "biuf":
            return pa.array(values.to_numpy(), from_pandas=True)
        values = values.tolist()
    if isinstance(values, np.ndarray | range):
        return pa.array(np.asarray(values), from_pandas=True)
    return pa.array(list(values), from_pandas=True)


def _data_names(node: Any):
    """The names of the data sets a spec reads (``"data": {"name": ...}`` anywhere in it)."""
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            yield data["name"]
        for child in node.values():
            yield from _data_names(child)
    elif isinstance(node, list):
        for child in node:
            yield from _data_names(child)
