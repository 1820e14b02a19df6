"""python -m bench [--quick] [--compare REV]: measure the app against its budgets; write BENCHMARKS.md.

Budgets on the 2-core reference machine: a widget change reruns in at most 250 ms
(median) on every page; cold start at most 1.5x `streamlit hello`; server memory
at most 300 MB after every page was visited and at most 15 MB per extra session;
vectorised convolution at least 20x the readable loops; one training epoch no
slower than scikit-learn's.

``--classroom`` instead simulates a class on one server and ``--page-open`` times sidebar clicks in
Chromium; both write their own section of BENCHMARKS.md (bench/classroom.py, bench/page_open.py).

``--compare REV`` instead measures every page's rerun median in the working tree and in
git revision REV, alternately in one run, and writes BENCHMARKS-compare.md (bench/compare.py).
"""

from __future__ import annotations

import argparse
import datetime
import platform
import sys
import time
from pathlib import Path

import numpy as np

from bench import browser

ROOT = browser.ROOT
SESSIONS = 10


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool | None]] = []

    def add(self, measure: str, value: str, budget: str = "", ok: bool | None = None) -> None:
        self.rows.append((measure, value, budget, ok))
        status = "" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{measure:<56} {value:>14}  {budget:<14} {status}", flush=True)

    def passed(self) -> bool:
        return all(ok is not False for *_, ok in self.rows)

    def markdown(self) -> str:
        lines = ["| measure | value | budget | result |", "| --- | ---: | --- | --- |"]
        for measure, value, budget, ok in self.rows:
            result = "" if ok is None else ("PASS" if ok else "FAIL")
            lines.append(f"| {measure} | {value} | {budget} | {result} |")
        return "\n".join(lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def cold_start(pw, args: list[str], path: str = "") -> float:
    """Seconds from starting the server process to the first page fully drawn."""
    b = browser.launch(pw)  # launched first: the browser's own start-up is not the app's
    try:
        with browser.server(args) as (url, _proc, started):
            ctx = b.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            page.goto(f"{url}/{path}", timeout=60000)
            page.wait_for_timeout(50)
            browser.wait_idle(page)
            page.locator("h1").first.wait_for(timeout=60000)
            return time.perf_counter() - started
    finally:
        b.close()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a few minutes)")
    parser.add_argument("--compare", metavar="REV",
                        help="rerun medians of the working tree against git revision REV, measured "
                             "alternately in one run (exit code 1 if a page is over 1.10x REV's)")
    parser.add_argument("--output", help="BENCHMARKS.md, or BENCHMARKS-compare.md with --compare")
    parser.add_argument("--pages", help="with --compare: only these pages (url names, comma-separated)")
    parser.add_argument("--classroom", action="store_true",
                        help="a class of simulated learners on one server (bench/classroom.py); writes "
                             "the Classroom section of BENCHMARKS.md, keeping the rest")
    parser.add_argument("--learners", default="1,10,30",
                        help="with --classroom: the class sizes, one phase each (default 1,10,30)")
    parser.add_argument("--training", type=int, default=5,
                        help="with --classroom: how many of the largest class train on the playground")
    parser.add_argument("--minutes", type=float, default=1.5, help="with --classroom: length of each phase")
    parser.add_argument("--url", help="with --classroom: a running server, e.g. behind a reverse proxy "
                                      "(else one is started); its memory and CPU are measured if "
                                      "BENCH_SERVER_PID names its process")
    parser.add_argument("--page-open", action="store_true",
                        help="time page opens in Chromium (bench/page_open.py); with --classroom, after it")
    opts = parser.parse_args()
    if opts.classroom or opts.page_open:
        from bench import classroom

        output = Path(opts.output or ROOT / "BENCHMARKS.md")
        command = "python -m bench " + " ".join(sys.argv[1:])
        if not opts.classroom:
            return classroom.run_page_open(output, command)
        sizes = [int(n) for n in opts.learners.split(",")]
        return classroom.run(sizes, opts.training, opts.minutes, opts.url, output, opts.page_open, command)
    if opts.compare:
        from bench import compare

        pages = set(opts.pages.split(",")) if opts.pages else None
        output = Path(opts.output or ROOT / "BENCHMARKS-compare.md")
        return compare.run(opts.compare, opts.quick, output, pages)
    opts.output = opts.output or str(ROOT / "BENCHMARKS.md")
    # imported here: --compare must run while core is broken mid-edit (a page then errors)
    from bench.core_speed import conv_speedup, epoch_times
    repeats = 1 if opts.quick else 3
    # a median of 4 moved by about 50 ms from run to run; 6 steadies it at little cost
    changes = 6 if opts.quick else 8
    from playwright.sync_api import sync_playwright

    table = Table()
    print(f"{'measure':<56} {'value':>14}  {'budget':<14} result")
    with sync_playwright() as pw:
        # 1. cold start, ours against `streamlit hello`, alternating so load drift is shared
        ours, hello = [], []
        for _ in range(repeats):
            ours.append(cold_start(pw, ["run", "app.py"]))
            hello.append(cold_start(pw, ["hello"]))
        ratio = browser.median(ours) / browser.median(hello)
        table.add("cold start: app.py to home page drawn", ms(browser.median(ours)))
        table.add("cold start: streamlit hello", ms(browser.median(hello)))
        table.add("cold start ratio (app / hello)", f"{ratio:.2f}x", "<= 1.5x", ratio <= 1.5)

        b = browser.launch(pw)
        # 2. the yardstick: a trivial one-slider page, measured the same way
        with browser.server(["run", str(ROOT / "bench" / "trivial_app.py")]) as (url, _p, _s):
            ctx = b.new_context(viewport={"width": 1400, "height": 1000})
            page, _ = browser.open_page(ctx, url)
            trivial = browser.median(browser.rerun_times(page, changes))
            ctx.close()
        table.add("rerun: trivial one-slider page (median)", ms(trivial))

        # 3. every page: first render and rerun after a widget change, then memory
        with browser.server(["run", "app.py"]) as (url, proc, _s):
            worst = 0.0
            for name, path in browser.page_urls():
                for lang in ("en", "ja") if not opts.quick else ("en",):
                    ctx = browser.learner_context(b, viewport={"width": 1400, "height": 1000})
                    page, first = browser.open_page(ctx, f"{url}/{path}?lang={lang}")
                    reruns = browser.rerun_times(page, changes) if lang == "en" else []
                    ctx.close()
                    if lang != "en":
                        continue
                    table.add(f"first render: {name}", ms(first))
                    if reruns:
                        med = browser.median(reruns)
                        worst = max(worst, med)
                        table.add(f"rerun after a widget change: {name} (median)",
                                  f"{ms(med)} ({med / trivial:.1f}x)", "<= 250 ms", med <= 0.25)
            rss_all = browser.rss_mb(proc.pid)
            table.add("server memory after every page", f"{rss_all:.0f} MB", "<= 300 MB",
                      rss_all <= 300)
            # 4. ten more sessions at once, each on a different page
            contexts, paths = [], [p for _, p in browser.page_urls()]
            before = browser.rss_mb(proc.pid)
            for i in range(SESSIONS):
                ctx = b.new_context(viewport={"width": 1200, "height": 900})
                page = ctx.new_page()
                page.goto(f"{url}/{paths[i % len(paths)]}?lang={'ja' if i % 2 else 'en'}", timeout=60000)
                contexts.append((ctx, page))
            for _ctx, page in contexts:
                page.wait_for_timeout(50)
                browser.wait_idle(page)
            after = browser.rss_mb(proc.pid)
            per_session = (after - before) / SESSIONS
            table.add(f"memory per extra session ({SESSIONS} at once)", f"{per_session:.1f} MB",
                      "<= 15 MB", per_session <= 15)
            for ctx, _page in contexts:
                ctx.close()
        b.close()

    # 5. core against loops and against scikit-learn
    speedup = conv_speedup(opts.quick)
    table.add("conv2d forward+backward: loops / vectorised", f"{speedup:.0f}x", ">= 20x", speedup >= 20)
    ours, theirs = epoch_times(opts.quick)
    table.add("one epoch, seed 002 preset: core", ms(ours))
    table.add("one epoch, seed 002 preset: scikit-learn MLPClassifier", ms(theirs))
    table.add("epoch time ratio (core / scikit-learn)", f"{ours / theirs:.2f}x", "<= 1.0x",
              ours <= theirs)

    import streamlit

    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    header = (f"# Benchmarks\n\n`python -m bench{' --quick' if opts.quick else ''}` on {stamp}; "
              f"{browser.machine()}; Python {platform.python_version()}, Streamlit "
              f"{streamlit.__version__}, NumPy {np.__version__}.\n\n"
              "Rerun times run from the key press that moves a page's first slider to the end of "
              f"the rerun it causes, as seen in Chromium, {changes} changes per page (to values the "
              "slider has not had yet, then back and forth over a short range); the ratio in "
              "brackets compares with a page holding one slider and nothing else. The learner "
              "measured has switched \"Ask me to predict first\" off, so every result is drawn.\n\n")
    from bench.classroom import kept_section

    kept = kept_section(Path(opts.output))  # --classroom's section stays as it was
    Path(opts.output).write_text(header + table.markdown() + "\n" + ("\n" + kept if kept else ""),
                                 encoding="utf-8")
    print(f"\n{'all budgets PASS' if table.passed() else 'some budgets FAIL'}; wrote {opts.output}")
    return 0 if table.passed() else 1


if __name__ == "__main__":
    sys.exit(main())
