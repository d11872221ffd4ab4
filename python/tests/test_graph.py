"""Graphs: loading every format, lookups, frames, filters, checks, saving and round trips
through node-link JSON, .mgb and CSV, and bad inputs raising the right error with the place."""

import json

import numpy as np
import pytest

pytest.importorskip("pandas", reason="python3-pandas is not installed for this interpreter")

import micgraph
from conftest import DATA, DATASETS, SOURCE


def records(g):
    """Every node and edge of a graph as comparable data, independent of node numbering."""
    nodes = {i: g.node(i) for i in g.ids()}
    edges = sorted(json.dumps(e, sort_keys=True) for i in g.ids() for e in g.in_edges(i))
    return nodes, edges, g.metadata


def test_load_and_lookups(cruise):
    assert len(cruise) == cruise.node_count == 124
    assert cruise.edge_count == 173
    assert "kh-101" in cruise and "kh101" not in cruise and 5 not in cruise
    node = cruise.node("kh-101")
    assert node["kind"] == "product" and node["country"] == "RU"
    assert cruise.ids()[cruise.index("kh-101")] == "kh-101"
    assert all(e["target"] == "kh-101" for e in cruise.in_edges("kh-101"))
    assert all(e["source"] == "ru-missile-plant" for e in cruise.out_edges("ru-missile-plant"))
    assert cruise.metadata["name"].startswith("Russian cruise-missile")
    assert set(cruise.products()) == {"kh-101", "geran-2"}
    assert "micgraph.Graph" in repr(cruise)


def test_unknown_id_suggests_the_closest(cruise):
    with pytest.raises(micgraph.ScenarioError, match="did you mean 'kh-101'") as caught:
        cruise.node("kh101")
    assert caught.value.element == "id"
    assert isinstance(caught.value, ValueError)


def test_frames(cruise):
    nodes = cruise.nodes_frame()
    assert list(nodes.index[:3]) == cruise.ids()[:3]
    assert nodes.loc["kh-101", "kind"] == "product"
    assert set(nodes["kind"].cat.categories) == set(micgraph.NODE_KINDS)
    assert nodes["capacity"].dtype == np.float64
    edges = cruise.edges_frame()
    assert len(edges) == cruise.edge_count
    assert set(edges.columns) >= {"source", "target", "kind", "input", "share", "quality",
                                  "confidence", "view", "sources", "lead_time_months"}
    assert ((edges["share"] > 0) & (edges["share"] <= 1)).all()
    assert set(edges["source"]) <= set(nodes.index)


def test_select_in_the_filter_language(cruise):
    firms = cruise.select("kinds=firm;countries=JP")
    assert firms and all(cruise.node(i)["kind"] == "firm" and cruise.node(i)["country"] == "JP"
                         for i in firms)
    tools = cruise.select("categories=machine_tool/*")
    assert tools and all(cruise.node(i)["category"].startswith("machine_tool/") for i in tools)
    with pytest.raises(micgraph.ScenarioError, match="filter"):
        cruise.select("colour=red")


@pytest.mark.parametrize("dataset", DATASETS)
def test_validate_and_stats_equal_the_command_line(cli, dataset):
    g = micgraph.load(DATA / dataset)
    assert g.validate() == cli("validate", f"data/{dataset}")
    assert g.stats() == cli("stats", f"data/{dataset}")


@pytest.mark.parametrize("suffix", [".json", ".mgb", "-csv"])
def test_save_and_load_round_trip(cruise, tmp_path, suffix):
    path = tmp_path / f"graph{suffix}"
    calls = []
    cruise.save(path, progress=lambda done, total: calls.append((done, total)))
    back = micgraph.load(path)
    assert records(back) == records(cruise)
    assert calls and calls[-1] == (1000, 1000)


def test_json_text_round_trip(cruise):
    back = micgraph.from_json(cruise.to_json())
    assert records(back) == records(cruise)
    assert back.to_json() == cruise.to_json()


