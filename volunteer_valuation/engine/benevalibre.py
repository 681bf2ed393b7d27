# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Read the exports of Bénévalibre (https://benevalibre.org), in its three formats.

Pure Python, no Odoo import. Bénévalibre 2.x exports the volunteering actions
of an association, and a volunteer's own actions ("Mes actions"), with one
table (``BenevaloExportTable``) written by tablib:

- CSV: UTF-8, comma separated, double-quoted when needed, dates as 2024-05-03,
  booleans as True/False, distances as 12.50;
- XLSX: dates as date cells, booleans and numbers as such, a text starting with
  "=" stored as a formula;
- JSON: a list of objects keyed by the column headers, dates as "2024-05-03",
  booleans as true/false, distances as strings ("12.50") or null.

The duration is Python's text of a timedelta: "2:20:00", "1 day, 2:05:30".
:class:`ExportScan` reads such a file one record at a time (constant memory,
see :mod:`.benevalibre_formats`) into :class:`Action` and :class:`Problem`
entries (with line numbers); :func:`read_export` gathers them for a small file.
An action's import key is its fingerprint and its rank among the actions of
the file with that fingerprint (:func:`action_key`). The Odoo side matches the
names.
"""

import functools
import hashlib
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from . import benevalibre_formats as formats
from . import contribution_limits as limits
from .benevalibre_formats import detect_kind  # noqa: F401 (part of this module's interface)

# Column keys and the headers Bénévalibre 2.x writes (in this order).
COLUMNS = (
    ("first_name", "Prénom"),
    ("last_name", "Nom"),
    ("pseudo", "Pseudo"),
    ("association", "Association"),
    ("title", "Titre"),
    ("description", "Description"),
    ("date", "Date"),
    ("date_end", "Date de fin"),
    ("duration", "Durée"),
    ("duration_hours", "Durée (en heures)"),
    ("pending", "En attente de modération"),
    ("distance", "Distance (en km)"),
    ("category", "Catégorie"),
    ("project", "Projet"),
    ("level", "Niveau"),
)
HEADERS = dict(COLUMNS)
# Columns without which a file is not a Bénévalibre export.
REQUIRED_COLUMNS = ("title", "date")
DURATION_COLUMNS = ("duration", "duration_hours")

# The 12 default categories of every Bénévalibre association (unchanged since
# 2019), by the XML id of the matching default category of volunteer_valuation.
DEFAULT_CATEGORIES = {
    "volunteer_category_governance":
        "Participation aux organes dirigeants de l’association (CA, bureau ou autres organes)",
    "volunteer_category_administration":
        "Tâches de bureau, administratives, de gestion, de comptabilité",
    "volunteer_category_events":
        "Supervision ou organisation d’événements (spectacles, campagnes, autres "
        "manifestations....), participation à leur réalisation",
    "volunteer_category_activities": "Entraînement, encadrement ou animation d’activités",
    "volunteer_category_advice":
        "Assurer des services de conseil, rechercher ou donner des informations, des "
        "renseignements",
    "volunteer_category_training": "Dispenser un enseignement ou une formation",
    "volunteer_category_fundraising": "Participation à la recherche de fonds, collecte de fonds",
    "volunteer_category_goods":
        "Collecte, transport et distribution de biens (nourriture, vêtements...)",
    "volunteer_category_reception":
        "Accueil, accompagnement de personnes, visites à domicile, écoute téléphonique",
    "volunteer_category_maintenance":
        "Tâches d’entretien, réparation, maintenance (y compris informatique) ou autres tâches "
        "techniques",
    "volunteer_category_communication":
        "Communication à destination du public et représentation de l’association auprès de "
        "l’extérieur (partenaires, pouvoirs publics...)",
    "volunteer_category_other": "Autres activités",
}

TRUE_WORDS = frozenset({"true", "1", "vrai", "oui", "yes"})
FALSE_WORDS = frozenset({"false", "0", "faux", "non", "no"})
_TIMEDELTA = re.compile(
    r"^(?:(?P<days>-?\d+)\s*(?:days?|jours?),\s*)?"
    r"(?P<h>\d+):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d)(?:\.(?P<us>\d{1,6}))?)?$"
)
_DAY_FIRST = re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "\u00a0": " "})


@functools.lru_cache(maxsize=1 << 16)
def normalize(text):
    """``text`` for comparisons: no accents, no case, one kind of apostrophe and space.

    Cached: an import compares the same few names over and over.
    """
    text = unicodedata.normalize("NFKD", str(text or "").translate(_APOSTROPHES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


HEADER_KEYS = {normalize(header): key for key, header in COLUMNS}
HEADER_KEYS.update({
    normalize("Durée (h:mm:ss)"): "duration",
    normalize("Distance"): "distance",
})
_DEFAULT_CATEGORY_KEYS = {normalize(name): key for key, name in DEFAULT_CATEGORIES.items()}


def default_category_key(name):
    """XML id of the default category Bénévalibre names ``name``, or None."""
    return _DEFAULT_CATEGORY_KEYS.get(normalize(name))


def person_name(first_name, last_name, pseudo):
    """First and last name, or the pseudo; empty for an unnamed member."""
    return " ".join(part for part in (first_name, last_name) if part) or pseudo


def volunteer_keys(first_name, last_name, pseudo):
    """Normalized names a volunteer may be known by here, best first; none if unnamed.

    >>> volunteer_keys("Zoé", "Lefèvre", "zozo")
    ['zoe lefevre', 'lefevre zoe', 'zozo']
    """
    names = (f"{first_name} {last_name}", f"{last_name} {first_name}", pseudo)
    return [normalize(name) for name in names if name.strip()]


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file; ``line`` is None for the whole file.

    ``code`` says what (see the CODES of the Odoo wizard), ``params`` the details.
    """

    line: int | None
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """One volunteering action read from the file."""

    line: int
    first_name: str
    last_name: str
    pseudo: str
    association: str
    title: str
    description: str
    date: date
    date_end: date | None
    seconds: int
    distance_km: Decimal
    pending: bool
    category: str
    project: str
    level: str
    key: str = ""

    @property
    def hours(self):
        return self.seconds / 3600

    @property
    def person_name(self):
        """First and last name, or the pseudo; empty for an unnamed member."""
        return person_name(self.first_name, self.last_name, self.pseudo)

    @property
    def is_unnamed(self):
        return not self.person_name

    def fingerprint(self):
        """What identifies the action across exports and formats (not its moderation)."""
        parts = (
            self.association, self.first_name, self.last_name, self.pseudo, self.title,
            self.description, self.date.isoformat(),
            self.date_end.isoformat() if self.date_end else "", str(self.seconds),
            str(self.distance_km), self.category, self.project, self.level,
        )
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass
class Export:
    """A Bénévalibre export read: its actions and its problems."""

    kind: str  # "csv", "xlsx" or "json"
    line_count: int = 0
    actions: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    columns: tuple = ()
    ignored_columns: tuple = ()

    @property
    def file_problems(self):
        return [problem for problem in self.problems if problem.line is None]

    @property
    def invalid_lines(self):
        return sorted({problem.line for problem in self.problems if problem.line is not None})

    @property
    def associations(self):
        """How many actions each association of the file has."""
        return Counter(action.association for action in self.actions)


