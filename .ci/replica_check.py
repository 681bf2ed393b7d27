# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The requests and the evidence of .ci/replica-test (run with Odoo's Python).

A manager and a portal volunteer of the demo data log in; then each step runs with
the statement statistics of both servers (pg_stat_statements) read before and after
it. The difference gives the statements on our tables (``volunteer_*``) that each
server ran during the step, reads and writes apart. A step that only reads must have
run all of them on the standby and none on the primary; the declaration must have
written on the primary. Odoo's log gives the cursor of each request: ``ro`` (the
replica), ``rw`` (the primary), ``ro->rw`` (a readonly route that tried to write and
was served again on the primary: a failure here).
"""

import argparse
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "benchmarks"))
from load_stats import FormParser  # the load test's form reader

MANAGER = ("gestionnaire", "gestionnaire")  # demo users (login, password)
VOLUNTEER = ("benevole", "benevole")
OUR_TABLES = r'"volunteer_[a-z_]+"'
WRITE_RE = re.compile(r'^\s*(insert\s+into|update|delete\s+from)\s+"volunteer_', re.I)
# werkzeug's line: ... "GET /path HTTP/1.1" 200 - <queries> <sql time> <other time> <cursor>
ACCESS_RE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) \S+ '
    r"\d+ [\d.]+ [\d.]+ (?P<cursor>\S+)")
LOG_PROBLEM_RE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) |retrying with a read/write cursor")
ATTESTATION = "volunteer_valuation.report_volunteer_attestation_main"
TIMEOUT = 300


class Failed(Exception):
    """A request did not give what a user would get."""


class Server:
    """One PostgreSQL server and its statement statistics for the database."""

    def __init__(self, name, dsn):
        self.name = name
        self.connection = psycopg2.connect(dsn)
        self.database = self.connection.info.dbname
        self.connection.autocommit = True

    def rows(self, sql, params=None):
        with self.connection.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()

    def statements(self):
        """{(queryid, text): calls} of the statements on our tables in the database."""
        return {(queryid, text): calls for queryid, text, calls in self.rows("""
            SELECT s.queryid, s.query, s.calls
              FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
             WHERE d.datname = current_database() AND s.query ~ %s""", (OUR_TABLES,))}


@dataclass
class Step:
    label: str
    kind: str  # "read": all on the standby; "write": writes on the primary
    action: object
    requests: list = field(default_factory=list)  # (method, path)
    counts: dict = field(default_factory=dict)  # server -> (reads, writes)
    example: str = ""  # the most run statement on our tables: the standby's, or a write's
    cursors: list = field(default_factory=list)
    seconds: float = 0.0
    note: str = ""
    problems: list = field(default_factory=list)


class Browser:
    """One user's session on the Odoo server."""

    def __init__(self, base_url, login, password, steps):
        self.base_url = base_url
        self.login_name, self.password = login, password
        self.session = requests.Session()
        self.steps = steps  # the current step is the last one
        self.prefix = ""  # the language of the user's website pages, such as /fr

    def _localized(self, path):
        """``path`` in the user's language: website pages redirect there otherwise."""
        if not self.prefix or path == self.prefix or path.startswith(self.prefix + "/"):
            return path
        return self.prefix + path

    def _note(self, method, path):
        if self.steps:
            self.steps[-1].requests.append((method, path))

    def get(self, path):
        path = self._localized(path)
        self._note("GET", path)
        response = self.session.get(self.base_url + path, timeout=TIMEOUT, allow_redirects=False)
        if response.status_code != 200:
            raise Failed(f"GET {path}: HTTP {response.status_code}")
        return response

    def post(self, path, data):
        self._note("POST", path)
        return self.session.post(self.base_url + path, data=data, timeout=TIMEOUT,
                                 allow_redirects=False)

    def call(self, model, method, args, kwargs=None):
        """JSON-RPC of the web client (/web/dataset/call_kw)."""
        path = f"/web/dataset/call_kw/{model}.{method}"
        self._note("POST", path)
        response = self.session.post(self.base_url + path, timeout=TIMEOUT, json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        })
        answer = response.json()
        if "error" in answer:
            raise Failed(f"{model}.{method}: {answer['error']['data'].get('message')}")
        return answer["result"]

    def login(self):
        response = self.session.get(self.base_url + "/web/login", timeout=TIMEOUT)
        form = FormParser.parse(response.text, lambda attrs: attrs.get("action") == "/web/login"
                                or "oe_login_form" in attrs.get("class", ""))
        if not form:
            raise Failed("no login form on /web/login")
        data = form.fields()
        data.update(login=self.login_name, password=self.password)
        response = self.session.post(self.base_url + "/web/login", data=data,
                                     timeout=TIMEOUT, allow_redirects=False)
        if response.status_code not in (302, 303) or "session_id" not in self.session.cookies:
            raise Failed(f"{self.login_name} could not log in (HTTP {response.status_code})")
        # Website pages redirect to the user's language (/my -> /fr/my): ask them there,
        # so that each step is one request served by one cursor.
        response = self.session.get(self.base_url + "/my", timeout=TIMEOUT,
                                    allow_redirects=False)
        location = urlsplit(response.headers.get("Location", "")).path
        if response.status_code in (301, 302, 303) and location.endswith("/my"):
            self.prefix = location.removesuffix("/my")


