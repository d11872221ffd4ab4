#!/usr/bin/env python3
"""Which Western CNC servicing cut hurts a weapon system most?

Russian missile plants run on imported Western machining and turning centres that need spare
parts and controller software support (seeds/rhodus-cnc-missile-industry.txt). Cut each Western
servicing input of the dataset (services in a category service/cnc-*) alone, then all of them
together, and rank the cuts by the output of the target they take away; draw the target's plant
under the worst single cut.

    /usr/bin/python3 examples/python/cnc_servicing.py DATASET [--target ID] [--svg OUT.svg]

The target is a product of the dataset; by default the one that losing all Western CNC
servicing hurts most (the Kh-101 in data/cruise-missile-cnc.json).
(With PYTHONPATH=build/python after a CMake build, or after installing the package.)
"""

import argparse
import sys

import micgraph

WESTERN = "DE,JP,TW,CH,IT,KR,US,SE,AT,FR,GB"
SERVICING = f"kinds=service;categories=service/cnc-*;countries={WESTERN}"
ALL = "all Western CNC servicing"


def cut(label: str, nodes: list) -> micgraph.Scenario:
    """The scenario cutting `nodes` entirely."""
    return micgraph.Scenario.from_dict({"name": f"cut: {label}",
                                        "rules": [{"select": "nodes", "ids": nodes}]})


def plants_of(g: micgraph.Graph, target: str) -> list:
    """What produces the target (the facilities of its `produces` edges), else the target."""
    plants = [e["source"] for e in g.in_edges(target) if e["kind"] == "produces"]
    return plants or [target]


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("dataset")
    arguments.add_argument("--target", help="a node id (default: the product that losing all "
                                            "Western CNC servicing hurts most)")
    arguments.add_argument("--svg", help="write the picture of the worst cut here")
    options = arguments.parse_args()

    g = micgraph.load(options.dataset)
    servicing = g.select(SERVICING)
    if not servicing:
        print(f"{options.dataset}: no Western CNC servicing to cut (no node matches {SERVICING})",
              file=sys.stderr)
        return 1
    everything = g.impact(cut(ALL, servicing), attribute=False)
    if options.target is None:
        if everything.products.empty:
            arguments.error(f"{options.dataset} has no product: name a node with --target")
        options.target = everything.products.index[0]  # the largest loss first
    else:
        try:
            g.index(options.target)
        except micgraph.ScenarioError as e:  # names the closest id
            arguments.error(f"--target: {e.problem}")

    rows = []
    for label, nodes in [*((node, [node]) for node in servicing), (ALL, servicing)]:
        result = everything if label == ALL else g.impact(cut(label, nodes), attribute=False)
        kept = result.frame().loc[options.target]
        if label == ALL:
            node = {"name": f"{len(nodes)} service{'s' * (len(nodes) > 1)}", "country": "*"}
        else:
            node = g.node(label)
        rows.append({"cut": label, "what": node["name"][:48], "country": node["country"],
                     "capacity": kept["capacity"], "loss": kept["loss"]})

    import pandas
    table = pandas.DataFrame(rows).set_index("cut")
    table = table.sort_values("loss", ascending=False, kind="stable")
    pandas.set_option("display.width", 120)
    print(f"{options.target}: output left and lost when each Western CNC servicing input is cut "
          "(100% enforced)\n")
    print(table.to_string(formatters={"capacity": "{:.0%}".format, "loss": "{:.0%}".format}))

    single = table.drop(ALL)
    worst = single.index[0]
    if single.loc[worst, "loss"] <= 0:
        print(f"\nno single Western CNC servicing cut takes anything from {options.target}; all of "
              f"them together take {table.loc[ALL, 'loss']:.0%} of its output.")
        return 0
    print(f"\n{worst} ({single.loc[worst, 'what']}) hurts {options.target} most of any single cut: "
          f"{single.loc[worst, 'loss']:.0%} of its output, against "
          f"{table.loc[ALL, 'loss']:.0%} for all Western CNC servicing.")

    if options.svg:
        picture = g.picture(focus=plants_of(g, options.target), depth=2,
                            scenario=cut(worst, [worst]), chokepoints=True, cluster_by_country=True)
        picture.save(options.svg)
        print(f"picture: {options.svg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
