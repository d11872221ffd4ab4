#!/usr/bin/env python3
"""What calling micgraph from Python costs: `g.impact(s)` from Python against the same call in
C++ (micgraph::impact, as in micgraph_bench's BM_Impact), on one generated graph and the scenario
bench/scenarios/g7-into-russia.json, in one run.

    cmake --build build -j2 --target micgraph_python micgraph_python_overhead
    PYTHONPATH=build/python /usr/bin/python3 bench/python/overhead.py [--nodes 1000000] [--seed 7]

The graph is micgraph.generate(nodes, seed) (the graph of `micgraph generate --nodes N --seed
S`), written once as a .mgb snapshot that both sides load. The scenario is compiled once on each
side (Python: g.compile caches it per Scenario). The C++ side is a process of its own
(micgraph_python_overhead) that runs one impact call per request; the script alternates one
Python call with one C++ call, so that both see the same load on a machine shared with others,
and reports the median wall time of each, with the losses attributed to countries and
categories (the default) and without.

Both processes run with the same fixed glibc allocator settings (MALLOC_MMAP_THRESHOLD_ and
MALLOC_TRIM_THRESHOLD_ at 4 GB; the script starts itself again with them): with glibc's
adaptive defaults, whether the edge-sized scratch arrays of the attribution come back as fresh
pages (a page fault each 4 KiB) depends on what else the process holds, and that, not the
binding, decided the comparison (a Python process 3x faster than the C++ one at 100k nodes).
`--allocator default` keeps glibc's defaults.
"""

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import micgraph

ROOT = pathlib.Path(__file__).resolve().parents[2]


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--nodes", type=int, default=1_000_000)
    arguments.add_argument("--seed", type=int, default=7)
    arguments.add_argument("--calls", type=int, default=30, help="calls of each kind per side")
    arguments.add_argument("--build", default=str(ROOT / "build"))
    arguments.add_argument("--allocator", choices=["fixed", "default"], default="fixed")
    options = arguments.parse_args()
    if options.allocator == "fixed" and "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        os.environ.update(MALLOC_MMAP_THRESHOLD_="4294967296", MALLOC_TRIM_THRESHOLD_="4294967296")
        os.execv(sys.executable, [sys.executable, *sys.argv])  # the settings act at start-up
    scenario_path = ROOT / "bench/scenarios/g7-into-russia.json"
    program = pathlib.Path(options.build) / "bench/micgraph_python_overhead"

    with tempfile.TemporaryDirectory() as directory:
        snapshot = os.path.join(directory, "generated.mgb")
        micgraph.generate(options.nodes, seed=options.seed).save(snapshot)
        g = micgraph.load(snapshot)
        scenario = micgraph.Scenario.load(scenario_path)
        print(f"graph: {g.node_count:,} nodes, {g.edge_count:,} edges (generate --nodes "
              f"{options.nodes} --seed {options.seed}); scenario {scenario_path.name}; allocator "
              f"{options.allocator}")
        cpp = subprocess.Popen([str(program), snapshot, str(scenario_path)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
        assert cpp.stdout.readline().strip() == "ready"

        def cpp_call(attribute: bool) -> float:
            cpp.stdin.write("1\n" if attribute else "0\n")
            cpp.stdin.flush()
            return int(cpp.stdout.readline()) * 1e-9

        def python_call(attribute: bool) -> float:
            started = time.perf_counter()
            g.impact(scenario, attribute=attribute)
            return time.perf_counter() - started

        for attribute in (True, False):
            cpp_call(attribute), python_call(attribute)  # warm: pages touched, scenario compiled
            python, native = [], []
            for _ in range(options.calls):
                python.append(python_call(attribute))
                native.append(cpp_call(attribute))
            p, c = statistics.median(python), statistics.median(native)
            ratios = sorted(a / b for a, b in zip(python, native))
            print(f"impact, attribution {'on ' if attribute else 'off'}: Python {p * 1e3:7.2f} ms, "
                  f"C++ {c * 1e3:7.2f} ms (medians of {options.calls} alternating calls): "
                  f"ratio {p / c:.2f}; call by call: median {statistics.median(ratios):.2f}, "
                  f"quartiles {ratios[len(ratios) // 4]:.2f}-{ratios[3 * len(ratios) // 4]:.2f}")
        cpp.stdin.close()
        cpp.wait()


if __name__ == "__main__":
    main()
