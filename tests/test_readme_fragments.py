# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Each addon's README.rst is the one its readme/ fragments make, and Odoo renders it cleanly."""

import importlib.util
import re

import pytest

STANDARD_FRAGMENTS = {"DESCRIPTION", "CONTRIBUTORS", "CREDITS"}


@pytest.fixture(scope="module")
def readme_fragments(repo_root):
    path = repo_root / ".ci" / "readme_fragments.py"
    spec = importlib.util.spec_from_file_location("readme_fragments", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_matches_its_fragments(addon, readme_fragments):
    current = (addon.path / "README.rst").read_text(encoding="utf-8")
    assert current == readme_fragments.render(addon.path), (
        f"{addon.name}/README.rst differs from its readme/ fragments: "
        "run python3 .ci/readme_fragments.py")


def test_every_fragment_has_its_place(addon, readme_fragments):
    """A fragment the generator does not know would be silently left out."""
    known = STANDARD_FRAGMENTS | {name for name, _title in readme_fragments.SECTIONS}
    found = {path.stem for path in (addon.path / "readme").iterdir()}
    assert found <= known, f"unknown fragments in {addon.name}/readme: {found - known}"
    assert all(path.suffix == ".rst" for path in (addon.path / "readme").iterdir())


def test_odoo_renders_the_readme_without_warning(addon):
    """Odoo turns README.rst into the app's description at install: no docutils warning."""
    from docutils.core import publish_string

    source = (addon.path / "README.rst").read_text(encoding="utf-8")
    html = publish_string(source, writer_name="html", settings_overrides={
        # Odoo's own settings (ir.module.module's description_html), made strict.
        "embed_stylesheet": False, "doctitle_xform": False, "output_encoding": "unicode",
        "xml_declaration": False, "file_insertion_enabled": False,
        "halt_level": 2, "report_level": 2, "warning_stream": False,
    })
    assert "system-message" not in html


def test_root_readme_links_exist(repo_root):
    text = (repo_root / "README.rst").read_text(encoding="utf-8")
    targets = re.findall(r"<([^<>:]+\.(?:rst|md))>`_", text)
    assert targets, "the root README links to the addons' READMEs"
    for target in targets:
        assert (repo_root / target).is_file(), target
