#!/usr/bin/env python3
"""What calling micgraph from Python costs: `g.impact(s)` from Python against the same call in
C++ (micgraph_python_overhead, Google Benchmark), on one generated graph and the scenario
bench/scenarios/g7-into-russia.json, in one run.

    cmake --build build -j2 --target micgraph_python micgraph_python_overhead
    PYTHONPATH=build/python /usr/bin/python3 bench/python/overhead.py [--nodes 1000000] [--seed 7]

The graph is micgraph.generate(nodes, seed) (the graph of `micgraph generate --nodes N --seed
S`), written once as a .mgb snapshot that both sides load. The scenario is compiled once on each
side (Python: g.compile caches it per Scenario); both time impact() with the losses attributed
to countries and categories (the default) and without. Figures: medians.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import tempfile
import time

import micgraph

ROOT = pathlib.Path(__file__).resolve().parents[2]


def python_median(g, scenario, attribute: bool, repetitions: int) -> float:
    g.impact(scenario, attribute=attribute)  # warm: compiled, pages touched
    times = []
    for _ in range(repetitions):
        started = time.perf_counter()
        g.impact(scenario, attribute=attribute)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--nodes", type=int, default=1_000_000)
    arguments.add_argument("--seed", type=int, default=7)
    arguments.add_argument("--repetitions", type=int, default=15)
    arguments.add_argument("--build", default=str(ROOT / "build"))
    options = arguments.parse_args()
    scenario_path = ROOT / "bench/scenarios/g7-into-russia.json"
    program = pathlib.Path(options.build) / "bench/micgraph_python_overhead"

    with tempfile.TemporaryDirectory() as directory:
        snapshot = os.path.join(directory, "generated.mgb")
        micgraph.generate(options.nodes, seed=options.seed).save(snapshot)
        g = micgraph.load(snapshot)
        print(f"graph: {g.node_count:,} nodes, {g.edge_count:,} edges (generate --nodes "
              f"{options.nodes} --seed {options.seed}); scenario {scenario_path.name}")
        done = subprocess.run([str(program), snapshot, str(scenario_path),
                               f"--benchmark_repetitions={options.repetitions}",
                               "--benchmark_report_aggregates_only=true",
                               "--benchmark_format=json"],
                              capture_output=True, text=True, check=True)
        cpp = {}
        for row in json.loads(done.stdout)["benchmarks"]:
            if row.get("aggregate_name") == "median":
                unit = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9}[row["time_unit"]]
                cpp[row["run_name"].endswith("/1")] = row["real_time"] * unit
        scenario = micgraph.Scenario.load(scenario_path)
        for attribute in (True, False):
            python = python_median(g, scenario, attribute, options.repetitions)
            print(f"impact, attribution {'on ' if attribute else 'off'}: Python {python * 1e3:8.2f} ms, "
                  f"C++ {cpp[attribute] * 1e3:8.2f} ms, ratio {python / cpp[attribute]:.2f}")


if __name__ == "__main__":
    main()
