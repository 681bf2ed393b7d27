# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What the benchmark scripts share: finding Odoo, opening a database, timing.

The scripts run under a plain ``python3``: when Odoo cannot be imported they
re-run themselves with Odoo's own Python (``ODOO_PYTHON``, else the one named
by the first line of ``ODOO_BIN`` or of the ``odoo`` command on PATH). Nothing
of Odoo is installed or built here: install Odoo 19 as Odoo documents it.
"""

import contextlib
import http.cookiejar
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE = "vv_bench"


def odoo_bin():
    path = os.environ.get("ODOO_BIN") or shutil.which("odoo")
    if not path:
        sys.exit("Odoo 19 was not found: put the `odoo` command on PATH or set ODOO_BIN "
                 "(install Odoo as https://www.odoo.com/documentation/19.0 explains).")
    return path


def odoo_python():
    if os.environ.get("ODOO_PYTHON"):
        return os.environ["ODOO_PYTHON"]
    with open(odoo_bin(), encoding="utf-8", errors="replace") as handle:
        first = handle.readline()
    if first.startswith("#!"):
        words = first[2:].split()
        if words and words[0].endswith("/env") and len(words) > 1:
            return shutil.which(words[1]) or words[1]
        if words:
            return words[0]
    return sys.executable


def ensure_odoo():
    """Re-run the current script with Odoo's Python when ``import odoo`` fails here."""
    try:
        import odoo  # noqa: F401
    except ImportError:
        python = odoo_python()
        if os.environ.get("VV_BENCH_REEXEC"):  # already re-run: that Python has no Odoo either
            sys.exit(f"{sys.executable} cannot import odoo: set ODOO_PYTHON to Odoo's Python.")
        os.environ["VV_BENCH_REEXEC"] = "1"
        os.execv(python, [python, *sys.argv])


def addons_path():
    extra = os.environ.get("VV_EXTRA_ADDONS_PATH")
    return ",".join(filter(None, [str(REPO_ROOT), extra]))


def database_exists(name):
    result = subprocess.run(["psql", "-X", "-Atqd", "postgres", "-c",
                             f"select 1 from pg_database where datname = '{name}'"],
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() == "1"


def install_database(name):
    """A new database with volunteer_valuation installed (no demo data)."""
    command = [odoo_bin(), "-d", name, f"--addons-path={addons_path()}", "-i",
               "volunteer_valuation", "--stop-after-init", "--log-level=warn",
               "--http-port", os.environ.get("VV_BENCH_HTTP_PORT", "8829")]
    print("Creating database", name, ":", " ".join(command), flush=True)
    subprocess.run(command, check=True)


@contextlib.contextmanager
def environment(database, uid=None):
    """An Odoo environment on ``database`` (superuser unless ``uid``), rolled back at exit."""
    from odoo import api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-d", database, f"--addons-path={addons_path()}",
                         "--log-level=warn", "--max-cron-threads=0"], setup_logging=True)
    threading.current_thread().dbname = database
    registry = Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        if uid:
            env = api.Environment(cr, uid, env["res.users"].browse(uid).context_get())
        try:
            yield env
        finally:
            cr.rollback()


def measure(function, repeat, before=None):
    """Run ``function`` once to warm the caches, then ``repeat`` times.

    Returns (median, min, max) in seconds, and the last result.
    """
    if before:
        before()
    function()
    timings, result = [], None
    for _index in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - start)
    return (statistics.median(timings), min(timings), max(timings)), result


def peak_rss_mb():
    """Peak resident memory of this process so far, in MB (Linux: ru_maxrss in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds(pid=None):
    """CPU time (user + system) of process ``pid`` (this one by default) so far, in seconds.

    On a machine shared with other jobs, wall time measures the load as much as the
    work; CPU time measures the work.
    """
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb():
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_memory_mb(pid):
    """(resident, peak resident) memory of process ``pid`` in MB (Linux)."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            key, _sep, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return round(values["VmRSS"], 1), round(values["VmHWM"], 1)


@contextlib.contextmanager
def http_server(database):
    """An Odoo HTTP server on loopback (one process, no cron): (base URL, its pid)."""
    port = free_port()
    command = [odoo_bin(), "-d", database, f"--addons-path={addons_path()}",
               "--http-interface=127.0.0.1", f"--http-port={port}", "--workers=0",
               "--max-cron-threads=0", f"--db-filter=^{database}$", "--log-level=warn"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(240):
            try:
                with urllib.request.urlopen(f"{url}/web/login", timeout=5):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError(f"the Odoo server on {url} did not answer")
        yield url, server.pid
    finally:
        server.terminate()
        server.wait(timeout=60)


def login(url, user_login, password):
    """An URL opener with the session of ``user_login`` (the login form, with its CSRF token)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{url}/web/login") as response:
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode()).group(1)
    form = urllib.parse.urlencode({"login": user_login, "password": password,
                                   "csrf_token": token, "redirect": "/my"}).encode()
    with opener.open(f"{url}/web/login", form) as response:
        if "/web/login" in response.geturl():
            raise RuntimeError(f"{user_login} could not log in")
    return opener


def measure_portal(database, user_login, pages, repeat):
    """Median time of each of ``pages`` for ``user_login``; the server's memory around them."""
    results = []
    with http_server(database) as (url, pid):
        opener = login(url, user_login, user_login)
        before = process_memory_mb(pid)
        for name, path in pages.items():
            timings = []
            for _index in range(repeat + 1):  # the first one warms the caches
                start = time.perf_counter()
                with opener.open(url + path) as response:
                    body = response.read()
                timings.append(time.perf_counter() - start)
                if response.status != 200 or b"o_portal" not in body:
                    raise RuntimeError(f"{path}: HTTP {response.status}")
            timings = timings[1:]
            after = process_memory_mb(pid)
            results.append({
                "name": f"portal list of a volunteer, {name}",
                "median_s": round(statistics.median(timings), 4),
                "min_s": round(min(timings), 4), "max_s": round(max(timings), 4),
                "server_rss_mb": [before[0], after[0]], "server_peak_rss_mb": after[1],
            })
            print(f"  {results[-1]}", flush=True)
    return results
