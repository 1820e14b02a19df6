"""A streamlit server and Chromium, driven the way a learner uses the app."""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# Records every change of the app's script state with a timestamp, so a rerun can be
# timed from the moment of the input to the moment the script has finished.
OBSERVER = """
() => {
  window.__states = [];
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => window.__states.push(
      [app.getAttribute('data-test-script-state'), performance.now()]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(args: list[str], cwd: Path = ROOT):
    """Start ``python -m streamlit <args>`` on a free port; yield (url, process, seconds to healthy)."""
    port = free_port()
    log = open(Path(tempfile.gettempdir()) / f"bench-streamlit-{port}.log", "w")  # noqa: SIM115
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", *args, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
        # the app as learners get it: without the tests' chart-schema check
        env={k: v for k, v in os.environ.items() if k != "NN_CHECK_CHARTS"})
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                if time.perf_counter() - started > 60:
                    raise RuntimeError("streamlit did not start within 60 s") from None
                time.sleep(0.05)
        yield url, proc, started
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def launch(playwright):
    own = Path(playwright.chromium.executable_path)
    if own.exists():
        return playwright.chromium.launch(args=ARGS)
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)


def wait_idle(page, timeout_ms: int = 60000) -> None:
    """Until the script run is over and no element is still a loading skeleton."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout_ms)
    page.locator("[data-testid='stSkeleton']").first.wait_for(state="detached", timeout=timeout_ms)


def open_page(context, url: str) -> tuple[object, float]:
    """Open a page and return it with the seconds until it is fully drawn."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=60000)
    page.wait_for_timeout(100)
    wait_idle(page)
    return page, time.perf_counter() - start


def rerun_times(page, changes: int) -> list[float]:
    """Move the first slider one step at a time, ``changes`` times, always to a value it has
    not had yet (rightwards, or leftwards from the far end), so no rerun can be answered
    from a cache of earlier values; seconds from each key press to the end of its rerun."""
    for slider in page.get_by_role("slider").all():  # the first one the learner can move
        if slider.is_enabled():  # a disabled slider is an <input type=range disabled>
            break
    else:
        return []
    page.evaluate(OBSERVER)
    times, key = [], "ArrowRight"
    while len(times) < changes:
        took = None
        for _ in range(3):  # a key press is now and then lost: try again
            took = _press(page, slider, key)
            if took is not None:
                break
        if took is None:  # the slider was at its end: nothing ran; go the other way
            if key == "ArrowLeft":
                break
            key = "ArrowLeft"
            for _ in range(len(times)):  # skip back past the values already visited
                page.keyboard.press(key)
                _rerun_seconds(page, page.evaluate("() => performance.now()"))
            continue
        times.append(took)
        page.wait_for_timeout(150)
    return times


def _press(page, slider, key: str) -> float | None:
    slider.focus()
    page.evaluate("() => { window.__states = []; }")
    t0 = page.evaluate("() => performance.now()")
    page.keyboard.press(key)
    return _rerun_seconds(page, t0)


def _rerun_seconds(page, t0: float) -> float | None:
    """Seconds from ``t0`` to the end of the rerun that followed; ``None`` if none started."""
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        states = page.evaluate("() => window.__states")
        if any(s == "running" for s, _ in states) and states[-1][0] == "notRunning":
            return (states[-1][1] - t0) / 1000
        if not states and time.perf_counter() > deadline - 28:  # 2 s and the app never started
            return None
        page.wait_for_timeout(10)
    raise TimeoutError("a rerun did not finish within 30 s")


def page_urls() -> list[tuple[str, str]]:
    """(name, url path) of the home page and every page in pages/ (found, not listed)."""
    found = [("home", "")]
    for f in sorted((ROOT / "pages").glob("*.py")):
        path = re.sub(r"^\d+_", "", f.stem)
        found.append((path, path))
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("VmRSS not found")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    mem = ""
    if os.path.exists("/proc/meminfo"):
        with open("/proc/meminfo") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
            mem = f", {kb / 1024 / 1024:.1f} GiB memory"
    return f"{os.cpu_count()} cores{mem}"