class _RowError(ValueError):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def action_key(fingerprint, occurrence):
    """The import key of the ``occurrence``-th action (from 1) with ``fingerprint`` in a file."""
    return f"benevalibre:{fingerprint}:{occurrence}"


def action_values(action):
    """``action`` as JSON values (dates in ISO form, the distance as text), to store it."""
    values = {item.name: getattr(action, item.name) for item in fields(Action)}
    values.update(
        date=action.date.isoformat(),
        date_end=action.date_end.isoformat() if action.date_end else None,
        distance_km=str(action.distance_km),
    )
    return values


def action_from_values(values):
    """The :class:`Action` stored by :func:`action_values`."""
    return Action(**dict(
        values,
        date=date.fromisoformat(values["date"]),
        date_end=date.fromisoformat(values["date_end"]) if values["date_end"] else None,
        distance_km=Decimal(values["distance_km"]),
    ))


class ExportScan:
    """A Bénévalibre export opened for reading, one record at a time.

    ``export`` gives the format, the columns and the problems of the whole file
    found in its header (then there is nothing to read); :meth:`entries` reads
    the records. ``stream`` is a seekable binary file, left open.
    """

    def __init__(self, stream, filename="", today=None):
        self.today = today or date.today()
        head = stream.read(1024)
        stream.seek(0)
        self.export = Export(kind=formats.detect_kind(head, filename))
        self._table = None
        self._keys = {}
        try:
            self._table = formats.open_table(stream, self.export.kind)
        except formats.FileError as error:
            self.export.problems.append(Problem(None, error.code, error.params))
            return
        self._keys = _column_keys(self._table.headers, self.export)

    def entries(self, skip=0):
        """(records read, entry) for each record after the first ``skip`` ones.

        The entry is an :class:`Action` (with no key yet), a :class:`Problem`,
        or None for a blank record. A file found unreadable further on ends
        with a problem of the whole file (its line is None).
        """
        if self._table is None or self.export.file_problems:
            return
        position = 0
        try:
            for record in self._table.records:
                position += 1
                if position > skip:
                    yield position, self._entry(self._table.first_line + position - 1, record)
        except formats.FileError as error:
            yield position, Problem(None, error.code, error.params)

    def _entry(self, line, record):
        if isinstance(record, dict):
            values = {self._column(name): value for name, value in record.items()}
        elif isinstance(record, list | tuple):
            values = {self._keys.get(index): value for index, value in enumerate(record)}
        else:
            return Problem(line, "not_an_object")
        values.pop(None, None)
        if all(_is_blank(value) for value in values.values()):
            return None
        try:
            return _action(line, values, self.today)
        except _RowError as error:
            return Problem(line, error.code, error.params)

    def _column(self, name):
        """Column key of a JSON object's member (members of later objects included)."""
        if name not in self._keys:
            self._keys[name] = HEADER_KEYS.get(normalize(name))
        return self._keys[name]


