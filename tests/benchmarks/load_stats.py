# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What the load test records and reads: request timings and errors, HTML forms."""

import math
import re
import threading
from collections import Counter, defaultdict
from html import unescape
from html.parser import HTMLParser

# Outcomes that count as server errors (what a user sees as a crash or no answer).
SERVER_ERRORS = ("HTTP 5xx", "timeout: no connection", "timeout: no answer", "connection error",
                 "traceback in the answer", "server exception")
DETAILS_KEPT = 5
TAG_RE = re.compile(r"<[^>]+>")
SPACES_RE = re.compile(r"\s+")
ADDRESS_RE = re.compile(r"0x[0-9a-f]+")  # object addresses, so that equal messages group


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted list (None when empty)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


class Recorder:
    """Timings of the answered requests and the failures, by kind of request.

    A failure is a server error (:data:`SERVER_ERRORS`), or a problem that is no
    server error: an unexpected answer, a refusal with its message.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.timings = defaultdict(list)
        self.failures = defaultdict(Counter)  # kind -> {category: count}
        self.details = defaultdict(list)  # (kind, category) -> first texts
        self.messages = Counter()  # (kind, category, first line) -> count

    def record(self, kind, seconds, category=None, detail=None):
        """One request of ``kind``: answered in ``seconds``, or failed with ``category``."""
        with self.lock:
            if category is None:
                self.timings[kind].append(seconds)
            else:
                self._fail(kind, category, detail)

    def problem(self, kind, category, detail):
        """Not a failed request, but something a user would notice (kept apart)."""
        with self.lock:
            self._fail(kind, category, detail)

    def _fail(self, kind, category, detail):
        self.failures[kind][category] += 1
        kept = self.details[kind, category]
        if len(kept) < DETAILS_KEPT:
            kept.append(detail or "")
        first_line = ADDRESS_RE.sub("0x…", (detail or "").strip().splitlines()[0][:300]
                                    if detail else "")
        self.messages[kind, category, first_line] += 1

    def kinds(self):
        return sorted(set(self.timings) | set(self.failures))

    def server_errors(self, kind=None):
        kinds = [kind] if kind else self.kinds()
        return sum(self.failures[name][category] for name in kinds for category in SERVER_ERRORS)

    def requests(self, kind):
        """Requests sent: answered ones and failed ones (problems are not requests)."""
        return len(self.timings[kind]) + self.server_errors(kind)

    def other_problems(self, category=None):
        return sum(count for failures in self.failures.values()
                   for name, count in failures.items()
                   if name not in SERVER_ERRORS and (category is None or name == category))

    def rows(self, seconds):
        """One summary row per kind of request, and a total row."""
        rows = []
        every = []
        for kind in self.kinds():
            values = sorted(self.timings[kind])
            every.extend(values)
            rows.append(self._row(kind, values, self.requests(kind), self.server_errors(kind),
                                  seconds))
        total = sum(row["requests"] for row in rows)
        rows.append(self._row("all requests", sorted(every), total, self.server_errors(), seconds))
        return rows

    @staticmethod
    def _row(kind, values, requests, errors, seconds):
        def ms(value):
            return round(value * 1000, 1) if value is not None else None

        return {
            "kind": kind, "requests": requests, "errors": errors,
            "per_second": round(requests / seconds, 2) if seconds else None,
            "p50_ms": ms(percentile(values, 0.50)), "p95_ms": ms(percentile(values, 0.95)),
            "p99_ms": ms(percentile(values, 0.99)), "max_ms": ms(values[-1] if values else None),
        }

    def as_dict(self, seconds):
        return {
            "seconds": round(seconds, 1) if seconds else None,
            "rows": self.rows(seconds),
            "failures": {kind: dict(counter) for kind, counter in self.failures.items()},
            "messages": [{"kind": kind, "category": category, "message": message,
                          "count": count}
                         for (kind, category, message), count in self.messages.most_common()],
            "details": [{"kind": kind, "category": category, "texts": texts}
                        for (kind, category), texts in self.details.items()],
        }


def format_rows(rows):
    header = (f"{'request':<34} {'count':>7} {'errors':>6} {'req/s':>7} {'p50 ms':>8} "
              f"{'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    lines = [header, "-" * len(header)]
    for row in rows:
        cells = [row[key] if row[key] is not None else "-"
                 for key in ("per_second", "p50_ms", "p95_ms", "p99_ms", "max_ms")]
        lines.append(f"{row['kind']:<34} {row['requests']:>7} {row['errors']:>6} "
                     f"{cells[0]:>7} {cells[1]:>8} {cells[2]:>8} {cells[3]:>8} {cells[4]:>8}")
    return "\n".join(lines)


class Form:
    """The controls of one HTML form, as a browser would submit them."""

    def __init__(self, attrs):
        self.attrs = attrs
        self.controls = []  # [(name, kind, value)] in document order
        self.selects = {}  # name -> [option attributes]

    @property
    def action(self):
        return self.attrs.get("action") or ""

    def fields(self):
        """Name -> value of the controls a browser sends (without the buttons)."""
        values = {}
        for name, kind, value in self.controls:
            if kind == "select":
                options = self.selects[name]
                chosen = [option for option in options if "selected" in option] or options[:1]
                value = chosen[0].get("value", "") if chosen else ""
            values[name] = value
        return values

    def is_select(self, name):
        return name in self.selects

    def options(self, name):
        """Options of a select that carry a value (not the "Choose…" placeholder)."""
        return [option for option in self.selects.get(name, []) if option.get("value")]


class FormParser(HTMLParser):
    """Finds the first form whose attributes satisfy ``wanted``, and reads its controls."""

    def __init__(self, wanted):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.form = None
        self.inside = False
        self.select = None
        self.group = {}

    @classmethod
    def parse(cls, html, wanted):
        parser = cls(wanted)
        parser.feed(html)
        parser.close()
        return parser.form

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            if self.form is None and self.wanted(attrs):
                self.form, self.inside = Form(attrs), True
            return
        if not self.inside or ("name" not in attrs and tag not in ("option", "optgroup")):
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file") or (
                    kind in ("checkbox", "radio") and "checked" not in attrs):
                return
            self.form.controls.append((attrs["name"], kind, attrs.get("value", "")))
        elif tag == "textarea":
            self.form.controls.append((attrs["name"], "textarea", ""))
        elif tag == "select":
            self.select = attrs["name"]
            self.form.selects[self.select] = []
            self.form.controls.append((self.select, "select", None))
        elif tag == "optgroup":
            self.group = attrs
        elif tag == "option" and self.select:
            option = {key: value for key, value in self.group.items() if key.startswith("data-")}
            option.update(attrs)
            self.form.selects[self.select].append(option)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "optgroup":
            self.group = {}

    @staticmethod
    def error_text(html):
        """The messages of a declaration form sent back with errors, as plain text."""
        found = re.findall(
            r'class="[^"]*(?:o_volunteering_form_error|invalid-feedback)[^"]*"[^>]*>(.*?)</div>',
            html, flags=re.S)
        texts = [SPACES_RE.sub(" ", unescape(TAG_RE.sub(" ", text))).strip() for text in found]
        return " | ".join(text for text in texts if text) or "(no message)"
