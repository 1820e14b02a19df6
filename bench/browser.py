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

# Arms a promise that resolves at the end of the next rerun (the script state goes to
# "running" and back to "notRunning"), with the time it ended; null when no rerun starts
# within 2 s. Waiting on it is one call: polling the page every few milliseconds would
# itself keep the browser busy and lengthen the rerun it measures.
ARM = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__rerun = new Promise((resolve) => {
    let ran = false;
    const done = (value) => { observer.disconnect(); resolve(value); };
    const observer = new MutationObserver((records) => {
      const now = performance.now();
      const state = app.getAttribute('data-test-script-state');
      ran = ran || state === 'running' || records.some((r) => r.oldValue === 'running');
      if (ran && state === 'notRunning') done(now);
    });
    observer.observe(app, {attributes: true, attributeOldValue: true,
                           attributeFilter: ['data-test-script-state']});
    setTimeout(() => { if (!ran) done(null); }, 2000);
    setTimeout(() => done(-1), 30000);
  });
  return performance.now();
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
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited with code {proc.returncode} before it "
                                       f"served a page (log: {log.name})") from None
                if time.perf_counter() - started > 60:
                    raise RuntimeError(f"streamlit did not start within 60 s (log: {log.name})") from None
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


# The learner measured has switched "Ask me to predict first" off (ui/shell/progress.py keeps that
# choice in the browser's storage): every result is drawn, as before prediction moments existed,
# so reruns are compared like with like. A revision without the switch ignores the key.
ASKING_OFF = """
if (!window.localStorage.getItem('nn-dashboard-progress-v1')) {
  window.localStorage.setItem('nn-dashboard-progress-v1', JSON.stringify({ask: false}));
}
"""

# After the first run, the progress store may hand the stored record to Python, which reruns the
# page once: wait for that rerun (if one starts within the window) before the page counts as drawn.
SETTLE = """
(window_ms) => new Promise((resolve) => {
  const app = document.querySelector('[data-testid="stApp"]');
  let ran = false;
  const observer = new MutationObserver(() => {
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running') ran = true;
    if (ran && state === 'notRunning') { observer.disconnect(); resolve(performance.now()); }
  });
  observer.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  setTimeout(() => { if (!ran) { observer.disconnect(); resolve(null); } }, window_ms);
  setTimeout(() => { observer.disconnect(); resolve(null); }, 30000);
})
"""


def learner_context(b, **kwargs):
    """A new browser context whose learner has switched asking first off (see ASKING_OFF)."""
    ctx = b.new_context(**kwargs)
    ctx.add_init_script(ASKING_OFF)
    return ctx


def open_page(context, url: str) -> tuple[object, float]:
    """Open a page and return it with the seconds until it is fully drawn (the progress store's
    rerun included, when there is one)."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=60000)
    page.wait_for_timeout(100)
    wait_idle(page)
    drawn = time.perf_counter()
    origin = page.evaluate("() => performance.now()")
    ended = page.evaluate(SETTLE, 1000)
    if ended is not None:
        wait_idle(page)
        drawn += (ended - origin) / 1000
    return page, drawn - start


def rerun_times(page, changes: int, skip: int = 0) -> list[float]:
    """Move the first slider one step at a time, ``changes`` times; seconds from each key
    press to the end of its rerun.

    The slider first goes to values it has not had yet (rightwards, then leftwards from
    the far end), so no rerun can be answered from a cache of earlier values. A slider
    with fewer values than ``changes`` (page 7's padding has four) then goes back and forth
    over its range: a median of three would move by tens of milliseconds from run to run.

    The first ``skip`` changes go unmeasured: a later visit to the same server (whose
    ``st.cache_data`` every session shares) then measures values no earlier visit gave the
    slider, as far as the slider has values.
    """
    for slider in page.get_by_role("slider").all():  # the first one the learner can move
        if slider.is_enabled():  # a disabled slider is an <input type=range disabled>
            break
    else:
        return []
    times, key, turned, stuck, moved = [], "ArrowRight", False, 0, 0
    while len(times) < changes:
        took = None
        if not _at_end(slider, key):
            for _ in range(3):  # a key press is now and then lost: try again
                took = _press(page, slider, key)
                if took is not None:
                    break
        if took is None:  # the slider was at its end: nothing ran; go the other way
            stuck += 1
            if stuck > 1:  # neither way moves it: a slider of one value
                break
            key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
            if not turned:  # the first turn: skip back past the values already visited
                turned = True
                for _ in range(moved):
                    page.evaluate(ARM)
                    page.keyboard.press(key)
                    page.evaluate("() => window.__rerun")
            continue
        stuck = 0
        if not turned:
            moved += 1
        if skip > 0:
            skip -= 1
            if skip:  # no pause between unmeasured changes; one before the first measured
                continue
        else:
            times.append(took)
        page.wait_for_timeout(150)
    return times


def _at_end(slider, key: str) -> bool:
    """Whether ``key`` cannot move the slider (an <input type=range> at its min or max):
    pressing it would only wait 2 s, three times, for a rerun that never starts."""
    try:
        value, low, high = slider.evaluate("e => [e.valueAsNumber, +e.min, +e.max]")
    except Exception:  # not a plain range input: let the key press find out
        return False
    if any(v is None for v in (value, low, high)):  # NaN arrives as None
        return False
    return value >= high if key == "ArrowRight" else value <= low


def _press(page, slider, key: str) -> float | None:
    """Press ``key`` on ``slider``: seconds to the end of the rerun, ``None`` if none started."""
    slider.focus()
    t0 = page.evaluate(ARM)
    page.keyboard.press(key)
    ended = page.evaluate("() => window.__rerun")
    if ended is None:
        return None
    if ended < 0:
        raise TimeoutError("a rerun did not finish within 30 s")
    return (ended - t0) / 1000


def page_error(page) -> str | None:
    """The first line of the first exception the page shows, or ``None``."""
    shown = page.locator("[data-testid='stException']")
    if shown.count() == 0:
        return None
    text = shown.first.inner_text(timeout=5000).split("Traceback")[0]  # the message, not the stack
    return " ".join(text.split())[:160] or "an exception"


def page_urls(root: Path = ROOT) -> list[tuple[str, str]]:
    """(name, url path) of the home page and every page in ``root``/pages/ (found, not listed)."""
    found = [("home", "")]
    for f in sorted((root / "pages").glob("*.py")):
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


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    mem = ""
    if os.path.exists("/proc/meminfo"):
        with open("/proc/meminfo") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
            mem = f", {kb / 1024 / 1024:.1f} GiB memory"
    return f"{os.cpu_count()} cores{mem}"