def read_export(content, filename="", today=None):
    """Read a whole Bénévalibre export (bytes) into an :class:`Export`, with keys.

    Lines are numbered as a spreadsheet shows them (the header is line 1) for
    CSV and XLSX, and from 1 for the objects of a JSON list. ``today`` bounds
    the dates (default: the current date).
    """
    scan = ExportScan(io.BytesIO(content), filename, today)
    export = scan.export
    occurrences = Counter()
    for _position, entry in scan.entries():
        if isinstance(entry, Problem):
            export.line_count += entry.line is not None
            export.problems.append(entry)
        elif entry is not None:
            export.line_count += 1
            fingerprint = entry.fingerprint()
            occurrences[fingerprint] += 1
            export.actions.append(replace(
                entry, key=action_key(fingerprint, occurrences[fingerprint])))
    if not export.line_count and not export.problems:
        export.problems.append(Problem(None, "empty"))
    return export


def _column_keys(headers, export):
    """{header position or name: column key}; records problems of the header."""
    keys, known, ignored = {}, [], []
    for position, header in enumerate(headers):
        key = HEADER_KEYS.get(normalize(header))
        if key is None or key in known:
            if not _is_blank(header):
                ignored.append(str(header))
            continue
        known.append(key)
        keys[position] = keys[header] = key
    export.columns = tuple(known)
    export.ignored_columns = tuple(ignored)
    missing = [HEADERS[key] for key in REQUIRED_COLUMNS if key not in known]
    if not any(key in known for key in DURATION_COLUMNS):
        missing.append(HEADERS["duration"])
    if missing:
        export.problems.append(Problem(None, "missing_columns", {"columns": missing}))
    return keys



