# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Static checks of each addon, without Odoo: manifest, data files, access
rights, view fields and the French translation."""

import csv
import glob
import re
from xml.etree import ElementTree

import pytest
from addon_source import (
    addon_files,
    addon_model_classes,
    data_xml_files,
    defined_models,
    model_fields,
    parse_po,
    parse_xml,
    record_field,
    view_field_names,
    xml_records,
)

REQUIRED_KEYS = (
    "name",
    "summary",
    "version",
    "license",
    "author",
    "website",
    "category",
    "depends",
    "data",
)
VERSION_RE = re.compile(r"^19\.0\.\d+\.\d+\.\d+$")

# Models of Odoo that an access line of ours may name with a module prefix
# ("base.model_res_partner"). Add here the ones we really need rights on.
KNOWN_ODOO_MODELS = {
    "res.partner",
    "res.users",
    "res.company",
    "res.groups",
    "res.currency",
    "res.config.settings",
    "project.project",
    "project.task",
    "account.analytic.line",
    "mail.activity",
    "mail.message",
    "ir.attachment",
}

ACCESS_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]


def _repo_closure(addon, all_addons):
    """The addon and the addons of this repository it depends on, recursively."""
    result, todo = {}, [addon.name]
    while todo:
        name = todo.pop()
        if name in result or name not in all_addons:
            continue
        result[name] = all_addons[name]
        todo += list(result[name].manifest.get("depends", []))
    return list(result.values())


def _model_xmlid(model):
    return "model_" + model.replace(".", "_")


def _groups_defined(addon):
    """XML ids (without module) of the res.groups records of an addon."""
    return {
        record_id
        for path in data_xml_files(addon)
        for record_id, model, _record in xml_records(parse_xml(path))
        if model == "res.groups"
    }


def _access_rows(addon):
    path = addon.path / "security" / "ir.model.access.csv"
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_addons_found(all_addons):
    assert all_addons, "no addon (top-level folder with a __manifest__.py) in the repository"


def test_manifest_keys(addon):
    manifest = addon.manifest
    missing = [key for key in REQUIRED_KEYS if key not in manifest]
    assert not missing, f"{addon}: manifest lacks {missing}"
    assert VERSION_RE.match(manifest["version"]), (
        f"{addon}: version {manifest['version']!r} is not 19.0.x.y.z"
    )
    assert manifest["license"] == "AGPL-3"
    assert manifest.get("installable", True) is True
    for key in ("name", "summary", "author", "website", "category"):
        assert isinstance(manifest[key], str) and manifest[key].strip(), f"{addon}: empty {key}"
    assert isinstance(manifest["depends"], list) and manifest["depends"]
    assert isinstance(manifest["data"], list)


def _asset_paths(entry):
    """The file paths (or globs) of one entry of a manifest's assets bundle."""
    if isinstance(entry, str):
        return [entry]
    directive, *arguments = entry
    if directive == "include":
        return []  # includes another bundle, not a file
    # ("remove", path), ("after"/"before"/"replace", target, path), ("prepend", path)
    return [arguments[-1]]


def test_manifest_files_exist(addon):
    manifest = addon.manifest
    missing = [
        f"{key}: {path}"
        for key in ("data", "demo")
        for path in manifest.get(key, [])
        if not (addon.path / path).is_file()
    ]
    for bundle, entries in manifest.get("assets", {}).items():
        for entry in entries:
            for path in _asset_paths(entry):
                module, _, inside = path.partition("/")
                if module != addon.name:
                    continue  # a file of another addon
                if not glob.glob(str(addon.path / inside), recursive=True):
                    missing.append(f"assets {bundle}: {path}")
    assert not missing, f"{addon}: files named in the manifest are missing: {missing}"


def test_data_files_are_listed(addon):
    """An XML or CSV data file that the manifest does not list is never loaded."""
    manifest = addon.manifest
    listed = {*manifest.get("data", []), *manifest.get("demo", [])}
    unlisted = [
        str(path)
        for path in addon_files(addon.path)
        if path.suffix in (".xml", ".csv")
        and path.parts[0] not in ("static", "tests", "i18n", "readme")
        and path.as_posix() not in listed
    ]
    assert not unlisted, f"{addon}: data files not in the manifest: {unlisted}"


def test_xml_files_parse(addon):
    errors = []
    for path in addon_files(addon.path):
        if path.suffix == ".xml":
            try:
                parse_xml(addon.path / path)
            except ElementTree.ParseError as error:
                errors.append(f"{path}: {error}")
    assert not errors, f"{addon}: XML syntax errors: {errors}"


def test_csv_files_parse(addon):
    errors = []
    for path in addon_files(addon.path):
        if path.suffix != ".csv":
            continue
        with (addon.path / path).open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        if not rows or not all(rows[0]):
            errors.append(f"{path}: no header")
            continue
        errors += [
            f"{path}:{number}: {len(row)} columns, header has {len(rows[0])}"
            for number, row in enumerate(rows[1:], 2)
            if row and len(row) != len(rows[0])
        ]
        ids = [row[0] for row in rows[1:] if row]
        if rows[0][0] == "id":
            twice = sorted({i for i in ids if ids.count(i) > 1})
            errors += [f"{path}: id {i} twice" for i in twice]
    assert not errors, f"{addon}: CSV errors: {errors}"


