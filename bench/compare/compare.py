#!/usr/bin/python3
"""micgraph, NetworkX and python-igraph side by side: the same tasks on one generated graph.

Generates one supply graph (`micgraph generate --nodes N --seed 42`, or takes --graph FILE), runs
bench/compare/micgraph_tasks.cpp (target micgraph_compare_tasks) on it, loads the same file in
NetworkX and python-igraph, times the same tasks there, checks that every library computed the
same thing, and prints one table of CPU seconds and micgraph's speed-up per task.

  impact        the 1% hub ban of micgraph_bench (a 90%-enforced ban on the edges of the
                highest out-degree suppliers until their out-edges are about 1% of all edges;
                micgraph picks the suppliers and the script reuses its list): baseline and
                scenario capacity of every node by the AND/OR rule of DESIGN §2, written in plain
                Python over the NetworkX graph of the file as an analyst would (requirement slots
                from `input` and edge kinds, components of the condensation in topological order,
                cyclic ones iterated from zero to the least fixpoint), against micgraph's
                compile + impact (no attribution; a second row times impact alone, the scenario
                compiled once). Slots and the evaluation order are built once
                per graph, like micgraph's freeze, and not timed. Checked: every node's baseline
                and scenario capacity within 1e-9 of micgraph's. python-igraph has no
                counterpart (n/a): the same loop over igraph adjacency would be the same Python.
  dominators    immediate dominators from a virtual root with an arc to every source (node with
                no dependency in-edge) over the dependency edges: NetworkX immediate_dominators,
                igraph Graph.dominator, micgraph single_points() of every node on the OR-only
                view of the graph (every dependency edge of a node in one slot, so availability
                is reachability and a node's single points of failure are its dominators; the
                view is built untimed). micgraph returns each node's full dominator set, which
                the check compares with the chain of idoms; Boost's lengauer_tarjan_dominator_tree
                (the oracle in tests/analysis) is timed alongside.
  articulation  articulation points of the undirected dependency projection (`owns` edges and
                self-loops out, parallel edges merged): NetworkX articulation_points and igraph
                articulation_points on a prebuilt undirected graph, micgraph structure_points(),
                which builds the projection inside the call and also finds the bridges. Checked:
                the same set of nodes in all three.
  betweenness   betweenness from 64 sampled sources over the dependency edges (parallel edges
                merged, self-loops dropped): NetworkX betweenness_centrality(k=64, seed=1,
                normalized=False), micgraph betweenness({.samples = 64, .seed = 1}) including
                building its simple dependency graph. python-igraph 0.10 cannot restrict the
                sources (`Graph.betweenness` has no `sources=`, and the C core's
                igraph_betweenness_subset is not exposed), so igraph runs exact Brandes from
                every node; the table also shows its share for 64 sources, exact x 64 / n, a
                derived lower bound that leaves out the O(n + m) set-up a sampled run pays.
                Checked: NetworkX betweenness_centrality_subset with micgraph's 64 sources (all
                targets) equals micgraph's scores / (n / 64) within 1e-9 relative.
  max_flow      s-t maximum flow from a super-source (an unbounded arc to every source) to a
                super-sink (an unbounded arc from every product), one arc per distinct dependency
                link with capacity the sum of share * quality over its edges, "unbounded" the
                total of those plus one: NetworkX maximum_flow_value (preflow-push), igraph
                maxflow_value, and Boost's boykov_kolmogorov_max_flow (the solver of micgraph's
                min_cut.hpp, which exposes no plain s-t flow) on a network built from the loaded
                graph. Networks built untimed. Checked: the three values within 1e-9 relative.
  bfs           one breadth-first traversal from every node with no in-edge over every edge
                (kept from the earlier compare_python.py): igraph Graph.bfs and NetworkX
                bfs_edges from a super-root, micgraph the bare CSR loop of BM_BareBfs (no
                library call: the memory-bound limit). Checked: the same number of nodes reached.

Times are CPU seconds (time.process_time; the C++ side reads the same clock), medians of
--repetitions runs for micgraph and for the fast Python tasks; NetworkX's slow tasks and igraph's
exact betweenness run --slow-repetitions times. NetworkX is skipped above --networkx-max-nodes.

  cmake --build build -j2 --target micgraph_cli micgraph_compare_tasks
  /usr/bin/python3 bench/compare/compare.py --nodes 100000

Needs Debian's python3-igraph and python3-networkx (they import under /usr/bin/python3); another
interpreter re-runs the script under /usr/bin/python3 when that one has them.
"""

