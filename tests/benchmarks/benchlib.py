# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What the benchmark scripts share: finding Odoo, opening a database, timing.

The scripts run under a plain ``python3``: when Odoo cannot be imported they
re-run themselves with Odoo's own Python (``ODOO_PYTHON``, else the one named
by the first line of ``ODOO_BIN`` or of the ``odoo`` command on PATH). Nothing
of Odoo is installed or built here: install Odoo 19 as Odoo documents it.
"""

import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
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


def rss_mb():
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
