"""Coffeechat under load, served the way `coffeechat serve` serves it.

`coffeechat serve` (gunicorn, two processes per CPU plus one) runs in a subprocess on the bench's SQLite
database; wrk, on loopback and bounded in time, reads a person page (with a logged-in session)
and a page of the API at 16 concurrent connections. Then 8 writers add people through the API
while wrk keeps reading: every write the server acknowledged must be in the database
afterwards.

Requests per second depend on how many CPUs the machine has and what else runs on it, so
each load also reports the server's CPU time per request (all its processes, from Linux's
/proc): 1000 over that is what one core serves, whatever the machine.
"""

from __future__ import annotations

import cProfile
import http.client
import json
import logging
import os
import pstats
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

from coffeechat import server as server_module

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.test import Client

READ_RPS_TARGET = 300.0
READ_P99_TARGET_MS = 150.0
CONNECTIONS = 16
WRITERS = 8


@dataclass
class Load:
    """What wrk measured."""

    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors and answers other than 2xx/3xx
    server_cpu_ms: float | None = None  # CPU time of all the server's processes per request
    wrk_cpu_ms: float | None = None  # and of wrk itself

    def per_core(self) -> str:
        """Requests one core serves at this CPU time per request."""
        return f"{1000 / self.server_cpu_ms:.0f}" if self.server_cpu_ms else "–"

    def misses(self, name: str) -> list[str]:
        missed = []
        if self.rps < READ_RPS_TARGET:
            missed.append(f"{self.rps:.0f} requests/s < {READ_RPS_TARGET:g}")
        if self.p99_ms > READ_P99_TARGET_MS:
            missed.append(f"p99 {self.p99_ms:.0f} ms > {READ_P99_TARGET_MS:g} ms")
        if self.errors:
            missed.append(f"{self.errors} errors")
        return [f"{name}: " + "; ".join(missed)] if missed else []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _process_tree_cpu(pid: int) -> float | None:
    """CPU seconds of a process and its children so far (Linux's /proc; None elsewhere)."""
    proc = Path("/proc")
    if not (proc / str(pid) / "stat").exists():
        return None
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            parents[int(entry.name)] = int(fields[1])
            ticks[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime + stime
    tree = {pid}
    while grown := {p for p, parent in parents.items() if parent in tree} - tree:
        tree |= grown
    return sum(ticks[p] for p in tree) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (wrk, once it is done)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _serve(home: str, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """`coffeechat serve` on the bench's data folder, once it accepts connections."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(COFFEECHAT_HOME=home, DJANGO_SETTINGS_MODULE="coffeechat.settings", DEBUG="false")
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "coffeechat", "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its processes can be stopped together
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("coffeechat serve stopped:\n" + log.read_text(errors="replace"))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("coffeechat serve did not start:\n" + log.read_text(errors="replace"))


def _browser_cookies(port: int, login_token: str) -> str:
    """The cookies a browser holds after logging in with the link and opening a page: the
    session, and the CSRF cookie the page's forms set."""
    found: dict[str, str] = {}
    for path in (f"/login/link/{login_token}/", "/"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cookie = "; ".join(f"{name}={value}" for name, value in found.items())
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, content = pair.partition("=")
                found[key] = content
    if "sessionid" not in found or "csrftoken" not in found:
        raise SystemExit(f"Logging in gave these cookies only: {sorted(found)}.")
    return "; ".join(f"{name}={value}" for name, value in found.items())


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


# Each request asks for the next person, so that no page is read twice in a run.
EVERY_PERSON_ONCE = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/network/people/" .. (FIRST + counter % COUNT) .. "/")
end
"""


def wrk(
    url: str,
    connections: int,
    seconds: int,
    headers: dict[str, str],
    server: int | None = None,
    script: Path | None = None,
) -> Load:
    """Run wrk against the URL (or the paths `script` makes) and read its summary; with the
    server's process id, also the CPU time the server and wrk spent per request."""
    # One wrk thread keeps thousands of connections busy: the other CPUs are the server's.
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    server_before = _process_tree_cpu(server) if server else None
    wrk_before = _children_cpu()
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    server_after = _process_tree_cpu(server) if server else None
    wrk_spent = _children_cpu() - wrk_before
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    if set(latency) != {"50", "99"}:
        raise SystemExit(f"wrk measured nothing on {url}:\n{out}")
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    per_request = 1000 / max(requests, 1)
    return Load(
        requests=requests,
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        errors=errors + (int(non_2xx.group(1)) if non_2xx else 0),
        server_cpu_ms=(
            (server_after - server_before) * per_request
            if server_before is not None and server_after is not None
            else None
        ),
        wrk_cpu_ms=wrk_spent * per_request,
    )


@dataclass
class Writes:
    acknowledged: list[int]
    refused: list[int]  # statuses other than 201
    broken: int  # connections that failed
    times_ms: list[float]


def _write(port: int, token: str, until: float, writer: int, writes: Writes) -> None:
    """Add people through the API until the time is up; note what the server acknowledged."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    n = 0
    while time.monotonic() < until:
        n += 1
        body = json.dumps({"first_name": f"Load{writer}", "last_name": f"Writer{n}"})
        started = time.perf_counter()
        try:
            connection.request("POST", "/api/v1/people/", body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
        except (OSError, http.client.HTTPException):
            writes.broken += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        writes.times_ms.append((time.perf_counter() - started) * 1000)
        if response.status == 201:
            writes.acknowledged.append(json.loads(answer)["id"])
        else:
            writes.refused.append(response.status)
    connection.close()


def mixed(port: int, token: str, read_url: str, cookie: str, seconds: int) -> tuple[Load, Writes]:
    """wrk reads while WRITERS threads write, for the same stretch of time."""
    writes = Writes([], [], 0, [])
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_write, args=(port, token, until, w, writes))
        for w in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    reads = wrk(read_url, CONNECTIONS // 2, seconds, {"Cookie": cookie})
    for thread in threads:
        thread.join()
    return reads, writes


def _caption(page: Load, fresh: Load, cpus: int) -> str:
    """How to read the table, and what rendering a page costs on a bigger machine."""
    text = (
        "Reads: wrk --latency with a logged-in session or an API token. The person page is read "
        "again and again, as when someone browses their network: each of serve's processes "
        "renders it once and then serves it from the pages kept for the user until their data "
        "changes (coffeechat/pagecache.py); the API keeps its answers the same way. 'Never "
        "read before' asks for a new person every "
        "time, so every page is rendered. Mixed: wrk reads with "
        f"{CONNECTIONS // 2} connections while {WRITERS} writers add people (each write makes "
        "the kept pages go). Server CPU: all of serve's processes (Linux /proc) over the "
        "requests answered; per core = 1000 / that, what one CPU serves with nothing else "
        "running (a busy machine inflates CPU time too)."
    )
    if fresh.server_cpu_ms:
        needed = READ_RPS_TARGET * fresh.server_cpu_ms / 1000
        text += (
            f"\nAt {fresh.server_cpu_ms:.1f} ms of CPU per person page rendered, "
            f"{READ_RPS_TARGET:g} such pages/s take {needed:.1f} CPUs of serving; this machine "
            f"has {cpus}, shared with wrk ({page.wrk_cpu_ms or 0:.2f} ms per request) and "
            "whatever else runs on it."
        )
    return text


def load_table(data: Any, home: str, seconds: int = 10) -> tuple[Table, list[str]]:
    """Reads and a mixed read/write load against `coffeechat serve` on the bench database."""
    from django.db import connections

    from coffeechat.accounts.models import ApiToken, LoginLink
    from coffeechat.network.models import Person

    user: User = data.user
    _, token = ApiToken.issue(user, "load test")
    login = LoginLink.issue(user)
    connections.close_all()
    log = Path(tempfile.mkdtemp(prefix="coffeechat-load-")) / "serve.log"
    server, port = _serve(home, log)
    try:
        base = f"http://127.0.0.1:{port}"
        cookie = _browser_cookies(port, login)
        person_page = f"{base}/network/people/{data.light_person}/"
        api_page = f"{base}/api/v1/people/?limit=20"
        # A few seconds of warm-up first: every process loads its templates and connects.
        wrk(person_page, CONNECTIONS, 2, {"Cookie": cookie})
        wrk(api_page, CONNECTIONS, 2, {"Authorization": f"Bearer {token}"})
        page = wrk(person_page, CONNECTIONS, seconds, {"Cookie": cookie}, server.pid)
        script = log.parent / "every-person-once.lua"
        script.write_text(
            EVERY_PERSON_ONCE.replace("FIRST", str(data.light_person + 1)).replace(
                "COUNT", str(data.counts["people"] - data.light_person - 1)
            )
        )
        fresh = wrk(base, CONNECTIONS, seconds, {"Cookie": cookie}, server.pid, script)
        api = wrk(api_page, CONNECTIONS, seconds, {"Authorization": f"Bearer {token}"}, server.pid)
        before = Person.objects.filter(user=user).count()
        reads, writes = mixed(port, token, person_page, cookie, seconds)
        stored = set(
            Person.objects.filter(user=user, pk__in=writes.acknowledged).values_list(
                "pk", flat=True
            )
        )
        added = Person.objects.filter(user=user).count() - before
    finally:
        server.send_signal(signal.SIGTERM)  # gunicorn stops its processes
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
        server_log = log.read_text(errors="replace")
        shutil.rmtree(log.parent, ignore_errors=True)

    lost = len(set(writes.acknowledged) - stored)
    served_by = re.search(
        r"\((?:data in [^;]*; )?(\w+, \d+ process(?:es)? of \d+ threads?)\)", server_log
    )
    cpus = server_module.cpu_count()
    table = Table(
        title=f"Load on `coffeechat serve` ({served_by.group(1) if served_by else 'see log'}; "
        f"SQLite) on {cpus} CPUs, wrk for {seconds} s each",
        caption=_caption(page, fresh, cpus),
    )
    for column in (
        "load",
        "requests/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "server CPU ms/request",
        "requests/s per core",
        "target",
        "verdict",
    ):
        table.add_column(column, justify="left" if column in ("load", "target") else "right")
    misses: list[str] = []
    target = f">= {READ_RPS_TARGET:g}/s, p99 <= {READ_P99_TARGET_MS:g} ms, no error"
    for name, result in (
        (f"Person page, {CONNECTIONS} connections", page),
        (f"API people ?limit=20, {CONNECTIONS} connections", api),
    ):
        missed = result.misses(name)
        misses += missed
        table.add_row(
            name,
            f"{result.rps:.0f}",
            f"{result.p50_ms:.1f}",
            f"{result.p99_ms:.1f}",
            str(result.errors),
            f"{result.server_cpu_ms:.1f}" if result.server_cpu_ms else "–",
            result.per_core(),
            target,
            "[bold red]MISSED[/bold red]" if missed else "[green]ok[/green]",
        )
    table.add_row(
        f"Mixed: person page reads, {CONNECTIONS // 2} connections",
        f"{reads.rps:.0f}",
        f"{reads.p50_ms:.1f}",
        f"{reads.p99_ms:.1f}",
        str(reads.errors),
        "–",
        "–",
        "no error",
        "[bold red]MISSED[/bold red]" if reads.errors else "[green]ok[/green]",
    )
    if reads.errors:
        misses.append(f"Mixed load: {reads.errors} read errors")
    table.add_row(
        f"Person pages never read before (a new person each request), {CONNECTIONS} connections",
        f"{fresh.rps:.0f}",
        f"{fresh.p50_ms:.1f}",
        f"{fresh.p99_ms:.1f}",
        str(fresh.errors),
        f"{fresh.server_cpu_ms:.1f}" if fresh.server_cpu_ms else "–",
        fresh.per_core(),
        "no error (rendered every time: shows what keeping pages saves)",
        "[bold red]MISSED[/bold red]" if fresh.errors else "[green]ok[/green]",
    )
    if fresh.errors:
        misses.append(f"Person pages never read before: {fresh.errors} errors")
    write_rate = len(writes.times_ms) / seconds
    p99_write = (
        statistics.quantiles(writes.times_ms, n=100, method="inclusive")[98]
        if len(writes.times_ms) > 1
        else 0.0
    )
    write_errors = len(writes.refused) + writes.broken
    bad_writes = lost or write_errors or added != len(writes.acknowledged)
    table.add_row(
        f"Mixed: {WRITERS} writers adding people",
        f"{write_rate:.0f}",
        f"{statistics.median(writes.times_ms or [0.0]):.1f}",
        f"{p99_write:.1f}",
        str(write_errors),
        "–",
        "–",
        "no write lost",
        (
            f"[bold red]{lost} LOST[/bold red]"
            if lost
            else f"[green]ok[/green] ({len(writes.acknowledged)} acknowledged, {added} stored)"
            if not bad_writes
            else f"[bold red]MISSED[/bold red] ({len(writes.acknowledged)} acknowledged, {added} stored)"
        ),
    )
    if bad_writes:
        misses.append(
            f"Mixed load: {len(writes.acknowledged)} writes acknowledged, {added} rows added, "
            f"{lost} lost, {write_errors} refused or broken ({sorted(set(writes.refused))})"
        )
    if "database is locked" in server_log or "Traceback" in server_log:
        misses.append("The server logged errors under load:\n" + server_log[-2000:])
    return table, misses


def _cpu_ms(client: Client, url: str, headers: dict[str, str], times: int = 20) -> float:
    """Median CPU time of one request in this process: what one interpreter pays to render
    the page (the pages kept are forgotten before each request)."""
    from django.core.cache import cache

    client.get(url, headers=headers)
    spent = []
    for _ in range(times):
        cache.clear()
        started = time.process_time()
        client.get(url, headers=headers)
        spent.append((time.process_time() - started) * 1000)
    return statistics.median(spent)


def _hotspots(client: Client, url: str, count: int = 4) -> str:
    """Coffeechat's own functions that take the most time in the request, under cProfile."""
    from django.core.cache import cache

    profile = cProfile.Profile()
    for _ in range(10):
        cache.clear()
        profile.enable()
        client.get(url)
        profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    ours = [
        (cumulative / 10 * 1000, f"{Path(file).stem}.{name}")
        for (file, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.items()
        if "/coffeechat/" in file and "/views.py" not in file and "/middleware.py" not in file
    ]
    return ", ".join(f"{name} {ms:.1f} ms" for ms, name in sorted(ours, reverse=True)[:count])


def where_the_time_goes(client: Client, person: int) -> str:
    """Why one process serves only so many pages a second: CPU per request, split up."""
    page = _cpu_ms(client, f"/network/people/{person}/", {})
    not_found = logging.getLogger("django.request")
    level = not_found.level
    not_found.setLevel(logging.ERROR)  # the 404s below are on purpose
    try:
        overhead = _cpu_ms(client, "/network/people/0/", {})  # middleware, session, profile
    finally:
        not_found.setLevel(level)
    return (
        f"Where the time goes: the person page costs {page:.1f} ms of CPU per request in one "
        f"process; {overhead:.1f} ms of that is the middleware stack with the session, user "
        f"and profile queries (an authenticated 404 costs as much), the rest the view and its "
        f"template. Each of `serve`'s processes renders one page at a time, so each tops out "
        f"near {1000 / page:.0f} rendered pages/s and a machine "
        f"near that times its CPUs. Under cProfile (inflated) the heaviest of Coffeechat's own "
        f"calls: {_hotspots(client, f'/network/people/{person}/')}."
    )


def tables(
    data: Any, home: str, client: Client, seconds: int = 10
) -> tuple[list[Table], list[str]]:
    """The load test, and why a missed read target missed."""
    load, misses = load_table(data, home, seconds)
    found: list[Table] = [load]
    if any("requests/s" in miss or "p99" in miss for miss in misses):
        load.caption = f"{load.caption}\n{where_the_time_goes(client, data.light_person)}"
    return found, misses