import argparse
import collections
import datetime
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def ensure_libraries():
    """Imports igraph and networkx, re-running under /usr/bin/python3 when this one lacks them."""
    try:
        import igraph  # noqa: F401
        import networkx  # noqa: F401
        return
    except ImportError as error:
        missing = error.name
    system = "/usr/bin/python3"
    if os.path.realpath(sys.executable) != os.path.realpath(system) and os.access(system, os.X_OK):
        if os.environ.get("MICGRAPH_COMPARE_REEXEC") != "1":
            os.environ["MICGRAPH_COMPARE_REEXEC"] = "1"
            os.execv(system, [system] + sys.argv)
    sys.exit(f"compare.py: skipped: module `{missing}` does not import under {sys.executable} "
             f"(install Debian's python3-igraph and python3-networkx)")


# Extra NetworkX nodes: tuples, so that they cannot collide with node ids or numbers.
SUPER_ROOT = ("super-root",)
SUPER_SINK = ("super-sink",)
PROVIDER_KINDS = ("produces", "supplies")


def cpu_seconds(work, repetitions):
    """Median CPU time of `repetitions` calls of work(), and the last call's result."""
    times, result = [], None
    for _ in range(repetitions):
        gc.collect()
        start = time.process_time()
        result = work()
        times.append(time.process_time() - start)
    return statistics.median(times), result


# ---- the AND/OR capacity rule in plain Python (DESIGN §2)

def prepare_capacity(full):
    """Requirement slots of every node and the evaluation order, from the file's MultiDiGraph.

    Edges with the same `input` share a slot; without one, the `produces` and `supplies` edges
    into a node share one provider slot and every other dependency edge is a slot of its own;
    `owns` edges are structural. The order: components of the condensation of the dependency
    edges in topological order, each with a flag for a cycle."""
    import networkx

    slots = {}
    dependency = networkx.DiGraph()
    dependency.add_nodes_from(full)
    for source, target, key, data in full.edges(keys=True, data=True):
        kind = data["kind"]
        if kind == "owns":
            continue
        if data.get("input"):
            slot = ("input", data["input"])
        elif kind in PROVIDER_KINDS:
            slot = ("providers",)
        else:
            slot = ("own", source, key)
        weight = data.get("share", 1.0) * data.get("quality", 1.0)
        slots.setdefault(target, {}).setdefault(slot, []).append((source, weight))
        dependency.add_edge(source, target)
    condensed = networkx.condensation(dependency)
    order = []
    for component in networkx.topological_sort(condensed):
        members = list(condensed.nodes[component]["members"])
        cyclic = len(members) > 1 or dependency.has_edge(members[0], members[0])
        order.append((members, cyclic))
    return {"slots": {v: list(by_slot.values()) for v, by_slot in slots.items()}, "order": order}


def propagate(prepared, leak, tolerance=1e-14):
    """cap(v) = min over slots of min(1, sum of share * quality * leak(source) * cap(source)),
    sources 1; cyclic components swept from zero until nothing moves by more than tolerance."""
    slots = prepared["slots"]
    capacity = {}

    def evaluate(v):
        value = 1.0
        for slot in slots.get(v, ()):
            total = 0.0
            for source, weight in slot:
                total += weight * leak.get(source, 1.0) * capacity.get(source, 0.0)
            if total < value:
                value = total
        return value

    for members, cyclic in prepared["order"]:
        if not cyclic:
            capacity[members[0]] = evaluate(members[0])
            continue
        for v in members:
            capacity[v] = 0.0
        while True:
            moved = 0.0
            for v in members:
                value = evaluate(v)
                moved = max(moved, value - capacity[v])
                capacity[v] = value
            if moved <= tolerance:
                break
    return capacity


def python_impact(prepared, banned_suppliers, enforcement):
    """Baseline and scenario capacities under a ban on every edge out of the banned suppliers."""
    leak = {supplier: 1.0 - enforcement for supplier in banned_suppliers}
    return propagate(prepared, {}), propagate(prepared, leak)


# ---- loading

