"""python -m bench --page-open: how long a page takes to open when a learner clicks its sidebar link.

Measured in Chromium (Playwright, as bench/browser.py drives it): from the click on a sidebar
link (the time of the click event in the page) to the page fully drawn: the script state back at
``notRunning`` after running, no element still stale (``data-stale="true"``: left over from the
page before) and no loading skeleton. When the page reruns once more within half a second (the
progress store handing back what the browser kept), the end of that rerun counts.

First visits: a fresh server, the home page opened, then every page clicked once in the path's
order: each of those is the page's first visit since the server started (its modules imported,
its caches empty). Warm: every page clicked again, ``ROUNDS`` more times, on the same server.
"""

from __future__ import annotations

import statistics

from bench import browser

ROUNDS = 2

# Resolves with the time the page is drawn, given the time of the click; armed before the click.
ARM = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__clickedAt = null;
  document.addEventListener('click', () => { window.__clickedAt = performance.now(); },
                            {capture: true, once: true});
  window.__drawn = new Promise((resolve) => {
    let ran = false, timer = null;
    const settled = () => !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]');
    const finish = () => {
      // drawn: wait for the last stale element to go, then half a second for a further rerun
      const poll = () => {
        if (!settled()) { requestAnimationFrame(poll); return; }
        const at = performance.now();
        timer = setTimeout(() => { observer.disconnect(); resolve(at); }, 500);
      };
      poll();
    };
    const observer = new MutationObserver(() => {
      const state = app.getAttribute('data-test-script-state');
      if (state === 'running') { ran = true; if (timer) { clearTimeout(timer); timer = null; } }
      else if (ran && state === 'notRunning') finish();
    });
    observer.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    setTimeout(() => { observer.disconnect(); resolve(-1); }, 60000);
  });
}
"""


def click_and_time(page, path: str) -> float:
    """Click the sidebar link to ``path``; seconds from the click to the page drawn."""
    page.evaluate(ARM)
    page.locator(f"[data-testid='stSidebar'] a[href^='{path}?']").first.click()
    drawn = page.evaluate("() => window.__drawn")
    if drawn < 0:
        raise TimeoutError(f"{path} was not drawn within 60 s")
    error = browser.page_error(page)
    if error:
        print(f"  page open: {path} shows an exception: {error}")
    return (drawn - page.evaluate("() => window.__clickedAt")) / 1000


def measure() -> dict:
    """First visits and warm opens of every page but home: {"first", "warm", "pages", "rounds"}."""
    from playwright.sync_api import sync_playwright

    paths = [p for _, p in browser.page_urls() if p]
    with sync_playwright() as pw:
        b = browser.launch(pw)  # before the server: the browser's start-up is not the app's
        try:
            with browser.server(["run", "app.py"]) as (url, _proc, _started):
                ctx = browser.learner_context(b, viewport={"width": 1400, "height": 1000})
                page, _ = browser.open_page(ctx, f"{url}/?lang=en")
                first = {path: click_and_time(page, path) for path in paths}
                warm: dict[str, list[float]] = {path: [] for path in paths}
                for _ in range(ROUNDS):
                    for path in paths:
                        warm[path].append(click_and_time(page, path))
        finally:
            b.close()
    rows = [(path, first[path], statistics.median(warm[path])) for path in paths]
    for path, f, w in rows:
        print(f"  page open {path:<22} first {f * 1000:6.0f} ms   warm {w * 1000:6.0f} ms", flush=True)
    return {"first": statistics.median(first.values()),
            "warm": statistics.median(t for times in warm.values() for t in times),
            "pages": rows, "rounds": ROUNDS}
