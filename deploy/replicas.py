"""Start K replicas of the app and nginx in front of them, on this machine.

    python -m deploy.replicas --replicas 3 --listen 127.0.0.1:8080

Each replica is an ordinary `streamlit run app.py` on its own loopback port; nginx
(deploy/nginx.conf) listens on --listen and keeps every browser on one replica (sticky
sessions by a cookie). All replicas share one cookie secret, so the XSRF cookie one of them
signed is accepted by the others. Ctrl-C stops nginx and every replica.

Needs nginx (Debian: apt-get install nginx); nothing runs as root, and nginx's pid file,
logs and temporary files go to --prefix (a new temporary directory by default), where
access.log records, for every request, the learner's cookie and the replica that answered.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF = Path(__file__).with_name("nginx.conf")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, seconds: float = 60) -> None:
    """Wait until ``url``/_stcore/health answers ok (or raise after ``seconds``)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy within {seconds} s")


def nginx_conf(listen: str, ports: list[int], prefix: Path) -> str:
    """deploy/nginx.conf with its placeholders filled in."""
    upstreams = "\n".join(f"        server 127.0.0.1:{port};" for port in ports)
    return (CONF.read_text().replace("@LISTEN@", listen).replace("@UPSTREAMS@", upstreams)
            .replace("@PREFIX@", str(prefix)))


@contextmanager
def _process(args: list[str], log: Path, env: dict | None = None):
    with open(log, "w") as out:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def running(replicas: int, listen: str | None = None, prefix: Path | None = None):
    """Start ``replicas`` servers and nginx; yield (proxy URL, prefix, the replicas' ports)."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        raise FileNotFoundError("nginx is not installed (Debian: apt-get install nginx)")
    listen = listen or f"127.0.0.1:{free_port()}"
    with ExitStack() as stack:
        if prefix is None:
            prefix = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="replicas-")))
        prefix.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
        ports = [free_port() for _ in range(replicas)]
        for i, port in enumerate(ports):
            stack.enter_context(_process(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                 "--server.address", "127.0.0.1", "--server.port", str(port),
                 "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
                prefix / f"replica-{i + 1}.log", env))
        for port in ports:
            wait_healthy(f"http://127.0.0.1:{port}")
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_conf(listen, ports, prefix))
        stack.enter_context(_process([nginx, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                                     prefix / "nginx.log"))
        url = f"http://{listen}"
        wait_healthy(url, seconds=20)
        yield url, prefix, ports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="how many app servers (default 2)")
    parser.add_argument("--listen", default="127.0.0.1:8080",
                        help="the proxy's address (default 127.0.0.1:8080)")
    parser.add_argument("--prefix", type=Path, help="nginx's directory (default: a new temporary one)")
    args = parser.parse_args()
    # a plain `kill` (SIGTERM) stops everything too, as Ctrl-C does: unwinding `running` ends
    # nginx and every replica instead of leaving them behind
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with running(args.replicas, args.listen, args.prefix) as (url, prefix, ports):
        print(f"{args.replicas} replicas on ports {', '.join(map(str, ports))}; nginx at {url}", flush=True)
        print(f"nginx's logs: {prefix}; Ctrl-C stops everything", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