def load(path, networkx_max_nodes, banned_suppliers):
    """Parses the node-link file and builds every graph the tasks use, timing each step."""
    import igraph
    import networkx

    loaded = {"load": {}}
    start = time.process_time()
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    loaded["load"]["JSON parse"] = time.process_time() - start
    links = data.get("links", data.get("edges"))
    ids = [node["id"] for node in data["nodes"]]
    index = {node_id: i for i, node_id in enumerate(ids)}
    n = len(ids)
    loaded.update(ids=ids, index=index, nodes=n, edges=len(links))

    start = time.process_time()
    every_edge = [(index[link["source"]], index[link["target"]]) for link in links]
    has_in_edge, has_dependency_in_edge = bytearray(n), bytearray(n)
    dependency, capacity_of = [], collections.defaultdict(float)
    for (source, target), link in zip(every_edge, links):
        has_in_edge[target] = 1
        if link.get("kind") == "owns":
            continue
        has_dependency_in_edge[target] = 1
        if source != target:
            dependency.append((source, target))
            capacity_of[(source, target)] += link.get("share", 1.0) * link.get("quality", 1.0)
    roots = [v for v in range(n) if not has_in_edge[v]]
    sources = [v for v in range(n) if not has_dependency_in_edge[v]]
    products = [i for i, node in enumerate(data["nodes"]) if node.get("kind") == "product"]
    unbounded = sum(link.get("share", 1.0) * link.get("quality", 1.0)
                    for (source, target), link in zip(every_edge, links)
                    if link.get("kind") != "owns" and source != target) + 1.0
    flow_arcs = ([(pair, c) for pair, c in capacity_of.items()]
                 + [((n, v), unbounded) for v in sources]
                 + [((v, n + 1), unbounded) for v in products])
    loaded.update(roots=roots, sources=sources, products=products, flow_arcs=len(flow_arcs))
    loaded["load"]["edge lists"] = time.process_time() - start

    start = time.process_time()
    root = n
    loaded["igraph_bfs"] = igraph.Graph(n=n + 1, edges=every_edge + [(root, v) for v in roots],
                                        directed=True)
    loaded["igraph_dominators"] = igraph.Graph(
        n=n + 1, edges=dependency + [(root, v) for v in sources], directed=True)
    loaded["igraph_dependency"] = igraph.Graph(n=n, edges=dependency, directed=True)
    loaded["igraph_dependency"].simplify(multiple=True, loops=True)
    loaded["igraph_undirected"] = igraph.Graph(n=n, edges=dependency, directed=False)
    loaded["igraph_undirected"].simplify(multiple=True, loops=True)
    loaded["igraph_flow"] = igraph.Graph(n=n + 2, edges=[pair for pair, _ in flow_arcs],
                                         directed=True)
    loaded["igraph_flow_capacity"] = [c for _, c in flow_arcs]
    loaded["load"]["igraph graphs"] = time.process_time() - start

    if n <= networkx_max_nodes:
        start = time.process_time()
        full = networkx.node_link_graph(data)  # what a Python user does with the file (DESIGN §4)
        loaded["load"]["NetworkX node_link_graph"] = time.process_time() - start
        start = time.process_time()
        loaded["capacity_prepared"] = prepare_capacity(full)
        loaded["banned_suppliers"] = banned_suppliers
        loaded["load"]["Python slots and order"] = time.process_time() - start
        start = time.process_time()
        full.add_node(SUPER_ROOT)
        full.add_edges_from((SUPER_ROOT, ids[v]) for v in roots)
        loaded["networkx_full"] = full
        dominators = networkx.DiGraph()
        dominators.add_nodes_from(range(n + 1))
        dominators.add_edges_from(dependency)
        dominators.add_edges_from((root, v) for v in sources)
        loaded["networkx_dominators"] = dominators
        simple = networkx.DiGraph()
        simple.add_nodes_from(range(n))
        simple.add_edges_from(dependency)
        loaded["networkx_dependency"] = simple
        loaded["networkx_undirected"] = simple.to_undirected()
        flow = networkx.DiGraph()
        flow.add_nodes_from(range(n + 2))
        flow.add_edges_from((u, v, {"capacity": c}) for (u, v), c in flow_arcs)
        loaded["networkx_flow"] = flow
        loaded["load"]["NetworkX task graphs"] = time.process_time() - start
    del data, links, every_edge, dependency
    return loaded


