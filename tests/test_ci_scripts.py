# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""What .ci/demo says when it cannot start, before any Odoo or database is
needed: a port in use, no Odoo and no ODOO_SRC, a source that is not there.
Each failure must end with one line saying what to do next."""

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / ".ci" / "demo"


def path_without_odoo():
    """PATH less its folders that hold an `odoo` command."""
    folders = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join(f for f in folders if f and not os.path.exists(os.path.join(f, "odoo")))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


def run_demo(tmp_path, **env):
    environment = {
        key: value for key, value in os.environ.items()
        if key not in ("ODOO_BIN", "ODOO_PYTHON", "ODOO_SRC", "VV_ODOO_SETUP_DECLINED")
    }
    environment.update(CI="true", PATH=path_without_odoo(), VV_STATE_DIR=str(tmp_path / "state"))
    environment.update(env)
    result = subprocess.run(
        ["bash", str(DEMO)], stdin=subprocess.DEVNULL, capture_output=True, text=True,
        env=environment, timeout=120, check=False)
    lines = result.stderr.strip().splitlines()
    return result.returncode, lines[-1] if lines else ""


@pytest.fixture(autouse=True)
def _tools():
    needed = ("bash", "python3", "git")
    if any(shutil.which(tool, path=path_without_odoo()) is None for tool in needed):
        pytest.skip("bash, python3 and git are needed beside odoo's folder")


def test_a_port_in_use_is_named_with_the_way_out(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        rc, last = run_demo(tmp_path, VV_DEMO_PORT=str(port))
    assert rc == 1
    assert f"port {port} on 127.0.0.1 is already in use" in last
    assert "VV_DEMO_PORT=" in last and "Traceback" not in last


def test_a_port_that_is_no_number(tmp_path):
    rc, last = run_demo(tmp_path, VV_DEMO_PORT="http")
    assert rc == 1 and "VV_DEMO_PORT=http is no port number" in last


def test_no_odoo_and_no_source_in_ci_says_to_set_odoo_src(tmp_path):
    rc, last = run_demo(tmp_path, VV_DEMO_PORT=free_port())
    assert rc == 1
    assert last.startswith("ERROR: no Odoo 19 found: set ODOO_SRC")
    assert "install Odoo 19" in last
    assert not (tmp_path / "state" / "odoo").exists()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{tmp}/no-such-folder", "no such folder"),
        ("{tmp}", "is a folder without Odoo in it"),
        ("file://{tmp}/no-such-repository", "cannot reach the Odoo source"),
    ],
)
def test_a_source_that_cannot_serve_is_one_clear_sentence(tmp_path, source, expected):
    empty = tmp_path / "empty"
    empty.mkdir()
    rc, last = run_demo(tmp_path, VV_DEMO_PORT=free_port(), ODOO_SRC=source.format(tmp=empty))
    assert rc == 1
    assert last.startswith("ERROR: ") and expected in last
    assert "ODOO_SRC" in last


def test_an_explicit_odoo_bin_is_not_replaced(tmp_path):
    rc, last = run_demo(
        tmp_path, VV_DEMO_PORT=free_port(), ODOO_BIN="/bin/true", ODOO_SRC="/nowhere")
    assert rc == 1
    assert last.startswith("ERROR: ODOO_BIN: /bin/true says ")
    assert last.endswith("point ODOO_BIN at the odoo command of an Odoo 19, or unset it")
    assert not (tmp_path / "state" / "odoo").exists()
