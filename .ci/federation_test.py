# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""A member's Odoo sends its totals to its federation's Odoo, for real.

Run by .ci/federation-test on two databases where volunteer_valuation is
installed: it fills them (odoo shell), serves each with its own ``odoo``
process on a free loopback port, and checks over XML-RPC that

- the member's year reaches the federation, which accepts it: the analysis
  shows it as "declared by member structures", with the member's hours;
- a refused key and an unknown structure are clear errors, nothing sent;
- a resend with changed figures supersedes the first one (no double count).

Usage: federation_test.py ODOO_BIN ADDONS_PATH FEDERATION_DB MEMBER_DB [odoo db args...]
Prints one line per check and exits 1 at the first failure.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from contextlib import ExitStack, closing

YEAR_FROM, YEAR_TO = "2025-01-01", "2025-12-31"
ADMIN = ("admin", "admin")

FEDERATION_SETUP = """
import json
from datetime import datetime, timedelta
from odoo import Command
Structure = env["volunteer.structure"]
federation = Structure.create({"name": "Fédération test"})
Structure.create({"name": "Association membre", "parent_id": federation.id,
                  "federation_ref": "MEMBRE-1"})
coordinator = env["res.users"].create({
    "name": "Coordinatrice fédérale", "login": "federation_coordinator",
    "group_ids": [Command.link(env.ref("volunteer_valuation.group_volunteer_coordinator").id)],
    "volunteer_coordinated_structure_ids": [Command.set(federation.ids)]})
key = env["res.users.apikeys"].with_user(coordinator)._generate(
    None, "Member's Odoo", datetime.now() + timedelta(days=1))
env.cr.commit()
print("RESULT " + json.dumps({"key": key}))
"""

MEMBER_SETUP = """
import json
from datetime import date
from odoo import Command
structure = env["volunteer.structure"].create({"name": "Association membre"})
volunteer = env["res.partner"].create({
    "name": "Bénévole membre", "volunteer_structure_ids": [Command.set(structure.ids)]})
contributions = env["volunteer.contribution"].create([
    {"name": "Accueil", "partner_id": volunteer.id, "structure_id": structure.id,
     "date": date(2025, 3, 8), "duration": 3.0},
    {"name": "Collecte", "partner_id": volunteer.id, "structure_id": structure.id,
     "date": date(2025, 10, 4), "duration": 4.5},
])
contributions.action_validate()
link = env["volunteer.federation.link"].create({
    "url": "http://127.0.0.1:%(port)s", "database": "%(database)s", "api_key": "%(key)s",
    "structure_id": structure.id, "federation_ref": "MEMBRE-1", "send_period": "manual"})
env.cr.commit()
print("RESULT " + json.dumps({"link": link.id, "structure": structure.id,
                              "volunteer": volunteer.id}))
"""


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Check:
    def __init__(self):
        self.count = 0

    def __call__(self, condition, label, detail=""):
        self.count += 1
        if not condition:
            print(f"FAIL {label}: {detail}")
            sys.exit(1)
        print(f"ok   {label}")


