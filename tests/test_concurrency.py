"""Ten browser sessions at once against one server (issue #7, item 3).

Ten Playwright contexts (separate cookies and websockets, so ten Streamlit sessions)
open different pages at the same time, in two languages. Each moves the first slider
of its page by its own number of steps, waits until every session has done so, then
makes the server rerun its script (one step right, one step left) and checks that

- its slider still shows its own value (sessions sharing a page hold different values),
- its page is still in its own language (kept in server-side session state),
- there is no exception box, no error toast and no JavaScript error.

Meanwhile a visitor opens the home page: it must be drawn within ``HOME_BUDGET_S``
seconds while the ten sessions work (more on a machine that other jobs already
oversubscribe, see the test), and the server's health endpoint must keep answering
within ``HEALTH_BUDGET_S``.

Async Playwright in a worker thread (so it never meets the sync API that
test_browser.py's session fixture may have started in the main thread).
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import BROWSER_ARGS, PAGES, SYSTEM_CHROMIUM, _missing

pytestmark = pytest.mark.browser

SESSIONS = 10
# eight pages, so that two of them get a second session: isolation on one page is tested too
SPREAD = SESSIONS - 2
HOME_BUDGET_S = 10.0     # "within a few seconds", with headroom for a loaded 2-core machine
HEALTH_BUDGET_S = 3.0    # the server's event loop answers /_stcore/health throughout
# Hard limit for the whole exercise. It uses about 40-50 CPU-seconds in all (Chromium and
# the server), i.e. roughly half a minute on an idle 2-core machine; on this machine while
# other jobs kept its load average at 8-20 it took 72-115 s, hence the headroom.
TEST_BUDGET_S = 150.0
PAGE_PATHS = [re.sub(r"^\d+_", "", Path(p).stem) for p in PAGES]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


async def wait_idle(page, timeout_ms: int = 60000) -> None:
    """Until the script run has finished and lazily loaded elements are drawn."""
    await page.wait_for_timeout(250)
    await page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout_ms)
    await page.locator("[data-testid='stSkeleton']").first.wait_for(state="detached", timeout=timeout_ms)
    await page.wait_for_timeout(200)


async def trouble(page, errors: list[str]) -> list[str]:
    """Exceptions, error toasts and JavaScript errors on the page."""
    found = [f"JS error: {e}" for e in errors]
    if await page.get_by_test_id("stException").count():
        found.append("exception: " + (await page.get_by_test_id("stException").first.inner_text())[:500])
    for toast in await page.get_by_test_id("stToast").all():
        text = await toast.inner_text()
        if "error" in text.lower():
            found.append(f"error toast: {text[:300]}")
    return found


async def slider_value(slider) -> str:
    """What the slider shows (Streamlit's select sliders only set aria-valuetext)."""
    now, text = await slider.get_attribute("aria-valuenow"), await slider.get_attribute("aria-valuetext")
    return text if text is not None else str(now)


async def session(browser, url: str, i: int, all_set: asyncio.Barrier, started: asyncio.Event,
                  stage: dict) -> dict:
    path = PAGE_PATHS[i % SPREAD]
    rank = i // SPREAD                      # 0, 1, ... for the sessions sharing this page
    lang = "ja" if rank % 2 else "en"
    steps = rank + 1                        # so sessions on one page hold different values
    out = {"i": i, "path": path, "lang": lang, "problems": []}
    ctx = await browser.new_context(viewport={"width": 1300, "height": 900})
    waited = False
    t0 = time.perf_counter()

    def at(what: str) -> None:
        log = stage.setdefault(i, f"{path} [{lang}]:")
        stage[i] = f"{log} {what} {time.perf_counter() - t0:.0f}s;"

    try:
        at("opening")
        page = await ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        await page.goto(f"{url}/{path}?lang={lang}", timeout=60000)
        await wait_idle(page)
        at("opened")
        started.set()
        heading = page.locator("h1").filter(has_text=re.compile(r"\S")).first
        await heading.wait_for(timeout=60000)
        out["title"] = await heading.inner_text()
        # the first slider that can be moved, kept by its position (a stable locator)
        sliders = page.get_by_role("slider")
        slider = None
        for k in range(await sliders.count()):
            if await sliders.nth(k).is_enabled():
                slider = sliders.nth(k)
                break
        out["before"] = await slider_value(slider) if slider else None
        if slider:
            await slider.focus()
            for key in ("ArrowRight", "ArrowLeft"):   # left if it starts at its maximum
                for _ in range(steps):
                    await slider.press(key)
                    await wait_idle(page)
                out["own"] = await slider_value(slider)
                if out["own"] != out["before"]:
                    break
            forward, back = key, ("ArrowLeft" if key == "ArrowRight" else "ArrowRight")
            at("moved")
        out["problems"] += await trouble(page, errors)
        waited = True
        at("waiting for the others")
        await all_set.wait()                 # everyone has made their edit
        at("checking after the others")

        out["after_others"] = await slider_value(slider) if slider else None
        if slider:                           # two reruns on the server, back to the own value
            await slider.focus()
            await slider.press(back)
            await wait_idle(page)
            await slider.press(forward)
            await wait_idle(page)
            out["after_rerun"] = await slider_value(slider)
        out["title_after"] = await page.locator("h1").first.text_content()  # off screen: not laid out
        out["problems"] += await trouble(page, errors)
        at("done")
    except Exception as err:  # noqa: BLE001 - reported with the session's details
        out["problems"].append(f"{type(err).__name__}: {err}"[:500])
        if not waited:
            await all_set.abort()            # release the others: they report a broken barrier
    finally:
        await ctx.close()
    return out


async def visit_home(ctx, url: str) -> dict:
    """Open the home page in a new tab of ``ctx``: seconds until its title is drawn."""
    page = await ctx.new_page()
    try:
        start = time.perf_counter()
        await page.goto(f"{url}/?lang=en", timeout=60000)
        # Streamlit lays out the <h1> a moment before its text arrives: wait for the words
        title = page.locator("h1").filter(has_text=re.compile(r"\S")).first
        await title.wait_for(timeout=60000)
        return {"seconds": time.perf_counter() - start, "title": await title.inner_text()}
    finally:
        await page.close()


async def visitor(ctx, url: str, started: asyncio.Event) -> dict:
    """A visitor opens the home page while the sessions are busy."""
    await started.wait()
    return await visit_home(ctx, url)


async def health_pings(url: str, started: asyncio.Event, stop: asyncio.Event) -> list[float]:
    """Latency of the server's health endpoint, every half second while the sessions work."""
    import urllib.request

    def ping() -> float:
        start = time.perf_counter()
        urllib.request.urlopen(url + "/_stcore/health", timeout=30).read()
        return time.perf_counter() - start

    await started.wait()
    times = []
    while not stop.is_set():
        times.append(await asyncio.to_thread(ping))
        await asyncio.sleep(0.5)
    return times


async def run_all(url: str) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        own = Path(p.chromium.executable_path)
        if own.exists():
            browser = await p.chromium.launch(args=BROWSER_ARGS)
        elif SYSTEM_CHROMIUM.exists():
            browser = await p.chromium.launch(executable_path=str(SYSTEM_CHROMIUM), args=BROWSER_ARGS)
        else:
            return {"missing": "no Chromium found (apt-get install chromium, or playwright install chromium)"}
        try:
            # The visitor's first visit, alone, warms the server and the browser's cache of
            # Streamlit's scripts; the second, during the sessions, then measures the server
            # (a script run and its messages) rather than downloading the frontend again.
            home_ctx = await browser.new_context()
            baseline = await visit_home(home_ctx, url)
            all_set = asyncio.Barrier(SESSIONS)
            started, stop = asyncio.Event(), asyncio.Event()
            stage: dict[int, str] = {}
            pings = asyncio.create_task(health_pings(url, started, stop))
            tasks = [asyncio.create_task(visitor(home_ctx, url, started))]
            tasks += [asyncio.create_task(session(browser, url, i, all_set, started, stage))
                      for i in range(SESSIONS)]
            _, pending = await asyncio.wait(tasks, timeout=TEST_BUDGET_S)
            stop.set()
            for task in pending:
                task.cancel()
            if pending:
                pings.cancel()
                return {"timeout": [stage.get(i, "not started") for i in range(SESSIONS)]}
            print("\n".join(stage.values()))
            results = [task.result() for task in tasks]
            health = await pings
        finally:
            await browser.close()
    return {"visitor": results[0], "baseline": baseline["seconds"], "sessions": results[1:],
            "health": health}


def test_ten_sessions_at_once_stay_isolated_and_the_server_stays_responsive(server):
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        _missing("playwright is not installed (pip install -r requirements-dev.txt)")
    box: dict = {}
    load_before = os.getloadavg()[0]

    def work():
        try:
            box["result"] = asyncio.run(run_all(server))
        except BaseException as err:  # noqa: BLE001 - re-raised in the test's thread
            box["error"] = err

    start = time.perf_counter()
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(TEST_BUDGET_S + 30)
    elapsed = time.perf_counter() - start
    assert not worker.is_alive(), f"the ten sessions did not finish within {TEST_BUDGET_S + 30:.0f} s"
    if "error" in box:
        raise box["error"]
    result = box["result"]
    if "missing" in result:
        _missing(result["missing"])
    assert "timeout" not in result, (f"not done within {TEST_BUDGET_S:.0f} s; where each session was:\n"
                                     + "\n".join(result.get("timeout", [])))

    sessions = result["sessions"]
    assert len(sessions) == SESSIONS
    report = "\n".join(f"{s['i']} {s['path']} [{s['lang']}]: own={s.get('own')} "
                       f"after_others={s.get('after_others')} after_rerun={s.get('after_rerun')} "
                       f"problems={s['problems']}" for s in sessions)
    assert all(not s["problems"] for s in sessions), report
    assert {s["path"] for s in sessions} == set(PAGE_PATHS[:SPREAD]), "not all pages were used"

    with_slider = [s for s in sessions if s.get("before") is not None]
    assert len(with_slider) >= SESSIONS // 2, f"too few pages with a slider to test isolation:\n{report}"
    for s in with_slider:
        assert s["own"] != s["before"], f"session {s['i']}: its slider did not move\n{report}"
        assert s["after_others"] == s["own"], f"session {s['i']}: value changed by others\n{report}"
        assert s["after_rerun"] == s["own"], f"session {s['i']}: server rerun lost its value\n{report}"
    by_page: dict[str, list[dict]] = {}
    for s in with_slider:
        by_page.setdefault(s["path"], []).append(s)
    shared = [group for group in by_page.values() if len(group) > 1]
    assert shared, "no two sessions shared a page, so isolation was not tested"
    for group in shared:
        assert len({s["own"] for s in group}) == len(group), f"sessions on one page hold one value:\n{report}"

    for s in sessions:
        for title in (s["title"], s["title_after"]):
            assert bool(JAPANESE.search(title)) == (s["lang"] == "ja"), f"session {s['i']}: {title!r}"

    # On a machine already oversubscribed by other jobs before this test began (load average
    # above the number of cores) the budgets grow with that, up to 4x, so that the test
    # measures this server rather than its neighbours; a server that stops answering while
    # the sessions run still fails.
    busy = min(max(load_before / (os.cpu_count() or 1), 1.0), 4.0)
    health = result["health"]
    assert health, "the health endpoint was never asked"
    assert max(health) < HEALTH_BUDGET_S * busy, f"health check latencies while busy: {health}"
    home = result["visitor"]
    assert home["title"], "the home page drew no title"
    budget = max(HOME_BUDGET_S * busy, 3 * result["baseline"])
    assert home["seconds"] <= budget, (
        f"home page took {home['seconds']:.1f} s while the sessions worked (budget {budget:.0f} s; "
        f"alone it took {result['baseline']:.1f} s; load average before the test {load_before:.1f})")
    print(f"\nconcurrency: {SESSIONS} sessions in {elapsed:.0f} s; home page drawn in "
          f"{home['seconds']:.1f} s under load, {result['baseline']:.1f} s alone "
          f"(load average before: {load_before:.1f}); health check at most {max(health):.2f} s "
          f"over {len(health)} pings")
