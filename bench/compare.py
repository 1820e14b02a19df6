"""python -m bench --compare REV: every page's rerun median, working tree against REV, in one run.

The machine's speed drifts by up to 2x between days, so a median is compared only with
one measured in the same run, on the same machine, within the same minute:

- REV (any git revision) is checked out with ``git worktree add --detach`` into a
  temporary directory, removed again at the end, also on an error or Ctrl-C. The working
  tree, uncommitted changes included, is "new"; REV is "old".
- One ``streamlit run app.py`` server per tree, both started with this Python
  (``sys.executable``) and so with the same Streamlit; a check before the start refuses
  to go on if the two trees would import different Streamlit packages, or a tree would
  import ``ui``/``core`` from outside itself.
- Each page of the new tree (a page missing in REV is reported as such) is opened in
  English on one side, its first slider moved ``changes`` times (``browser.rerun_times``),
  then the same on the other side, and so on for ``rounds`` rounds, the order
  alternating: old/new, new/old, old/new. A round after the first skips, unmeasured, the
  values earlier rounds gave the slider (as far as it has values): ``st.cache_data`` is
  shared by every session of a server, and BENCHMARKS.md measures values not seen yet.
  A side's median is over all its changes; its first render is the first visit's.
- A page passes when new <= 1.10 x old, or new <= old + 10 ms when both medians are
  below 40 ms. Nothing more is tolerated. Each round's own ratio is listed too, and each
  side's spread (how far its round medians lie apart); a page whose rounds disagree on
  the verdict, or whose spread on either side exceeds 10 %, is marked "noisy": its
  result rests on noise as much as on the code. The mark never changes the verdict.
- The trivial one-slider page (bench/trivial_app.py) is measured once, as a yardstick.
- A page that raises, shows an exception, or a server that does not start or dies, is
  reported as an error on that side (exit code 1 for the new side), not a crash.

Both servers run at once, decided by measuring on this 2-core machine: three pages, each
measured 4 times alone and 4 times with a second, idle server running that had just
served a visit (as here), alternated, gave medians of 95/89, 132/125 and 185/198 ms
(alone/two): differences of -6 %, -5 % and +7 %, in both directions and smaller than
one visit's spread (visit medians of one page ranged over +-25 %). The idle server used
20 to 70 ms of CPU during a visit of about 6 s (the clean-up of the session just
closed), under 1 % of a core; every run records and prints that figure. Running the
servers one at a time would mean a cold start, cold imports and empty caches before
every visit, or alternating only once a minute. (Measured while other test runs also
loaded the machine.)

Default: 8 changes x 3 rounds; --quick: 6 x 2. For 9 pages they took 10.3 and 4.5 to 6.5
minutes with other test runs loading the machine (load average 4 to 9 on 2 cores); a
quiet machine is faster. Every run prints its load average: above the core count + 1,
something else shared the machine and every figure is noisier (both sides alike).
"""

from __future__ import annotations

import datetime
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench import browser

ROOT = browser.ROOT
LIMIT = 1.10      # new <= 1.10 x old ...
TINY = 0.040      # ... or, when both medians are below 40 ms,
SLACK = 0.010     # new <= old + 10 ms
VIEWPORT = {"width": 1400, "height": 1000}
RULE = ("new <= 1.10 x old, or new <= old + 10 ms when both medians are below 40 ms "
        "(no other tolerance)")


def within(old: float, new: float) -> bool:
    """The verdict on two medians in seconds."""
    if old < TINY and new < TINY:
        return new <= old + SLACK
    return new <= LIMIT * old


@dataclass
class Side:
    """One tree's figures for one page."""

    first: float | None = None                                 # seconds, first visit
    rounds: list[list[float]] = field(default_factory=list)    # rerun seconds, per round
    error: str | None = None
    missing: bool = False                                      # no such page in this tree
    no_slider: bool = False                                    # nothing to move: one visit is enough

    @property
    def times(self) -> list[float]:
        return [t for r in self.rounds for t in r]

    @property
    def median(self) -> float | None:
        times = self.times
        return browser.median(times) if times else None

    @property
    def spread(self) -> float | None:
        """How far this side's round medians lie apart: (largest - smallest) / smallest."""
        medians = [browser.median(r) for r in self.rounds if r]
        return max(medians) / min(medians) - 1 if len(medians) > 1 else None

    @property
    def usable(self) -> bool:
        return not self.missing and self.error is None and not self.no_slider