# --- one action ------------------------------------------------------------------


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value):
    """A cell as text: stripped, "\\n" line ends, integral numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def _date(value, column):
    if _is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = _DAY_FIRST.match(text)
    try:
        if match:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise _RowError("bad_date", column=HEADERS[column], value=text)


def _seconds(values):
    """The duration in whole seconds, from "Durée", else from the decimal hours."""
    value = values.get("duration")
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
    elif not _is_blank(value):
        match = _TIMEDELTA.match(_text(value))
        if not match:
            raise _RowError("bad_duration", value=_text(value))
        seconds = (int(match["days"] or 0) * 86400 + int(match["h"]) * 3600
                   + int(match["m"]) * 60 + int(match["s"] or 0)
                   + int((match["us"] or "0").ljust(6, "0")) / 1e6)
    else:
        value = values.get("duration_hours")
        if _is_blank(value):
            raise _RowError("missing_duration")
        seconds = float(_decimal(value, "duration_hours")) * 3600
    if seconds < 0:
        raise _RowError("negative_duration", value=_text(value))
    return round(seconds)


def _decimal(value, column):
    if isinstance(value, bool):
        raise _RowError("bad_number", column=HEADERS[column], value=str(value))
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = _text(value).replace(",", ".").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _RowError("bad_number", column=HEADERS[column], value=_text(value))
    if not number.is_finite():
        raise _RowError("bad_number", column=HEADERS[column], value=_text(value))
    return number


def _pending(values):
    """Pending moderation; an action without the information waits for validation."""
    value = values.get("pending")
    if _is_blank(value):
        return True
    if isinstance(value, bool | int) and value in (0, 1):
        return bool(value)
    word = normalize(value)
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise _RowError("bad_boolean", value=_text(value))
    return word in TRUE_WORDS


def _action(line, values, today):
    title = _text(values.get("title"))
    if not title:
        raise _RowError("missing_title")
    day = _date(values.get("date"), "date")
    if day is None:
        raise _RowError("missing_date")
    day_end = _date(values.get("date_end"), "date_end")
    problem = limits.period_problem(day, day_end, today)
    if problem == limits.TOO_EARLY:
        raise _RowError("date_too_early", date=day.isoformat())
    if problem == limits.IN_FUTURE:
        raise _RowError("date_in_future", date=max(day, day_end or day).isoformat())
    if problem == limits.END_BEFORE_START:
        raise _RowError("end_before_start", date=day.isoformat(), date_end=day_end.isoformat())
    if day_end == day:
        day_end = None
    seconds = _seconds(values)
    distance = Decimal(0)
    if not _is_blank(values.get("distance")):
        distance = _decimal(values["distance"], "distance")
        if distance < 0:
            raise _RowError("negative_distance", value=_text(values["distance"]))
    distance = distance.quantize(Decimal("0.01"))
    if not seconds and not distance:
        raise _RowError("no_time")
    days = limits.period_days(day, day_end)
    if seconds > limits.max_hours(days) * 3600:
        raise _RowError("too_long", hours=round(seconds / 3600, 2), days=days)
    return Action(
        line=line,
        first_name=_text(values.get("first_name")),
        last_name=_text(values.get("last_name")),
        pseudo=_text(values.get("pseudo")),
        association=_text(values.get("association")),
        title=title,
        description=_text(values.get("description")),
        date=day,
        date_end=day_end,
        seconds=seconds,
        distance_km=distance,
        pending=_pending(values),
        category=_text(values.get("category")),
        project=_text(values.get("project")),
        level=_text(values.get("level")),
    )
