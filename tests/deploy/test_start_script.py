"""The container's start script run for real, and the deployment files' shape.

No Docker engine runs here, so each role of `docker/start.sh` is started as the image would start it
(same script, same gunicorn.conf.py, production settings from the environment) against a real Redis and
a temporary SQLite database; compose.yaml and the Dockerfile are checked as data.
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
import yaml
from celery import Celery

from newsapp import devstack
from tests.conftest import REPO_DIR, TinyModels, missing_system_tool
from tests.polling import wait_for

pytestmark = pytest.mark.integration

START = REPO_DIR / "docker" / "start.sh"
# Set by a developer's shell or by CI; each test names the values it wants instead.
INHERITED_DEPLOYMENT_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",  # the test suite's own (tests/settings.py); the image uses newsapp.settings
    "DEBUG",
    "HTTPS",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "BEAT_SCHEDULE_FILE",
    "PORT",
    "WEB_CONCURRENCY",
    "WEB_THREADS",
    "FORWARDED_ALLOW_IPS",
    "MIGRATE_ON_START",
    "COLLECTSTATIC_ON_START",
    "WORKER_CONCURRENCY",
    "WORKER_QUEUES",
    "WORKER_NAME",
    "WORKER_MAX_TASKS_PER_CHILD",
    "PRELOAD_MODELS",
    "SECURE_PROXY_SSL_HEADER",
    "CSRF_TRUSTED_ORIGINS",
}

StartRole = Callable[..., subprocess.Popen]
METRICS_TOKEN = "deploy-test-token"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server of this module's own, as compose.yaml's `redis` service."""
    port = devstack.free_port()
    process = devstack.start_redis(port=port, data_dir=tmp_path_factory.mktemp("redis"))
    yield f"redis://127.0.0.1:{port}/0"
    devstack.stop([process])


@pytest.fixture(scope="module")
def production_env(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> dict[str, str]:
    """What compose.yaml gives a container, with a temporary database and folders instead of volumes.

    HTTPS is off because the test talks plain HTTP to 127.0.0.1, as a TLS-terminating proxy would."""
    root = tmp_path_factory.mktemp("deploy")
    env = {name: value for name, value in os.environ.items() if name not in INHERITED_DEPLOYMENT_VARIABLES}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",  # python, gunicorn, celery
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        METRICS_TOKEN=METRICS_TOKEN,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{root / 'db.sqlite3'}",
        REDIS_URL=redis_url,
        STATIC_ROOT=str(root / "staticfiles"),
        MEDIA_ROOT=str(root / "media"),
        BEAT_SCHEDULE_FILE=str(root / "celerybeat-schedule"),
    )
    return env


