"""python -m bench --classroom: a class of learners on one server, each a real Streamlit session.

What is simulated. Every learner is one websocket to ``/_stcore/stream`` speaking Streamlit's own
protocol, as the browser's frontend does (no browser: 30 Chromium tabs would starve a 2-core
server of the CPU it is being measured on):

- it connects with the subprotocol ``streamlit`` and sends a ``BackMsg`` whose ``rerun_script``
  (a ``ClientState``) carries the address's ``query_string`` (``lang=en`` for every other
  learner, ``lang=ja`` for the rest, as a class of both languages) and the page's
  ``page_script_hash``, empty for the home page;
- the server answers with ``ForwardMsg``s: ``new_session`` and ``navigation`` (the app's pages and
  their ``page_script_hash``), ``delta``s (the elements, widgets among them, each with its id and
  the fragment it belongs to), and last ``script_finished``;
- switching page is a ``rerun_script`` with that page's ``page_script_hash``, as a sidebar link
  sends; moving a widget is a ``rerun_script`` whose ``widget_states`` holds the widget's id and
  its new value, with the widget's ``fragment_id`` when it lives in a fragment (every section of
  this app is one, ui/shell/sections.py), so only that fragment reruns.

A *learner* opens the home page, then, with a pause of ``THINK`` seconds before every action (a
learner reads before clicking), goes to a page at random, then to the gradient-descent page,
moves its learning-rate slider twice, and starts over, until the phase ends. A *trainer* opens
the home page, goes to the playground (pages/8_playground.py), switches "Ask me to predict
first" off (the sidebar toggle: otherwise the Train button waits for a prediction), then presses
Train (a trigger in ``widget_states``: ui/views/playground.py trains the seed-002 preset's 200
epochs in chunks of about 0.15 s, drawing after each), and when it is done presses Reset and
Train again, until the phase ends.

What is measured. Every rerun: seconds from sending the ``BackMsg`` to the ``script_finished``
that ends it (``FINISHED_SUCCESSFULLY``, or ``FINISHED_FRAGMENT_RUN_SUCCESSFULLY`` for a fragment;
``FINISHED_EARLY_FOR_RERUN`` is passed over: the page's own ``st.rerun()`` then follows, and the
learner waits for it too). Errors: an exception element in a delta, a ``script_finished`` with a
compile error, no ``script_finished`` within ``TIMEOUT`` seconds, a dropped connection. The
server's memory (resident set of the server process and its children, sampled every second; the
peak is reported) and CPU (its CPU seconds over the phase's wall time, 100 % = one core), and the
client's own CPU, which must stay well below the server's for the figures to mean anything.

All sessions run in one asyncio loop in this process. Each phase (1, 10 and 30 learners by
default) runs for ``--minutes``; trainers are ``--training`` of ``--learners`` (the largest
phase), scaled down in the smaller phases (none at 1 learner). The server is started once for
all phases (unless ``--url`` is given) and warmed first: one unmeasured session visits every
page, so the phases measure load, not the first import of each page's modules.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import browser

THINK = (2.0, 6.0)          # seconds a learner reads before the next action (uniform)
TRAINER_THINK = (1.0, 3.0)  # a trainer watches the result, then trains again
TIMEOUT = 60.0              # a rerun not finished by then counts as an error
LANGS = ("en", "ja")        # learner i reads the app in LANGS[i % 2]
SLIDER_KEY = "lr"           # pages/4_gradient_descent.py: the learning rate η
ASK_KEY = "_ask_switch"     # ui/shell/frame.py: "Ask me to predict first"
TRAIN_KEY, RESET_KEY = "p8_go", "p8_reset"  # pages/8_playground.py
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}

START, END = "<!-- classroom -->", "<!-- /classroom -->"

# the targets, at the largest phase (30 learners, 5 of them training)
TARGET_P95 = 1.0       # seconds, non-trainers' rerun latency
TARGET_RSS = 1024.0    # MB
TARGET_WARM = 0.6      # seconds, median page open on a warm server
TARGET_FIRST = 1.5     # seconds, median first visit after a start


class Dropped(Exception):
    """The connection closed, or a rerun did not finish within TIMEOUT."""


@dataclass
class Widget:
    id: str
    fragment_id: str
    element: object  # the protobuf element (Slider, Checkbox, Button, ...)


@dataclass
class Learner:
    """One session: its websocket, the app's pages, the widgets of its last run and its figures."""

    name: str
    trainer: bool
    lang: str = "en"
    ws: object = None
    pages: dict[str, str] = field(default_factory=dict)   # url path ("" for home) -> page_script_hash
    page: str = ""                                         # the current page's hash
    where: str = "home"                                    # and its url path, for the error messages
    widgets: dict[str, Widget] = field(default_factory=dict)  # by user key ("lr", "p8_go", ...)
    sticky: dict[str, object] = field(default_factory=dict)   # states sent again on every rerun
    moved: dict[str, float] = field(default_factory=dict)     # the value each slider was given last
    reruns: list[tuple[str, float]] = field(default_factory=list)  # (kind, seconds)
    errors: list[str] = field(default_factory=list)

    async def rerun(self, kind: str, page: str | None = None, states: tuple = (), fragment: str = "") -> bool:
        """Send one rerun_script and read until it is finished; record its time. False on error."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = f"lang={self.lang}"
        cs.page_script_hash = self.page if page is None else page
        cs.fragment_id = fragment
        for state in (*self.sticky.values(), *states):
            cs.widget_states.widgets.append(state)
        if page is not None and page != self.page:
            self.widgets = {}
        start = time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
            ok = await asyncio.wait_for(self._read_until_finished(), TIMEOUT)
        except (TimeoutError, websockets.ConnectionClosed) as exc:
            self.errors.append(f"{kind}: {type(exc).__name__}")
            raise Dropped from exc
        if ok:
            self.reruns.append((kind, time.perf_counter() - start))
        return ok

    async def _read_until_finished(self) -> bool:
        ok = True
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.page = fwd.new_session.page_script_hash
                self._learn_pages(fwd.new_session.app_pages)
            elif kind == "navigation":
                self.page = fwd.navigation.page_script_hash or self.page
                self._learn_pages(fwd.navigation.app_pages)
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                ok = self._see(fwd.delta.new_element, fwd.delta.fragment_id) and ok
            elif kind == "session_event" and fwd.session_event.HasField("script_compilation_exception"):
                self.errors.append("compile error: " + fwd.session_event.script_compilation_exception.message)
                ok = False
            elif kind == "script_finished":
                if fwd.script_finished in DONE:
                    return ok
                if fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    return False
                # FINISHED_EARLY_FOR_RERUN: the script's own st.rerun() follows; wait for it

    def _learn_pages(self, app_pages) -> None:
        for p in app_pages:
            self.pages[p.url_pathname if not p.is_default else ""] = p.page_script_hash

    def _see(self, element, fragment_id: str) -> bool:
        """Keep the widgets the learner can use; False (and an error) for an exception element."""
        kind = element.WhichOneof("type")
        if kind == "exception":
            shown = element.exception
            self.errors.append(f"exception on {self.where}: {shown.type}: {shown.message[:120]}")
            return False
        if kind in ("slider", "checkbox", "button"):
            widget = getattr(element, kind)
            key = re.sub(r"^\$\$ID-[0-9a-f]+-", "", widget.id)  # ids of keyed widgets end in their key
            self.widgets[key] = Widget(widget.id, fragment_id, widget)
        return True

    # --- what a learner does ------------------------------------------------------------------

    async def open_home(self, url: str) -> None:
        self.ws = await websockets.connect(ws_url(url), subprotocols=["streamlit"], max_size=None,
                                           ping_interval=None)
        await self.rerun("home", page="")

    async def goto(self, path: str) -> bool:
        self.where = path or "home"
        return await self.rerun(f"page {path}", page=self.pages[path])

    async def move_slider(self, key: str) -> bool:
        """Move a slider to another value on its step grid (chosen at random)."""
        widget = self.widgets.get(key)
        if widget is None:
            self.errors.append(f"no slider {key!r} on the page")
            return False
        s = widget.element
        steps = max(1, round((s.max - s.min) / (s.step or 1)))
        current = self.moved.get(key, s.value[0] if s.set_value and s.value else s.default[0])
        value = current
        while value == current:
            value = round(s.min + random.randint(0, steps) * (s.step or 1), 10)
        self.moved[key] = value
        state = widget_state(widget.id, double_array=[value])
        return await self.rerun(f"slider {key}", states=(state,), fragment=widget.fragment_id)

    async def press(self, key: str) -> bool:
        widget = self.widgets.get(key)
        if widget is None or widget.element.disabled:
            self.errors.append(f"button {key!r} missing or disabled")
            return False
        kind = "train" if key == TRAIN_KEY else f"button {key}"
        return await self.rerun(kind, states=(widget_state(widget.id, trigger=True),),
                                fragment=widget.fragment_id)

    async def ask_off(self) -> bool:
        """Switch "Ask me to predict first" off (a sidebar toggle, so a full rerun), and keep it off."""
        widget = self.widgets[ASK_KEY]
        self.sticky[ASK_KEY] = widget_state(widget.id, boolean=False)
        return await self.rerun("toggle ask off")


def widget_state(widget_id: str, *, double_array=None, trigger=None, boolean=None):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    if double_array is not None:
        state.double_array_value.data.extend(double_array)
    if trigger is not None:
        state.trigger_value = trigger
    if boolean is not None:
        state.bool_value = boolean
    return state


def ws_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


async def think(span: tuple[float, float], deadline: float) -> bool:
    """Pause as a reading learner does; False when the phase is over."""
    await asyncio.sleep(random.uniform(*span))
    return time.perf_counter() < deadline


async def learn(me: Learner, url: str, deadline: float) -> None:
    """The learner's walk: a page at random, the gradient-descent page, its slider twice, again."""
    others = [p for p in me.pages if p not in ("", "gradient_descent")]
    while await think(THINK, deadline):
        await me.goto(random.choice(others))
        if not await think(THINK, deadline):
            break
        await me.goto("gradient_descent")
        for _ in range(2):
            if not await think(THINK, deadline):
                return
            await me.move_slider(SLIDER_KEY)


