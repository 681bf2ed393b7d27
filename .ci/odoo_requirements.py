# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Odoo's requirements.txt turned into what pip can install in a new venv.

Used by .ci/odoo-setup.sh when it sets Odoo up in .local/odoo:

    python odoo_requirements.py ODOO/requirements.txt [--extra NAME]... > reqs.txt

Why not ``pip install -r requirements.txt`` as it is:

- Odoo pins, for Python < 3.12, the releases of Debian 12; several of them
  (cbor2 5.4.6, gevent 22.10.2...) no longer build with today's setuptools,
  while the pins meant for Python >= 3.12 have wheels for 3.11 too. So on
  Python 3.11 the markers are read as if the Python were 3.12.
- psycopg2 compiles against libpq's headers; psycopg2-binary, same release,
  is a wheel.
- python-ldap needs the OpenLDAP headers and only serves auth_ldap: left out.
- barcode 1.0.4 imports pkg_resources, gone from setuptools 81 and absent
  from Python 3.12+ venvs: setuptools<81 is always asked for.

Markers are read with ``packaging`` (pip's own copy when it is not installed).
"""

import argparse
import sys

try:
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # a bare venv: pip carries its own copy
    from pip._vendor.packaging.requirements import InvalidRequirement, Requirement
    from pip._vendor.packaging.utils import canonicalize_name

# The Python whose pins are taken when the running one is older.
PINS_FLOOR = (3, 12)
RENAMED = {"psycopg2": "psycopg2-binary"}
LEFT_OUT = {"python-ldap": "needs the OpenLDAP headers; only auth_ldap uses it"}
ALWAYS = ["setuptools<81"]


def marker_environment(python_version):
    """Marker variables for `python_version` ("3.11"), raised to PINS_FLOOR."""
    version = tuple(int(part) for part in python_version.split(".")[:2])
    version = max(version, PINS_FLOOR)
    text = ".".join(str(part) for part in version)
    return {"python_version": text, "python_full_version": text + ".0"}


def requirement_lines(text):
    """The requirement of each line of a requirements file, comments removed."""
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if line and not line.startswith("#"):
            yield line


def select(text, python_version, extras=()):
    """Requirement strings to install, and (name, reason) pairs left out."""
    environment = marker_environment(python_version)
    chosen, left_out = [], []
    names = set()
    for line in requirement_lines(text):
        try:
            requirement = Requirement(line)
        except InvalidRequirement as error:
            raise ValueError(f"unreadable requirement {line!r}: {error}") from error
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        if name in LEFT_OUT:
            left_out.append((requirement.name, LEFT_OUT[name]))
            continue
        requirement.marker = None
        requirement.name = RENAMED.get(name, requirement.name)
        names.add(name)
        chosen.append(str(requirement))
    for extra in list(ALWAYS) + list(extras):
        if canonicalize_name(Requirement(extra).name) not in names:
            names.add(canonicalize_name(Requirement(extra).name))
            chosen.append(extra)
    return chosen, left_out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("requirements", help="Odoo's requirements.txt")
    parser.add_argument(
        "--python",
        default="{}.{}".format(*sys.version_info[:2]),
        help="Python version the venv runs (default: this one)",
    )
    parser.add_argument(
        "--extra", action="append", default=[], help="one more requirement, unless Odoo names it"
    )
    args = parser.parse_args(argv)
    with open(args.requirements, encoding="utf-8") as handle:
        chosen, left_out = select(handle.read(), args.python, args.extra)
    for name, reason in left_out:
        print(f"left out: {name} ({reason})", file=sys.stderr)
    print("\n".join(chosen))


if __name__ == "__main__":
    main()
