"""Scenarios and the analyses over them — impact, explanations, Monte Carlo, source views,
timeline — each equal to the command line's --json on the bundled datasets."""

import json

import numpy as np
import pytest

pytest.importorskip("pandas", reason="python3-pandas is not installed for this interpreter")

import micgraph
from conftest import DATA, PAIRS, SOURCE

BAN = DATA / "scenarios/g7-cnc-ban.json"


@pytest.mark.parametrize("dataset,scenario", PAIRS)
def test_impact_equals_the_command_line(cli, dataset, scenario):
    g = micgraph.load(DATA / dataset)
    s = micgraph.Scenario.load(DATA / "scenarios" / scenario)
    products = g.products()
    result = g.impact(s, explain=products)
    expected = cli("impact", f"data/{dataset}", "--scenario", f"data/scenarios/{scenario}",
                   *[a for p in products for a in ("--explain", p)])
    assert result.to_dict() == expected
    nodes = expected["nodes"]
    assert result.baseline.tolist() == [n["baseline"] for n in nodes]
    assert result.capacity.tolist() == [n["capacity"] for n in nodes]
    assert [n["id"] for n in nodes] == g.ids()


def test_impact_arrays_are_views(cruise):
    result = cruise.impact(BAN)
    for array in (result.baseline, result.capacity):
        assert array.dtype == np.float64 and array.shape == (cruise.node_count,)
        assert not array.flags.writeable and array.base is not None
    with pytest.raises(ValueError):
        result.capacity[0] = 1.0
    assert np.allclose(result.loss, result.baseline - result.capacity)
    frame = result.frame()
    assert frame.loc["kh-101", "capacity"] == pytest.approx(0.315)
    products = result.products
    assert list(products.index) == ["kh-101", "geran-2"]
    assert products.loc["kh-101", "loss"] == pytest.approx(0.685)
    assert result.total_loss == pytest.approx(0.685)
    assert result.attributed_to_country.loc["JP", "loss"] == pytest.approx(0.432, abs=1e-3)
    assert "service/cnc-spares" in result.attributed_to_category.index
    assert list(result.loss_by_country.index) == ["RU"]
    assert list(result.loss_by_category.index) == ["product/cruise-missile"]
    assert result.monte_carlo is None
    del cruise  # the result keeps what it needs alive
    assert result.capacity.sum() > 0


def test_result_outlives_its_graph():
    g = micgraph.load(DATA / "cruise-missile-cnc.json")
    capacity = g.impact(BAN).capacity
    del g
    import gc
    gc.collect()
    assert capacity[capacity.argmin()] >= 0.0


def test_explain_and_text(cruise):
    result = cruise.impact(BAN)
    why = result.explain("kh-101")
    text = str(why)
    assert text.startswith("  kh-101 (product, RU): 100.0% -> 31.5%")
    assert "cut by rule 1" in text
    nodes = why.to_list()
    assert nodes[0]["id"] == "kh-101" and nodes[0]["capacity"] == pytest.approx(0.315)
    assert not result.explain("geran-2") and "lost nothing" in str(result.explain("geran-2"))
    table = str(result)
    assert "Kh-101 air-launched cruise missile" in table and "31.5%" in table
    assert "1 more" in result.text(top=1)
    with pytest.raises(micgraph.ScenarioError, match="did you mean"):
        result.explain("kh101")


def test_monte_carlo_equals_the_command_line(cli, cruise):
    scenario = "data/scenarios/cruise-missile-cnc-g7-ban-uncertain.json"
    calls = []
    result = cruise.impact(SOURCE / scenario, samples=200, seed=3, threads=2,
                           progress=lambda done, total: calls.append((done, total)))
    assert result.to_dict() == cli("impact", "data/cruise-missile-cnc.json", "--scenario", scenario,
                                   "--samples", 200, "--seed", 3)
    assert calls[-1] == (200, 200)
    band = result.monte_carlo
    assert band.loc["kh-101", "p05"] <= band.loc["kh-101", "mean"] <= band.loc["kh-101", "p95"]
    alone = cruise.monte_carlo(SOURCE / scenario, samples=200, seed=3, threads=1, nodes=["kh-101"])
    assert list(alone.index) == ["kh-101"]
    assert alone.loc["kh-101", "mean"] == band.loc["kh-101", "mean"]


def test_compare_views_equals_the_command_line(cli):
    g = micgraph.load(DATA / "china-russia-cooperation.json")
    scenario = "data/scenarios/china-russia-cooperation-cn-export-halt.json"
    views = ["western", "russian", "chinese"]
    result = g.compare_views(SOURCE / scenario, views)
    assert result.to_dict() == cli("impact", "data/china-russia-cooperation.json", "--scenario",
                                   scenario, "--compare-views", ",".join(views))
    frame = result.frame()
    assert list(frame.columns) == [*views, "spread"]
    assert frame.index[0] == result.to_dict()["nodes"][0]["id"]
    assert "spread" in str(result)
    with pytest.raises(micgraph.ScenarioError) as caught:
        g.compare_views(SOURCE / scenario, ["martian"])
    assert caught.value.element == "views"


