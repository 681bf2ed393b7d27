# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The simulated users of the load test: portal volunteers and coordinators.

Each one has its own HTTP session (its own cookie, opened by /web/login) and does
what a browser does: volunteers fetch the declaration form, fill it and post it
back with every hidden input it holds (the CSRF token, and any other such as a
form key), then follow the redirect to their list; coordinators use the JSON-RPC
of the web client (``/web/dataset/call_kw``) to list the submitted contributions
of their branch and validate them in batches. Every request is timed and its
outcome recorded in a :class:`load_stats.Recorder`.
"""

import threading
import time
from datetime import date, timedelta
from urllib.parse import urlsplit

import requests
from load_stats import FormParser

DURATIONS = ("1h", "2h30", "45 min", "3:15", "1,5", "4h", "0h50")
USER_ERRORS = {
    "odoo.exceptions.UserError", "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError", "odoo.exceptions.MissingError",
}
RETRY_HINT = "try again"
USER_AGENT = "volunteer-valuation-load-test/1.0"


def rpc_server_exception(response):
    """A JSON-RPC answer carrying a server exception (anything but a user error, or a
    session expiry): the category and the full text, traceback included."""
    try:
        error = response.json().get("error")
    except ValueError:
        return None
    if not error or error.get("code") == 100:
        return None
    data = error.get("data") or {}
    if data.get("name") in USER_ERRORS:
        return None
    return "server exception", (f"{response.request.path_url}: {data.get('name')}: "
                                f"{data.get('message')}\n{data.get('debug', '')}")


class Client:
    """One user's browser: a cookie jar, timed requests, a login."""

    def __init__(self, base_url, login, password, recorder, rng, timeout):
        self.base_url = base_url
        self.login_name = login
        self.password = password
        self.recorder = recorder
        self.rng = rng
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.stop = threading.Event()  # set: the load is over, pauses end at once

    def request(self, kind, method, path, judge=None, **kwargs):
        """Send one request and record it; returns the response, or None on a transport
        error or a server error (status >= 500, a traceback in the answer, or what
        ``judge(response)`` finds: a (category, detail) pair)."""
        start = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base_url + path, timeout=self.timeout, allow_redirects=False,
                **kwargs)
        except requests.ConnectTimeout as error:
            self.recorder.record(kind, time.perf_counter() - start, "timeout: no connection",
                                 f"{method} {path}: {error}")
            return None
        except requests.Timeout as error:
            self.recorder.record(kind, time.perf_counter() - start, "timeout: no answer",
                                 f"{method} {path}: {error}")
            return None
        except requests.ConnectionError as error:
            self.recorder.record(kind, time.perf_counter() - start, "connection error",
                                 f"{method} {path}: {error}")
            return None
        elapsed = time.perf_counter() - start
        if response.status_code >= 500:
            self.recorder.record(kind, elapsed, "HTTP 5xx",
                                 f"{method} {path} -> {response.status_code}\n{response.text}")
            return None
        # JSON-RPC answers carry a traceback with every error, user errors included:
        # those are judged by ``judge``.
        is_json = "json" in response.headers.get("Content-Type", "")
        if not is_json and "Traceback (most recent call last)" in response.text:
            self.recorder.record(kind, elapsed, "traceback in the answer",
                                 f"{method} {path} -> {response.status_code}\n{response.text}")
            return None
        verdict = judge(response) if judge else None
        if verdict:
            self.recorder.record(kind, elapsed, *verdict)
            return None
        self.recorder.record(kind, elapsed)
        return response

    def unexpected(self, kind, detail):
        """A response that is no server error but not what a browser expects either."""
        self.recorder.problem(kind, "unexpected answer", f"{self.login_name}: {detail}")

    def login(self):
        response = self.request("login page GET", "GET", "/web/login")
        if response is None:
            return False
        form = FormParser.parse(response.text, lambda attrs: attrs.get("action") == "/web/login"
                                or "oe_login_form" in attrs.get("class", ""))
        if not form:
            self.unexpected("login page GET", "no login form on /web/login")
            return False
        data = form.fields()
        data.update(login=self.login_name, password=self.password)
        response = self.request("login POST", "POST", "/web/login", data=data)
        if response is None:
            return False
        if response.status_code not in (302, 303) or "session_id" not in self.session.cookies:
            self.unexpected("login POST", f"login refused (HTTP {response.status_code})")
            return False
        return True

    def pause(self, mean):
        """Think time: uniformly between half and one and a half times ``mean``, cut
        short when the load is over."""
        if mean > 0:
            self.stop.wait(self.rng.uniform(0.5 * mean, 1.5 * mean))


