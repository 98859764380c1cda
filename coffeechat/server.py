"""The web server behind `coffeechat serve`: several processes where the system can fork.

One Python process renders one page at a time however many threads it has (they share one
interpreter lock; threads fighting over it cost more CPU than they save), so on POSIX
systems `serve` runs gunicorn with several single-threaded processes: two per CPU plus one,
so that a process waiting on the database (a writer queueing for SQLite's lock) leaves no
CPU idle. Each process takes the next connection when it is free, which spreads the load
evenly; `--threads N` gives each process N threads instead (gunicorn's gthread). The app is
loaded once, before the processes are forked, after the database is migrated. Windows (no
fork) and `--server waitress` get waitress in one process.

SQLite copes with several processes: WAL lets readers run beside the one writer, and
IMMEDIATE transactions with a busy timeout make writers queue instead of failing.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

SERVERS = ("gunicorn", "waitress")


def default_server() -> str:
    """gunicorn where processes can fork, waitress elsewhere (Windows)."""
    return "gunicorn" if os.name == "posix" else "waitress"


# Beyond this many processes a career centre's server gains little, and each costs memory.
MOST_WORKERS = 17
# A request may take this long before gunicorn gives up on its process: exporting or
# importing a large network takes tens of seconds on a slow machine, never minutes.
REQUEST_TIMEOUT_SECONDS = 600


def default_workers() -> int:
    """Two processes per CPU plus one, up to MOST_WORKERS."""
    return min(2 * cpu_count() + 1, MOST_WORKERS)


def cpu_count() -> int:
    """The CPUs this process may run on (a container's or `taskset`'s limit, not the machine's)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counted is not None:
        return int(counted() or 1)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def run(
    application: WsgiApp, *, server: str, host: str, port: int, workers: int, threads: int
) -> None:
    """Serve the application until the process is told to stop."""
    if server == "waitress":
        from waitress import serve

        serve(application, host=host, port=port, threads=threads, ident="coffeechat")
        return
    # What is loaded now stays shared between the processes forked next: the collector then
    # leaves it alone instead of touching (and so copying) it in every process.
    gc.collect()
    gc.freeze()
    _Gunicorn(
        application,
        {
            "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
            "workers": workers,
            # One request at a time per process, each connection taken by whichever
            # process is free; threads only when asked for.
            "worker_class": "sync" if threads == 1 else "gthread",
            "threads": threads,
            "timeout": REQUEST_TIMEOUT_SECONDS,
            "proc_name": "coffeechat",
            # Only problems on the console, as with waitress: no start-up chatter per process.
            "loglevel": "warning",
            # With threads, keep an idle browser's connection open as long as waitress does
            # (gunicorn's default is 2 s): a client that reuses it must not find it closed.
            "keepalive": 120,
            # Ctrl-C or a service manager's stop: requests under way get this long to finish.
            "graceful_timeout": 10,
        },
    ).run()


class _Gunicorn:
    """gunicorn's arbiter around an application that is already loaded in this process."""

    def __init__(self, application: WsgiApp, options: dict[str, Any]) -> None:
        from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]
        from gunicorn.arbiter import Arbiter  # type: ignore[import-untyped]

        class Application(BaseApplication):
            def load_config(self) -> None:
                for name, value in options.items():
                    self.cfg.set(name, value)

            def load(self) -> WsgiApp:
                return application

        class Stoppable(Arbiter):
            def handle_hup(self) -> None:
                """Closing the terminal stops Coffeechat, as it stops waitress, instead of
                gunicorn's reload that would keep it running unseen, holding the port."""
                self.handle_term()

        self.app = Application()
        self.arbiter = Stoppable

    def run(self) -> None:
        try:
            self.arbiter(self.app).run()
        except RuntimeError as error:  # gunicorn's way of saying it could not start
            raise SystemExit(f"coffeechat serve: {error}") from error
