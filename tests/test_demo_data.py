# Copyright 2026 Volunteer Valuation contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The generated demo contributions: what .ci/generate-demo writes, byte for byte, and
naming only records that the demo and data files define."""

import importlib.machinery
import importlib.util
import re

import pytest
from addon_source import parse_xml

ADDON = "volunteer_valuation"


@pytest.fixture(scope="module")
def generator(repo_root):
    path = repo_root / ".ci" / "generate-demo"
    loader = importlib.machinery.SourceFileLoader("generate_demo", str(path))
    spec = importlib.util.spec_from_loader("generate_demo", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo_dir(repo_root):
    return repo_root / ADDON / "demo"


def test_the_committed_file_is_what_the_script_writes(generator, demo_dir):
    committed = (demo_dir / "volunteer_contribution_demo.xml").read_text(encoding="utf-8")
    assert committed == generator.render(), "run .ci/generate-demo and commit the file"


def test_two_runs_write_the_same_bytes(generator):
    assert generator.render() == generator.render()


def test_the_file_says_how_to_regenerate_it(demo_dir):
    head = (demo_dir / "volunteer_contribution_demo.xml").read_text(encoding="utf-8")[:600]
    assert ".ci/generate-demo" in head


def _defined_ids(repo_root):
    ids = set()
    for folder in ("data", "demo"):
        for path in (repo_root / ADDON / folder).glob("*.xml"):
            for element in parse_xml(path).iter():
                if element.tag in ("record", "template", "menuitem") and element.get("id"):
                    ids.add(element.get("id"))
    return ids


def test_every_reference_exists(repo_root, demo_dir):
    defined = _defined_ids(repo_root)
    text = (demo_dir / "volunteer_contribution_demo.xml").read_text(encoding="utf-8")
    named = set(re.findall(r'ref="([\w.]+)"', text)) | set(re.findall(r"ref\('([\w.]+)'\)", text))
    named |= set(re.findall(r'uid="([\w.]+)"', text))
    missing = sorted(name for name in named if name not in defined)
    assert not missing, f"the generated demo names records nobody defines: {missing}"


def test_the_demo_covers_what_the_screens_show(demo_dir):
    """Two years of time, every state of the workflow, estimates and civic service."""
    root = parse_xml(demo_dir / "volunteer_contribution_demo.xml")
    records = root.findall("record")
    days = [int(re.search(r"days=(\d+)", r.find("field[@name='date']").get("eval")).group(1))
            for r in records]
    assert len(records) > 500
    assert min(days) == 0 and max(days) > 365 + 300
    calls = {f.get("name") for f in root.findall("function")}
    assert calls == {"action_submit", "action_validate", "action_reject"}
    texts = {(f.get("name"), f.text) for r in records for f in r.findall("field")}
    assert ("entry_mode", "estimate") in texts
    assert ("contributor_type", "civic_service") in texts
    assert ("contributor_type", "skills_sponsorship") in texts