@pytest.fixture(scope="module")
def start_role(production_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartRole]:
    """Start `docker/start.sh ROLE ARGS...` in the background, its output in a log file next to it."""
    started: list[subprocess.Popen] = []
    logs = tmp_path_factory.mktemp("logs")

    def start(role: str, *args: str, **env: str) -> subprocess.Popen:
        log_path = logs / f"{role}-{len(started)}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [str(START), role, *args],
                cwd=REPO_DIR,
                env={**production_env, **env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process.log_path = log_path  # type: ignore[attr-defined]
        started.append(process)
        return process

    yield start
    devstack.stop(started)
    for process in started:  # whatever a role left behind in its process group (a server that was not exec'd)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def run_role(
    production_env: dict[str, str], role: str, *args: str, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess:
    """Run a one-off role to its end."""
    return subprocess.run(
        [str(START), role, *args],
        cwd=REPO_DIR,
        env={**production_env, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def log_tail(process: subprocess.Popen) -> str:
    return process.log_path.read_text(errors="replace")[-3000:]  # type: ignore[attr-defined]


def command_line(process: subprocess.Popen) -> str:
    """The program the started process runs now: after `exec`, the server and not the shell."""
    return Path(f"/proc/{process.pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def stop_with_sigterm(process: subprocess.Popen, *, timeout: float) -> int:
    """What `docker stop` does first: SIGTERM to the container's main process, then wait."""
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running {timeout} s after SIGTERM\n{log_tail(process)}")


def http_get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def web(start_role: StartRole) -> tuple[subprocess.Popen, int]:
    """`start.sh web` with one gunicorn process, migrating and collecting static files as it starts.

    It listens on loopback only (an argument passed through to gunicorn); the image listens on PORT."""
    port = devstack.free_port()
    process = start_role(
        "web",
        "--bind",
        f"127.0.0.1:{port}",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        WEB_THREADS="2",
        COLLECTSTATIC_ON_START="1",
    )
    try:
        devstack.wait_for_port(port, timeout=180, process=process)
    except RuntimeError as exc:
        pytest.fail(f"{exc}\n{log_tail(process)}")
    return process, port


class TestWebRole:
    def test_runs_gunicorn_as_the_main_process(self, web):
        """The shell replaced itself with gunicorn, so the container's signals reach the server."""
        process, _port = web
        assert "gunicorn newsapp.wsgi:application --config gunicorn.conf.py" in command_line(process)
        assert "Using worker: gthread" in log_tail(process)

    def test_healthz_reports_database_and_redis_and_no_worker(self, web):
        """/healthz answers JSON; with no worker running it is 503, and says the rest is fine. Anyone gets
        the status word; the details take the metrics token."""
        _process, port = web
        status, headers, body = http_get(port, "/healthz")
        assert (status, json.loads(body)) == (503, {"status": "unhealthy"})
        status, headers, body = http_get(port, "/healthz", {"Authorization": f"Bearer {METRICS_TOKEN}"})
        report = json.loads(body)
        assert status == 503 and headers["content-type"] == "application/json"
        assert report["status"] == "unhealthy"
        assert report["checks"]["database"]["ok"] is True
        assert report["checks"]["redis"]["ok"] is True
        assert (report["checks"]["workers"]["ok"], report["checks"]["workers"]["count"]) == (False, 0)

    def test_pages_link_hashed_static_files_that_whitenoise_serves(self, web):
        """DEBUG=0: the page links the content-hashed stylesheet, and WhiteNoise serves it for a year."""
        process, port = web
        status, _headers, body = http_get(port, "/")
        assert status == 200, log_tail(process)
        stylesheet = re.search(r'href="(/static/summaries/css/site\.[0-9a-f]{12}\.css)"', body.decode())
        assert stylesheet, body.decode()[:1000]
        status, headers, css = http_get(port, stylesheet.group(1))
        assert status == 200 and headers["content-type"].startswith("text/css")
        assert "immutable" in headers["cache-control"] and css.strip()

    @pytest.mark.parametrize("token", [METRICS_TOKEN, ""], ids=["with-the-metrics-token", "without"])
    def test_healthcheck_role_passes_while_the_server_answers(self, web, production_env, token):
        """Docker's HEALTHCHECK (`start.sh healthcheck`) counts the web container healthy without a worker: from
        /healthz's details with the metrics token, or the database asked directly without one."""
        _process, port = web
        result = run_role(production_env, "healthcheck", PORT=str(port), METRICS_TOKEN=token, timeout=30)
        assert result.returncode == 0, result.stdout + result.stderr

    def test_metrics_count_the_requests_of_every_gunicorn_process(self, start_role):
        """Two gunicorn processes: each scrape, whichever process answers it, counts every request served."""
        port = devstack.free_port()
        process = start_role(
            "web",
            "--bind",
            f"127.0.0.1:{port}",
            PORT=str(port),
            WEB_CONCURRENCY="2",
            WEB_THREADS="2",
            COLLECTSTATIC_ON_START="1",
        )
        devstack.wait_for_port(port, timeout=180, process=process)
        for _ in range(20):
            assert http_get(port, "/")[0] == 200, log_tail(process)
        counts = set()
        for _ in range(6):
            status, headers, body = http_get(port, "/metrics")
            assert status == 200 and headers["content-type"].startswith("text/plain"), body[:300]
            line = re.search(
                rb'summaries_http_request_duration_seconds_count\{method="GET",route="summaries:submit",status="200"\} (\S+)',
                body,
            )
            assert line, body.decode()[:2000]
            counts.add(float(line.group(1)))
        assert counts == {20.0}
        devstack.stop([process])

    def test_sigterm_stops_gunicorn_cleanly(self, web, production_env):
        """Runs last in this class: it stops the shared server. Exit 0, port released, health check fails."""
        process, port = web
        assert stop_with_sigterm(process, timeout=20) == 0, log_tail(process)
        assert devstack.port_is_free(port)
        assert run_role(production_env, "healthcheck", PORT=str(port), timeout=30).returncode != 0


WORKER_NODE = f"deploytest1@{socket.gethostname()}"


@pytest.fixture(scope="module")
def worker(start_role: StartRole, production_env: dict[str, str]) -> subprocess.Popen:
    """`start.sh migrate`, then `start.sh worker` on the translation queue only, under its own name."""
    migrated = run_role(production_env, "migrate")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    return start_role("worker", WORKER_NAME="deploytest1@%h", WORKER_QUEUES="translation", WORKER_CONCURRENCY="1")


def start_web(start_role: StartRole, *, threads: int = 2, **env: str) -> tuple[subprocess.Popen, int]:
    """`start.sh web` (one gunicorn process, static files collected) on a free loopback port, once it listens."""
    port = devstack.free_port()
    process = start_role(
        "web",
        "--bind",
        f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        WEB_THREADS=str(threads),
        COLLECTSTATIC_ON_START="1",
        **env,
    )
    devstack.wait_for_port(port, timeout=180, process=process)
    return process, port


def group_members(group: int) -> list[int]:
    """The processes of a process group (a started role and everything under it)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[2]) == group:
                members.append(int(stat.parent.name))
    return members


def open_files_under(pids: list[int], folder: Path) -> list[str]:
    """The files under `folder` the processes hold open, as /proc shows them ("(deleted)" when unlinked)."""
    found = []
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith(str(folder)):
                    found.append(target)
    return found


def test_an_upload_cut_short_by_a_killed_server_leaves_no_file_behind(start_role, tmp_path):
    """A file too big for memory streams into a temporary file while it arrives; a web server killed then
    (SIGKILL: no handler runs) used to leave Django's named temporary file in /tmp for good. Now the file
    never has a name, so the kernel takes it back with the process."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    port = devstack.free_port()
    process = start_role(
        "web", "--bind", f"127.0.0.1:{port}", WEB_CONCURRENCY="1", WEB_THREADS="2", TMPDIR=str(scratch)
    )
    devstack.wait_for_port(port, timeout=180, process=process)
    boundary = "upload-cut-short"
    part = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="article.html"\r\n'
        "Content-Type: text/html\r\n\r\n"
    ).encode()
    token = secrets.token_hex(16)  # a well-formed CSRF cookie, so Django reads the body to find the form's token
    head = (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(part) + 8 * 1024 * 1024}\r\nCookie: csrftoken={token}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        client.sendall(head + part + b"<p>" + b"x" * (4 * 1024 * 1024))  # half the file: past memory's 2.5 MB
        held = wait_for(
            lambda: open_files_under(group_members(process.pid), scratch),
            timeout=60,
            message=lambda: f"no temporary file under {scratch}\n{log_tail(process)}",
        )
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert all(target.endswith("(deleted)") for target in held), held
    assert [path.name for path in scratch.iterdir() if ".upload" in path.name] == []


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def gunicorn_workers(master: int) -> list[int]:
    """The gunicorn master's own children (its workers; not the fork server a worker starts for parsing)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children if "gunicorn" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]


def post_files(port: int, files: list[tuple[str, bytes]]) -> tuple[int, str]:
    """The upload form as a browser posts it: its page first (the CSRF cookie and token), then the files."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", "/")
    form = connection.getresponse()
    page = form.read().decode()
    assert form.status == 200, (form.status, page[:300])
    cookie = next(
        value.split(";")[0]
        for name, value in form.getheaders()
        if name.lower() == "set-cookie" and "csrftoken" in value
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    boundary = "hostile-files"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'.encode()]
    for name, data in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: text/html\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": cookie,
        "Referer": f"http://127.0.0.1:{port}/",
    }
    connection.request("POST", "/", body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode(errors="replace")
    connection.close()
    return response.status, text


def test_hostile_uploads_cost_one_requests_budget_and_give_the_memory_back(start_role):
    """Twenty 9 MB pages of nothing but links in one form post took ~100 s of a web thread and left the
    process 175 MB bigger. Now the request's files share one parsing budget (2 s here), the files are read
    one at a time, and the web process's memory is back at its baseline after three such posts (107 MB
    before, 108 after; 648 MB after when each refusal kept its traceback, and with it the file's bytes)."""
    process, port = start_web(
        start_role,
        EXTRACT_SECONDS="1",
        REQUEST_EXTRACT_SECONDS="2",
        RATE_LIMIT_PER_IP="1000/hour",
        RATE_LIMIT_PER_SESSION="1000/hour",
        RATE_LIMIT_REFUSED="1000/hour",
    )
    [worker] = wait_for(lambda: gunicorn_workers(process.pid), timeout=30)
    status, page = post_files(port, [("warm-up.html", b"<html><body><p>" + b"x" * 2000 + b"</p></body></html>")])
    assert status == 400 and "What happened to each item" in page, page[-2000:]  # refused, as a page
    baseline = resident_mb(worker)
    hostile = b"<html><body>" + b"<a>" * (3 * 1024 * 1024) + b"</body></html>"
    for _round in range(3):
        started = time.monotonic()
        status, page = post_files(port, [(f"links-{index}.html", hostile) for index in range(20)])
        assert status == 400 and page.count("the files before it used up the time and memory") >= 10, page[-3000:]
        assert time.monotonic() - started < 60  # 2 s of parsing, the rest is moving 180 MB through loopback
    after = resident_mb(worker)
    assert after - baseline < 40, f"web process {baseline:.0f} MB before, {after:.0f} MB after"


NGINX_TEMPLATE = REPO_DIR / "docker" / "nginx" / "default.conf.template"


def nginx_path() -> str | None:
    import shutil

    return (
        os.environ.get("NGINX_PATH")
        or shutil.which("nginx")
        or next((path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None)
    )


@pytest.fixture(scope="module")
def proxy_stack(start_role, tmp_path_factory):
    """gunicorn (the web role, 1 process x 4 threads) behind nginx run with docker/nginx's own template, as
    compose runs them; (nginx's port, gunicorn's port). Skipped without nginx, but fails under CI=true."""
    nginx = nginx_path()
    if nginx is None:
        missing_system_tool(
            "no nginx found (apt-get install nginx-light, or set NGINX_PATH): the proxy tests cannot run"
        )
    _web, web_port = start_web(start_role, threads=4)
    proxy_port = devstack.free_port()
    root = tmp_path_factory.mktemp("nginx")
    values = {
        "NGINX_UPSTREAM": f"127.0.0.1:{web_port}",
        "NGINX_LISTEN": f"127.0.0.1:{proxy_port}",
        "NGINX_MAX_BODY": "210m",
        "NGINX_CONNECTIONS_PER_ADDRESS": "100",
    }
    site = re.sub(r"\$\{(NGINX_[A-Z_]+)\}", lambda match: values[match.group(1)], NGINX_TEMPLATE.read_text())
    (root / "site.conf").write_text(site)
    (root / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {root}/nginx.pid;\nerror_log {root}/error.log warn;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {root}/body;\n  proxy_temp_path {root}/proxy;\n"
        f"  fastcgi_temp_path {root}/fastcgi;\n  uwsgi_temp_path {root}/uwsgi;\n  scgi_temp_path {root}/scgi;\n"
        f"  include {root}/site.conf;\n}}\n"
    )
    proxy = subprocess.Popen([nginx, "-p", str(root), "-c", str(root / "nginx.conf")], stderr=subprocess.PIPE)
    try:
        devstack.wait_for_port(proxy_port, timeout=30, process=proxy)
        yield proxy_port, web_port
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)


def timed_get(port: int, path: str = "/", timeout: float = 30) -> tuple[int, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    finally:
        connection.close()


class SlowBodies:
    """Connections that send a POST's headers, then its 100,000-byte body one byte a second: the attack."""

    def __init__(self, port: int, count: int) -> None:
        self.sockets = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(count)]
        for sock in self.sockets:
            sock.sendall(
                b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Cookie: csrftoken=" + secrets.token_hex(16).encode() + b"\r\n"  # so Django reads the body
                b"Content-Length: 100000\r\n\r\nt"
            )
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._drip, daemon=True)
        self.thread.start()

    def _drip(self) -> None:
        while not self.stopped.wait(1):
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.sendall(b"x")

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(5)
        for sock in self.sockets:
            sock.close()


# How long a page load may take under the slow-body attack: gunicorn alone answers nothing in this time
# (its threads are held until the 30 s body deadline), the proxied stack answers every load well within it.
STARVED_SECONDS = 3


class TestBufferingProxy:
    def test_fifty_slow_bodies_leave_pages_answering(self, proxy_stack):
        """Through nginx: the 50 bodies wait in nginx, gunicorn's threads stay free, and every page load
        answers within STARVED_SECONDS, the wait in which gunicorn alone, under the same attack, answers
        nothing (below). A first load before the attack takes the process's cold start out of the figures."""
        proxy_port, _web_port = proxy_stack
        assert timed_get(proxy_port)[0] == 200
        slow = SlowBodies(proxy_port, 50)
        try:
            loads = [timed_get(proxy_port) for _ in range(5)]
        finally:
            slow.close()
        assert all(status == 200 for status, _seconds in loads), loads
        assert max(seconds for _status, seconds in loads) < STARVED_SECONDS, loads

    def test_without_the_proxy_the_same_attack_holds_every_thread(self, proxy_stack):
        """The threat the proxy answers, shown: gunicorn alone, its 4 threads each reading a dripping body,
        has none left for a page (which then waits for the body deadline, 30 s by default)."""
        _proxy_port, web_port = proxy_stack
        slow = SlowBodies(web_port, 50)
        try:
            with pytest.raises(TimeoutError):
                timed_get(web_port, timeout=STARVED_SECONDS)
        finally:
            slow.close()

    def test_the_proxy_refuses_a_body_over_its_limit_before_gunicorn_reads_it(self, proxy_stack):
        proxy_port, _web_port = proxy_stack
        connection = http.client.HTTPConnection("127.0.0.1", proxy_port, timeout=30)
        connection.putrequest("POST", "/")
        connection.putheader("Content-Length", str(300 * 1024 * 1024))
        connection.endheaders()
        assert connection.getresponse().status == 413
        connection.close()


def test_a_dripping_body_sent_straight_to_gunicorn_ends_at_the_body_deadline(start_role):
    """The second line, for a gunicorn reached without the proxy: the body's reads end BODY_READ_SECONDS
    after the request began (2 s here), answered 400, and the thread goes back to serving pages."""
    _process, port = start_web(start_role, threads=1, BODY_READ_SECONDS="2")
    slow = SlowBodies(port, 1)
    try:
        started = time.monotonic()
        slow.sockets[0].settimeout(30)
        answer = slow.sockets[0].recv(4096)
        elapsed = time.monotonic() - started
    finally:
        slow.close()
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert elapsed < 10  # 2 s, where it used to wait for all 100,000 bytes (27 hours at this pace)
    assert timed_get(port)[0] == 200  # the only thread is free again


class TestWorkerRole:
    def test_consumes_exactly_the_queues_the_environment_names(self, worker, redis_url):
        """WORKER_QUEUES and WORKER_NAME reach Celery: the named node consumes the translation queue only."""
        replies = wait_for_active_queues(redis_url, WORKER_NODE, worker, timeout=90)
        assert list(replies) == [WORKER_NODE]
        assert [queue["name"] for queue in replies[WORKER_NODE]] == ["translation"]
        assert "celery -A newsapp worker" in command_line(worker)

    def test_healthcheck_role_pings_this_worker(self, worker, production_env):
        """compose.yaml's worker health check: `start.sh healthcheck worker` gets this worker's answer."""
        wait_for_active_queues(production_env["REDIS_URL"], WORKER_NODE, worker, timeout=90)
        result = run_role(production_env, "healthcheck", "worker", WORKER_NAME="deploytest1@%h", timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr

    def test_sigterm_stops_the_worker_cleanly(self, worker, production_env):
        """Runs last in this class: a warm shutdown exits 0, and the health check then fails."""
        wait_for_active_queues(production_env["REDIS_URL"], WORKER_NODE, worker, timeout=90)
        assert stop_with_sigterm(worker, timeout=30) == 0, log_tail(worker)
        result = run_role(production_env, "healthcheck", "worker", WORKER_NAME="deploytest1@%h", timeout=60)
        assert result.returncode != 0


def wait_for_active_queues(redis_url: str, node: str, worker: subprocess.Popen, *, timeout: float) -> dict[str, list]:
    """Ask the worker, as `celery inspect active_queues` does, until it answers."""
    client = Celery(broker=redis_url)  # a bare client: the test process's own Celery app is left as it is

    def answer() -> dict[str, list]:
        if worker.poll() is not None:
            pytest.fail(f"worker exited with {worker.returncode}\n{log_tail(worker)}")
        return client.control.inspect(destination=[node], timeout=1).active_queues() or {}

    try:  # no pause between asks: each waits a second for the reply
        return wait_for(
            answer, timeout=timeout, interval=0, message=lambda: f"{node} did not answer\n{log_tail(worker)}"
        )
    finally:
        client.close()


def test_beat_role_schedules_the_sweeper(start_role, redis_url, production_env):
    """`start.sh beat` keeps its schedule in BEAT_SCHEDULE_FILE and sends the sweeper to its queue."""
    queue = redis.Redis.from_url(redis_url)
    beat = start_role("beat", SWEEP_INTERVAL="1")
    wait_for(
        lambda: queue.llen("summaries") or beat.poll() is not None,
        timeout=60,
        interval=0.2,
        message=lambda: f"nothing on the summaries queue\n{log_tail(beat)}",
    )
    message = json.loads(queue.lindex("summaries", 0) or "{}")
    assert message.get("headers", {}).get("task") == "summaries.tasks.summaries_sweep", log_tail(beat)
    schedule = Path(production_env["BEAT_SCHEDULE_FILE"])
    assert list(schedule.parent.glob(f"{schedule.name}*")), "no schedule file"  # shelve may add a suffix
    assert stop_with_sigterm(beat, timeout=20) == 0, log_tail(beat)


def test_download_models_role_runs_the_command(production_env, tiny_models: TinyModels):
    """`start.sh download-models` runs `manage.py download_models` (local model folders: nothing to fetch)."""
    result = run_role(
        production_env,
        "download-models",
        TRANSLATION_MODEL=str(tiny_models.translation),
        SUMMARIZATION_MODEL=str(tiny_models.summarization),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("is a local directory; nothing to download") == 2


def test_manage_role_passes_arguments_through(production_env):
    result = run_role(production_env, "manage", "check", "--database", "default")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_unknown_role_is_refused_with_exit_64():
    """A typo in a compose `command:` fails at once with the list of roles (EX_USAGE), starting nothing."""
    result = subprocess.run([str(START), "wokrer"], cwd=REPO_DIR, capture_output=True, text=True, timeout=10)
    assert result.returncode == 64
    assert "unknown role 'wokrer'" in result.stderr and "web, worker, beat" in result.stderr
    assert result.stdout == ""


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO_DIR / "compose.yaml").read_text())


class TestDeploymentFiles:
    APP_SERVICES = {
        "migrate": "migrate",
        "web": "web",
        "worker": "worker",
        "fetcher": "worker",
        "beat": "beat",
        "models": "download-models",
    }

    def test_compose_defines_the_stack_and_its_volumes(self, compose):
        services = compose["services"]
        assert set(services) == {"postgres", "redis", "proxy", *self.APP_SERVICES}
        assert services["postgres"]["image"] == "postgres:16" and "pg_isready" in str(
            services["postgres"]["healthcheck"]
        )
        assert services["redis"]["image"] == "redis:7" and "--appendonly" in services["redis"]["command"]
        assert set(compose["volumes"]) == {"pgdata", "redisdata", "media", "models"}
        assert "pgdata:/var/lib/postgresql/data" in services["postgres"]["volumes"]
        assert "redisdata:/data" in services["redis"]["volumes"]
        assert {"media:/data/media", "models:/models"} <= set(services["web"]["volumes"])
        assert "models:/models" in services["worker"]["volumes"] and "models:/models" in services["models"]["volumes"]

    def test_app_services_share_one_image_and_differ_by_role(self, compose):
        services = compose["services"]
        assert {(services[name]["build"], services[name]["image"]) for name in self.APP_SERVICES} == {
            (".", "newsroom-summaries")
        }
        assert {name: services[name]["command"][0] for name in self.APP_SERVICES} == self.APP_SERVICES
        assert services["models"]["profiles"] == ["setup"] and "profiles" not in services["web"]
        for name in ("web", "worker", "fetcher", "beat"):
            assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}

    def test_requests_reach_gunicorn_only_through_the_buffering_proxy(self, compose):
        """nginx publishes the port (loopback) and buffers bodies with this repository's template; gunicorn
        publishes none, and trusts forwarded headers since only the proxy reaches it."""
        services = compose["services"]
        proxy, web = services["proxy"], services["web"]
        assert proxy["image"].startswith("nginx:") and "ports" not in web
        assert proxy["ports"] == ["${WEB_BIND:-127.0.0.1}:${WEB_PORT:-8000}:8080"]
        assert "./docker/nginx/default.conf.template:/etc/nginx/templates/default.conf.template:ro" in proxy["volumes"]
        assert proxy["environment"]["NGINX_UPSTREAM"] == "web:8000" and proxy["environment"]["NGINX_LISTEN"] == "8080"
        assert web["environment"]["FORWARDED_ALLOW_IPS"] == "${FORWARDED_ALLOW_IPS:-*}"
        template = NGINX_TEMPLATE.read_text()
        for directive in ("proxy_request_buffering on;", "client_body_timeout 10s;", "client_max_body_size"):
            assert directive in template

    def test_links_and_feeds_have_a_worker_of_their_own(self, compose):
        """The model worker takes every queue but `fetching`, which the fetcher alone takes, without models:
        a slow site can then hold only the fetcher."""
        from django.conf import settings

        services = compose["services"]
        model_queues = services["worker"]["environment"]["WORKER_QUEUES"]
        assert model_queues == "${WORKER_QUEUES:-" + settings.SUMMARIES_MODEL_WORKER_QUEUES + "}"
        assert settings.SUMMARIES_FETCH_QUEUE not in settings.SUMMARIES_MODEL_WORKER_QUEUES.split(",")
        fetcher = services["fetcher"]["environment"]
        assert fetcher["WORKER_QUEUES"] == settings.SUMMARIES_FETCH_QUEUE and fetcher["WORKER_NAME"] == "fetching@%h"
        assert (fetcher["PRELOAD_MODELS"], fetcher["AUTO_DOWNLOAD_MODELS"]) == ("", "0")
        assert "volumes" not in services["fetcher"]

    def test_settings_come_from_the_environment(self, compose):
        worker = compose["services"]["worker"]["environment"]
        assert {"WORKER_CONCURRENCY", "WORKER_QUEUES", "PRELOAD_MODELS"} <= set(worker)
        web = compose["services"]["web"]["environment"]
        assert web["SECRET_KEY"].startswith("${SECRET_KEY:?") and web["DEBUG"] == "0"
        assert web["HTTPS"] == "${HTTPS:-1}" and web["DATABASE_URL"].startswith("postgres://")

    def test_dockerfile_builds_a_cpu_image_that_starts_through_the_script(self):
        instructions = dockerfile_instructions((REPO_DIR / "Dockerfile").read_text())
        assert instructions[0] == ("FROM", "python:3.11-slim")
        assert ("ENTRYPOINT", '["/app/docker/start.sh"]') in instructions and ("CMD", '["web"]') in instructions
        runs = " ".join(argument for keyword, argument in instructions if keyword == "RUN")
        assert "--extra-index-url https://download.pytorch.org/whl/cpu" in runs and "requirements.txt" in runs
        assert "compilemessages" in runs and "collectstatic" in runs
        users = [argument for keyword, argument in instructions if keyword == "USER"]
        assert users and users[-1].split(":")[0] not in {"root", "0"}
        assert "docker/start.sh" in dict(instructions)["HEALTHCHECK"]
        environment = " ".join(argument for keyword, argument in instructions if keyword == "ENV")
        assert "DEBUG=0" in environment and "SECRET_KEY" not in environment  # the build's key stays in the build

    def test_dockerignore_keeps_local_state_out_of_the_image(self):
        ignored = set((REPO_DIR / ".dockerignore").read_text().split())
        assert {".git", ".venv", "var", "media", "staticfiles", "*.sqlite3*", "test-artifacts"} <= ignored

    def test_start_script_is_executable_posix_sh(self):
        assert os.access(START, os.X_OK)
        result = subprocess.run(["sh", "-n", str(START)], capture_output=True, text=True, timeout=10)
        assert result.returncode == 0, result.stderr

    def test_gunicorn_reads_its_settings_from_the_environment(self):
        """gunicorn itself loads gunicorn.conf.py: PORT, WEB_CONCURRENCY, WEB_THREADS and the proxy list."""
        env = {
            **os.environ,
            "PORT": "8123",
            "WEB_CONCURRENCY": "3",
            "WEB_THREADS": "5",
            "FORWARDED_ALLOW_IPS": "10.0.0.2",
        }
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "gunicorn.conf.py",
                "--print-config",
                "newsapp.wsgi:application",
            ],
            cwd=REPO_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        config = dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))
        assert config["bind"] == "['0.0.0.0:8123']"
        assert (config["workers"], config["threads"]) == ("3", "5")
        assert config["forwarded_allow_ips"] == "['10.0.0.2']"
        assert config["accesslog"] == "-" and config["preload_app"] == "False"

    def test_gunicorn_refuses_a_malformed_number(self):
        """A typo fails at start-up with the variable's name (gunicorn itself already checks WEB_CONCURRENCY)."""
        env = {**os.environ, "WEB_THREADS": "two"}
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "gunicorn.conf.py",
                "--print-config",
                "newsapp.wsgi:application",
            ],
            cwd=REPO_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode != 0 and 'Environment variable "WEB_THREADS" invalid' in result.stdout + result.stderr


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) per instruction, continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    return [
        (line.split(None, 1)[0].upper(), " ".join(line.split(None, 1)[1].split()))
        for line in joined.splitlines()
        if line.strip()
    ]