async def train(me: Learner, url: str, deadline: float) -> None:
    """The trainer's loop on the playground: Train, watch, Reset, Train again."""
    await me.goto("playground")
    await me.ask_off()
    while await think(TRAINER_THINK, deadline):
        if TRAIN_KEY in me.widgets and me.widgets[TRAIN_KEY].element.disabled:
            await me.press(RESET_KEY)  # the last run is finished: start over
            continue
        await me.press(TRAIN_KEY)


async def one(me: Learner, url: str, deadline: float, delay: float) -> None:
    await asyncio.sleep(delay)  # the class does not arrive in the same millisecond
    try:
        await me.open_home(url)
        if not me.pages:
            me.errors.append("no pages listed in new_session / navigation")
            return
        await (train if me.trainer else learn)(me, url, deadline)
    except Dropped:
        pass
    except OSError as exc:
        me.errors.append(f"connect: {exc}")
    finally:
        if me.ws is not None:
            await me.ws.close()


# --- the server's resources ------------------------------------------------------------------


def family(pid: int) -> list[int]:
    """The process and all its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of the server and its children in MB (psutil if installed, else /proc)."""
    try:
        import psutil
    except ImportError:
        total = 0.0
        for p in family(pid):
            try:
                total += browser.rss_mb(p)
            except (OSError, RuntimeError):
                pass
        return total
    proc = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20