def test_networkx_round_trip(cruise):
    networkx = pytest.importorskip("networkx")
    G = cruise.to_networkx()
    assert isinstance(G, networkx.MultiDiGraph)
    assert G.number_of_nodes() == 124 and G.number_of_edges() == 173
    assert G.nodes["kh-101"]["kind"] == "product" and G.nodes["kh-101"]["capacity"] == 420
    assert G.nodes["cnc-fanuc"]["stock_months"] >= 0 and "tags" in G.nodes["cnc-fanuc"]
    assert G.graph["name"] == cruise.metadata["name"]
    back = micgraph.from_networkx(G)
    assert records(back) == records(cruise)
    # also through NetworkX's own node-link reader, as a Python user would
    again = micgraph.from_networkx(networkx.node_link_graph(json.loads(cruise.to_json())))
    assert records(again) == records(cruise)


def test_from_networkx_digraph_and_extra_attributes():
    networkx = pytest.importorskip("networkx")
    G = networkx.DiGraph(name="two plants")
    G.add_node("maker", kind="firm", country="DE", tags={"dual_use"}, note=np.float64(2.5))
    G.add_node("plant", kind="facility", capacity=np.int64(3))
    G.add_edge("maker", "plant", kind="tooling", share=0.5)
    g = micgraph.from_networkx(G)
    assert g.node("maker")["tags"] == ["dual_use"]
    assert json.loads(g.node("maker")["attrs"]) == {"note": 2.5}
    assert g.node("plant")["capacity"] == 3
    assert g.in_edges("plant")[0]["share"] == 0.5
    assert g.metadata == {"name": "two plants"}


def test_from_networkx_errors_name_the_node_or_edge():
    networkx = pytest.importorskip("networkx")
    G = networkx.MultiDiGraph()
    G.add_node("maker", kind="firm")
    G.add_node("plant", kind="facility")
    G.add_edge("maker", "plant", kind="tooling", share=1.5)
    with pytest.raises(micgraph.ParseError, match="edge 'maker' -> 'plant'.share") as caught:
        micgraph.from_networkx(G)
    assert caught.value.field == "share" and caught.value.file == "<networkx>"
    G = networkx.MultiDiGraph()
    G.add_node("maker", kind="bakery")
    with pytest.raises(micgraph.ParseError, match="node 'maker'.kind"):
        micgraph.from_networkx(G)
    G = networkx.MultiDiGraph()
    G.add_node(7, kind="firm")
    with pytest.raises(micgraph.ParseError, match=r"nodes\[0\].id: expected a string id"):
        micgraph.from_networkx(G)
    with pytest.raises(micgraph.ParseError, match="directed"):
        micgraph.from_networkx(networkx.Graph())


@pytest.mark.parametrize("name", sorted(p.name for p in (SOURCE / "tests/data/bad").iterdir()))
def test_bad_files_raise_parse_error_with_the_place(name):
    path = SOURCE / "tests/data/bad" / name
    with pytest.raises(micgraph.ParseError) as caught:
        micgraph.load(path)
    error = caught.value
    assert error.file and error.file.startswith(str(path))
    assert str(error).startswith(error.file)
    assert error.problem and error.problem in str(error)
    assert "\n" not in str(error)


def test_bad_file_fields():
    with pytest.raises(micgraph.ParseError) as caught:
        micgraph.load(SOURCE / "tests/data/bad/json-share-out-of-range.json")
    assert (caught.value.element, caught.value.field) == ("links[0]", "share")
    with pytest.raises(micgraph.ParseError) as caught:
        micgraph.load(SOURCE / "tests/data/bad/json-truncated.json")
    assert caught.value.line == 1 and caught.value.column == 51
    with pytest.raises(micgraph.ParseError, match="no-such-file"):
        micgraph.load(SOURCE / "no-such-file.json")


def test_generate_is_deterministic():
    a, b = micgraph.generate(2000, seed=7), micgraph.generate(2000, seed=7)
    assert a.node_count == 2000 and a.to_json() == b.to_json()
    assert a.to_json() != micgraph.generate(2000, seed=8).to_json()
