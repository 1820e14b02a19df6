"""Training runs of the playground, kept in session state and advanced in bounded chunks.

A run belongs to one ``core.playground.run_key(setup)``. Training advances it a
few epochs at a time — each chunk takes about ``CHUNK_SECONDS`` — and stores the
state after every chunk, so a click anywhere (which makes Streamlit rerun and so
stops the loop) interrupts training without losing what was done, and "Train"
continues from there. Finished runs stay in the session (a few of them), so
switching back to a setup shows its result at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from core.playground import Setup, build_network, make_split, run_key
from core.training import train

CHUNK_SECONDS = 0.15
KEPT_RUNS = 12
_RUNS = "p8_runs"


@dataclass
class Run:
    """The progress of one run: parameters, momentum and per-epoch history."""

    layers: list
    velocity: list | None = None
    epochs_done: int = 0
    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    diverged_at: int | None = None
    seconds: float = 0.0


@st.cache_data(show_spinner=False, max_entries=32)
def data_for(setup: Setup):
    """(x_train, t_train, x_test, t_test): cached, since scikit-learn's generators are slow to load."""
    return make_split(setup)


def current_run(setup: Setup) -> Run:
    runs: dict = st.session_state.setdefault(_RUNS, {})
    key = run_key(setup)
    if key not in runs:
        runs[key] = Run(layers=build_network(setup))
        while len(runs) > KEPT_RUNS:
            runs.pop(next(iter(runs)))
    return runs[key]


def finished(run: Run, setup: Setup) -> bool:
    return run.diverged_at is not None or run.epochs_done >= setup.epochs


def advance(run: Run, setup: Setup, on_chunk=None) -> None:
    """Train ``run`` up to ``setup.epochs`` in chunks, calling ``on_chunk(run)`` after each."""
    x, t, xt, tt = data_for(setup)
    test = (xt, tt) if len(xt) else (None, None)
    per_epoch = None
    while not finished(run, setup):
        remaining = setup.epochs - run.epochs_done
        chunk = 1 if per_epoch is None else max(1, min(remaining, int(CHUNK_SECONDS / per_epoch)))
        start = time.perf_counter()
        h = train(run.layers, x, t, loss=setup.head[1], lr=setup.lr, epochs=chunk,
                  batch_size=setup.batch_size, momentum=setup.momentum, seed=setup.seed,
                  start_epoch=run.epochs_done, velocity=run.velocity, x_test=test[0], t_test=test[1],
                  freeze_biases=setup.freeze_biases,
                  lr_decay_epochs=setup.epochs if setup.lr_decay else None)
        spent = time.perf_counter() - start
        per_epoch = max(spent / chunk, 1e-5)
        run.layers, run.velocity, run.epochs_done = h.layers, h.velocity, h.epochs_done
        run.loss += h.loss.tolist()
        run.accuracy += [] if h.accuracy is None else h.accuracy.tolist()
        run.test_loss += [] if h.test_loss is None else h.test_loss.tolist()
        run.test_accuracy += [] if h.test_accuracy is None else h.test_accuracy.tolist()
        run.diverged_at = h.diverged_at
        run.seconds += spent
        if on_chunk is not None:
            on_chunk(run)


def reset(setup: Setup) -> None:
    st.session_state.setdefault(_RUNS, {}).pop(run_key(setup), None)


def history_arrays(run: Run) -> dict[str, np.ndarray]:
    return {name: np.array(values, dtype=float) for name, values in
            (("loss", run.loss), ("accuracy", run.accuracy), ("test_loss", run.test_loss),
             ("test_accuracy", run.test_accuracy))}
