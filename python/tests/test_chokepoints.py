"""Chokepoints, sanction design, ownership and pictures, each equal to the command line."""

import pytest

pytest.importorskip("pandas", reason="python3-pandas is not installed for this interpreter")

import micgraph
from conftest import DATA, DATASETS, SOURCE

BAN = DATA / "scenarios/g7-cnc-ban.json"
WEST = "countries=DE,JP,TW,CH,US,KR,SE,IT"


@pytest.mark.parametrize("dataset", DATASETS)
def test_chokepoints_equal_the_command_line(cli, dataset):
    g = micgraph.load(DATA / dataset)
    products = g.products()
    result = g.chokepoints(order=2, min_cut=products[:1], cuttable="kinds=firm,facility,component")
    assert result.to_dict() == cli("chokepoints", f"data/{dataset}", "--order", 2, "--min-cut",
                                   products[0], "--cuttable", "kinds=firm,facility,component")


def test_chokepoints_frames(cli, cruise):
    result = cruise.chokepoints("kh-101", rank=WEST, min_cut="kh-101",
                                cuttable=WEST.replace("IT", "IT,CN,HK"))
    expected = cli("chokepoints", "data/cruise-missile-cnc.json", "--targets", "kh-101", "--rank",
                   WEST, "--min-cut", "kh-101", "--cuttable", WEST.replace("IT", "IT,CN,HK"))
    assert result.to_dict() == expected
    assert result.single_points["kh-101"][0] == expected["targets"][0]["single_points"][0]
    ranking = result.ranking
    assert list(ranking.columns) == ["kind", "country", "targets_stopped", "capacity_removed"]
    assert ranking.index[0] == expected["ranking"][0]["id"]
    assert set(ranking["country"]) <= {"DE", "JP", "TW", "CH", "US", "KR", "SE", "IT"}
    assert result.min_cuts[0]["cost"] == 2
    assert "hhi_firms" in result.concentration.columns
    assert len(result.bridges) == len(expected["bridges"])
    assert result.articulation_points == expected["articulation_points"]
    assert result.betweenness.index[0] == "ru-engine-plant"
    assert result.unavailable_targets == [] and result.cut_sets is None
    assert isinstance(result.warnings, list)
    assert "Single points of failure" in str(result)


def test_each_analysis_alone(cruise):
    everything = cruise.chokepoints(order=2, min_cut="kh-101")
    assert cruise.single_points() == everything.single_points
    assert cruise.ranking().equals(everything.ranking)
    assert cruise.pairs().equals(everything.pairs)
    assert cruise.concentration().equals(everything.concentration)
    structure = cruise.structure()
    assert structure["articulation_points"] == everything.articulation_points
    assert structure["bridges"].equals(everything.bridges)
    assert cruise.betweenness().equals(everything.betweenness)
    assert cruise.cheapest_cut("kh-101") == everything.min_cuts[0]
    sampled = cruise.betweenness(samples=16, seed=2)
    assert len(sampled) == cruise.node_count
    filtered = cruise.single_points(min_confidence=0.9, views=["western"])
    assert set(filtered) <= set(cruise.products())


def test_chokepoint_errors(cruise):
    with pytest.raises(micgraph.ScenarioError, match="did you mean 'kh-101'") as caught:
        cruise.chokepoints("kh101")
    assert caught.value.element == "targets"
    with pytest.raises(micgraph.ScenarioError) as caught:
        cruise.ranking(rank="kinds=missile")
    assert caught.value.element == "rank"
    with pytest.raises(micgraph.ScenarioError):
        cruise.chokepoints(views=["martian"])


