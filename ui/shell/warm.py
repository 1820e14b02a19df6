"""Prepare the heavy modules once per server, in the background, so that no learner waits for them.

A page imports what it needs only when it first runs (scikit-learn only where it is used), which
keeps the first page light; but then the first learner to open the convolution or the playground
page after a server start would wait a second or more for scikit-learn to import and its sample
photos to load. ``start`` is called by every page's frame: the first call, in the first session
of the process, starts one daemon thread that imports those modules and reads those photos
while the learner reads the page they opened. Later calls do nothing. Python's import lock makes a
page that needs a module the thread is importing wait for that import, never import it twice.
"""

from __future__ import annotations

import importlib
import threading

#: The modules a page imports on first use, slowest first (seconds on the 2-core machine).
MODULES = ("sklearn.neural_network",   # 1.25: the playground's scikit-learn reference
           "sklearn.datasets",         # 1.0: the playground's data, the convolution page's photos
           "altair", "pandas",         # 0.6 each: every chart and table
           "PIL.Image")

_lock = threading.Lock()
_thread: threading.Thread | None = None


def _prepare() -> None:
    for name in MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # a page that needs it says so itself
            continue
    try:
        from sklearn.datasets import load_sample_image

        for photo in ("china.jpg", "flower.jpg"):  # decoded once; the files stay in the OS cache
            load_sample_image(photo)
    except Exception:  # noqa: BLE001 - warming up is a favour, never an error a learner sees
        pass


def start() -> threading.Thread:
    """Start the warm-up thread unless it was started before; return it (tests wait on it)."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_prepare, name="warm-up", daemon=True)
            _thread.start()
        return _thread
