"""The warm-up thread: started once per process, it leaves the heavy modules imported."""

import sys

from ui.shell import warm


def test_the_warm_up_runs_once_and_imports_the_heavy_modules():
    first = warm.start()
    assert warm.start() is first  # every later page run finds it started
    first.join(timeout=120)
    assert not first.is_alive() and first.daemon and first.name == "warm-up"
    for name in ("sklearn.neural_network", "sklearn.datasets", "altair", "pandas", "PIL.Image"):
        assert name in sys.modules, name
