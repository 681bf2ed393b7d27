# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The Odoo server of the load test: its database, its process, its log.

The server is a separate ``odoo`` process in multi-worker (prefork) mode, bound to the
loopback interface only, on ports picked at random. It is stopped by the script that
started it, also on Ctrl-C or an error, and dies with that script if the script is
killed (the kernel sends it SIGTERM).
"""

import contextlib
import ctypes
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import benchlib

LOOPBACK = "127.0.0.1"
DATABASE_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$")
ADDONS = "volunteer_valuation,volunteer_valuation_currency"
LOG_ERROR_RE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
LOG_LINE_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} ")
PR_SET_PDEATHSIG = 1


def free_port(rng, avoid=()):
    """A TCP port of the loopback interface that nothing listens on (never 8069)."""
    for _attempt in range(200):
        port = rng.randint(20000, 60000)
        if port in avoid:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((LOOPBACK, port))
            except OSError:
                continue
            return port
    raise RuntimeError("No free TCP port found between 20000 and 60000.")


def check_database_name(name):
    if not DATABASE_NAME_RE.match(name):
        raise ValueError(f"{name!r} is not a valid database name (letters, digits, _ . -).")
    return name


def create_database(name, data_dir, http_port, log_path):
    """A new database with both addons installed, without demo data."""
    command = [benchlib.odoo_bin(), "-d", name, f"--addons-path={benchlib.addons_path()}",
               "-i", ADDONS, "--stop-after-init", "--log-level=warn", f"--data-dir={data_dir}",
               "--http-interface", LOOPBACK, "--http-port", str(http_port)]
    print("Creating database", name, "(about a minute)", flush=True)
    with open(log_path, "ab") as log:
        subprocess.run(command, check=True, stdout=log, stderr=subprocess.STDOUT)


def drop_database(name):
    """Drop the database, closing any connection left to it."""
    with contextlib.suppress(Exception):
        from odoo.sql_db import close_db

        close_db(name)
    subprocess.run(["psql", "-X", "-qd", "postgres", "-c",
                    f'DROP DATABASE IF EXISTS "{check_database_name(name)}" WITH (FORCE)'],
                   check=True)


def _die_with_parent():
    """Run in the child before exec: SIGTERM it when the load script dies (Linux)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class OdooServer:
    """``odoo`` with ``workers`` HTTP worker processes, serving one database on loopback."""

    def __init__(self, database, data_dir, log_path, rng, workers=2, cron_workers=1):
        self.database = database
        self.data_dir = data_dir
        self.log_path = log_path
        self.workers = workers
        self.cron_workers = cron_workers
        self.http_port = free_port(rng)
        self.gevent_port = free_port(rng, avoid={self.http_port})
        self.process = None

    @property
    def url(self):
        return f"http://{LOOPBACK}:{self.http_port}"

    def command(self):
        return [
            benchlib.odoo_bin(), "-d", self.database, f"--db-filter=^{re.escape(self.database)}$",
            f"--addons-path={benchlib.addons_path()}", f"--data-dir={self.data_dir}",
            "--workers", str(self.workers), "--max-cron-threads", str(self.cron_workers),
            "--http-interface", LOOPBACK, "--http-port", str(self.http_port),
            "--gevent-port", str(self.gevent_port), "--no-database-list", "--log-level=info",
        ]

    def start(self, ready_timeout=180):
        command = self.command()
        print("Starting Odoo:", " ".join(command), flush=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Odoo stopped at start (exit {self.process.returncode}): see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/web/login", timeout=10) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(1)
        raise RuntimeError(f"Odoo did not answer within {ready_timeout} s: see {self.log_path}")

    def stop(self, grace=60):
        """Stop Odoo gracefully (SIGTERM), then kill what is left of its process group."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        print(f"Stopping Odoo (pid {process.pid})", flush=True)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        # Workers left behind, if any, are in the session the server led.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()


def log_errors(log_path, start=0, end=None, limit=20):
    """ERROR and CRITICAL entries of the server log between two byte offsets, each with
    the lines that follow it (its traceback): ``(count, [entry text, ...])``."""
    entries, current = [], None
    with open(log_path, "rb") as handle:
        handle.seek(start)
        text = handle.read(-1 if end is None else max(0, end - start))
        for raw in text.splitlines():
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if LOG_ERROR_RE.match(line):
                current = [line]
                entries.append(current)
            elif current is not None and not LOG_LINE_RE.match(line):
                current.append(line)
            else:
                current = None
    return len(entries), ["\n".join(entry[:60]) for entry in entries[:limit]]


def log_matches(log_path, pattern, offset=0):
    """How many lines of the server log after ``offset`` bytes match ``pattern``."""
    regex = re.compile(pattern)
    with open(log_path, "rb") as handle:
        handle.seek(offset)
        return sum(1 for raw in handle if regex.search(raw.decode("utf-8", "replace")))


REQUEST_LOG_RE = re.compile(
    r'"(GET|POST) (\S+) HTTP/1\.[01]" (\d{3}) \S+ (\d+) ([\d.]+) ([\d.]+)')


def logged_requests(log_path, start, end):
    """Requests the server logged between two byte offsets of its log, with Odoo's own
    timing: ``[(method, path, status, queries, seconds)]``, seconds being SQL time plus
    the rest of the request's processing (the wait for a free worker is not in it)."""
    with open(log_path, "rb") as handle:
        handle.seek(start)
        text = handle.read(max(0, end - start)).decode("utf-8", "replace")
    return [(method, path, int(status), int(queries), float(sql) + float(rest))
            for method, path, status, queries, sql, rest in REQUEST_LOG_RE.findall(text)]
