#!/usr/bin/python3
"""micgraph and SCRAM side by side on minimal cut sets: the same fault trees, the same order
limits, the same answer checked, whole-process time and peak memory of each.

Cases:
  shipped     SCRAM's coherent benchmark trees in /usr/share/scram/input (read there), order
              limits 2..6 (and 20, SCRAM's default, for the three largest): `scram --zbdd -l K
              FILES` against `micgraph_compare_cut_sets mef K` (import the same files, minimal cut
              sets of every top gate over its basic events).
              CEA9601 and the event-tree examples hold NOT gates: non-coherent, refused by
              micgraph's importer, so they are not shared cases.
  generated   supply graphs made by micgraph::generate (seed 42) at 10k and 100k nodes; the
              products with the largest upstream cones, each cone exported to Open-PSA by
              write_open_psa (every node a basic event, cycles unrolled). SCRAM solves the export;
              micgraph solves the graph itself (`graph` mode: load the .mgb snapshot, every node
              cuttable) and, for the same work as SCRAM, the export (`mef` mode).
  1M          micgraph alone on a 1M-node generated graph: the product with the largest cone at
              orders 3 and 4, and every product (10,000 targets) counted at orders 3 and 4.

Every time is one whole process: wall seconds (perf_counter around it), user + system CPU
seconds (wait4) and peak resident memory (/usr/bin/time's %M), the best wall time of
--repetitions runs (the machine is shared); `in-process` is micgraph's computation alone, after
reading its input. Results are checked equal (every set of every
top gate) before a row is printed; a mismatch stops the script.

  cmake --build build -j2 --target micgraph_compare_cut_sets
  /usr/bin/python3 bench/compare/cut_sets.py [--build build] [--work /tmp/micgraph-cut-sets]
      [--repetitions 3] [--orders 2,3,4,5,6] [--products 3] [--no-1m]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

SCRAM_INPUT = "/usr/share/scram/input"
SHIPPED = [
    ("Baobab1", ["Baobab/baobab1.xml", "Baobab/baobab1-basic-events.xml"]),
    ("Baobab2", ["Baobab/baobab2.xml", "Baobab/baobab2-basic-events.xml"]),
    ("Chinese", ["Chinese/chinese.xml", "Chinese/chinese-basic-events.xml"]),
    ("Lift", ["Lift/lift.xml"]),
    ("BSCU", ["BSCU/BSCU.xml"]),
    ("HIPPS", ["HIPPS/HIPPS.xml"]),
    ("ne574", ["ne574/ne574.xml"]),
    ("ThreeMotor", ["ThreeMotor/three_motor.xml"]),
    ("TwoTrain", ["TwoTrain/two_train.xml"]),
    ("SmallTree", ["SmallTree/SmallTree.xml"]),
    ("Theatre", ["Theatre/theatre.xml"]),
]


ALL_ORDERS = ("Baobab1", "Baobab2", "Chinese")


def timed(command, repetitions):
    """Best wall time of the runs: (wall s, user + system CPU s, peak resident KiB, stderr)."""
    best = None
    for _ in range(repetitions):
        with tempfile.TemporaryFile(mode="w+") as err:
            # /usr/bin/time (a small process) reports the command's peak memory; a child forked
            # from this interpreter would count the interpreter's pages before its exec.
            start = time.perf_counter()
            proc = subprocess.Popen(["/usr/bin/time", "-f", "PEAK %M"] + command,
                                    stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            lines = err.read().strip().splitlines()
        text = "\n".join(lines[:-1])
        if proc.returncode != 0 or not lines or not lines[-1].startswith("PEAK "):
            sys.exit("failed: %s\n%s" % (" ".join(command), "\n".join(lines)))
        run = (wall, usage.ru_utime + usage.ru_stime, int(lines[-1].split()[1]), text)
        if best is None or run[0] < best[0]:
            best = run
    return best


def in_process(stderr):
    for line in stderr.splitlines():
        if line.startswith("seconds "):
            return float(line.split()[1])
    return None


def scram_sets(report, rename=lambda top: top):
    out = {}
    for sop in ET.parse(report).getroot().iter("sum-of-products"):
        sets = out.setdefault(rename(sop.get("name")), set())
        for product in sop.iter("product"):
            sets.add(tuple(sorted(e.get("name") for e in product.iter("basic-event"))))
    return out


def micgraph_sets(path):
    out = {}
    with open(path) as f:
        for line in f:
            top, members = line.rstrip("\n").split("\t")
            out.setdefault(top, set()).add(tuple(sorted(members.split(" "))))
    return out


def same(a, b):
    keys = set(a) | set(b)
    return all(a.get(k, set()) == b.get(k, set()) for k in keys)


def ratio(x, y):
    return "%.1fx" % (x / y) if y > 0 else "n/a"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--work", default="/tmp/micgraph-cut-sets")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--orders", default="2,3,4,5,6")
    parser.add_argument("--products", type=int, default=3)
    parser.add_argument("--no-1m", action="store_true")
    args = parser.parse_args()
    tool = os.path.join(args.build, "bench", "micgraph_compare_cut_sets")
    if not os.path.exists(tool):
        sys.exit("build the micgraph side first: cmake --build %s --target micgraph_compare_cut_sets" % args.build)
    if shutil.which("scram") is None:
        sys.exit("SCRAM is not installed (apt-get install scram)")
    orders = [int(k) for k in args.orders.split(",")]
    os.makedirs(args.work, exist_ok=True)
    rows = []

    print("| case | order | sets | SCRAM wall / CPU s | SCRAM peak MiB | micgraph wall / CPU s | "
          "micgraph peak MiB | in-process s | speed-up wall / CPU |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

    def row(case, order, sets, scram, mine, extra=""):
        line = "| %s | %d | %d | %.3f / %.3f | %.1f | %.3f / %.3f | %.1f | %s | %s / %s |" % (
            case, order, sets, scram[0], scram[1], scram[2] / 1024, mine[0], mine[1],
            mine[2] / 1024, "%.4f" % in_process(mine[3]) if in_process(mine[3]) is not None else "",
            ratio(scram[0], mine[0]), ratio(scram[1], mine[1]))
        print(line + extra, flush=True)
        rows.append({"case": case, "order": order, "sets": sets,
                     "scram": {"wall": scram[0], "cpu": scram[1], "peak_kib": scram[2]},
                     "micgraph": {"wall": mine[0], "cpu": mine[1], "peak_kib": mine[2],
                                  "in_process": in_process(mine[3])}})

    # ---- SCRAM's shipped trees (the largest also at SCRAM's default limit, 20: every order)
    for name, files in SHIPPED:
        paths = [os.path.join(SCRAM_INPUT, f) for f in files]
        if not all(os.path.exists(p) for p in paths):
            continue
        for k in orders + ([20] if name in ALL_ORDERS else []):
            report = os.path.join(args.work, "%s-%d-scram.xml" % (name, k))
            mine_out = os.path.join(args.work, "%s-%d-micgraph.txt" % (name, k))
            scram = timed(["scram", "--zbdd", "-l", str(k)] + paths + ["-o", report], args.repetitions)
            mine = timed([tool, "mef", str(k), mine_out] + paths, args.repetitions)
            expected, got = scram_sets(report), micgraph_sets(mine_out)
            if not same(expected, got):
                sys.exit("%s order %d: different cut sets" % (name, k))
            row(name, k, sum(len(s) for s in got.values()), scram, mine)

    # ---- generated supply graphs, exported
    for nodes in (10000, 100000):
        graph = os.path.join(args.work, "generated-%d.mgb" % nodes)
        cones = os.path.join(args.work, "generated-%d" % nodes)
        listing = subprocess.run([tool, "generate", str(nodes), "42", graph, cones, str(args.products)],
                                 capture_output=True, text=True, check=True).stdout
        for entry in listing.strip().splitlines():
            product, cone, top, gates = entry.split("\t")
            mef = os.path.join(cones, product + ".xml")
            for k in orders:
                report = os.path.join(args.work, "%d-%s-%d-scram.xml" % (nodes, product, k))
                graph_out = os.path.join(args.work, "%d-%s-%d-graph.txt" % (nodes, product, k))
                mef_out = os.path.join(args.work, "%d-%s-%d-mef.txt" % (nodes, product, k))
                scram = timed(["scram", "--zbdd", "-l", str(k), mef, "-o", report], args.repetitions)
                mine = timed([tool, "graph", str(k), graph_out, graph, product], args.repetitions)
                on_mef = timed([tool, "mef", str(k), mef_out, mef], args.repetitions)
                expected = scram_sets(report, lambda top: top[: -len("-fails")])
                if not same(expected, micgraph_sets(graph_out)):
                    sys.exit("%d nodes, %s, order %d: different cut sets (graph)" % (nodes, product, k))
                if not same(scram_sets(report), micgraph_sets(mef_out)):
                    sys.exit("%d nodes, %s, order %d: different cut sets (mef)" % (nodes, product, k))
                sets = sum(len(s) for s in expected.values())
                row("%dk %s (cone %s, %s gates)" % (nodes // 1000, product, cone, gates), k, sets,
                    scram, mine,
                    " micgraph on the export: %.3f / %.3f s, %.1f MiB, %s / %s |" % (
                        on_mef[0], on_mef[1], on_mef[2] / 1024, ratio(scram[0], on_mef[0]),
                        ratio(scram[1], on_mef[1])))

    # ---- 1M nodes, micgraph alone
    if not args.no_1m:
        graph = os.path.join(args.work, "generated-1000000.mgb")
        cones = os.path.join(args.work, "generated-1000000")
        listing = subprocess.run([tool, "generate", "1000000", "42", graph, cones, "1"],
                                 capture_output=True, text=True, check=True).stdout
        product, cone, top, gates = listing.strip().splitlines()[0].split("\t")
        print("\n1M nodes, micgraph alone (%s: cone of %s nodes):\n" % (product, cone))
        print("| targets | order | sets (distinct) | wall / CPU s | peak MiB | load s | in-process s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for targets, label in (([product], product), (None, "every product")):
            for k in (3, 4):
                out = "-" if targets is None else os.path.join(args.work, "1m-%d.txt" % k)
                command = [tool, "graph", str(k), out, graph]
                if targets is None:
                    command += ["--products"]
                else:
                    command += targets
                run = timed(command, args.repetitions)
                counts = [line for line in run[3].splitlines() if line.startswith("counts ")][0]
                load = [line for line in run[3].splitlines() if line.startswith("load_seconds ")][0]
                print("| %s | %d | %s | %.3f / %.3f | %.1f | %s | %.4f |" % (
                    label, k, sum(int(c) for c in counts.split()[1:]), run[0], run[1],
                    run[2] / 1024, load.split()[1], in_process(run[3])), flush=True)
                rows.append({"case": "1M " + label, "order": k, "wall": run[0], "cpu": run[1],
                             "peak_kib": run[2], "in_process": in_process(run[3])})

    with open(os.path.join(args.work, "results.json"), "w") as f:
        json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