def shell(odoo, addons, database, db_args, code):
    """Run ``code`` in ``odoo shell`` on ``database``; the dict it prints after RESULT."""
    done = subprocess.run(
        [odoo, "shell", f"--addons-path={addons}", "-d", database, "--no-http",
         "--log-level=warn", *db_args],
        input=code, capture_output=True, text=True, timeout=600, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    sys.exit(f"odoo shell on {database} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def serve(stack, odoo, addons, database, db_args, port, log):
    """Start ``odoo`` serving ``database`` on ``port``; wait until it answers."""
    process = subprocess.Popen(
        [odoo, f"--addons-path={addons}", "-d", database, f"--db-filter=^{database}$",
         f"--http-port={port}", "--http-interface=127.0.0.1", "--max-cron-threads=0",
         f"--logfile={log}", *db_args])
    stack.callback(process.wait, timeout=60)
    stack.callback(process.terminate)
    common = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/common")
    for _attempt in range(240):
        if process.poll() is not None:
            sys.exit(f"odoo serving {database} stopped (see {log})")
        try:
            common.version()
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"odoo serving {database} does not answer on port {port} (see {log})")


class Rpc:
    def __init__(self, port, database):
        self.database = database
        url = f"http://127.0.0.1:{port}/xmlrpc/2"
        self.uid = xmlrpc.client.ServerProxy(f"{url}/common").authenticate(
            database, *ADMIN, {})
        self.models = xmlrpc.client.ServerProxy(f"{url}/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.database, self.uid, ADMIN[1], model, method, list(args), kwargs)


def declared_hours(federation):
    groups = federation("volunteer.valuation.report", "formatted_read_group",
                        [("entry_mode", "=", "declared")], [], ["hours:sum"])
    return groups[0]["hours:sum"] if groups else 0.0


def main(odoo, addons, federation_db, member_db, *db_args):
    check = Check()
    federation_port, member_port = free_port(), free_port()
    while member_port == federation_port:
        member_port = free_port()
    key = shell(odoo, addons, federation_db, db_args, FEDERATION_SETUP)["key"]
    member_ids = shell(odoo, addons, member_db, db_args, MEMBER_SETUP % {
        "port": federation_port, "database": federation_db, "key": key})
    link = member_ids["link"]
    with ExitStack() as stack:
        logs = os.environ.get("FEDERATION_TEST_LOGS") or tempfile.gettempdir()
        serve(stack, odoo, addons, federation_db, db_args, federation_port,
              os.path.join(logs, f"{federation_db}.log"))
        serve(stack, odoo, addons, member_db, db_args, member_port,
              os.path.join(logs, f"{member_db}.log"))
        federation, member = Rpc(federation_port, federation_db), Rpc(member_port, member_db)
        Link = "volunteer.federation.link"
        Declaration = "volunteer.aggregate.declaration"

        def send():
            ids = member(Link, "action_send_aggregates", [link], YEAR_FROM, YEAR_TO)
            return member("volunteer.federation.sending", "read", ids, ["state", "answer"])[0]

        # Errors first: nothing is recorded as sent, nothing reaches the federation.
        member(Link, "write", [link], {"api_key": "wrong-key"})
        sending = send()
        check(sending["state"] == "failed" and "refused the API key" in sending["answer"],
              "a refused key is a clear error", sending)
        member(Link, "write", [link], {"api_key": key, "federation_ref": "UNKNOWN-9"})
        sending = send()
        check(sending["state"] == "failed" and "UNKNOWN-9" in sending["answer"],
              "an unknown structure is a clear error", sending)
        check(not federation(Declaration, "search", []), "nothing written at the federation")
        check(not member(Link, "read", [link], ["last_period_end"])[0]["last_period_end"],
              "nothing recorded as sent")

        # The year goes up and is accepted.
        member(Link, "write", [link], {"federation_ref": "MEMBRE-1"})
        sending = send()
        check(sending["state"] == "sent", "the member's year is accepted", sending)
        first = federation(Declaration, "search", [("state", "=", "submitted")])
        federation(Declaration, "action_accept", first)
        check(declared_hours(federation) == 7.5,
              "the federation's analysis shows the member's 7.5 h apart",
              declared_hours(federation))

        # A resend with changed figures replaces the first version.
        member("volunteer.contribution", "action_validate", member(
            "volunteer.contribution", "create", [{
                "name": "Assemblée", "partner_id": member_ids["volunteer"],
                "structure_id": member_ids["structure"], "date": "2025-11-20",
                "duration": 2.0}]))
        sending = send()
        check(sending["state"] == "sent", "the resend is accepted", sending)
        second = federation(Declaration, "search", [("state", "=", "submitted")])
        federation(Declaration, "action_accept", second)
        states = federation(Declaration, "read", first, ["state"])
        check(states[0]["state"] == "superseded", "the first version is kept as history",
              states)
        check(declared_hours(federation) == 9.5, "9.5 h counted once, not 17 h",
              declared_hours(federation))
    print(f"federation-test: {check.count} checks passed")


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