# ---- the tasks

def run_tasks(loaded, micgraph, details, args):
    """{task: {library: seconds}}, the agreement notes, and extra rows."""
    import networkx

    n, ids, index = loaded["nodes"], loaded["ids"], loaded["index"]
    with_networkx = "networkx_full" in loaded
    fast, slow = args.repetitions, args.slow_repetitions
    times = collections.defaultdict(dict)
    checks = {}
    for task, entry in micgraph["tasks"].items():
        times[task]["micgraph"] = entry["seconds"]
    results = {task: entry["result"] for task, entry in micgraph["tasks"].items()}
    times["impact (compiled once)"]["micgraph"] = results["impact"]["impact_only_seconds"]

    # impact
    if with_networkx:
        prepared = loaded["capacity_prepared"]
        banned = details["banned_suppliers"]
        seconds, (baseline, scenario) = cpu_seconds(
            lambda: python_impact(prepared, banned, results["impact"]["enforcement"]), fast)
        times["impact"]["networkx"] = seconds
        times["impact (compiled once)"]["networkx"] = seconds
        worst = max(max(abs(baseline[v] - ours[0]), abs(scenario[v] - ours[1]))
                    for v, ours in details["capacity"].items())
        products = [ids[v] for v in loaded["products"]]
        loss = sum(baseline[v] - scenario[v] for v in products)
        checks["impact"] = (worst <= 1e-9 and len(details["capacity"]) == n,
                            f"{n} nodes' baseline and scenario capacity, largest difference "
                            f"{worst:.1e}; product loss {loss:.6f} (micgraph "
                            f"{results['impact']['product_loss']:.6f}); "
                            f"{len(banned)} banned supplier(s)")

    # dominators
    g = loaded["igraph_dominators"]
    seconds, igraph_idom = cpu_seconds(lambda: g.dominator(n, mode="out"), fast)
    times["dominators"]["igraph"] = seconds
    times["dominators (Boost Lengauer-Tarjan)"]["micgraph"] = results["dominators"]["boost_seconds"]
    ours = details["dominators"]
    agree = results["dominators"]["boost_dominator_entries"] == results["dominators"][
        "dominator_entries"]
    idom_of = {}
    for v, parent in enumerate(igraph_idom[:n]):
        if parent == parent and parent >= 0:  # nan: unreachable
            idom_of[v] = int(parent)
    if with_networkx:
        dominators = loaded["networkx_dominators"]
        seconds, networkx_idom = cpu_seconds(
            lambda: networkx.immediate_dominators(dominators, n), slow)
        times["dominators"]["networkx"] = seconds
        agree = agree and all(networkx_idom.get(v) == parent for v, parent in idom_of.items())
        agree = agree and len(networkx_idom) == len(idom_of) + 1
    entries = 0
    for v in range(n):
        chain, parent = [], idom_of.get(v)
        if parent is None:
            agree = agree and ids[v] not in ours
            continue
        while parent != n:
            chain.append(ids[parent])
            parent = idom_of[parent]
        entries += len(chain)
        agree = agree and sorted(chain) == sorted(ours.get(ids[v], ["(unreachable)"]))
    checks["dominators"] = (agree, f"{len(idom_of)} reachable nodes, {entries} dominators in all: "
                            f"every node's dominator set equal in micgraph, igraph"
                            f"{', NetworkX' if with_networkx else ''} and Boost")

    # articulation
    g = loaded["igraph_undirected"]
    seconds, igraph_points = cpu_seconds(lambda: g.articulation_points(), fast)
    times["articulation"]["igraph"] = seconds
    expected = set(details["articulation_points"])
    agree = {ids[v] for v in igraph_points} == expected
    if with_networkx:
        undirected = loaded["networkx_undirected"]
        seconds, networkx_points = cpu_seconds(
            lambda: list(networkx.articulation_points(undirected)), slow)
        times["articulation"]["networkx"] = seconds
        agree = agree and {ids[v] for v in networkx_points} == expected
    checks["articulation"] = (agree, f"{len(expected)} articulation points, the same set")

    # betweenness
    k = results["betweenness"]["samples"]
    if n <= args.igraph_exact_max_nodes:
        g = loaded["igraph_dependency"]
        seconds, _ = cpu_seconds(lambda: g.betweenness(directed=True), slow)
        times["betweenness (igraph exact)"]["igraph"] = seconds
        times["betweenness (igraph exact)"]["micgraph"] = times["betweenness"]["micgraph"]
        times["betweenness"]["igraph"] = seconds * k / n
    if with_networkx:
        simple = loaded["networkx_dependency"]
        seconds, _ = cpu_seconds(
            lambda: networkx.betweenness_centrality(simple, k=k, seed=1, normalized=False), slow)
        times["betweenness"]["networkx"] = seconds
        chosen = [index[v] for v in details["betweenness_sources"]]
        subset = networkx.betweenness_centrality_subset(simple, sources=chosen,
                                                        targets=list(range(n)), normalized=False)
        scale = details["betweenness_scale"]
        scores = details["betweenness"]
        worst = max(abs(subset[v] - scores.get(ids[v], 0.0) / scale) / max(1.0, subset[v])
                    for v in range(n))
        checks["betweenness"] = (worst <= 1e-9, f"NetworkX from micgraph's {k} sources: largest "
                                 f"relative difference {worst:.1e} over {n} nodes")

    # max_flow
    g, capacity = loaded["igraph_flow"], loaded["igraph_flow_capacity"]
    seconds, igraph_flow = cpu_seconds(lambda: g.maxflow_value(n, n + 1, capacity=capacity), fast)
    times["max_flow"]["igraph"] = seconds
    values = {"micgraph": results["max_flow"]["value"], "igraph": igraph_flow}
    if with_networkx:
        flow = loaded["networkx_flow"]
        seconds, values["networkx"] = cpu_seconds(
            lambda: networkx.maximum_flow_value(flow, n, n + 1), slow)
        times["max_flow"]["networkx"] = seconds
    spread = (max(values.values()) - min(values.values())) / max(1.0, abs(values["micgraph"]))
    checks["max_flow"] = (spread <= 1e-9 and results["max_flow"]["arcs"] == loaded["flow_arcs"],
                          "flow " + ", ".join(f"{lib} {v:.9f}" for lib, v in values.items())
                          + f" on {loaded['flow_arcs']} arcs")

    # bfs
    g = loaded["igraph_bfs"]
    seconds, (order, _, _) = cpu_seconds(lambda: g.bfs(n, mode="out"), fast)
    times["bfs"]["igraph"] = seconds
    reached = {"micgraph": results["bfs"]["visited"], "igraph": len(order) - 1}
    if with_networkx:
        full = loaded["networkx_full"]
        seconds, visited = cpu_seconds(
            lambda: sum(1 for _ in networkx.bfs_edges(full, SUPER_ROOT)), fast)
        times["bfs"]["networkx"] = seconds
        reached["networkx"] = visited
    checks["bfs"] = (len(set(reached.values())) == 1 and
                     results["bfs"]["roots"] == len(loaded["roots"]),
                     f"{reached['micgraph']} nodes reached from {len(loaded['roots'])} roots "
                     f"in every library")
    return times, checks


