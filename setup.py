# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Installs the addons of this repository as ``odoo.addons.<addon>`` packages.

Every top-level folder that holds a ``__manifest__.py`` is an addon. Its whole
tree is installed: Python packages as packages, every other file (XML, CSV,
PO/POT, static assets, description, README, migration scripts...) as package
data. ``odoo`` and ``odoo.addons`` stay namespace packages: no ``__init__.py``
is created for them, so an installed addon joins Odoo's own ``odoo.addons``
and Odoo finds it without ``--addons-path``.
"""

import glob
import os
from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).resolve().parent
# Build leftovers, never part of an addon.
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache"}
SKIPPED_SUFFIXES = (".pyc", ".pyo", ".orig", ".rej", ".swp", "~")


def addon_dirs():
    """Top-level folders that are Odoo addons, sorted by name."""
    return sorted(
        path
        for path in ROOT.iterdir()
        if path.is_dir() and not path.name.startswith(".") and (path / "__manifest__.py").is_file()
    )


def addon_layout(addon):
    """Return (packages, package_dir, package_data) for one addon folder.

    A folder is a Python package when it and all the folders between it and the
    addon root hold an ``__init__.py``. Every other file is data of the nearest
    enclosing package; this also covers ``.py`` files of folders that are not
    packages, such as ``migrations/<version>/*.py``.
    """
    base = "odoo.addons." + addon.name
    packages, package_data = [], {}
    for dirpath, dirnames, filenames in os.walk(addon):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
        parts = Path(dirpath).relative_to(addon).parts
        depth = _package_depth(addon, parts)
        in_package = depth == len(parts)
        if in_package:
            packages.append(".".join((base, *parts)))
        for filename in sorted(filenames):
            if filename.endswith(SKIPPED_SUFFIXES) or (in_package and filename.endswith(".py")):
                continue  # build leftovers, or a module that build_py copies anyway
            package = ".".join((base, *parts[:depth]))
            # package_data entries are glob patterns: escape names such as "a[1].png"
            path = glob.escape("/".join((*parts[depth:], filename)))
            package_data.setdefault(package, []).append(path)
    package_dir = {base: addon.name}
    return packages, package_dir, package_data


def _package_depth(addon, parts):
    """How many leading folders of ``parts`` form a chain of Python packages."""
    depth = 0
    while depth < len(parts) and (addon.joinpath(*parts[: depth + 1]) / "__init__.py").is_file():
        depth += 1
    return depth


def collect():
    packages, package_dir, package_data = [], {}, {}
    for addon in addon_dirs():
        addon_packages, addon_package_dir, addon_package_data = addon_layout(addon)
        packages += addon_packages
        package_dir.update(addon_package_dir)
        package_data.update(addon_package_data)
    return packages, package_dir, package_data


PACKAGES, PACKAGE_DIR, PACKAGE_DATA = collect()

setup(
    name="volunteer-valuation",
    version="19.0.1.0.0",
    description="Odoo 19 addons: record, validate and value volunteer work",
    long_description=(ROOT / "README.rst").read_text(encoding="utf-8")
    if (ROOT / "README.rst").is_file()
    else "",
    long_description_content_type="text/x-rst",
    # An SPDX expression: recent setuptools write it as License-Expression and
    # reject license classifiers next to it.
    license="AGPL-3.0-or-later",
    license_files=["LICENSE"],
    python_requires=">=3.10",
    install_requires=["xlsxwriter"],
    packages=PACKAGES,
    package_dir=PACKAGE_DIR,
    package_data=PACKAGE_DATA,
    include_package_data=False,
    zip_safe=False,
    classifiers=[
        "Framework :: Odoo",
        "Framework :: Odoo :: 19.0",
        "Programming Language :: Python :: 3",
        "Natural Language :: French",
    ],
)