def test_timeline_equals_the_command_line(cli, cruise):
    calls = []
    result = cruise.timeline(BAN, months=36, progress=lambda done, total: calls.append(done))
    assert result.to_dict() == cli("timeline", "data/cruise-missile-cnc.json", "--scenario",
                                   "data/scenarios/g7-cnc-ban.json", "--months", 36)
    frame = result.frame()
    assert result.months == 36
    assert frame.shape == (37, 2) and frame.index.name == "month"
    assert set(frame.columns) == {"kh-101", "geran-2"}
    assert frame.loc[0, "kh-101"] == 1.0
    assert result.capacity.shape == (2, 37)
    assert result.first_month_below_half["kh-101"] == result.to_dict()["nodes"][
        result.nodes.index("kh-101")]["first_month_below_half"]
    assert result.to_csv().startswith("id,kind,month_0")
    assert result.picture()._repr_svg_().lstrip().startswith("<?xml") or "<svg" in result.picture().svg
    assert "below 50% from" in str(result)
    assert calls[-1] == 36
    one = cruise.timeline(BAN, months=3, nodes="kh-101", mean_life_months=18)
    assert one.nodes == ["kh-101"]


def test_scenarios_from_dict_and_files(cruise):
    s = micgraph.Scenario.from_dict({"name": "Fanuc out", "rules": [
        {"select": "nodes", "ids": ["cnc-fanuc"], "enforcement": np.float64(1.0)}]})
    assert s.name == "Fanuc out" and s.source == "<dict>"
    assert s.to_dict()["rules"][0]["ids"] == ["cnc-fanuc"]
    assert micgraph.Scenario.from_json(s.to_json()).to_dict() == s.to_dict()
    result = cruise.impact(s)
    assert result.capacity[cruise.index("cnc-fanuc")] == 0.0
    assert cruise.compile(s) is cruise.compile(s)  # compiled once per scenario
    compiled = cruise.compile(s)
    assert compiled.rule_hits == [1] and compiled.warnings == []
    alive = compiled.node_alive
    assert alive[cruise.index("cnc-fanuc")] == 0.0 and alive.sum() == cruise.node_count - 1
    assert "rule hits [1]" in repr(compiled)
    lonely = cruise.compile({"rules": [{"select": "nodes", "countries": ["FR"]}]})
    assert lonely.warnings and "FR" in lonely.warnings[0]
    assert "Scenario" in repr(micgraph.Scenario.load(BAN))
    same = cruise.impact({"rules": [{"select": "nodes", "ids": ["cnc-fanuc"]}]})
    assert same.capacity.tolist() == result.capacity.tolist()


def test_scenario_errors_name_the_file_and_field(cruise, tmp_path):
    with pytest.raises(micgraph.ScenarioError) as caught:
        micgraph.Scenario.from_dict({"rules": [{"select": "nodes", "idz": ["x"]}]})
    assert caught.value.file == "<dict>" and caught.value.element == "rules[0]"
    assert "idz" in str(caught.value)
    with pytest.raises(micgraph.ScenarioError) as caught:
        micgraph.Scenario.from_dict({"rules": [{"select": "nodes", "ids": ["x"],
                                                "enforcement": 2}]}, name="my cut")
    assert caught.value.file == "my cut" and caught.value.field == "enforcement"
    path = tmp_path / "typo.json"
    path.write_text(json.dumps({"rules": [{"select": "nodes", "ids": ["kh101"]}]}))
    with pytest.raises(micgraph.ScenarioError, match="unknown node id 'kh101'") as caught:
        cruise.impact(path)
    assert caught.value.file == str(path)
    with pytest.raises(micgraph.ScenarioError) as caught:
        micgraph.Scenario.load(SOURCE / "tests/data/bad-scenarios" / sorted(
            p.name for p in (SOURCE / "tests/data/bad-scenarios").iterdir())[0])
    assert caught.value.file.startswith(str(SOURCE / "tests/data/bad-scenarios"))
    with pytest.raises(micgraph.ScenarioError, match="cannot be written as JSON"):
        micgraph.Scenario.from_dict({"rules": [{"select": "nodes", "ids": [object()]}]})
    with pytest.raises(micgraph.ScenarioError, match="ranked_kinds"):
        cruise.impact(BAN, ranked_kinds=["missile"])
    with pytest.raises(TypeError):
        cruise.impact(42)
    assert issubclass(micgraph.ScenarioError, micgraph.ParseError)
    assert issubclass(micgraph.ParseError, micgraph.Error) and issubclass(micgraph.Error, ValueError)