@dataclass
class Row:
    name: str
    old: Side
    new: Side

    def round_ratios(self) -> list[tuple[float, bool]]:
        """(new / old, verdict) of every round both sides measured."""
        out = []
        for o, n in zip(self.old.rounds, self.new.rounds, strict=False):
            if o and n:
                mo, mn = browser.median(o), browser.median(n)
                out.append((mn / mo, within(mo, mn)))
        return out

    def result(self) -> tuple[str, bool | None]:
        """(what the result column says, passed: None when nothing was judged)."""
        if self.new.error is not None:
            return "ERROR", False
        if self.old.missing:
            return "new page (not in REV)", None
        if self.old.error is not None:
            return "no baseline (REV: error)", None
        old, new = self.old.median, self.new.median
        if old is None and new is None:
            return "no slider", None
        if old is None or new is None:
            return f"not compared (no slider in {'REV' if old is None else 'the working tree'})", None
        ok = within(old, new)
        return ("PASS" if ok else "FAIL") + (" (noisy)" if self.noisy() else ""), ok

    def noisy(self) -> bool:
        """The rounds disagree on the verdict, or one side's rounds lie further apart than the
        10 % the rule tests for: the same code, measured twice, moved by more than that."""
        spreads = [s for s in (self.old.spread, self.new.spread) if s is not None]
        return len({v for _, v in self.round_ratios()}) > 1 or any(s > LIMIT - 1 for s in spreads)


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.0f} ms"


class Refused(Exception):
    """The comparison cannot be made: a bad revision, or two trees that would not run alike."""


def git(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise Refused(f"git {' '.join(args)}: {done.stderr.strip() or done.returncode}")
    return done.stdout.strip()


@contextmanager
def worktree(rev: str):
    """REV checked out (detached) in a temporary directory; yields (path, commit hash)."""
    try:
        commit = git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except Refused:
        raise Refused(f"{rev!r} names no commit of this repository") from None
    parent = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    tree = parent / "rev"
    try:
        git("worktree", "add", "--detach", str(tree), commit)
        yield tree, commit
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                       capture_output=True)
        shutil.rmtree(parent, ignore_errors=True)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)


PROBE = """
import importlib.util, json, sys
import streamlit
where = {}
for name in ("ui", "core"):
    spec = importlib.util.find_spec(name)
    where[name] = None if spec is None else (spec.origin or list(spec.submodule_search_locations)[0])
print(json.dumps({"python": sys.executable, "version": sys.version.split()[0],
                  "streamlit": streamlit.__file__, "streamlit_version": streamlit.__version__,
                  "where": where}))
"""


