"""Several replicas behind nginx (deploy/): every browser stays on its replica, websocket included.

Starts two `streamlit run app.py` replicas and nginx with deploy/nginx.conf (deploy/replicas.py),
opens six learners in Chromium through the proxy, moves a slider on each and reloads, then reads
nginx's access log: all requests of one browser, the websocket's among them, reached one replica.
Needs nginx; without it the test skips, except under CI=true, where .ci/run installs it.
"""

from __future__ import annotations

import re
import shutil
import time
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import _missing
from tests.test_browser import wait_idle

pytestmark = pytest.mark.browser
LEARNERS = 6
LINE = re.compile(r"learner=(\S+) replica=(\S+) status=(\d+) \"(\w+) (\S+)")


@pytest.fixture(scope="module")
def proxy():
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        _missing("nginx is not installed (apt-get install nginx)")
    from deploy.replicas import running

    with running(2) as (url, prefix, ports):
        yield url, prefix, ports


def served(prefix: Path) -> dict[str, list[tuple[str, str, str]]]:
    """learner cookie -> [(replica, status, path)] from nginx's access log."""
    by_learner = defaultdict(list)
    for line in (prefix / "access.log").read_text().splitlines():
        if match := LINE.search(line):
            learner, replica, status, _method, path = match.groups()
            by_learner[learner].append((replica, status, path))
    return by_learner


def test_each_learner_stays_on_one_replica_through_the_proxy(proxy, browser):
    url, prefix, ports = proxy
    cookies, errors = [], []
    for _ in range(LEARNERS):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}/gradient_descent?lang=en", timeout=60000)
        wait_idle(page)
        slider = page.get_by_role("slider").first
        slider.focus()
        page.keyboard.press("ArrowRight")
        wait_idle(page)
        assert "a=1.5" in page.url  # the session moved the slider and wrote it into the address
        page.reload()
        wait_idle(page)
        assert page.get_by_test_id("stException").count() == 0
        cookies += [c["value"] for c in ctx.cookies() if c["name"] == "learner"]
        ctx.close()
    assert not errors
    assert len(set(cookies)) == LEARNERS  # each browser got its own id
    # nginx writes a websocket's line when it closes: wait for the last ones (closed with ctx)
    for _ in range(50):
        log = served(prefix)
        if all(sum(path.startswith("/_stcore/stream") for _, _, path in log[c]) >= 2 for c in cookies):
            break
        time.sleep(0.1)
    replicas = {f"127.0.0.1:{port}" for port in ports}
    for learner in cookies:
        requests = log[learner]
        assert {replica for replica, _, _ in requests} <= replicas
        assert len({replica for replica, _, _ in requests}) == 1, requests  # one replica per browser
        sockets = [r for r in requests if r[2].startswith("/_stcore/stream")]
        assert len(sockets) >= 2 and all(status == "101" for _, status, _ in sockets)  # page, reload
