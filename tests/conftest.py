# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Paths of the repository for the pure-Python tests (no Odoo import here).

A test that takes an ``addon`` argument runs once per addon folder of the
repository (each top-level folder with a ``__manifest__.py``), with an
:class:`addon_source.Addon` as value.
"""

from pathlib import Path

import pytest
from addon_source import Addon, find_addons

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDONS = [Addon(path) for path in find_addons(REPO_ROOT)]


def pytest_generate_tests(metafunc):
    if "addon" in metafunc.fixturenames:
        metafunc.parametrize("addon", ADDONS, ids=[a.name for a in ADDONS])


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope="session")
def all_addons():
    """Every addon of the repository, by name."""
    return {addon.name: addon for addon in ADDONS}