def probe(tree: Path) -> dict:
    """What a server started in ``tree`` would run: Python, Streamlit, and where ui/core come from."""
    import json

    env = {k: v for k, v in os.environ.items() if k != "NN_CHECK_CHARTS"}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tree, env=env, capture_output=True,
                          text=True, timeout=120)
    if done.returncode != 0:
        raise Refused(f"cannot import streamlit in {tree}: {done.stderr.strip()[-300:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def same_runtime(old_tree: Path, new_tree: Path) -> dict:
    old, new = probe(old_tree), probe(new_tree)
    for key in ("python", "streamlit", "streamlit_version"):
        if old[key] != new[key]:
            raise Refused(f"the two servers would differ in {key}: {old[key]} / {new[key]}")
    for tree, found in ((old_tree, old), (new_tree, new)):
        for name, where in found["where"].items():
            if where is not None and not Path(where).resolve().is_relative_to(tree.resolve()):
                raise Refused(f"a server in {tree} would import {name} from {where}")
    return new


class Server:
    """One tree's streamlit server, or why it is not running."""

    def __init__(self, label: str, tree: Path, stack: ExitStack) -> None:
        self.label, self.tree = label, tree
        self.url = self.proc = self.error = None
        try:
            self.url, self.proc, _ = stack.enter_context(browser.server(["run", "app.py"], cwd=tree))
        except Exception as exc:  # reported per page, not a crash
            self.error = f"server did not start: {exc}"

    def down(self) -> str | None:
        if self.error is None and self.proc.poll() is not None:
            self.error = f"server exited with code {self.proc.returncode}"
        return self.error

    def cpu(self) -> float:
        try:
            return browser.cpu_seconds(self.proc.pid) if self.down() is None else 0.0
        except OSError:
            return 0.0


def visit(b, server: Server, path: str, changes: int,
          skip: int) -> tuple[float | None, list[float], str | None]:
    """Open one page on one server and move its first slider: (first render, rerun times, error)."""
    if server.down():
        return None, [], server.error
    ctx = browser.learner_context(b, viewport=VIEWPORT)
    try:
        page, first = browser.open_page(ctx, f"{server.url}/{path}?lang=en")
        error = browser.page_error(page)
        times = [] if error else browser.rerun_times(page, changes, skip)
        return first, times, error or browser.page_error(page)
    except Exception as exc:  # a page that hangs or breaks the browser: an error
        lines = str(exc).strip().splitlines() or [""]
        return None, [], f"{type(exc).__name__}: {lines[0][:160]}"
    finally:
        ctx.close()


def yardstick(b, changes: int) -> tuple[float | None, float | None, str | None]:
    try:
        with browser.server(["run", str(ROOT / "bench" / "trivial_app.py")]) as (url, _p, _s):
            ctx = b.new_context(viewport=VIEWPORT)
            try:
                page, first = browser.open_page(ctx, url)
                return first, browser.median(browser.rerun_times(page, changes)), None
            finally:
                ctx.close()
    except Exception as exc:  # the yardstick is a reference only
        return None, None, str(exc).splitlines()[0][:160]


def markdown(rows: list[Row], trivial: tuple[float | None, float | None, str | None]) -> str:
    lines = ["| page | first render old | first render new | rerun old (median) | rerun new (median) "
             "| new / old | rounds, new / old | spread old / new | result |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |"]
    for row in rows:
        old, new = row.old.median, row.new.median
        ratio = f"{new / old:.2f}" if old and new is not None else "—"
        rounds = ", ".join(f"{r:.2f}" for r, _ in row.round_ratios()) or "—"
        result, _ = row.result()
        first_old = "missing" if row.old.missing else ms(row.old.first)
        spread = " / ".join("—" if x is None else f"{x:.0%}" for x in (row.old.spread, row.new.spread))
        lines.append(f"| {row.name} | {first_old} | {ms(row.new.first)} | {ms(old)} | {ms(new)} "
                     f"| {ratio} | {rounds} | {spread} | {result} |")
    first, med, error = trivial
    lines.append(f"| yardstick: one-slider page, measured once | | {ms(first)} | | {ms(med)} | | | | "
                 f"{'ERROR: ' + error if error else 'reference'} |")
    return "\n".join(lines)


def run(rev: str, quick: bool, output: Path, pages: set[str] | None = None) -> int:
    # SIGTERM as well as Ctrl-C: leave through the finally blocks, which remove the worktree
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with worktree(rev) as (old_tree, commit):
            return compare(rev, old_tree, commit, quick, output, pages)
    except Refused as exc:
        print(f"python -m bench --compare {rev}: {exc}", file=sys.stderr)
        return 2


def compare(rev: str, old_tree: Path, commit: str, quick: bool, output: Path,
            pages: set[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    changes, rounds = (6, 2) if quick else (8, 3)
    began = time.perf_counter()
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    runtime = same_runtime(old_tree, ROOT)
    subject = git("log", "-1", "--format=%h %s", commit)
    dirty = git("status", "--porcelain").splitlines()
    old_pages = {path for _, path in browser.page_urls(old_tree)}
    only_old = sorted(old_pages - {path for _, path in browser.page_urls(ROOT)})
    print(f"old: {subject[:100]}\nnew: the working tree ({len(dirty)} paths changed or new)\n"
          f"{changes} changes x {rounds} rounds per page and side; rule: {RULE}", flush=True)

    rows: list[Row] = []
    idle_cpu: list[float] = []
    loads = [os.getloadavg()[0]]
    with sync_playwright() as pw, ExitStack() as stack:
        b = browser.launch(pw)
        stack.callback(b.close)
        trivial = yardstick(b, changes)
        print(f"yardstick (one-slider page): rerun median {ms(trivial[1])}", flush=True)
        servers = {"old": Server("old", old_tree, stack), "new": Server("new", ROOT, stack)}
        for label, server in servers.items():
            if server.error:
                print(f"{label}: {server.error}", flush=True)
        for name, path in browser.page_urls(ROOT):
            if pages and name not in pages:
                continue
            row = Row(name, Side(missing=path not in old_pages), Side())
            for r in range(rounds):
                for label in ("old", "new") if r % 2 == 0 else ("new", "old"):
                    side = getattr(row, label)
                    if not side.usable:
                        continue
                    other = servers["new" if label == "old" else "old"]
                    before = other.cpu()
                    first, times, error = visit(b, servers[label], path, changes, r * changes)
                    if other.error is None:
                        idle_cpu.append(other.cpu() - before)
                    if side.first is None:
                        side.first = first
                    side.rounds.append(times)
                    side.error = error
                    side.no_slider = not times
            rows.append(row)
            loads.append(os.getloadavg()[0])
            result, _ = row.result()
            rounds_text = ", ".join(f"{x:.2f}" for x, _ in row.round_ratios())
            errors = "; ".join(f"{lbl}: {s.error}" for lbl, s in (("old", row.old), ("new", row.new))
                               if s.error)
            spread = " / ".join("-" if x is None else f"{x:.0%}" for x in (row.old.spread, row.new.spread))
            print(f"{name:<20} old {ms(row.old.median):>7}  new {ms(row.new.median):>7}  "
                  f"rounds [{rounds_text}]  spread {spread}  {result}"
                  + (f"  ({errors})" if errors else ""), flush=True)

    passed = all(row.result()[1] is not False for row in rows)
    if servers["old"].error:
        passed = False  # nothing was compared: not a pass
    took = time.perf_counter() - began
    table = markdown(rows, trivial)
    idle = (f"the idle server used {sum(idle_cpu) * 1000:.0f} ms of CPU in all while the other "
            f"was measured, at most {max(idle_cpu) * 1000:.0f} ms during one visit"
            if idle_cpu else "no second server ran")
    notes = [
        f"Rule: {RULE}. \"rounds\" lists each round's own ratio (old and new measured one after "
        "the other, the order alternating); \"spread\" how far one side's round medians lie apart "
        "((largest - smallest) / smallest). \"noisy\" marks a page whose rounds disagree on the "
        "verdict or whose spread on either side exceeds 10 %: the same code measured twice moved "
        "by more than the rule tests for, so the verdict rests on noise as much as on the code; "
        "run again (or without --quick) before acting on it. The verdict itself is never widened. "
        "First renders are the first visit's and are not judged.",
        f"Both servers ran at once ({idle}).",
    ]
    for label, server in servers.items():
        if server.error:
            notes.append(f"The {label} side's {server.error}.")
    for row in rows:
        for label, side in (("old", row.old), ("new", row.new)):
            if side.error and side.error != servers[label].error:
                notes.append(f"{row.name}, {label}: {side.error}")
            elif side.times and len(side.times) < changes * rounds:
                notes.append(f"{row.name}, {label}: {len(side.times)} of {changes * rounds} changes "
                             "measured (the slider has few values)")
    busy = max(loads) > (os.cpu_count() or 1) + 1  # the browser and one server load it by about 1
    notes.append(f"Load average (1 min) during the run: {min(loads):.1f} to {max(loads):.1f} on "
                 f"{os.cpu_count()} cores" + (": other work shared the machine, so every figure is "
                                              "noisier than usual (both sides alike)." if busy else "."))
    if only_old:
        notes.append(f"Pages in REV only (not measured): {', '.join(only_old)}.")
    header = (
        f"# Benchmarks: working tree against {rev}\n\n"
        f"`python -m bench --compare {rev}{' --quick' if quick else ''}` on {stamp}, "
        f"{took / 60:.1f} minutes; {browser.machine()}; Python {runtime['version']}, Streamlit "
        f"{runtime['streamlit_version']} for both servers.\n\n"
        f"- old: `{commit[:12]}` {subject.split(' ', 1)[-1]}\n"
        f"- new: the working tree ({len(dirty)} paths changed or untracked against HEAD)\n\n"
        "Rerun times run from the key press that moves a page's first slider to the end of the "
        f"rerun it causes, as seen in Chromium, in English: {changes} changes per visit, "
        f"{rounds} visits per page and side; the medians are over all {changes * rounds} changes "
        "of a side. The learner measured has switched \"Ask me to predict first\" off, so every "
        "result is drawn.\n\n")
    output.write_text(header + table + "\n\n" + "\n\n".join(notes) + "\n", encoding="utf-8")
    print("\n" + table + "\n")
    verdict = ("nothing compared: REV's server did not start" if servers["old"].error
               else "every page PASS" if passed else "some pages FAIL")
    print(f"{verdict} ({took / 60:.1f} min); wrote {output}")
    return 0 if passed else 1
