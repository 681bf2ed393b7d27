# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Read an addon's source without importing Odoo.

The static tests use it to find the addons of the repository, parse their
manifests, list the models and fields their Python code declares (by AST) and
walk their XML data files and PO translations.
"""

import ast
import functools
import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

REPO_ROOT = Path(__file__).resolve().parent.parent
# Folders whose Python files declare models.
MODEL_FOLDERS = ("models", "wizard", "report")
# Files that are build or editor leftovers, never part of an addon.
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache"}
SKIPPED_SUFFIXES = (".pyc", ".pyo", ".orig", ".rej", ".swp", "~")

# Fields every model has without declaring them.
MAGIC_FIELDS = frozenset(
    {"id", "display_name", "create_date", "create_uid", "write_date", "write_uid"}
)

# Fields that Odoo models and mixins bring to a model inheriting from them:
# model -> (field names, field name prefixes). A model of ours that inherits
# from a model listed neither here nor in our addons makes the view test fail
# with a message asking to add it here.
KNOWN_PARENT_FIELDS = {
    "mail.thread": ({"has_message", "website_message_ids"}, ("message_",)),
    "mail.activity.mixin": ({"my_activity_date_deadline"}, ("activity_",)),
    "mail.thread.cc": ({"email_cc"}, ()),
    "mail.thread.main.attachment": ({"message_main_attachment_id"}, ()),
    "mail.thread.blacklist": ({"email_normalized", "is_blacklisted", "message_bounce"}, ()),
    "portal.mixin": ({"access_url", "access_token", "access_warning"}, ()),
    "rating.mixin": (set(), ("rating_",)),
    "image.mixin": (set(), ("image_",)),
    "avatar.mixin": (set(), ("avatar_", "image_")),
    "utm.mixin": ({"campaign_id", "source_id", "medium_id"}, ()),
    "analytic.mixin": (
        {"analytic_distribution", "analytic_precision", "distribution_analytic_account_ids"},
        (),
    ),
    "sequence.mixin": ({"sequence_prefix", "sequence_number"}, ()),
    "format.address.mixin": (set(), ()),
    "resource.mixin": ({"resource_id", "company_id", "resource_calendar_id", "tz"}, ()),
}


def find_addons(root):
    """Top-level folders of ``root`` that hold a ``__manifest__.py``, sorted."""
    return sorted(
        path
        for path in Path(root).iterdir()
        if path.is_dir() and not path.name.startswith(".") and (path / "__manifest__.py").is_file()
    )


def addon_files(addon_dir):
    """Every file of an addon (build leftovers excepted), as paths relative to it."""
    files = []
    for path in sorted(Path(addon_dir).rglob("*")):
        relative = path.relative_to(addon_dir)
        if (
            path.is_file()
            and not SKIPPED_DIRS.intersection(relative.parts)
            and not path.name.endswith(SKIPPED_SUFFIXES)
        ):
            files.append(relative)
    return files


@dataclass
class Addon:
    """One addon folder; its manifest is parsed on first use."""

    path: Path

    @property
    def name(self):
        return self.path.name

    @functools.cached_property
    def manifest(self):
        return ast.literal_eval((self.path / "__manifest__.py").read_text(encoding="utf-8"))

    def __str__(self):
        return self.name


@dataclass
class ModelClass:
    """What one Python class of an addon says about a model."""

    path: Path
    lineno: int
    kind: str  # "model", "transient" or "abstract"
    name: str | None  # _name
    inherit: tuple = ()  # _inherit
    inherits: tuple = ()  # models of _inherits
    parent_store: bool = False
    fields: set = field(default_factory=set)

    @property
    def model(self):
        """The model this class defines or extends."""
        if self.name:
            return self.name
        return self.inherit[0] if self.inherit else None

    @property
    def parents(self):
        """Models this class takes fields from (prototype or delegation inheritance)."""
        return tuple(m for m in (*self.inherit, *self.inherits) if m != self.model)


_BASE_KINDS = {"Model": "model", "TransientModel": "transient", "AbstractModel": "abstract"}


def _string_tuple(node):
    """``"a"`` or ``["a", "b"]`` as a tuple of strings; () for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    if isinstance(node, ast.List | ast.Tuple):
        return tuple(
            e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
        )
    return ()


