#!/usr/bin/python3
"""Times python-igraph and NetworkX on graphs written by `micgraph generate`, next to micgraph_bench.

For each node-link JSON file given, loads the graph once (JSON parse, igraph build and NetworkX
build are timed and reported, never counted in the timings) and times on that same graph:

  bfs          one breadth-first traversal from every source (node with no in-edges) over all
               edges: the counterpart of BM_BareBfs. A super-root with an edge to every source is
               added at load time, so each library runs one traversal of its own:
               igraph `Graph.bfs(root)`, NetworkX `bfs_edges(G, root)` (consumed).
  betweenness  betweenness over the dependency edges (every kind but `owns`, parallel edges merged,
               self-loops dropped), as micgraph's `betweenness(g, {.samples = 64, .seed = 1})`
               (BM_Betweenness64) counts it.
               NetworkX: `betweenness_centrality(G, k=64, seed=1, normalized=False)`, sampled.
               python-igraph 0.10 cannot restrict the sources (`Graph.betweenness` has no
               `sources=`, and the C core's `igraph_betweenness_subset` is not exposed), so
               igraph runs exact Brandes from every node; its share for 64 uniformly drawn
               sources, exact * 64 / n, is printed as a derived lower bound (it leaves out the
               O(n + m) set-up a sampled run also pays).

Times are CPU seconds (time.process_time, as Google Benchmark's CPU time), the median of
--repetitions runs. Given micgraph_bench's JSON output (--benchmark_format=json
--benchmark_out=FILE, best with --benchmark_repetitions and aggregates), prints the ratios
micgraph / igraph and micgraph / NetworkX for the same sizes (below 1: micgraph is faster).

  ./build/tools/micgraph/micgraph generate --nodes 100000 --seed 42 -o /tmp/gen_100000.json
  /usr/bin/python3 bench/compare_python.py /tmp/gen_100000.json --bench-json /tmp/bench.json

Needs Debian's python3-igraph and python3-networkx (they import under /usr/bin/python3); another
interpreter re-runs the script under /usr/bin/python3 when that one has them.
"""

import argparse
import gc
import json
import os
import statistics
import sys
import time


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
    sys.exit(f"compare_python.py: skipped: module `{missing}` does not import under "
             f"{sys.executable} (install Debian's python3-igraph and python3-networkx)")


# The NetworkX super-root: a tuple, so that it cannot collide with a node id (ids are strings).
NETWORKX_ROOT = ("super-root",)


def cpu_seconds(work, repetitions):
    """Median CPU time of `repetitions` calls of work(), and the last call's result."""
    times, result = [], None
    for _ in range(repetitions):
        gc.collect()
        start = time.process_time()
        result = work()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def load(path, networkx_max_nodes):
    """Parses the node-link file and builds the graphs each library works on, timing each step
    (NetworkX's only up to networkx_max_nodes nodes)."""
    import igraph
    import networkx

    loaded = {"path": path}
    start = time.process_time()
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    loaded["parse_s"] = time.process_time() - start
    links = data.get("links", data.get("edges"))
    index = {node["id"]: i for i, node in enumerate(data["nodes"])}
    n = len(index)
    loaded["nodes"], loaded["edges"] = n, len(links)

    start = time.process_time()
    every_edge = [(index[link["source"]], index[link["target"]]) for link in links]
    dependency = [pair for pair, link in zip(every_edge, links)
                  if link.get("kind") != "owns" and pair[0] != pair[1]]
    has_in_edge = bytearray(n)
    for _, target in every_edge:
        has_in_edge[target] = 1
    sources = [v for v in range(n) if not has_in_edge[v]]
    root = n  # the super-root: one traversal from every source
    loaded["sources"] = len(sources)
    loaded["edge_lists_s"] = time.process_time() - start

    start = time.process_time()
    loaded["igraph_bfs"] = igraph.Graph(n=n + 1, edges=every_edge + [(root, s) for s in sources],
                                        directed=True)
    loaded["igraph_dependency"] = igraph.Graph(n=n, edges=dependency, directed=True)
    loaded["igraph_dependency"].simplify(multiple=True, loops=True)
    loaded["igraph_build_s"] = time.process_time() - start
    loaded["dependency_links"] = loaded["igraph_dependency"].ecount()
    loaded["root"] = root

    if n <= networkx_max_nodes:
        # What a Python user does with the file (DESIGN §4), then the dependency view that
        # betweenness counts.
        start = time.process_time()
        full = networkx.node_link_graph(data)
        ids = list(index)
        full.add_node(NETWORKX_ROOT)
        full.add_edges_from((NETWORKX_ROOT, ids[s]) for s in sources)
        dependency_graph = networkx.DiGraph()
        dependency_graph.add_nodes_from(range(n))
        dependency_graph.add_edges_from(dependency)
        loaded["networkx_build_s"] = time.process_time() - start
        loaded["networkx_full"] = full
        loaded["networkx_dependency"] = dependency_graph
    del data, links, every_edge, dependency
    return loaded


