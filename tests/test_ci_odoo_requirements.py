# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The choice of Python packages for an Odoo set up by .ci/odoo-setup.sh
(.ci/odoo_requirements.py), on requirement lines shaped like Odoo's."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "odoo_requirements.py"
SPEC = importlib.util.spec_from_file_location("odoo_requirements", SCRIPT)
odoo_requirements = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(odoo_requirements)

REQUIREMENTS = """\
# The officially supported versions: those of the distributions
cbor2==5.4.6 ; python_version >= '3.11' and python_version < '3.12'  # (Bookworm)
cbor2==5.6.2 ; python_version >= '3.12'
gevent==22.10.2; sys_platform != 'win32' and python_version > '3.10' and python_version < '3.12'
gevent==24.2.1 ; sys_platform != 'win32' and python_version >= '3.12' and python_version < '3.13'
gevent==24.11.1 ; sys_platform != 'win32' and python_version >= '3.13'
setuptools<81 ; python_version < '3.12'  # for pkg_resources
psycopg2==2.9.5 ; python_version == '3.11'
psycopg2==2.9.9 ; python_version >= '3.12' and python_version < '3.13'
psycopg2==2.9.10 ; python_version >= '3.13'
python-ldap==3.4.4 ; sys_platform != 'win32' and python_version >= '3.12'
pypiwin32 ; sys_platform == 'win32'
XlsxWriter==3.1.9 ; python_version >= '3.12'
pytz  # no version pinning
"""


def chosen(python_version, extras=()):
    return odoo_requirements.select(REQUIREMENTS, python_version, extras)[0]


@pytest.mark.parametrize("python_version", ["3.11", "3.12"])
def test_python_311_takes_the_pins_meant_for_312(python_version):
    # The < 3.12 pins (cbor2 5.4.6, gevent 22.10.2) no longer build.
    expected = ["cbor2==5.6.2", "gevent==24.2.1", "psycopg2-binary==2.9.9"]
    assert chosen(python_version)[:3] == expected


def test_python_313_takes_its_own_pins():
    assert chosen("3.13")[:3] == ["cbor2==5.6.2", "gevent==24.11.1", "psycopg2-binary==2.9.10"]


def test_psycopg2_is_the_binary_wheel_and_ldap_is_left_out_with_its_reason():
    requirements, left_out = odoo_requirements.select(REQUIREMENTS, "3.11")
    unwanted = ("psycopg2=", "python-ldap", "pypiwin32")
    assert not any(line.startswith(unwanted) for line in requirements)
    assert [name for name, _reason in left_out] == ["python-ldap"]
    assert "headers" in left_out[0][1]


def test_setuptools_below_81_is_asked_for_on_every_python():
    for python_version in ("3.11", "3.12", "3.13"):
        assert chosen(python_version).count("setuptools<81") == 1


def test_extras_are_added_once_whatever_their_case():
    requirements = chosen("3.12", ["websocket-client", "xlsxwriter", "openpyxl"])
    assert requirements[-3:] == ["setuptools<81", "websocket-client", "openpyxl"]
    assert [line for line in requirements if line.lower().startswith("xlsxwriter")] == [
        "XlsxWriter==3.1.9"]


def test_comments_and_unpinned_lines():
    assert "pytz" in chosen("3.12")
    with pytest.raises(ValueError, match="unreadable requirement"):
        odoo_requirements.select("not a requirement ===\n", "3.12")


def test_the_command_prints_one_requirement_a_line(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(REQUIREMENTS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(requirements), "--python", "3.11",
         "--extra", "websocket-client"],
        capture_output=True, text=True, check=True)
    lines = result.stdout.split()
    assert lines[0] == "cbor2==5.6.2" and lines[-1] == "websocket-client"
    assert "left out: python-ldap" in result.stderr