def _is_field_call(node):
    """``fields.Char(...)`` and the like."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "fields"
    )


def _class_kind(node):
    for base in node.bases:
        base_name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", None)
        if base_name in _BASE_KINDS:
            return _BASE_KINDS[base_name]
    return None


def parse_model_classes(path):
    """The Odoo model classes declared in one Python file."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=str(path))
    classes = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        kind = _class_kind(node)
        if kind is None:
            continue
        model_class = ModelClass(path=Path(path), lineno=node.lineno, kind=kind, name=None)
        for statement in node.body:
            if isinstance(statement, ast.Assign):
                targets = [t.id for t in statement.targets if isinstance(t, ast.Name)]
                value = statement.value
            elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                targets, value = [statement.target.id], statement.value
            else:
                continue
            for target in targets:
                if target == "_name":
                    names = _string_tuple(value)
                    model_class.name = names[0] if names else None
                elif target == "_inherit":
                    model_class.inherit = _string_tuple(value)
                elif target == "_inherits" and isinstance(value, ast.Dict):
                    model_class.inherits = tuple(
                        k.value for k in value.keys if isinstance(k, ast.Constant)
                    )
                elif target == "_parent_store":
                    model_class.parent_store = isinstance(value, ast.Constant) and bool(value.value)
                elif _is_field_call(value):
                    model_class.fields.add(target)
        if model_class.model:
            classes.append(model_class)
    return classes


def addon_model_classes(addon_dir):
    """Model classes of the Python files of an addon's model folders."""
    classes = []
    for folder in MODEL_FOLDERS:
        for path in sorted((Path(addon_dir) / folder).rglob("*.py")):
            if not SKIPPED_DIRS.intersection(path.parts):
                classes += parse_model_classes(path)
    return classes


def defined_models(classes):
    """{model name: kind} of the models these classes define with ``_name``."""
    return {c.name: c.kind for c in classes if c.name and c.name not in c.inherit}


def model_fields(model, classes):
    """Fields of ``model`` known from ``classes``: (names, prefixes, unknown parents).

    ``classes`` are the model classes of an addon and of the addons of this
    repository it depends on. Magic fields and the fields of known mixins are
    included; ``unknown parents`` lists inherited models whose fields cannot
    be told.
    """
    names, prefixes, unknown = set(MAGIC_FIELDS), set(), set()
    seen = set()

    def collect(current):
        if current in seen:
            return
        seen.add(current)
        own = [c for c in classes if c.model == current]
        if not own:
            if current in KNOWN_PARENT_FIELDS:
                known_names, known_prefixes = KNOWN_PARENT_FIELDS[current]
                names.update(known_names)
                prefixes.update(known_prefixes)
            else:
                unknown.add(current)
            return
        for model_class in own:
            names.update(model_class.fields)
            if model_class.parent_store:
                names.add("parent_path")
            for parent in model_class.parents:
                collect(parent)
            if "mail.thread" in model_class.inherit:
                # mail.thread is the usual parent of mail.thread.* mixins
                collect("mail.thread")

    collect(model)
    return names, tuple(sorted(prefixes)), unknown


# --- XML ------------------------------------------------------------------------


def parse_xml(path):
    return ElementTree.parse(path).getroot()


def data_xml_files(addon):
    """XML files listed in the manifest's data and demo, that exist."""
    manifest = addon.manifest
    files = [*manifest.get("data", []), *manifest.get("demo", [])]
    return [addon.path / f for f in files if f.endswith(".xml") and (addon.path / f).is_file()]


def xml_records(root):
    """Every ``<record>`` of an XML data file, with its id and model."""
    return [(r.get("id"), r.get("model"), r) for r in root.iter("record")]


