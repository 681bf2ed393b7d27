# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Portal declarations and batch validations under load, on Odoo in multi-worker mode.

    python3 tests/benchmarks/load_portal.py [--duration 300] [--volunteers 50]
        [--coordinators 5] [--workers 2] [--double-clicks 10] [--keep-db]

Creates its own database (both addons, no demo data) with a network of structures,
portal volunteers, one coordinator per region and two currencies; starts ``odoo
--workers N`` on 127.0.0.1 at a random port; then, for ``--duration`` seconds, every
volunteer declares time through the real portal form (GET the form, POST it back
with its CSRF token and hidden inputs, follow the redirect) while the coordinators
list the submitted contributions of their branch and validate them in batches
through the web client's JSON-RPC. Then it posts ``--double-clicks`` forms twice at
once each, stops the server, and checks the database: every declaration saved
exactly once, one credit per validated contribution and applicable currency, every
currency account adding up. It prints a table (requests per second, p50/p95/p99 per
kind of request, errors), writes it as JSON, and exits with 1 when it found server
errors, unexpected answers, or records lost or doubled. The database is dropped at
the end unless ``--keep-db``; the server is stopped in every case.
"""

import argparse
import json
import os
import random
import resource
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib
import load_checks
import load_server
from load_clients import Coordinator, Volunteer
from load_setup import build_network
from load_stats import Recorder, format_rows, percentile

benchlib.ensure_odoo()

LOCAL = benchlib.REPO_ROOT / ".local" / "benchmarks"
PROGRESS_EVERY = 30
LOAD_SAMPLE_EVERY = 5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=f"vv_load_{secrets.token_hex(3)}",
                        type=load_server.check_database_name,
                        help="name of the database to create (must not exist)")
    parser.add_argument("--duration", type=float, default=300, help="seconds of load (300)")
    parser.add_argument("--volunteers", type=int, default=50)
    parser.add_argument("--coordinators", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="Odoo HTTP workers (2)")
    parser.add_argument("--cron-workers", type=int, default=1,
                        help="Odoo cron worker processes (--max-cron-threads, 1)")
    parser.add_argument("--think", type=float, default=5.0,
                        help="a volunteer's mean time, in seconds, to fill the form, and "
                             "again before the next declaration (5)")
    parser.add_argument("--coordinator-think", type=float, default=10.0,
                        help="a coordinator's mean pause between two batches (10)")
    parser.add_argument("--batch", type=int, default=20, help="contributions validated at once")
    parser.add_argument("--double-clicks", type=int, default=10,
                        help="forms posted twice at once after the load (10)")
    parser.add_argument("--timeout", type=float, default=60, help="HTTP timeout in seconds (60)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (choices, ports)")
    parser.add_argument("--keep-db", action="store_true",
                        help="keep the database and its data directory at the end")
    parser.add_argument("--json", default=str(LOCAL / "load_portal.json"))
    parser.add_argument("--log", default=str(LOCAL / "load_portal.log"),
                        help="where the Odoo server's log goes")
    return parser.parse_args()


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


def main():
    args = parse_args()
    if benchlib.database_exists(args.database):
        sys.exit(f"Database {args.database} exists already: choose another --database.")
    rng = random.Random(args.seed)
    password = secrets.token_urlsafe(16)
    Path(args.log).parent.mkdir(parents=True, exist_ok=True)
    Path(args.log).write_text("", encoding="utf-8")
    data_dir = tempfile.mkdtemp(prefix="vv_load_")
    signal.signal(signal.SIGTERM, _interrupt)
    try:  # the database did not exist: whatever is made of it from here is ours to drop
        load_server.create_database(args.database, data_dir, load_server.free_port(rng),
                                    args.log)
        print("Building the network:", args.volunteers, "volunteers,", args.coordinators,
              "coordinators", flush=True)
        facts = build_network(args.database, args.volunteers, args.coordinators, password)
        log_offset = os.path.getsize(args.log)
        server = load_server.OdooServer(args.database, data_dir, args.log, rng,
                                        workers=args.workers, cron_workers=args.cron_workers)
        with server:
            run = run_load(server.url, facts, password, args, rng)
        report, failures = check_and_report(args, facts, run, log_offset)
    except KeyboardInterrupt:
        print("\nInterrupted: stopping.", flush=True)
        return 130
    finally:
        if args.keep_db:
            print(f"Kept database {args.database} (data directory {data_dir})")
        else:
            print("Dropping database", args.database, flush=True)
            load_server.drop_database(args.database)
            shutil.rmtree(data_dir, ignore_errors=True)
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print(f"Written to {path}; server log in {args.log}")
    if failures:
        print("RESULT: FAILED\n  - " + "\n  - ".join(failures))
        return 1
    print("RESULT: no server error, no unexpected answer, nothing lost or doubled")
    return 0


def _all(clients, method, at_once):
    """``method`` of every client, ``at_once`` clients at a time."""
    with ThreadPoolExecutor(max_workers=max(1, at_once)) as pool:
        return list(pool.map(method, clients))


def run_load(url, facts, password, args, rng):
    """Log everybody in, warm up, run the load, then the double clicks."""
    tag = secrets.token_hex(3)
    warm = Recorder()
    volunteers = [Volunteer(url, item, password, warm, random.Random(rng.random()),
                            args.timeout, tag) for item in facts["volunteers"]]
    coordinators = [Coordinator(url, item, password, warm, random.Random(rng.random()),
                                args.timeout, args.batch) for item in facts["coordinators"]]
    # Users arrive a few at a time (as many as the server has workers): a login costs a
    # slow password hash, and 55 at once would only measure the listen queue.
    at_once = max(2, args.workers)
    print("Logging in", len(volunteers) + len(coordinators), "users,", at_once, "at a time",
          flush=True)
    everybody = volunteers + coordinators
    logged = dict(zip(everybody, _all(everybody, lambda client: client.login(), at_once),
                      strict=True))
    volunteers = [client for client in volunteers if logged[client]]
    coordinators = [client for client in coordinators if logged[client]]
    _all(volunteers, lambda volunteer: volunteer.fetch_form("warm-up form GET"), at_once)

    load = Recorder()
    for client in volunteers + coordinators:
        client.recorder = load
    stop = threading.Event()
    loads = []
    threads = [threading.Thread(target=_sample_load, args=(stop, loads), daemon=True)]
    threads += [threading.Thread(target=client.run, daemon=True,
                                 args=(stop, args.think if client in volunteers
                                       else args.coordinator_think))
                for client in volunteers + coordinators]
    log_start = os.path.getsize(args.log)
    load_before = os.getloadavg()
    cpu_before = _own_cpu()
    print(f"Load for {args.duration:g} s: {len(volunteers)} volunteers, {len(coordinators)} "
          f"coordinators (load average {load_before[0]:.2f})", flush=True)
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    try:
        _wait(start, args.duration, load)
    finally:
        stop.set()
        deadline = time.monotonic() + args.timeout + 10
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
    seconds = time.perf_counter() - start
    cpu_load = _own_cpu() - cpu_before
    time.sleep(1)  # the server logs a request after answering it
    served = load_server.logged_requests(args.log, log_start, os.path.getsize(args.log))

    clicks = Recorder()
    double_clicks = []
    for volunteer in volunteers[:args.double_clicks]:
        volunteer.recorder = clicks
        description, outcomes = volunteer.double_click()
        if description:
            double_clicks.append((volunteer.partner_id, description, outcomes))
    return {
        "tag": tag, "warm": warm, "load": load, "clicks": clicks, "seconds": seconds,
        "declared": [(volunteer.partner_id, name, outcome)
                     for volunteer in volunteers for name, outcome in volunteer.declared],
        "validated": sum(coordinator.validated for coordinator in coordinators),
        "double_clicks": double_clicks, "load_before": load_before, "loads": loads,
        "load_after": os.getloadavg(), "client_cpu_s": cpu_load,
        "logged_in": {"volunteers": len(volunteers), "coordinators": len(coordinators)},
        "served": served, "log_window": (log_start, os.path.getsize(args.log)),
    }


def _served_kind(method, path):
    """The kind of request of a line of the server's log, as the clients name them."""
    if path.startswith("/my/volunteering/new"):
        return "form GET" if method == "GET" else "declare POST"
    if path == "/my/volunteering" or path.startswith("/my/volunteering?"):
        return "list GET"
    if "/web_search_read" in path:
        return "list submitted (web_search_read)"
    if "/action_validate" in path:
        return "validate call"
    return f"other ({method} {path.split('?')[0]})"