def time_graph(loaded, args):
    """The timings of one loaded graph: {(library, task): CPU seconds}."""
    import collections
    import networkx

    n = loaded["nodes"]
    timings = {}

    g = loaded["igraph_bfs"]
    seconds, (order, _, _) = cpu_seconds(lambda: g.bfs(loaded["root"], mode="out"), args.repetitions)
    timings[("igraph", "bfs")] = seconds
    loaded["igraph_visited"] = len(order) - 1

    if n <= args.igraph_exact_max_nodes:
        d = loaded["igraph_dependency"]
        seconds, _ = cpu_seconds(lambda: d.betweenness(directed=True), args.igraph_exact_repetitions)
        timings[("igraph", "betweenness exact")] = seconds
        timings[("igraph", f"betweenness {args.samples} derived")] = seconds * args.samples / n

    if "networkx_full" in loaded:
        full = loaded["networkx_full"]

        def bfs():  # consume the traversal, keeping nothing
            return collections.deque(networkx.bfs_edges(full, NETWORKX_ROOT), maxlen=0)

        seconds, _ = cpu_seconds(bfs, args.repetitions)
        timings[("networkx", "bfs")] = seconds
        dependency_graph = loaded["networkx_dependency"]
        # NetworkX 2.8 leaves sampled, unnormalised directed scores unscaled (no n / k): the work
        # is the same, only the scale differs from micgraph's.
        seconds, _ = cpu_seconds(
            lambda: networkx.betweenness_centrality(dependency_graph, k=args.samples,
                                                    seed=args.seed, normalized=False),
            args.networkx_repetitions)
        timings[("networkx", f"betweenness {args.samples}")] = seconds
    return timings


def micgraph_medians(path):
    """{(benchmark, nodes): CPU seconds} from micgraph_bench's JSON: medians when aggregates are
    present, else the mean of the plain runs."""
    with open(path, encoding="utf-8") as stream:
        report = json.load(stream)
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    plain, medians = {}, {}
    for entry in report["benchmarks"]:
        name, _, size = entry["run_name"].partition("/")
        if not size.isdigit():
            continue
        seconds = entry["cpu_time"] * scale[entry.get("time_unit", "ns")]
        key = (name, int(size))
        if entry.get("run_type") == "aggregate":
            if entry.get("aggregate_name") == "median":
                medians[key] = seconds
        else:
            plain.setdefault(key, []).append(seconds)
    for key, values in plain.items():
        medians.setdefault(key, statistics.mean(values))
    return medians, report.get("context", {})


def show_seconds(seconds):
    if seconds is None:
        return "—"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