class Volunteer(Client):
    """A portal volunteer declaring time through /my/volunteering/new."""

    def __init__(self, base_url, facts, password, recorder, rng, timeout, tag):
        super().__init__(base_url, facts["login"], password, recorder, rng, timeout)
        self.partner_id = facts["partner_id"]
        self.tag = tag
        self.count = 0
        self.declared = []  # [(description, outcome)]: "created", "refused", "unknown"
        self.lock = threading.Lock()

    def new_description(self):
        self.count += 1
        return f"Load {self.tag} {self.login_name} #{self.count}"

    def fetch_form(self, kind="form GET"):
        response = self.request(kind, "GET", "/my/volunteering/new")
        if response is None:
            return None
        form = FormParser.parse(
            response.text, lambda attrs: "o_volunteering_form" in attrs.get("class", ""))
        if response.status_code != 200 or not form:
            where = response.headers.get("Location", "")
            self.unexpected(kind, f"no declaration form (HTTP {response.status_code} {where})")
            return None
        return form

    def fill(self, form, description):
        """What a volunteer types and picks; hidden inputs keep the values the form gave."""
        data = form.fields()
        rng = self.rng
        data["name"] = description
        if rng.random() < 0.5:
            data["date"] = (date.today() - timedelta(days=rng.randint(1, 30))).isoformat()
        data["duration"] = rng.choice(DURATIONS)
        structure = data.get("structure_id", "")
        if form.is_select("structure_id"):
            structure = rng.choice(form.options("structure_id"))["value"]
            data["structure_id"] = structure
        projects = [option for option in form.options("project_id")
                    if not structure or structure in option.get("data-structure-ids", "").split()]
        project = rng.choice(projects)["value"] if projects and rng.random() < 0.6 else ""
        if form.is_select("project_id"):
            data["project_id"] = project
        tasks = [option for option in form.options("task_id")
                 if project and option.get("data-project-id") == project]
        if form.is_select("task_id"):
            data["task_id"] = rng.choice(tasks)["value"] if tasks and rng.random() < 0.5 else ""
        if form.is_select("level_id"):
            data["level_id"] = rng.choice([""] + [o["value"] for o in form.options("level_id")])
        if form.is_select("category_id"):
            data["category_id"] = rng.choice(form.options("category_id"))["value"]
        if rng.random() < 0.2:
            data["distance_km"] = "12,5"
        button = "submit" if rng.random() < 0.9 else "save"
        return form.action, [*data.items(), (button, "1")]

    def post_form(self, action, body, kind="declare POST"):
        """Post the filled form: "created", "refused" (the form came back with a message)
        or "unknown" (no usable answer)."""
        response = self.request(kind, "POST", action, data=body)
        if response is None:
            return "unknown", None
        location = response.headers.get("Location", "")
        if response.status_code in (302, 303) and "/my/volunteering?message=" in location:
            return "created", location
        if response.status_code == 200 and "o_volunteering_form_error" in response.text:
            message = FormParser.error_text(response.text)
            self.recorder.problem(kind, "form refused", f"{self.login_name}: {message}")
            return "refused", None
        self.unexpected(kind, f"HTTP {response.status_code} {location}")
        return "unknown", None

    def declare_once(self, think):
        form = self.fetch_form()
        if form is None:
            return
        description = self.new_description()
        action, body = self.fill(form, description)
        self.pause(think)  # typing
        if self.stop.is_set():
            return  # the load is over: the volunteer leaves the page
        outcome, location = self.post_form(action, body)
        with self.lock:
            self.declared.append((description, outcome))
        if location:
            target = urlsplit(location)
            path = f"{target.path}?{target.query}" if target.query else target.path
            response = self.request("list GET", "GET", path)
            if response is not None and response.status_code != 200:
                self.unexpected("list GET", f"HTTP {response.status_code} on {path}")

    def run(self, stop, think):
        self.stop = stop
        while not stop.is_set():
            self.declare_once(think)
            self.pause(think)

    def double_click(self):
        """The same filled form posted twice at once, as a double click does: same cookie,
        same CSRF token, same hidden inputs. Returns (description, [outcome, outcome])."""
        form = self.fetch_form("double-click form GET")
        if form is None:
            return None, []
        description = self.new_description() + " double-click"
        action, body = self.fill(form, description)
        body = [(name, value) for name, value in body if name != "save"] + [("submit", "1")]
        clicks = [Client(self.base_url, self.login_name, self.password, self.recorder,
                         self.rng, self.timeout) for _click in range(2)]
        for click in clicks:
            click.session.cookies.update(self.session.cookies)
        barrier = threading.Barrier(2)
        outcomes = [None, None]

        def click(index):
            barrier.wait()
            response = clicks[index].request("double-click POST", "POST", action, data=body)
            outcomes[index] = response.status_code if response is not None else "error"

        threads = [threading.Thread(target=click, args=(index,)) for index in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return description, outcomes


class Coordinator(Client):
    """A coordinator validating the submitted contributions of their branch in batches."""

    def __init__(self, base_url, facts, password, recorder, rng, timeout, batch_size):
        super().__init__(base_url, facts["login"], password, recorder, rng, timeout)
        self.batch_size = batch_size
        self.context = {}
        self.validated = 0
        self.request_id = 0

    def call(self, kind, path, params):
        """One JSON-RPC call: (result, None), or (None, error message) for a refusal the
        user sees in a dialog; (None, None) when the call failed otherwise (recorded)."""
        self.request_id += 1
        response = self.request(kind, "POST", path, judge=rpc_server_exception, json={
            "jsonrpc": "2.0", "method": "call", "params": params, "id": self.request_id})
        if response is None:
            return None, None
        try:
            answer = response.json()
        except ValueError:
            self.unexpected(kind, f"HTTP {response.status_code}, not JSON: {response.text[:300]}")
            return None, None
        error = answer.get("error")
        if not error:
            return answer.get("result"), None
        data = error.get("data") or {}
        if data.get("name") in USER_ERRORS:
            return None, data.get("message") or error.get("message")
        self.unexpected(kind, f"{path}: {error.get('message')} ({data.get('name')})")
        return None, None

    def call_kw(self, kind, model, method, args, kwargs=None):
        kwargs = dict(kwargs or {}, context=self.context)
        return self.call(kind, f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": args, "kwargs": kwargs})

    def login(self):
        if not super().login():
            return False
        info, message = self.call("session info", "/web/session/get_session_info", {})
        if not info:
            self.unexpected("session info", message or "no session information")
            return False
        company = info["user_companies"]["current_company"]
        self.context = dict(info["user_context"], allowed_company_ids=[company])
        return True

    def search_submitted(self):
        result, message = self.call_kw(
            "list submitted (web_search_read)", "volunteer.contribution", "web_search_read", [], {
                "domain": [["state", "=", "submitted"]],
                "specification": {
                    "date": {}, "name": {}, "duration": {}, "amount": {}, "state": {},
                    "partner_id": {"fields": {"display_name": {}}},
                    "structure_id": {"fields": {"display_name": {}}},
                },
                "offset": 0, "limit": 80, "order": "date asc, id asc", "count_limit": 10001,
            })
        if message:
            self.recorder.problem("list submitted (web_search_read)", "refused", message)
        return [record["id"] for record in (result or {}).get("records", [])]

    def validate(self, ids, retries=3):
        """Validate a batch; a refusal that says "try again" is tried again, as a
        coordinator would after reading the message."""
        for _attempt in range(retries + 1):
            result, message = self.call_kw(
                "validate call", "volunteer.contribution", "action_validate", [ids])
            if result is not None:
                self.validated += len(ids)
                return
            if message is None:
                return
            self.recorder.problem("validate call", "refused", message)
            if RETRY_HINT not in message:
                return
            time.sleep(self.rng.uniform(0.2, 1.0))

    def run(self, stop, think):
        self.stop = stop
        while not stop.is_set():
            ids = self.search_submitted()
            if ids:
                self.pause(think / 3)  # ticking the lines
                self.validate(ids[:self.batch_size])
            self.pause(think)

