"""Shared fixtures of the Python tests: the source tree, the command line to compare with, and
the bundled datasets with the scenarios that apply to them."""

import json
import os
import pathlib
import subprocess

import pytest

pytest.importorskip("numpy", reason="python3-numpy is not installed for this interpreter")
micgraph = pytest.importorskip("micgraph", reason="the micgraph module is not built (PYTHONPATH)")

SOURCE = pathlib.Path(os.environ.get("MICGRAPH_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
DATA = SOURCE / "data"
DATASETS = sorted(p.name for p in DATA.glob("*.json"))


def scenarios_of(dataset: str) -> list:
    """The scenario files named after a dataset, and the unprefixed ones that compile on it."""
    stem = dataset[:-len(".json")]
    named = sorted(p.name for p in (DATA / "scenarios").glob(f"{stem}-*.json"))
    prefixed = {p.name for d in DATASETS for p in (DATA / "scenarios").glob(f"{d[:-5]}-*.json")}
    g = micgraph.load(DATA / dataset)
    for path in sorted((DATA / "scenarios").glob("*.json")):
        if path.name in prefixed:
            continue
        try:
            g.compile(micgraph.Scenario.load(path))
        except micgraph.ScenarioError:
            continue
        named.append(path.name)
    return named


PAIRS = [(d, s) for d in DATASETS for s in scenarios_of(d)]


@pytest.fixture(scope="session")
def cli():
    """Runs the micgraph program and returns its --json document."""
    program = os.environ.get("MICGRAPH_CLI")
    if not program or not os.path.exists(program):
        pytest.skip("MICGRAPH_CLI does not name the built micgraph program")

    def run(*arguments):
        done = subprocess.run([program, *map(str, arguments), "--json"], cwd=SOURCE,
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout)
    return run


@pytest.fixture(scope="session")
def cruise():
    return micgraph.load(DATA / "cruise-missile-cnc.json")