def show_ratio(a, b):
    return "—" if a is None or b is None or b == 0 else f"{a / b:.3g}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graphs", nargs="+", help="node-link JSON files from `micgraph generate`")
    parser.add_argument("--bench-json", help="micgraph_bench --benchmark_format=json output")
    parser.add_argument("--samples", type=int, default=64, help="betweenness sources (default 64)")
    parser.add_argument("--seed", type=int, default=1, help="NetworkX sampling seed (default 1)")
    parser.add_argument("--repetitions", type=int, default=3,
                        help="runs of each fast timing; the median is reported (default 3)")
    parser.add_argument("--igraph-exact-repetitions", type=int, default=1,
                        help="runs of igraph's exact betweenness (default 1)")
    parser.add_argument("--networkx-repetitions", type=int, default=1,
                        help="runs of NetworkX's sampled betweenness (default 1)")
    parser.add_argument("--networkx-max-nodes", type=int, default=200_000,
                        help="skip NetworkX on larger graphs (default 200000)")
    parser.add_argument("--igraph-exact-max-nodes", type=int, default=2_000_000,
                        help="skip igraph's exact betweenness on larger graphs (default 2000000)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    ensure_libraries()
    import igraph
    import networkx

    print(f"python {sys.version.split()[0]} ({sys.executable}), python-igraph {igraph.__version__}, "
          f"networkx {networkx.__version__}; CPU seconds, median of {args.repetitions} "
          f"(betweenness: igraph {args.igraph_exact_repetitions}, NetworkX "
          f"{args.networkx_repetitions})")
    results = []
    for path in args.graphs:
        loaded = load(path, args.networkx_max_nodes)
        n = loaded["nodes"]
        networkx_build = (show_seconds(loaded["networkx_build_s"]) if "networkx_full" in loaded
                          else f"skipped (more than --networkx-max-nodes {args.networkx_max_nodes})")
        timings = time_graph(loaded, args)
        print(f"\n{path}: {n} nodes, {loaded['edges']} edges ({loaded['dependency_links']} distinct "
              f"dependency links), {loaded['sources']} sources, igraph BFS visited "
              f"{loaded['igraph_visited']}")
        print(f"  load (not timed below): JSON parse {show_seconds(loaded['parse_s'])}, edge lists "
              f"{show_seconds(loaded['edge_lists_s'])}, igraph build "
              f"{show_seconds(loaded['igraph_build_s'])}, NetworkX build {networkx_build}")
        for (library, task), seconds in sorted(timings.items()):
            print(f"  {library:9} {task:26} {show_seconds(seconds):>10}")
        results.append({"path": path, "nodes": n, "edges": loaded["edges"],
                        "load": {k: loaded[k] for k in loaded if k.endswith("_s")},
                        "timings": {f"{lib}: {task}": s for (lib, task), s in timings.items()}})
        del loaded
        gc.collect()

    if args.bench_json:
        medians, context = micgraph_medians(args.bench_json)
        print(f"\nmicgraph_bench {args.bench_json} (run {context.get('date', '?')}): micgraph time "
              f"/ other library's time on the same graph (below 1: micgraph is faster)")
        header = ("| nodes | task | micgraph | python-igraph | micgraph / igraph | NetworkX "
                  "| micgraph / NetworkX |")
        print(header)
        print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
        k = args.samples
        for result in results:
            n, t = result["nodes"], result["timings"]
            rows = [
                ("BFS from every source", medians.get(("BM_BareBfs", n)), t.get("igraph: bfs"),
                 t.get("networkx: bfs")),
                (f"betweenness, {k} sampled sources (igraph: exact)",
                 medians.get(("BM_Betweenness64", n)), t.get("igraph: betweenness exact"),
                 t.get(f"networkx: betweenness {k}")),
                (f"betweenness, {k} sources (igraph: exact * {k} / n)",
                 medians.get(("BM_Betweenness64", n)), t.get(f"igraph: betweenness {k} derived"),
                 None),
            ]
            for task, ours, other_igraph, other_networkx in rows:
                print(f"| {n} | {task} | {show_seconds(ours)} | {show_seconds(other_igraph)} | "
                      f"{show_ratio(ours, other_igraph)} | {show_seconds(other_networkx)} | "
                      f"{show_ratio(ours, other_networkx)} |")
            result["micgraph"] = {"BM_BareBfs": medians.get(("BM_BareBfs", n)),
                                  "BM_Betweenness64": medians.get(("BM_Betweenness64", n))}
    if args.json:
        with open(args.json, "w", encoding="utf-8") as stream:
            json.dump(results, stream, indent=1)


if __name__ == "__main__":
    main()