def _served_rows(served):
    """Odoo's own time per kind of request: p50/p95/p99 and queries per request."""
    kinds = {}
    for method, path, _status, queries, seconds in served:
        kinds.setdefault(_served_kind(method, path), []).append((seconds, queries))
    rows = []
    for kind, items in sorted(kinds.items()):
        values = sorted(seconds for seconds, _queries in items)
        rows.append({
            "kind": kind, "requests": len(items),
            "queries_per_request": round(sum(queries for _s, queries in items) / len(items), 1),
            **{f"p{rank}_ms": round(percentile(values, rank / 100) * 1000, 1)
               for rank in (50, 95, 99)},
            "max_ms": round(values[-1] * 1000, 1)})
    return rows


def _own_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _sample_load(stop, samples):
    while not stop.wait(LOAD_SAMPLE_EVERY):
        samples.append(os.getloadavg()[0])


def _wait(start, duration, recorder):
    last = start
    while (now := time.perf_counter()) < start + duration:
        time.sleep(min(1.0, start + duration - now))
        if now - last >= PROGRESS_EVERY:
            last = now
            total = sum(recorder.requests(kind) for kind in recorder.kinds())
            print(f"  {now - start:5.0f} s: {total} requests, {recorder.server_errors()} "
                  f"server errors, load average {os.getloadavg()[0]:.2f}", flush=True)


