#!/usr/bin/env python3
"""Which Western CNC servicing cut hurts the Kh-101 most?

Russian missile plants run on imported Western machining and turning centres that need spare
parts and controller software support (seeds/rhodus-cnc-missile-industry.txt). Cut each Western
servicing input alone, then all of them together, and rank the cuts by the missile output they
take away; draw the plant under the worst single cut.

    /usr/bin/python3 examples/python/cnc_servicing.py data/cruise-missile-cnc.json [--svg OUT.svg]

(With PYTHONPATH=build/python after a CMake build, or after installing the package.)
"""

import argparse

import micgraph

WESTERN = "DE,JP,TW,CH,IT,KR,US,SE,AT,FR,GB"


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("dataset")
    arguments.add_argument("--target", default="kh-101")
    arguments.add_argument("--svg", help="write the picture of the worst cut here")
    options = arguments.parse_args()

    g = micgraph.load(options.dataset)
    servicing = g.select(f"kinds=service;categories=service/cnc-*;countries={WESTERN}")
    cuts = {node: [node] for node in servicing}
    cuts["all Western CNC servicing"] = servicing

    rows = []
    for label, nodes in cuts.items():
        cut = micgraph.Scenario.from_dict(
            {"name": f"cut: {label}", "rules": [{"select": "nodes", "ids": nodes}]})
        result = g.impact(cut, attribute=False)
        kept = result.frame().loc[options.target]
        node = g.node(nodes[0]) if len(nodes) == 1 else {"name": f"{len(nodes)} services", "country": "*"}
        rows.append({"cut": label, "what": node["name"][:48], "country": node["country"],
                     "capacity": kept["capacity"], "loss": kept["loss"]})

    import pandas
    table = pandas.DataFrame(rows).set_index("cut").sort_values("loss", ascending=False)
    pandas.set_option("display.width", 120)
    print(f"{options.target}: output left and lost when each Western CNC servicing input is cut "
          "(100% enforced)\n")
    print(table.to_string(formatters={"capacity": "{:.0%}".format, "loss": "{:.0%}".format}))

    single = table.drop("all Western CNC servicing")
    worst = single.index[0]
    print(f"\n{worst} ({single.loc[worst, 'what']}) hurts the Kh-101 most of any single cut: "
          f"{single.loc[worst, 'loss']:.0%} of its output, against "
          f"{table.loc['all Western CNC servicing', 'loss']:.0%} for all Western CNC servicing.")

    if options.svg:
        picture = g.picture(focus="ru-missile-plant", depth=2,
                            scenario={"name": f"cut: {worst}",
                                      "rules": [{"select": "nodes", "ids": [worst]}]},
                            chokepoints=True, cluster_by_country=True)
        picture.save(options.svg)
        print(f"picture: {options.svg}")


if __name__ == "__main__":
    main()