def record_field(record, name):
    """The ``<field name=...>`` element of a record, or None."""
    for element in record.findall("field"):
        if element.get("name") == name:
            return element
    return None


def view_field_names(arch):
    """Field names used at the view's own level: for its own model.

    Not inside the sub-views (``<list>``, ``<form>``, ``<kanban>``...) of an
    x2many field, nor in ``<groupby>`` sections, which are for other models;
    inside a locator field (``<field name="x" position="after">``) they are
    for the same model. Yields (name, element) pairs.
    """

    def walk(element):
        for child in element:
            if not isinstance(child.tag, str):
                continue  # comment or processing instruction
            if child.tag == "field":
                yield child.get("name"), child
                if child.get("position"):
                    yield from walk(child)
            elif child.tag == "groupby":
                continue
            else:
                yield from walk(child)

    yield from walk(arch)


# --- PO files -----------------------------------------------------------------


@dataclass
class PoEntry:
    msgid: str
    msgstr: list
    fuzzy: bool = False
    msgctxt: str | None = None
    lineno: int = 0


def _po_string(text):
    return ast.literal_eval(text) if text else ""


def parse_po(path):
    """Entries of a PO file, with polib when installed, else a minimal parser.

    Raises ValueError on a syntax error.
    """
    try:
        import polib
    except ImportError:
        polib = None
    if polib is not None:
        try:
            po = polib.pofile(str(path))
        except (OSError, ValueError) as error:
            raise ValueError(str(error)) from error
        return [
            PoEntry(
                msgid=e.msgid,
                msgstr=list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr],
                fuzzy="fuzzy" in e.flags,
                msgctxt=e.msgctxt,
                lineno=e.linenum,
            )
            for e in po
            if not e.obsolete
        ]
    return _parse_po_minimal(Path(path).read_text(encoding="utf-8"))


def _parse_po_minimal(text):
    """PO entries, for files written as gettext tools write them: one blank
    line between entries."""
    entries = []
    lineno = 0
    for block in text.split("\n\n"):
        first_line = lineno + 1
        lineno += block.count("\n") + 2
        lines = [line.strip() for line in block.strip().splitlines()]
        if not lines or all(line.startswith("#~") or not line for line in lines):
            continue
        flags, values, key = set(), {}, None
        for offset, line in enumerate(lines):
            where = f"line {first_line + offset}"
            if line.startswith("#"):
                if line.startswith("#,"):
                    flags.update(f.strip() for f in line[2:].split(","))
                continue
            try:
                if line.startswith('"'):
                    if key is None:
                        raise ValueError("string outside an entry")
                    values[key] += _po_string(line)
                    continue
                key, _, rest = line.partition(" ")
                if key in values:
                    raise ValueError(f"{key} twice in one entry")
                values[key] = _po_string(rest.strip())
            except (SyntaxError, ValueError) as error:
                raise ValueError(f"{where}: {error}") from error
        if "msgid" not in values:
            raise ValueError(f"line {first_line}: entry without msgid")
        strs = [v for k, v in values.items() if k == "msgstr" or k.startswith("msgstr[")]
        if not strs:
            raise ValueError(f"line {first_line}: entry without msgstr")
        entries.append(
            PoEntry(values["msgid"], strs, "fuzzy" in flags, values.get("msgctxt"), first_line)
        )
    return entries


def load_pure_module(relative_path):
    """Import one pure-Python file of an addon (an engine) without importing Odoo.

    ``relative_path`` is relative to the repository, such as
    ``volunteer_valuation/engine/rates.py``. Its folder is loaded as a package of
    its own (``pure_volunteer_valuation_engine``), without the addon's
    ``__init__`` that imports Odoo, so that the engine's relative imports of its
    sibling modules work.
    """
    path = REPO_ROOT / relative_path
    package = "pure_" + "_".join(path.parent.relative_to(REPO_ROOT).parts)
    if package not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            package, path.parent / "__init__.py", submodule_search_locations=[str(path.parent)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        spec.loader.exec_module(module)
    return importlib.import_module(f"{package}.{path.stem}")