def cpu_seconds(pid: int) -> float:
    total = 0.0
    for p in family(pid):
        try:
            total += browser.cpu_seconds(p)
        except OSError:
            pass
    return total


async def sample_memory(pid: int, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], rss_mb(pid))
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except TimeoutError:
            pass


# --- a phase and the whole run ---------------------------------------------------------------


@dataclass
class Phase:
    learners: int
    trainers: int
    seconds: float
    people: list[Learner]
    server_cpu: float | None  # percent of one core
    client_cpu: float         # percent of one core
    peak_rss: float | None    # MB

    def times(self, trainer: bool, training: bool | None = None) -> list[float]:
        return [s for p in self.people if p.trainer == trainer for kind, s in p.reruns
                if training is None or (kind == "train") == training]

    def errors(self) -> list[str]:
        return [f"{p.name}: {e}" for p in self.people for e in p.errors]


async def run_phase(url: str, pid: int | None, learners: int, trainers: int, seconds: float) -> Phase:
    people = [Learner(f"{'trainer' if i < trainers else 'learner'} {i + 1}", i < trainers, LANGS[i % 2])
              for i in range(learners)]
    stop, peak = asyncio.Event(), [0.0]
    sampler = asyncio.create_task(sample_memory(pid, peak, stop)) if pid else None
    cpu0, client0, wall0 = (cpu_seconds(pid) if pid else 0.0), time.process_time(), time.perf_counter()
    deadline = wall0 + seconds
    spread = min(10.0, seconds / 6)  # everyone has arrived within the first seconds
    await asyncio.gather(*(one(p, url, deadline, random.uniform(0, spread) if learners > 1 else 0)
                           for p in people))
    wall = time.perf_counter() - wall0
    server_cpu = (cpu_seconds(pid) - cpu0) / wall * 100 if pid else None
    client_cpu = (time.process_time() - client0) / wall * 100
    if sampler:
        stop.set()
        await sampler
    return Phase(learners, trainers, wall, people, server_cpu, client_cpu, peak[0] if pid else None)


