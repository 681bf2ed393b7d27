# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Odoo's apps and ours in one database, checked through the web client's own
routes: menus, access rights, the task form and the portal home.

Run by .ci/test's coexistence stage against an Odoo server it started on a
throwaway database where our addons, hr_timesheet and the French accounting
are installed (its admin logs in as admin/admin):

    python3 coexistence_check.py http://127.0.0.1:PORT DATABASE

It creates its own users, project, task and invoice, prints one line per
check ("ok: ..." or "FAILED: ...") and exits with 1 when a check failed.
Standard library only: it runs with any Python 3.
"""

import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.request
from xml.etree import ElementTree

MODULES = ["project", "portal", "hr_timesheet", "account", "l10n_fr_account",
           "volunteer_valuation", "volunteer_valuation_currency"]
APP_MENUS = {
    "project": "project.menu_main_pm",
    "timesheets": "hr_timesheet.timesheet_menu_root",
    "accounting": "account.menu_finance",
    "volunteering": "volunteer_valuation.menu_volunteer_root",
}
PASSWORD = "coexistence-2026"


class RpcError(Exception):
    pass


class Session:
    """One browser: its cookies, JSON-RPC calls and page loads."""

    def __init__(self, url, db):
        self.url, self.db = url.rstrip("/"), db
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        try:
            with self.opener.open(self.url + path, timeout=300) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def json(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(
            self.url + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=300) as response:
            answer = json.loads(response.read())
        if answer.get("error"):
            data = answer["error"].get("data") or {}
            raise RpcError(data.get("message") or answer["error"].get("message"))
        return answer["result"]

    def login(self, login, password):
        self.json("/web/session/authenticate",
                  {"db": self.db, "login": login, "password": password})
        return self

    def call(self, model, method, *args, **kwargs):
        return self.json(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})


class Checks:
    def __init__(self, url, db):
        self.url, self.db, self.failed = url, db, 0
        self.stamp = int(time.time())
        self.admin = Session(url, db).login("admin", "admin")

    def check(self, label, test):
        """Runs test(); a falsy result, an RPC error or an assertion fails."""
        try:
            problem = test()
        except (RpcError, AssertionError, urllib.error.URLError, KeyError) as error:
            problem = f"{type(error).__name__}: {error}"
        if problem:
            self.failed += 1
            print(f"FAILED: {label} ({problem})")
        else:
            print(f"ok: {label}")

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.admin.call("ir.model.data", "search_read",
                               [("module", "=", module), ("name", "=", name)], ["res_id"])
        assert rows, f"no record {xmlid}"
        return rows[0]["res_id"]

    def user(self, login, name, groups):
        # Unique logins: the checks may run twice on one database.
        login = f"{login}_{self.stamp}"
        group_ids = [self.ref(xmlid) for xmlid in groups]
        user_id = self.admin.call("res.users", "create", {
            "login": login, "name": name, "password": PASSWORD,
            "group_ids": [(6, 0, group_ids)]})
        return user_id, Session(self.url, self.db).login(login, PASSWORD)

    # --- the checks ---------------------------------------------------------

    def run(self):
        modules = {row["name"]: row["state"] for row in self.admin.call(
            "ir.module.module", "search_read", [("name", "in", MODULES)], ["name", "state"])}
        self.check("modules installed: " + ", ".join(MODULES), lambda: ", ".join(
            f"{name} is {modules.get(name, 'absent')}"
            for name in MODULES if modules.get(name) != "installed"))

        people = {}
        self.check("users of each kind; the portal user follows a project and volunteers",
                   lambda: self.setup(people))
        if len(people) < 4:
            return self.failed
        employee, coordinator, portal, project_id = (
            people[key] for key in ("employee", "coordinator", "portal", "project"))
        self.check_menus(employee, coordinator)
        task_id = self.check_employee_flows(employee, project_id)
        if task_id:
            self.check_task_form("an employee", employee, task_id, hidden=True)
            self.check_task_form("a coordinator", coordinator, task_id, hidden=False)
        self.check_portal(portal, task_id)
        return self.failed

    def setup(self, people):
        internal = ["base.group_user", "project.group_project_user",
                    "hr_timesheet.group_hr_timesheet_user", "account.group_account_invoice"]
        employee_id, people["employee"] = self.user("vv_employee", "Camille Employee", internal)
        coordinator_id, people["coordinator"] = self.user(
            "vv_coordinator", "Dominique Coordinator",
            internal + ["volunteer_valuation.group_volunteer_coordinator"])
        portal_id, portal = self.user("vv_portal", "Sacha Portal", ["base.group_portal"])
        for user_id in (employee_id, coordinator_id):
            self.admin.call("hr.employee", "create", {
                "name": f"Employee {user_id}", "user_id": user_id})
        portal_partner = self.admin.call("res.users", "read", [portal_id], ["partner_id"])[0][
            "partner_id"][0]
        project_id = self.admin.call("project.project", "create", {
            "name": "Coexistence", "privacy_visibility": "portal", "allow_timesheets": True})
        self.admin.call("project.project", "message_subscribe", [project_id],
                        partner_ids=[portal_partner])
        # A volunteer too: the Volunteering entry of /my is for volunteers.
        structure = self.admin.call("volunteer.structure", "create", {"name": "Association"})
        self.admin.call("res.partner", "write", [portal_partner],
                        {"volunteer_structure_ids": [(4, structure)]})
        people.update(portal=portal, project=project_id)

    def check_menus(self, employee, coordinator):
        def apps(session):
            menus = json.loads(session.get("/web/webclient/load_menus")[1])
            return {menus[str(i)]["xmlid"]: menus[str(i)]["name"]
                    for i in menus["root"]["children"]}

        def expect(session, present, absent=()):
            roots = apps(session)
            names = list(roots.values())
            missing = [APP_MENUS[key] for key in present if APP_MENUS[key] not in roots]
            extra = [APP_MENUS[key] for key in absent if APP_MENUS[key] in roots]
            twins = sorted({name for name in names if names.count(name) > 1})
            return "; ".join(filter(None, [
                missing and "missing " + ", ".join(missing),
                extra and "shown " + ", ".join(extra),
                twins and "two apps named " + ", ".join(twins)]))

        self.check("admin's apps: Project, Timesheets, Accounting, Volunteering, no two alike",
                   lambda: expect(self.admin, APP_MENUS))
        self.check("employee's apps: Project, Timesheets, Accounting, not Volunteering",
                   lambda: expect(employee, ["project", "timesheets", "accounting"],
                                  ["volunteering"]))
        self.check("coordinator's apps: Project, Timesheets, Accounting and Volunteering",
                   lambda: expect(coordinator, APP_MENUS))

    def check_employee_flows(self, employee, project_id):
        """Odoo's daily flows, by a user who is no volunteering coordinator."""
        task = {}

        def task_and_timesheet():
            task["id"] = employee.call("project.task", "create", {
                "name": "Coexistence task", "project_id": project_id})
            employee.call("project.task", "write", [task["id"]], {"description": "<p>Notes</p>"})
            employee.call("account.analytic.line", "create", {
                "name": "Work", "project_id": project_id, "task_id": task["id"],
                "unit_amount": 1.5})
            hours = employee.call("project.task", "read", [task["id"]], ["effective_hours"])
            assert hours[0]["effective_hours"] == 1.5, hours

        def invoice():
            partner = self.admin.call("res.partner", "create", {"name": "Client"})
            move = employee.call("account.move", "create", {
                "move_type": "out_invoice", "partner_id": partner,
                "invoice_line_ids": [(0, 0, {"name": "Service", "quantity": 1,
                                             "price_unit": 100})]})
            employee.call("account.move", "action_post", [move])
            state = employee.call("account.move", "read", [move], ["state"])[0]["state"]
            assert state == "posted", state

        self.check("an employee creates a task and logs a timesheet on it", task_and_timesheet)
        self.check("an employee posts a customer invoice", invoice)
        return task.get("id")

    def check_task_form(self, who, session, task_id, hidden):
        def form():
            views = session.call("project.task", "get_views", [[False, "form"]])
            arch = ElementTree.fromstring(views["views"]["form"]["arch"])
            names = {node.get("name") for node in arch.iter("field")}
            assert "timesheet_ids" in names, "no Timesheets page"
            if hidden:
                assert "volunteer_contribution_ids" not in names, "Volunteering page shown"
            else:
                assert "volunteer_contribution_ids" in names, "no Volunteering page"
            # What the form reads when it opens the task.
            known = views["models"]["project.task"]["fields"]
            top = {node.get("name") for node in arch.iter("field")} & set(known)
            session.call("project.task", "web_read", [task_id],
                         specification={name: {} for name in sorted(top)})

        page = "no Volunteering page" if hidden else "Volunteering page"
        label = f"the task form opens for {who} (Timesheets page, {page})"
        self.check(label, form)

    def check_portal(self, portal, task_id):
        def home():
            status, page = portal.get("/my")
            assert status == 200, f"GET /my: {status}"
            links = set(re.findall(r'href="(/my/[a-z_/]+)[?"]', page))
            missing = {"/my/volunteering", "/my/tasks", "/my/invoices"} - links
            assert not missing, "no link to " + ", ".join(sorted(missing))
            counters = portal.json("/my/counters", {
                "counters": ["volunteering_count", "task_count", "invoice_count"]})
            missing = {"volunteering_count", "task_count"} - set(counters)
            assert not missing, "no counter " + ", ".join(sorted(missing))

        def pages():
            bad = []
            for path in ("/my/volunteering", "/my/tasks", "/my/invoices", "/my/account"):
                status = portal.get(path)[0]
                if status != 200:
                    bad.append(f"{path}: {status}")
            if task_id:
                status, page = portal.get(f"/my/tasks/{task_id}")
                if status != 200 or "Coexistence task" not in page:
                    bad.append(f"/my/tasks/{task_id}: {status}")
            return "; ".join(bad)

        self.check("portal home: Volunteering, Tasks and Invoices entries and counters", home)
        self.check("portal pages of each app answer, the shared task is shown", pages)


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: coexistence_check.py URL DATABASE")
    failed = Checks(argv[1], argv[2]).run()
    print(f"{failed} check(s) failed" if failed else "every check passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