def test_xml_ids_unique(addon):
    """An XML id is defined in one data file only. Within one file, a second
    ``<record>`` with the same id is allowed: it updates the record once the
    records it refers to exist (circular references)."""
    first_file, duplicates = {}, []
    for path in data_xml_files(addon):
        where = path.relative_to(addon.path).as_posix()
        for element in parse_xml(path).iter():
            xml_id = element.get("id")
            if element.tag not in ("record", "template", "menuitem") or not xml_id:
                continue
            if first_file.setdefault(xml_id, where) != where:
                duplicates.append(f"{xml_id} in {first_file[xml_id]} and {where}")
    assert not duplicates, f"{addon}: XML ids defined in two files: {duplicates}"


def test_access_header(addon):
    path = addon.path / "security" / "ir.model.access.csv"
    if not path.is_file() and not defined_models(addon_model_classes(addon.path)):
        return  # an addon that defines no model needs no access file
    assert path.is_file(), f"{addon}: security/ir.model.access.csv is missing"
    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == ACCESS_HEADER


def test_access_models_exist(addon, all_addons):
    """Each access line names a model of the addon, of a repository addon it
    depends on, or a well-known Odoo model (with its module prefix)."""
    own_classes = addon_model_classes(addon.path)
    own_ids = {_model_xmlid(c.model) for c in own_classes}
    repo_ids = {
        f"{other.name}.{_model_xmlid(c.model)}"
        for other in _repo_closure(addon, all_addons)
        for c in addon_model_classes(other.path)
    }
    known_ids = {_model_xmlid(m) for m in KNOWN_ODOO_MODELS}
    wrong = []
    for row in _access_rows(addon):
        model_id = row["model_id:id"]
        module, dot, local = model_id.rpartition(".")
        if not dot:
            ok = model_id in own_ids
        elif module == addon.name or module in all_addons:
            ok = model_id in repo_ids
        else:
            ok = local in known_ids
        if not ok:
            wrong.append(f"{row['id']}: {model_id}")
    assert not wrong, f"{addon}: access lines name unknown models: {wrong}"


def test_access_groups_exist(addon, all_addons):
    """Each access line's group is empty, a res.groups record of the addon, or
    a group of another module (prefixed xml id)."""
    own_groups = _groups_defined(addon)
    wrong = []
    for row in _access_rows(addon):
        group = row["group_id:id"]
        if not group:
            continue
        module, dot, local = group.rpartition(".")
        if not dot or module == addon.name:
            ok = local in own_groups
        elif module in all_addons:
            ok = local in _groups_defined(all_addons[module])
        else:
            ok = bool(module and local)
        if not ok:
            wrong.append(f"{row['id']}: {group}")
    assert not wrong, f"{addon}: access lines name unknown groups: {wrong}"


def test_every_model_has_access(addon):
    """Models defined by the addon (regular, SQL views and wizards; not
    abstract ones) have at least one access line."""
    models = defined_models(addon_model_classes(addon.path))
    covered = {row["model_id:id"].rpartition(".")[2] for row in _access_rows(addon)}
    without = sorted(
        model
        for model, kind in models.items()
        if kind != "abstract" and _model_xmlid(model) not in covered
    )
    assert not without, f"{addon}: models without access rights: {without}"


def test_view_fields_exist(addon, all_addons):
    """Fields named by the addon's views of our models are declared on them."""
    closure = _repo_closure(addon, all_addons)
    classes = [c for other in closure for c in addon_model_classes(other.path)]
    ours = set(defined_models(classes))
    problems, unknown_parents = [], set()
    for path in data_xml_files(addon):
        for record_id, model, record in xml_records(parse_xml(path)):
            if model != "ir.ui.view":
                continue
            view_model = record_field(record, "model")
            arch = record_field(record, "arch")
            if view_model is None or arch is None or (view_model.text or "").strip() not in ours:
                continue
            view_model = view_model.text.strip()
            names, prefixes, unknown = model_fields(view_model, classes)
            if unknown:
                unknown_parents.update(unknown)
                continue
            for name, _element in view_field_names(arch):
                if name not in names and not name.startswith(prefixes):
                    problems.append(f"{path.name}: {record_id}: {view_model} has no field {name!r}")
    assert not unknown_parents, (
        f"{addon}: models inherit from {sorted(unknown_parents)}, whose fields the test does not "
        "know: add them to KNOWN_PARENT_FIELDS in tests/addon_source.py"
    )
    assert not problems, f"{addon}: views name fields that do not exist: {problems}"


def test_french_translation_complete(addon):
    """i18n/fr.po exists, parses, and translates every message (none empty
    or fuzzy); with an i18n/<addon>.pot, it covers every message of it."""
    po_path = addon.path / "i18n" / "fr.po"
    assert po_path.is_file(), f"{addon}: i18n/fr.po is missing"
    try:
        entries = parse_po(po_path)
    except ValueError as error:
        pytest.fail(f"{addon}: i18n/fr.po does not parse: {error}")
    messages = [e for e in entries if e.msgid]  # the header has an empty msgid
    assert messages, f"{addon}: i18n/fr.po has no message"
    empty = [f"line {e.lineno}: {e.msgid[:60]!r}" for e in messages if not all(e.msgstr)]
    fuzzy = [f"line {e.lineno}: {e.msgid[:60]!r}" for e in messages if e.fuzzy]
    assert not empty, f"{addon}: untranslated messages in i18n/fr.po: {empty}"
    assert not fuzzy, f"{addon}: fuzzy (unreviewed) messages in i18n/fr.po: {fuzzy}"
    pot_path = addon.path / "i18n" / f"{addon.name}.pot"
    if pot_path.is_file():
        translated = {(e.msgctxt, e.msgid) for e in messages}
        missing = [
            e.msgid[:60]
            for e in parse_po(pot_path)
            if e.msgid and (e.msgctxt, e.msgid) not in translated
        ]
        assert not missing, f"{addon}: messages of {pot_path.name} missing from fr.po: {missing}"