async def warm_up(url: str) -> None:
    """One unmeasured session visits every page, so no phase pays for a page's first import."""
    me = Learner("warm-up", False)
    try:
        await me.open_home(url)
        for path in list(me.pages):
            if path:
                await me.goto(path)
    finally:
        if me.ws is not None:
            await me.ws.close()
    if me.errors:
        raise RuntimeError(f"the warm-up session met errors: {me.errors[:3]}")


def stats(values: list[float]) -> str:
    if not values:
        return "—"
    p95 = statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
    return (f"{statistics.median(values) * 1000:.0f} / {p95 * 1000:.0f} / {max(values) * 1000:.0f} ms "
            f"({len(values)} reruns)")


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[18]


async def run_all(url: str, pid: int | None, sizes: list[int], training: int, seconds: float) -> list[Phase]:
    await warm_up(url)
    phases = []
    for n in sizes:
        trainers = round(training * n / max(sizes)) if n > 1 else 0
        print(f"classroom: {n} learners ({trainers} training) for {seconds:.0f} s ...", flush=True)
        phase = await run_phase(url, pid, n, trainers, seconds)
        phases.append(phase)
        print(f"  learners: {stats(phase.times(False))}; trainers' other reruns: "
              f"{stats(phase.times(True, False))}; training runs: {stats(phase.times(True, True))}; "
              f"errors {len(phase.errors())}; server peak {fmt(phase.peak_rss, 'MB')}, "
              f"CPU {fmt(phase.server_cpu, '%')}; client CPU {phase.client_cpu:.0f} %", flush=True)
        for e in phase.errors()[:5]:
            print("   ", e)
        await asyncio.sleep(3)  # the closed sessions' threads wind down before the next phase
    return phases


def fmt(value: float | None, unit: str) -> str:
    return "n/a" if value is None else f"{value:.0f} {unit}"


# --- the report --------------------------------------------------------------------------------