def check_and_report(args, facts, run, log_offset):
    pattern = f"Load {run['tag']} %"
    with benchlib.environment(args.database) as env:
        declarations, failures = load_checks.check_declarations(
            env.cr, pattern, run["declared"],
            [(partner, name) for partner, name, _outcomes in run["double_clicks"]])
        credits, credit_failures = load_checks.check_credits(env.cr, pattern, facts["currencies"])
        ledger, ledger_failures = load_checks.check_ledger(env.cr)
    failures += credit_failures + ledger_failures
    window_start, window_end = run["log_window"]
    errors_before, entries_before = load_server.log_errors(args.log, log_offset, window_start)
    errors_during, entries_during = load_server.log_errors(args.log, window_start, window_end)
    log_errors, log_entries = load_server.log_errors(args.log, log_offset)
    retries = load_server.log_matches(args.log, r"tries left, try again", log_offset)
    load, seconds = run["load"], run["seconds"]
    report = {
        "database": args.database, "cpus": os.cpu_count(), "duration_s": round(seconds, 1),
        "volunteers": args.volunteers, "coordinators": args.coordinators,
        "logged_in": run["logged_in"], "workers": args.workers,
        "cron_workers": args.cron_workers, "think_s": args.think,
        "coordinator_think_s": args.coordinator_think, "batch": args.batch,
        "load_average": {
            "before": run["load_before"], "after": run["load_after"],
            "during_mean": round(sum(run["loads"]) / len(run["loads"]), 2)
            if run["loads"] else None,
            "during_max": round(max(run["loads"]), 2) if run["loads"] else None},
        "load_generator_cpu_s": round(run["client_cpu_s"], 1),
        "login_and_warm_up": run["warm"].as_dict(None),
        "load": load.as_dict(seconds),
        "server_side": _served_rows(run["served"]),
        "validated": run["validated"],
        "double_click": {"pairs": [{"description": name, "responses": outcomes}
                                   for _partner, name, outcomes in run["double_clicks"]],
                         "requests": run["clicks"].as_dict(None)},
        "declarations": declarations, "credits": credits, "ledger": ledger,
        "server_log": {"errors": log_errors, "entries": log_entries,
                       "errors_before_the_load": errors_before,
                       "errors_during_the_load": errors_during,
                       "entries_before_the_load": entries_before,
                       "entries_during_the_load": entries_during,
                       "serialization_retries": retries},
    }
    errors = load.server_errors() + run["warm"].server_errors() + run["clicks"].server_errors()
    if errors:
        failures.insert(0, f"{errors} server errors (HTTP >= 500, timeouts, connection errors, "
                           "tracebacks)")
    unexpected = sum(recorder.other_problems("unexpected answer")
                     for recorder in (load, run["warm"], run["clicks"]))
    if unexpected:
        failures.append(f"{unexpected} unexpected answers")
    if log_errors:
        failures.append(f"{log_errors} ERROR entries in the server log")
    print_report(report, run)
    return report, failures