def test_design_equals_the_command_line(cli, cruise):
    candidates = "countries=US,CH,DE,JP,TW,KR,SE,GB,NL"
    calls = []
    result = cruise.design(budget=3, scenario=BAN, cuttable=candidates, threads=2,
                           progress=lambda done, total: calls.append((done, total)))
    assert result.to_dict() == cli("design", "data/cruise-missile-cnc.json", "--budget", 3,
                                   "--scenario", "data/scenarios/g7-cnc-ban.json",
                                   "--cuttable", candidates)
    assert list(result.picks["cut"]) == ["us-ti", "de-dmg-mori", "jp-okuma"]
    assert calls and all(total == 3 for _, total in calls)
    edges = cruise.design("kh-101", budget=2, cut="edges", enforcement=0.9, exhaustive=True)
    assert " -> " in edges.picks["cut"][0]
    with pytest.raises(micgraph.ScenarioError):
        cruise.design(cut="plants")


def test_old_argument_names_still_work_with_a_warning(cruise):
    candidates = "countries=US,CH,DE,JP,TW,KR,SE,GB,NL"
    new = cruise.design(budget=2, scenario=BAN, cuttable=candidates)
    with pytest.warns(DeprecationWarning, match="'candidates' is now 'cuttable'"):
        old = cruise.design(budget=2, scenario=BAN, candidates=candidates)
    assert old.to_dict() == new.to_dict()
    with pytest.warns(DeprecationWarning, match="'candidates' is now 'max_candidates'"):
        old_ranking = cruise.ranking("kh-101", candidates=5)
    assert str(old_ranking) == str(cruise.ranking("kh-101", max_candidates=5))


def test_ownership_equals_the_command_line(cli, cruise):
    listed = "tags=sanctioned:us-sdn"
    result = cruise.ownership(listed, rule="eu", explain=cruise.products()[:1])
    assert result.to_dict() == cli("ownership", "data/cruise-missile-cnc.json", "--listed", listed,
                                   "--rule", "eu", "--explain", cruise.products()[0])
    assert list(result.blocked.columns) == ["kind", "country", "name", "hops", "listed"]
    with pytest.raises(micgraph.ScenarioError, match="ofac"):
        cruise.ownership(listed, rule="fatf")
    with pytest.raises(micgraph.ScenarioError, match="YYYY-MM-DD"):
        cruise.ownership(listed, as_of="yesterday")


def test_export_dot_and_svg(cruise, tmp_path):
    options = dict(focus="ru-missile-plant", depth=2, upstream=True, downstream=True,
                   scenario=BAN, chokepoints=True, cluster_by_country=True)
    dot = cruise.export(format="dot", **options)
    assert dot.startswith("digraph") or dot.startswith("strict digraph")
    assert dot == cruise.export(format="dot", **options)  # the same text every time
    path = tmp_path / "plant.dot"
    cruise.export(path, **options)
    assert path.read_text() == dot
    picture = cruise.picture(**options)
    assert "<svg" in picture._repr_svg_() and "ru&#45;missile&#45;plant" in picture.svg
    picture.save(tmp_path / "plant.svg")
    assert (tmp_path / "plant.svg").read_text() == picture.svg
    png = cruise.export(format="png", focus="kh-101", depth=1)
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG")
    graphml = cruise.export(tmp_path / "all.graphml")
    assert graphml is None and "<graphml" in (tmp_path / "all.graphml").read_text()
    back = micgraph.from_json(cruise.export(format="json", focus="kh-101", depth=1))
    assert "kh-101" in back


def test_export_errors(cruise, tmp_path):
    with pytest.raises(micgraph.ParseError, match="layout") as caught:
        cruise.export(format="svg", layout="spring")
    assert caught.value.element == "layout"
    with pytest.raises(micgraph.ParseError, match="max_nodes"):
        cruise.export(format="svg", max_nodes=10)
    with pytest.raises(micgraph.ParseError, match="format"):
        cruise.export(tmp_path / "plant.bmp")
    with pytest.raises(micgraph.ParseError, match="unknown format"):
        cruise.export(format="bmp")
    with pytest.raises(micgraph.ScenarioError, match="focus"):
        cruise.export(format="dot", focus="kh101")
