# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The wheel built by setup.py installs every addon, whole, as odoo.addons.<addon>."""

import email
import shutil
import subprocess
import sys
import zipfile

import pytest
from addon_source import addon_files

# What a copy of the repository for building leaves out: local state and
# leftovers of earlier builds, which could otherwise end up in the wheel.
COPY_IGNORED = shutil.ignore_patterns(
    ".git", ".local", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".*_cache"
)


@pytest.fixture(scope="module")
def wheel(repo_root, tmp_path_factory):
    """The wheel of the repository, built from a clean copy of it."""
    source = tmp_path_factory.mktemp("source") / "repo"
    shutil.copytree(repo_root, source, ignore=COPY_IGNORED)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, (
        "building the wheel failed (needs setuptools and wheel in this Python):\n"
        + result.stdout[-3000:]
        + result.stderr[-3000:]
    )
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as archive:
        yield archive


def _metadata(wheel):
    name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    return email.message_from_bytes(wheel.read(name))


def test_wheel_has_every_addon_file(wheel, addon):
    """Python modules, data, demo, i18n, static, description, README... all of it."""
    names = set(wheel.namelist())
    missing = [
        path.as_posix()
        for path in addon_files(addon.path)
        if f"odoo/addons/{addon.name}/{path.as_posix()}" not in names
    ]
    assert not missing, f"{addon}: files missing from the wheel: {missing}"


def test_wheel_has_manifest_files(wheel, addon):
    names = set(wheel.namelist())
    manifest = addon.manifest
    listed = ["__manifest__.py", "__init__.py", *manifest.get("data", [])]
    listed += manifest.get("demo", [])
    missing = [path for path in listed if f"odoo/addons/{addon.name}/{path}" not in names]
    assert not missing, f"{addon}: manifest files missing from the wheel: {missing}"


def test_wheel_keeps_namespace_packages(wheel):
    """odoo and odoo.addons must stay namespace packages shared with Odoo."""
    names = set(wheel.namelist())
    assert "odoo/__init__.py" not in names
    assert "odoo/addons/__init__.py" not in names


def test_wheel_holds_only_our_addons(wheel, all_addons):
    stray = [
        name
        for name in wheel.namelist()
        if ".dist-info/" not in name
        and not any(name.startswith(f"odoo/addons/{addon}/") for addon in all_addons)
    ]
    assert not stray, f"files outside odoo/addons/<our addon>/: {stray}"


def test_wheel_metadata(wheel):
    metadata = _metadata(wheel)
    assert metadata["Name"] == "volunteer-valuation"
    assert metadata["Version"] == "19.0.1.0.0"
    requires = [r.split(";")[0].strip().lower() for r in metadata.get_all("Requires-Dist") or []]
    assert "xlsxwriter" in requires
    # License-Expression with recent setuptools, License with older ones.
    license_ = metadata.get("License-Expression") or metadata.get("License")
    assert license_ == "AGPL-3.0-or-later"


def test_readme_is_valid_rst(repo_root):
    """README.rst (also the package's long description) renders without warning."""
    try:
        from docutils.core import publish_doctree
    except ImportError:
        pytest.fail("docutils is needed to check README.rst: python3 -m pip install docutils")
    source = (repo_root / "README.rst").read_text(encoding="utf-8")
    publish_doctree(
        source,
        source_path="README.rst",
        settings_overrides={"halt_level": 2, "report_level": 2, "warning_stream": False},
    )
