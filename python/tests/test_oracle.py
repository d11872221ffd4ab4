"""from_networkx then impact against a plain-Python implementation of the AND/OR rule with
capacities (DESIGN §2), written from the design alone: requirement slots (same `input` name:
one slot; no `input`: produces/supplies share one provider slot, every other dependency edge a
slot of its own), AND over slots, OR (a capped sum) within a slot, evidence filters that remove
edges but never slots, rules multiplying by 1 - enforcement, and cycles at the least fixpoint."""

import random

import pytest

import micgraph

networkx = pytest.importorskip("networkx")

KINDS = ["firm", "facility", "product", "component", "machine_tool", "material", "service"]
DEPENDENCIES = ["produces", "supplies", "component_of", "tooling", "services"]


def random_graph(rng: random.Random):
    G = networkx.MultiDiGraph()
    n = rng.randint(2, 14)
    for i in range(n):
        G.add_node(f"n{i}", kind=rng.choice(KINDS), country=rng.choice(["DE", "JP", "CN", "RU"]))
    for _ in range(rng.randint(1, 3 * n)):
        a, b = rng.randrange(n), rng.randrange(n)
        if a == b and rng.random() < 0.7:
            continue
        kind = rng.choice(DEPENDENCIES + ["owns"])
        data = {"kind": kind}
        if kind != "owns":
            data["share"] = rng.choice([1.0, 0.5, 0.3, rng.uniform(0.05, 1.0)])
            data["quality"] = rng.choice([1.0, 0.8, rng.uniform(0.05, 1.0)])
            data["confidence"] = rng.choice([1.0, 0.9, 0.4])
            if rng.random() < 0.3:
                data["input"] = rng.choice(["machining", "electronics"])
            if rng.random() < 0.3:
                data["view"] = rng.choice(["western", "russian"])
        G.add_edge(f"n{a}", f"n{b}", **data)
    return G


def random_scenario(rng: random.Random, G):
    ids = list(G.nodes)
    rules = []
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.5:
            rules.append({"select": "nodes", "ids": rng.sample(ids, rng.randint(1, 2)),
                          "enforcement": rng.choice([1.0, 0.9, 0.5])})
        else:
            rules.append({"select": "edges", "from": {"ids": [rng.choice(ids)]},
                          "enforcement": rng.choice([1.0, 0.75])})
    scenario = {"name": "random cuts", "rules": rules}
    if rng.random() < 0.3:
        scenario["min_confidence"] = 0.5
    views = sorted({d["view"] for _, _, d in G.edges(data=True) if "view" in d})
    if views and rng.random() < 0.3:
        scenario["views"] = [rng.choice(views)]
    return scenario


def capacities(G, scenario, cuts: bool):
    """cap(v) = alive(v) * min over slots of min(1, sum of share * quality * cut * cap(source))
    over the slot's present edges, iterated from 0 up to the least fixpoint."""
    min_confidence = scenario.get("min_confidence", 0.0)
    views = scenario.get("views", [])
    alive = {v: 1.0 for v in G}
    edge_cut = {}
    for rule in scenario["rules"] if cuts else []:
        keep = 1.0 - rule["enforcement"]
        if rule["select"] == "nodes":
            for v in rule["ids"]:
                alive[v] *= keep
        else:
            for u, v, key, data in G.edges(keys=True, data=True):
                if data["kind"] not in ("owns", "controls") and u in rule["from"]["ids"]:
                    edge_cut[(u, v, key)] = edge_cut.get((u, v, key), 1.0) * keep
    slots = {v: {} for v in G}
    for u, v, key, data in G.edges(keys=True, data=True):
        if data["kind"] in ("owns", "controls"):
            continue
        if "input" in data:
            slot = ("input", data["input"])
        elif data["kind"] in ("produces", "supplies"):
            slot = ("providers",)
        else:
            slot = ("own", u, key)
        present = data.get("confidence", 1.0) >= min_confidence and (
            not views or "view" not in data or data["view"] in views)
        weight = data.get("share", 1.0) * data.get("quality", 1.0) * edge_cut.get((u, v, key), 1.0)
        slots[v].setdefault(slot, []).append((u, weight if present else 0.0))
    cap = {v: 0.0 for v in G}
    for _ in range(10000):
        changed = 0.0
        for v in G:
            value = alive[v]
            for edges in slots[v].values():
                value = min(value, alive[v] * min(1.0, sum(w * cap[u] for u, w in edges)))
            changed = max(changed, abs(value - cap[v]))
            cap[v] = value
        if changed < 1e-13:
            break
    return cap


@pytest.mark.parametrize("seed", range(300))
def test_impact_equals_the_and_or_rule(seed):
    rng = random.Random(seed)
    G = random_graph(rng)
    scenario = random_scenario(rng, G)
    g = micgraph.from_networkx(G)
    result = g.impact(micgraph.Scenario.from_dict(scenario))
    baseline, capacity = capacities(G, scenario, False), capacities(G, scenario, True)
    ids = g.ids()
    for v, b, c in zip(ids, result.baseline, result.capacity):
        assert b == pytest.approx(baseline[v], abs=1e-6), (v, "baseline")
        assert c == pytest.approx(capacity[v], abs=1e-6), (v, "capacity")