def markdown(phases: list[Phase], opened: dict | None, command: str, started_here: bool) -> str:
    """The Classroom section: the phases' table, the targets with PASS/FAIL, the page opens."""
    targets = ["| target | measured | result |", "| --- | ---: | --- |"]

    def target(name: str, value: str, ok: bool | None) -> None:
        targets.append(f"| {name} | {value} | {'n/a' if ok is None else 'PASS' if ok else 'FAIL'} |")

    lines = ["## Classroom", "", f"`{command}`; {browser.machine()}.", ""]
    if phases:
        last = phases[-1]
        learners_p95, rss = p95(last.times(False)), last.peak_rss
        where = "started by the bench" if started_here else "at the address given"
        lines += [
            f"One `streamlit run app.py` ({where}); "
            "every learner is a real session on its own websocket, speaking Streamlit's protocol "
            "(bench/classroom.py), every other one in Japanese (`lang=ja`): it opens home, then, pausing "
            "2–6 s before each action, visits a page at random, the gradient-descent page, and moves its "
            "learning-rate slider twice, over and over. "
            "Trainers switch asking off on the playground and press Train (200 epochs of the seed-002 "
            "preset), then Reset and Train again, 1–3 s apart. A rerun is timed from the BackMsg sent to "
            f"its script_finished; each phase runs {last.seconds:.0f} s on the same server, warmed first by "
            "one session visiting every page. Server CPU: 100 % = one of the two cores, server and "
            "children; client CPU: this bench's own process, all sessions in one asyncio loop.", "",
            "| learners (training) | learners' reruns: median / p95 / max | trainers' other reruns "
            "| training runs (Train to done) | errors | server memory (peak) | server CPU | client CPU |",
            "| --- | --- | --- | --- | ---: | ---: | ---: | ---: |"]
        for ph in phases:
            lines.append(f"| {ph.learners} ({ph.trainers}) | {stats(ph.times(False))} "
                         f"| {stats(ph.times(True, False))} | {stats(ph.times(True, True))} "
                         f"| {len(ph.errors())} | {fmt(ph.peak_rss, 'MB')} | {fmt(ph.server_cpu, '%')} "
                         f"| {ph.client_cpu:.0f} % |")
        seen = sorted({e.split(": ", 1)[1] for ph in phases for e in ph.errors()})
        if seen:
            lines += ["", "Errors seen (each kind once):", "", *(f"- {e}" for e in seen[:10])]
        lines.append("")
        at = f"{last.learners} learners, {last.trainers} training"
        target(f"p95 rerun of non-trainers <= 1 s ({at})", f"{learners_p95 * 1000:.0f} ms",
               learners_p95 <= TARGET_P95)
        errors = sum(len(ph.errors()) for ph in phases)
        target("no errors (all phases)", str(errors), errors == 0)
        target(f"server memory < 1 GB ({at})", fmt(rss, "MB"), None if rss is None else rss < TARGET_RSS)
    if opened:
        target("page open, warm server, median <= 600 ms", f"{opened['warm'] * 1000:.0f} ms",
               opened["warm"] <= TARGET_WARM)
        target("page open, first visit after a start, median <= 1.5 s", f"{opened['first'] * 1000:.0f} ms",
               opened["first"] <= TARGET_FIRST)
    lines += [*targets, ""]
    if opened:
        lines += [
            "Page open in Chromium (bench/page_open.py): from the click on a sidebar link to the page "
            "drawn (script state notRunning, no stale element, no skeleton). First visits: a fresh "
            "server, home opened, then each page clicked once; warm: each page clicked again, "
            f"{opened['rounds']} more rounds. Medians over {len(opened['pages'])} pages.", "",
            "| page | first visit | warm (median) |", "| --- | ---: | ---: |",
            *(f"| {name} | {first * 1000:.0f} ms | {warm * 1000:.0f} ms |"
              for name, first, warm in opened["pages"]),
            f"| **median** | **{opened['first'] * 1000:.0f} ms** | **{opened['warm'] * 1000:.0f} ms** |", ""]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    """Put ``section`` between the classroom markers in ``path``, keeping everything else."""
    block = f"{START}\n{section}\n{END}"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in old and END in old:
        head, rest = old.split(START, 1)
        new = head + block + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def kept_section(path: Path) -> str:
    """The classroom block of ``path`` (markers included), for ``python -m bench`` to keep."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in old and END in old:
        return START + old.split(START, 1)[1].split(END, 1)[0] + END + "\n"
    return ""


def run_page_open(output: Path, command: str) -> int:
    """``--page-open`` alone: the page-open figures, in the Classroom section."""
    from bench import page_open

    opened = page_open.measure()
    write_section(output, markdown([], opened, command, started_here=True))
    print(f"wrote the Classroom section of {output}")
    return 0 if opened["warm"] <= TARGET_WARM and opened["first"] <= TARGET_FIRST else 1


def run(sizes: list[int], training: int, minutes: float, url: str | None, output: Path,
        page_open: bool, command: str) -> int:
    seconds = minutes * 60
    if url:
        pid = int(os.environ["BENCH_SERVER_PID"]) if os.environ.get("BENCH_SERVER_PID") else None
        phases = asyncio.run(run_all(url.rstrip("/"), pid, sizes, training, seconds))
    else:
        with browser.server(["run", "app.py"]) as (local, proc, _started):
            phases = asyncio.run(run_all(local, proc.pid, sizes, training, seconds))
    opened = None
    if page_open:
        from bench import page_open as po

        opened = po.measure()
    write_section(output, markdown(phases, opened, command, started_here=url is None))
    print(f"wrote the Classroom section of {output}")
    last = phases[-1]
    ok = (p95(last.times(False)) <= TARGET_P95 and not any(ph.errors() for ph in phases)
          and (last.peak_rss is None or last.peak_rss < TARGET_RSS))
    if opened:
        ok = ok and opened["warm"] <= TARGET_WARM and opened["first"] <= TARGET_FIRST
    return 0 if ok else 1