def wait_for_server(base_url, log_path, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(base_url + "/web/login", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    tail = Path(log_path).read_text(errors="replace").splitlines()[-30:]
    raise Failed("Odoo did not answer within {}s; its log ends with:\n{}".format(
        seconds, "\n".join(tail)))


def scenario(manager, volunteer, declared):
    """The steps: (label, kind, action). Each action raises Failed or returns a note."""
    year = date.today().year - 1
    found = {}

    def cec_summary():
        rows = manager.call("volunteer.contribution", "get_cec_summary", [year])
        found["partner"] = min((row["partner_id"] for row in rows), default=0)
        return f"{len(rows)} line(s) for {year}"

    def pivot():
        groups = manager.call("volunteer.valuation.report", "formatted_read_group", [], {
            "domain": [], "groupby": ["structure_id", "date:year"],
            "aggregates": ["hours:sum", "amount:sum"]})
        return f"{len(groups)} group(s)"

    def attestation():
        # One volunteer: wkhtmltopdf without its patched Qt makes one document at a time.
        converter = "pdf" if shutil.which("wkhtmltopdf") else "html"
        response = manager.get(f"/report/{converter}/{ATTESTATION}/{found.get('partner', 0)}")
        if converter == "pdf" and not response.content.startswith(b"%PDF"):
            raise Failed("the attestation is no PDF")
        return f"{converter.upper()}, {len(response.content)} bytes"

    def download(path, starts):
        def run():
            response = volunteer.get(path)
            if starts and not response.content.startswith(starts):
                raise Failed(f"{path}: not the expected file")
            return f"{len(response.content)} bytes"
        return run

    def declare():
        page = volunteer.get("/my/volunteering/new")
        form = FormParser.parse(
            page.text, lambda attrs: "o_volunteering_form" in attrs.get("class", ""))
        if not form:
            raise Failed("no declaration form")
        found["form"] = form
        return "form with its CSRF token"

    def post():
        form = found.get("form")
        if not form:
            raise Failed("no declaration form to post (see the step before)")
        data = form.fields()
        if form.is_select("structure_id") and not data.get("structure_id"):
            data["structure_id"] = form.options("structure_id")[0]["value"]
        data.update(name=declared, duration="2h30", submit="1")
        response = volunteer.post(form.action or "/my/volunteering/new", data)
        location = response.headers.get("Location", "")
        if response.status_code not in (302, 303) or "/my/volunteering?message=" not in location:
            raise Failed(f"the declaration was not saved (HTTP {response.status_code})")
        found["location"] = location.removeprefix(volunteer.base_url)
        return "saved"

    def list_after():
        if declared not in volunteer.get(found["location"]).text:
            raise Failed("the list served by the standby does not show the new declaration")
        return "shows the new declaration"

    return [
        ("manager: CEC summary (JSON-RPC get_cec_summary)", "read", cec_summary),
        ("manager: analysis pivot (formatted_read_group)", "read", pivot),
        ("manager: a volunteer's attestation (/report/pdf)", "read", attestation),
        ("volunteer: list /my/volunteering", "read", download("/my/volunteering", b"")),
        ("volunteer: my data, XLSX", "read",
         download("/my/volunteering/export?format=xlsx", b"PK")),
        ("volunteer: attestation PDF", "read",
         download("/my/volunteering/attestation", b"%PDF" if shutil.which("wkhtmltopdf")
                  else b"")),
        ("volunteer: currencies /my/volunteering/currency", "read",
         download("/my/volunteering/currency", b"")),
        ("volunteer: declaration form (GET)", "read", declare),
        ("volunteer: declares (POST)", "write", post),
        ("volunteer: list right after (redirect)", "read", list_after),
    ]


def measure(step, servers):
    before = {server.name: server.statements() for server in servers}
    start = time.monotonic()
    try:
        step.note = step.action()
    except (Failed, requests.RequestException, ValueError) as error:
        step.problems.append(str(error))
    step.seconds = time.monotonic() - start
    for server in servers:
        reads = writes = 0
        top, top_write = (0, ""), (0, "")
        for key, calls in server.statements().items():
            calls -= before[server.name].get(key, 0)
            if calls <= 0:
                continue
            if WRITE_RE.match(key[1]):
                writes += calls
                top_write = max(top_write, (calls, key[1]))
            else:
                reads += calls
            top = max(top, (calls, key[1]))
        step.counts[server.name] = (reads, writes)
        if server.name == ("standby" if step.kind == "read" else "primary"):
            step.example = " ".join((top if step.kind == "read" else top_write)[1].split())


def read_cursors(steps, log_path):
    """Give each step the cursor Odoo logged for each of its requests."""
    entries = [match.groupdict() for match in map(
        ACCESS_RE.search, Path(log_path).read_text(errors="replace").splitlines()) if match]
    for step in steps:
        for method, path in step.requests:
            for entry in entries:
                if (entry["method"], entry["path"]) == (method, path) and not entry.get("used"):
                    entry["used"] = True
                    step.cursors.append(entry["cursor"])
                    break
            else:
                step.cursors.append("?")


def judge(step):
    standby_reads, _none = step.counts["standby"]
    primary_reads, primary_writes = step.counts["primary"]
    if step.kind == "read":
        if not standby_reads:
            step.problems.append("no statement on our tables ran on the standby")
        if primary_reads or primary_writes:
            step.problems.append(f"{primary_reads + primary_writes} statement(s) on our "
                                 "tables ran on the primary")
        if any(cursor != "ro" for cursor in step.cursors):
            step.problems.append(f"cursors {step.cursors}, all 'ro' expected")
    else:
        if not primary_writes:
            step.problems.append("no write on our tables on the primary")
        if any(cursor != "rw" for cursor in step.cursors):
            step.problems.append(f"cursors {step.cursors}, 'rw' expected")


def report(steps, standby, log_path):
    header = (f"{'step':<50} {'cursor':<7} {'standby reads':>13} {'primary reads':>13} "
              f"{'primary writes':>14} {'time':>6}  result")
    print(header)
    print("-" * len(header))
    for step in steps:
        reads, _none = step.counts.get("standby", (0, 0))
        p_reads, p_writes = step.counts.get("primary", (0, 0))
        cursors = ",".join(sorted(set(step.cursors))) or "-"
        result = "FAIL: " + "; ".join(step.problems) if step.problems else f"ok ({step.note})"
        print(f"{step.label:<50} {cursors:<7} {reads:>13} {p_reads:>13} {p_writes:>14} "
              f"{step.seconds:>5.1f}s  {result}")
    print("\n(reads and writes: calls of statements on the volunteer_* tables, from each "
          "server's pg_stat_statements)")
    print("\nThe statement on our tables run most in each step (reading steps: on the "
          "standby; writing steps: the primary's writes):")
    for step in steps:
        if step.example:
            print(f"  {step.label}: {step.example[:150]}")
    [(commits, returned, fetched)] = standby.rows("""
        SELECT xact_commit, tup_returned, tup_fetched FROM pg_stat_database
         WHERE datname = current_database()""")
    [(seq_scan, idx_scan)] = standby.rows("""
        SELECT coalesce(sum(seq_scan), 0), coalesce(sum(idx_scan), 0)
          FROM pg_stat_user_tables WHERE relname LIKE 'volunteer%'""")
    print(f"\nThe standby's own counters for {standby.database} (pg_stat_database, "
          f"pg_stat_user_tables): {commits} transactions, {returned} rows returned, "
          f"{fetched} fetched; {seq_scan} sequential and {idx_scan} index scans of the "
          "volunteer_* tables.")
    problems = [line for line in Path(log_path).read_text(errors="replace").splitlines()
                if LOG_PROBLEM_RE.search(line)]
    if problems:
        print("\nOdoo's log holds errors or readonly retries:")
        print("\n".join("  " + line for line in problems[:20]))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--primary", required=True, help="libpq DSN of Odoo's database")
    parser.add_argument("--standby", required=True, help="the same on the standby")
    parser.add_argument("--server-log", required=True)
    args = parser.parse_args()

    primary = Server("primary", args.primary)
    standby = Server("standby", args.standby)
    if not standby.rows("SELECT pg_is_in_recovery()")[0][0]:
        print("FAIL: the standby is not in recovery")
        return 1
    try:
        wait_for_server(args.url, args.server_log)
        steps = []
        manager = Browser(args.url, *MANAGER, steps)
        volunteer = Browser(args.url, *VOLUNTEER, steps)
        manager.login()
        volunteer.login()
    except (Failed, requests.RequestException) as error:
        print(f"FAIL: {error}")
        return 1
    declared = f"Replica check {int(time.time())}"
    for label, kind, action in scenario(manager, volunteer, declared):
        steps.append(Step(label, kind, action))
        measure(steps[-1], (primary, standby))
    time.sleep(1)  # the last access lines reach the log
    read_cursors(steps, args.server_log)
    for step in steps:
        judge(step)
    log_problems = report(steps, standby, args.server_log)
    failed = [step for step in steps if step.problems]
    reads = sum(step.counts["standby"][0] for step in steps if step.kind == "read")
    writes = sum(step.counts["primary"][1] for step in steps if step.kind == "write")
    print(f"\n{len(steps) - len(failed)} of {len(steps)} steps as expected: {reads} "
          f"statement(s) on our tables ran on the standby for the reading steps, {writes} "
          f"write(s) on the primary for the declaration.")
    return 1 if failed or log_problems else 0


if __name__ == "__main__":
    sys.exit(main())