# ---- output

def show_seconds(seconds):
    if seconds is None:
        return "—"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


def show_speedup(ours, other):
    if ours is None or other is None or ours == 0:
        return "—"
    ratio = other / ours
    return f"{ratio:,.0f}x" if ratio >= 100 else f"{ratio:.3g}x"


TASK_ROWS = [
    ("impact", "sanction-cut propagation: baseline + hub ban, every node"),
    ("impact (compiled once)", "  the same, micgraph's scenario compiled outside the timing"),
    ("dominators", "dominators from a root over the sources"),
    ("dominators (Boost Lengauer-Tarjan)", "  the same by Boost lengauer_tarjan_dominator_tree"),
    ("articulation", "articulation points, undirected dependency projection"),
    ("betweenness", "betweenness, 64 sampled sources (igraph: exact x 64 / n)"),
    ("betweenness (igraph exact)", "  betweenness: micgraph 64 sources, igraph exact"),
    ("max_flow", "s-t max flow, sources to products"),
    ("bfs", "BFS from every root (micgraph: bare CSR loop)"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100_000, help="graph size (default 100000)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument("--graph", help="use this node-link JSON file instead of generating one")
    parser.add_argument("--build", default=os.path.join(REPOSITORY, "build"),
                        help="CMake build directory with micgraph and micgraph_compare_tasks")
    parser.add_argument("--repetitions", type=int, default=5,
                        help="runs of micgraph's tasks and of the fast Python ones (default 5)")
    parser.add_argument("--slow-repetitions", type=int, default=1,
                        help="runs of NetworkX's slow tasks and igraph's exact betweenness "
                             "(default 1)")
    parser.add_argument("--networkx-max-nodes", type=int, default=200_000,
                        help="skip NetworkX on larger graphs (default 200000)")
    parser.add_argument("--igraph-exact-max-nodes", type=int, default=2_000_000,
                        help="skip igraph's exact betweenness on larger graphs (default 2000000)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    ensure_libraries()
    import igraph
    import networkx

    cli = os.path.join(args.build, "tools", "micgraph", "micgraph")
    tasks_binary = os.path.join(args.build, "bench", "micgraph_compare_tasks")
    for program in ([] if args.graph else [cli]) + [tasks_binary]:
        if not os.access(program, os.X_OK):
            sys.exit(f"compare.py: {program} not built (cmake --build {args.build} "
                     f"--target micgraph_cli micgraph_compare_tasks)")
    with tempfile.TemporaryDirectory(prefix="micgraph-compare-") as scratch:
        path = args.graph
        if not path:
            path = os.path.join(scratch, f"gen_{args.nodes}.json")
            subprocess.run([cli, "generate", "--nodes", str(args.nodes), "--seed", str(args.seed),
                            "-o", path], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        details_path = os.path.join(scratch, "details.json")
        micgraph = json.loads(subprocess.run(
            [tasks_binary, path, "--repetitions", str(args.repetitions), "--details",
             details_path], check=True, capture_output=True, text=True).stdout)
        with open(details_path, encoding="utf-8") as stream:
            details = json.load(stream)
        loaded = load(path, args.networkx_max_nodes, details["banned_suppliers"])
        times, checks = run_tasks(loaded, micgraph, details, args)

    n = loaded["nodes"]
    print(f"{datetime.date.today()}, {platform.node()}, {os.cpu_count()} cores; python "
          f"{sys.version.split()[0]}, python-igraph {igraph.__version__}, networkx "
          f"{networkx.__version__}; load average {os.getloadavg()[0]:.2f}")
    source = path if args.graph else f"micgraph generate --nodes {args.nodes} --seed {args.seed}"
    print(f"{source}: {n} nodes, {loaded['edges']} edges; CPU seconds, medians of {args.repetitions} "
          f"(NetworkX's slow tasks and igraph's exact betweenness: {args.slow_repetitions})")
    print("load, not timed below: micgraph " + show_seconds(micgraph["load_seconds"]) + "; "
          + ", ".join(f"{step} {show_seconds(s)}" for step, s in loaded["load"].items()))
    if "networkx_full" not in loaded:
        print(f"NetworkX skipped: {n} nodes is more than --networkx-max-nodes "
              f"{args.networkx_max_nodes}")
    print()
    print("| task | micgraph | NetworkX | speed-up | python-igraph | speed-up | same result |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for task, label in TASK_ROWS:
        row = times.get(task, {})
        ours = row.get("micgraph")
        check = checks.get(task)
        verdict = "" if check is None else ("yes" if check[0] else "**NO**")
        networkx_cell = row.get("networkx")
        print(f"| {label} | {show_seconds(ours)} | {show_seconds(networkx_cell)} | "
              f"{show_speedup(ours, networkx_cell)} | "
              f"{'n/a' if task.startswith('impact') else show_seconds(row.get('igraph'))} | "
              f"{'' if task.startswith('impact') else show_speedup(ours, row.get('igraph'))} | "
              f"{verdict} |")
    print()
    for task, (ok, note) in checks.items():
        print(f"{task}: {'agree' if ok else 'DISAGREE'}: {note}")
    failed = [task for task, (ok, _) in checks.items() if not ok]
    if args.json:
        with open(args.json, "w", encoding="utf-8") as stream:
            json.dump({"nodes": n, "edges": loaded["edges"], "load": loaded["load"],
                       "micgraph_load": micgraph["load_seconds"], "times": times,
                       "checks": {t: {"agree": ok, "note": note} for t, (ok, note) in
                                  checks.items()}}, stream, indent=1)
    if failed:
        sys.exit(f"compare.py: results differ in {', '.join(failed)}")


if __name__ == "__main__":
    main()