def print_report(report, run):
    load = report["load_average"]
    print()
    print(f"== {report['logged_in']['volunteers']} volunteers and "
          f"{report['logged_in']['coordinators']} coordinators for {report['duration_s']} s on "
          f"Odoo --workers {report['workers']} --max-cron-threads {report['cron_workers']}, "
          f"{report['cpus']} CPUs")
    print(f"   load average (1 min): {load['before'][0]:.2f} before, {load['during_mean']} mean "
          f"and {load['during_max']} max during, {load['after'][0]:.2f} after; the load "
          f"generator used {report['load_generator_cpu_s']} s of CPU")
    print(format_rows(report["load"]["rows"]))
    print("Odoo's own time for the same requests (SQL + Python, without the wait for a "
          "free worker):")
    header = (f"{'request':<34} {'count':>7} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'p99 ms':>8} {'max ms':>8}")
    print(header + "\n" + "-" * len(header))
    for row in report["server_side"]:
        print(f"{row['kind'][:34]:<34} {row['requests']:>7} {row['queries_per_request']:>7} "
              f"{row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8} {row['max_ms']:>8}")
    seconds = report["duration_s"]
    created = report["declarations"]["outcomes"].get("created", 0)
    print(f"declarations saved: {created} ({created / seconds:.2f}/s); contributions "
          f"validated: {report['validated']} ({report['validated'] / seconds:.2f}/s)")
    print("login and warm-up (before the measured window):")
    print(format_rows(report["login_and_warm_up"]["rows"][:-1]))
    for name, recorder in (("load", run["load"]), ("login", run["warm"]),
                           ("double click", run["clicks"])):
        for item in recorder.as_dict(seconds)["messages"]:
            print(f"  [{name}] {item['count']} x {item['kind']}: {item['category']}: "
                  f"{item['message']}")
        for item in recorder.as_dict(seconds)["details"]:
            if item["category"] in ("HTTP 5xx", "traceback in the answer", "server exception"):
                for text in item["texts"][:2]:
                    print(f"  --- {item['kind']}: {item['category']}\n"
                          + "\n".join(text.splitlines()[:60]))
    pairs = report["double_click"]["pairs"]
    print(f"double click: {len(pairs)} forms posted twice at once; responses "
          f"{[pair['responses'] for pair in pairs]}; contributions per form "
          f"{report['declarations']['double_click_records']} (expected {{1: {len(pairs)}}})")
    declarations = {key: value for key, value in report["declarations"].items()
                    if key != "examples"}
    print("declarations:", declarations)
    print("credits:", {key: value for key, value in report["credits"].items()
                       if key != "examples"})
    print("ledger:", {key: value for key, value in report["ledger"].items() if key != "examples"})
    for section in ("declarations", "credits", "ledger"):
        for example in report[section]["examples"][:5]:
            print(f"  {section}: {example}")
    log = report["server_log"]
    print(f"server log: {log['errors']} ERROR entries ({log['errors_before_the_load']} during "
          f"the logins and warm-up, {log['errors_during_the_load']} during the load, the rest "
          f"after it), {log['serialization_retries']} serialization retries by Odoo")
    for entry in log["entries"][:5]:
        print("  " + entry.replace("\n", "\n  "))


if __name__ == "__main__":
    sys.exit(main())
