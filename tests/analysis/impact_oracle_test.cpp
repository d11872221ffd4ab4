// Capacity propagation against a brute-force oracle written from DESIGN §2 alone: slots grouped
// from the edge fields, rules selected node by node, capacities relaxed from zero until nothing
// moves. Plus properties (monotone in cuts) and hand cases from the seeds.

#include <fnmatch.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/scenario.hpp>
#include <random>
#include <set>

#include "support/graph_queries.hpp"
#include "support/random_graph.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_impact_oracle_test_cases {

namespace {

// ---- the oracle

bool oracle_node_matches(const graph& g, node_index v, const node_filter& f) {
  node_view node = g.node(v);
  if (!f.ids.empty() && std::find(f.ids.begin(), f.ids.end(), node.id()) == f.ids.end())
    return false;
  if (!f.kinds.empty() && std::find(f.kinds.begin(), f.kinds.end(), node.kind()) == f.kinds.end())
    return false;
  if (!f.countries.empty() &&
      std::find(f.countries.begin(), f.countries.end(), node.country()) == f.countries.end())
    return false;
  if (!f.categories.empty()) {
    bool any = false;
    for (const std::string& glob : f.categories)
      any = any || fnmatch(glob.c_str(), std::string(node.category()).c_str(), 0) == 0;
    if (!any) return false;
  }
  if (!f.tags.empty()) {
    bool any = false;
    for (std::string_view tag : node.tags())
      any = any || std::find(f.tags.begin(), f.tags.end(), tag) != f.tags.end();
    if (!any) return false;
  }
  return true;
}

struct oracle_result {
  std::vector<double> baseline, capacity;
};

std::vector<double> oracle_relax(const graph& g, const std::vector<double>& alive,
                                 const std::vector<double>& live) {
  const std::size_t n = g.node_count();
  // Slots straight from the rule: same input -> one slot; produces/supplies without input ->
  // one provider slot; every other dependency edge is a slot of its own.
  std::vector<std::map<std::string, std::vector<edge_index>>> slots(n);
  for (edge_index e : g.edges()) {
    edge_view edge = g.edge(e);
    if (!is_dependency(edge.kind())) continue;
    std::string key = !edge.input().empty()
                          ? "input " + std::string(edge.input())
                          : (edge.kind() == edge_kind::produces || edge.kind() == edge_kind::supplies)
                                ? "providers"
                                : "own " + std::to_string(e);
    slots[edge.target()][key].push_back(e);
  }
  std::vector<double> cap(n, 0.0);
  for (int sweep = 0; sweep < 200000; ++sweep) {
    double moved = 0;
    std::vector<double> next(n);
    for (node_index v = 0; v < n; ++v) {
      double value = 1.0;
      for (const auto& [key, edges] : slots[v]) {
        double sum = 0;
        for (edge_index e : edges)
          sum += g.edge(e).share() * g.edge(e).quality() * live[e] * cap[g.edge(e).source()];
        value = std::min(value, std::min(1.0, sum));
      }
      next[v] = alive[v] * value;
      moved = std::max(moved, std::abs(next[v] - cap[v]));
    }
    cap = next;  // Jacobi sweeps: independent of the engine's Gauss–Seidel order
    if (moved <= 1e-15) break;
  }
  return cap;
}

oracle_result oracle(const graph& g, const scenario& s) {
  const std::size_t n = g.node_count(), m = g.edge_count();
  std::vector<double> present(m, 1.0), alive(n, 1.0), cut(m, 1.0);
  for (edge_index e : g.edges()) {
    edge_view edge = g.edge(e);
    bool view_ok = edge.view().empty() || s.views.empty() ||
                   std::find(s.views.begin(), s.views.end(), edge.view()) != s.views.end();
    present[e] = edge.confidence() >= s.min_confidence && view_ok ? 1.0 : 0.0;
  }
  for (const scenario_rule& rule : s.rules) {
    const double keep = 1.0 - rule.enforcement;
    if (rule.select == scenario_rule::selection::nodes) {
      std::set<node_index> hit;
      for (node_index v : g.nodes())
        if (oracle_node_matches(g, v, rule.nodes)) hit.insert(v);
      for (bool grew = static_cast<bool>(rule.with_owned); grew;) {
        grew = false;
        for (edge_index e : g.edges())
          if (g.edge(e).kind() == edge_kind::owns && hit.count(g.edge(e).source()) &&
              hit.insert(g.edge(e).target()).second)
            grew = true;
      }
      for (node_index v : hit) alive[v] *= keep;
    } else {
      for (edge_index e : g.edges()) {
        edge_view edge = g.edge(e);
        if (!is_dependency(edge.kind())) continue;
        if (!rule.kinds.empty() &&
            std::find(rule.kinds.begin(), rule.kinds.end(), edge.kind()) == rule.kinds.end())
          continue;
        if (!rule.categories.empty()) {
          bool any = false;
          for (const std::string& glob : rule.categories)
            any = any || fnmatch(glob.c_str(), std::string(g.node(edge.source()).category()).c_str(), 0) == 0;
          if (!any) continue;
        }
        if (!oracle_node_matches(g, edge.source(), rule.from) ||
            !oracle_node_matches(g, edge.target(), rule.to))
          continue;
        cut[e] *= keep;
      }
    }
  }
  std::vector<double> live(m);
  for (edge_index e = 0; e < m; ++e) live[e] = present[e] * cut[e];
  return {oracle_relax(g, std::vector<double>(n, 1.0), present), oracle_relax(g, alive, live)};
}

// ---- random scenarios over a graph's own vocabulary

scenario random_scenario(const graph& g, std::uint64_t seed) {
  std::mt19937_64 rng(seed * 7919 + 13);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto random_filter = [&]() {
    node_filter f;
    switch (pick(6)) {
      case 0: f.ids.emplace_back(g.node(static_cast<node_index>(pick(g.node_count()))).id()); break;
      case 1: f.kinds.push_back(static_cast<node_kind>(pick(node_kind_count))); break;
      case 2: f.countries = {"DE", "JP", "TW"}; break;
      case 3: f.categories = {chance(0.5) ? "component/*" : "*/c[01]"}; break;
      case 4: f.tags = {"dual_use", "sanctioned:us-sdn"}; break;
      default: break;  // empty: any node
    }
    return f;
  };
  scenario s;
  if (chance(0.3)) s.min_confidence = static_cast<double>(pick(11)) / 10.0;
  if (chance(0.3)) {
    for (std::size_t i = 1; i < g.views().size(); ++i)
      if (chance(0.5)) s.views.push_back(g.views()[i]);
  }
  const double enforcements[] = {0.0, 0.5, 0.9, 1.0};
  for (std::size_t r = pick(5); r > 0; --r) {
    scenario_rule rule;
    rule.enforcement = chance(0.8) ? enforcements[pick(4)]
                                   : std::uniform_real_distribution<double>(0, 1)(rng);
    if (chance(0.5)) {
      rule.select = scenario_rule::selection::nodes;
      rule.nodes = random_filter();
      if (rule.nodes.empty()) rule.nodes.kinds.push_back(node_kind::firm);
      rule.with_owned = chance(0.4);
    } else {
      rule.select = scenario_rule::selection::edges;
      rule.from = random_filter();
      if (chance(0.5)) rule.to = random_filter();
      if (chance(0.4)) rule.kinds = {edge_kind::tooling, edge_kind::services, edge_kind::supplies};
      if (chance(0.3)) rule.categories = {"machine_tool/*", "service/*", "firm/c?"};
    }
    s.rules.push_back(std::move(rule));
  }
  return s;
}

graph random_test_graph(std::uint64_t seed) {
  return micgraph::testing::random_graph(
      seed, {.back_edge_fraction = 0.05 + 0.25 * static_cast<double>(seed % 5) / 4.0});
}

}  // namespace

TEST(ImpactOracle, EngineAgreesWithBruteForceOnRandomGraphsAndScenarios) {
  std::size_t graphs = 0, nodes = 0, cut_nodes = 0, cyclic = 0;
  for (std::uint64_t seed = 1; seed <= 2500; ++seed) {
    graph g = random_test_graph(seed);
    scenario s = random_scenario(g, seed);
    compiled_scenario compiled = compile(g, s);
    impact_result result = impact(g, compiled, {.attribute = false});
    oracle_result expected = oracle(g, s);
    for (node_index v : g.nodes()) {
      ASSERT_NEAR(result.baseline[v], expected.baseline[v], 1e-9) << "seed " << seed << " node " << g.node(v).id();
      ASSERT_NEAR(result.capacity[v], expected.capacity[v], 1e-9) << "seed " << seed << " node " << g.node(v).id();
      cut_nodes += result.capacity[v] < result.baseline[v] - 1e-12;
    }
    cyclic += has_cycle(g);
    ++graphs;
    nodes += g.node_count();
  }
  RecordProperty("graphs", static_cast<int>(graphs));
  RecordProperty("nodes", static_cast<int>(nodes));
  std::printf("oracle agreement: %zu graphs (%zu with cycles), %zu nodes, %zu nodes lost capacity\n",
              graphs, cyclic, nodes, cut_nodes);
  EXPECT_GE(graphs, 2000u);
  EXPECT_GT(cyclic, 500u);
  EXPECT_GT(cut_nodes, nodes / 20);
}

TEST(ImpactOracle, CuttingMoreNeverRaisesCapacity) {
  for (std::uint64_t seed = 1; seed <= 600; ++seed) {
    graph g = random_test_graph(seed);
    scenario s = random_scenario(g, seed);
    std::vector<double> before = scenario_capacity(g, compile(g, s));
    // One more rule.
    scenario more = s;
    scenario extra = random_scenario(g, seed + 100000);
    more.rules.push_back(extra.rules.empty()
                             ? scenario_rule{.nodes = {.kinds = {node_kind::service}}}
                             : extra.rules.front());
    std::vector<double> after = scenario_capacity(g, compile(g, more));
    // Every rule enforced harder.
    scenario harder = s;
    for (scenario_rule& rule : harder.rules) rule.enforcement = std::min(1.0, rule.enforcement + 0.3);
    std::vector<double> hardest = scenario_capacity(g, compile(g, harder));
    for (node_index v : g.nodes()) {
      ASSERT_LE(after[v], before[v] + 1e-12) << seed;
      ASSERT_LE(hardest[v], before[v] + 1e-12) << seed;
      ASSERT_GE(before[v], 0.0);
      ASSERT_LE(before[v], 1.0 + 1e-12);
    }
  }
}

TEST(ImpactOracle, NoEnforcementAndNoRulesMeanNoLoss) {
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    graph g = random_test_graph(seed);
    scenario s = random_scenario(g, seed);
    for (scenario_rule& rule : s.rules) rule.enforcement = 0.0;
    impact_result zero = impact(g, compile(g, s));
    scenario empty{.min_confidence = s.min_confidence, .views = s.views};
    impact_result none = impact(g, compile(g, empty));
    for (node_index v : g.nodes()) {
      ASSERT_EQ(zero.loss(v), 0.0) << seed;
      ASSERT_EQ(none.loss(v), 0.0) << seed;
      ASSERT_EQ(zero.baseline[v], none.baseline[v]);  // the baseline ignores the rules
    }
  }
}

// ---- hand cases from the seeds

namespace {

// A Russian missile plant: `machining` met by German (share 0.6), Japanese (share 0.4) and
// Chinese (share 0.5, quality 0.4) 5-axis centres; controller software support for the German
// centres; FPGAs through a Hong Kong distributor that owns a Shenzhen trading company.
graph seed_chain() {
  graph_builder b;
  for (auto [id, kind, country] : std::initializer_list<std::tuple<const char*, node_kind, const char*>>{
           {"de-maker", node_kind::firm, "DE"},        {"jp-maker", node_kind::firm, "JP"},
           {"cn-maker", node_kind::firm, "CN"},        {"de-5axis", node_kind::machine_tool, "DE"},
           {"jp-5axis", node_kind::machine_tool, "JP"}, {"cn-5axis", node_kind::machine_tool, "CN"},
           {"software", node_kind::service, "DE"},     {"plant", node_kind::facility, "RU"},
           {"us-maker", node_kind::firm, "US"},        {"fpga", node_kind::component, "US"},
           {"hk-distributor", node_kind::firm, "HK"},  {"sz-subsidiary", node_kind::firm, "CN"},
           {"channel", node_kind::service, "RU"},      {"missile", node_kind::product, "RU"}})
    b.add_node(id, {.kind = kind, .country = country});
  b.add_edge("de-maker", "de-5axis", {.kind = edge_kind::produces});
  b.add_edge("jp-maker", "jp-5axis", {.kind = edge_kind::produces});
  b.add_edge("cn-maker", "cn-5axis", {.kind = edge_kind::produces});
  b.add_edge("de-maker", "software", {.kind = edge_kind::produces});
  b.add_edge("software", "de-5axis", {.kind = edge_kind::services});
  b.add_edge("de-5axis", "plant", {.kind = edge_kind::tooling, .input = "machining", .share = 0.6});
  b.add_edge("jp-5axis", "plant", {.kind = edge_kind::tooling, .input = "machining", .share = 0.4});
  b.add_edge("cn-5axis", "plant",
             {.kind = edge_kind::tooling, .input = "machining", .share = 0.5, .quality = 0.4});
  b.add_edge("us-maker", "fpga", {.kind = edge_kind::produces});
  b.add_edge("hk-distributor", "channel", {.kind = edge_kind::supplies, .share = 0.7});
  b.add_edge("sz-subsidiary", "channel", {.kind = edge_kind::supplies, .share = 0.4});
  b.add_edge("hk-distributor", "sz-subsidiary", {.kind = edge_kind::owns});
  b.add_edge("channel", "plant", {.kind = edge_kind::services});
  b.add_edge("fpga", "missile", {.kind = edge_kind::component_of});
  b.add_edge("plant", "missile", {.kind = edge_kind::produces});
  return b.freeze();
}

double capacity_of(const graph& g, const scenario& s, const char* id) {
  return scenario_capacity(g, compile(g, s))[g.find(id)];
}

}  // namespace

TEST(ImpactHandCases, MachineToolBanAtNinetyPercent) {
  graph g = seed_chain();
  // Ban German and Japanese tooling edges at 90%: machining gets
  // 0.6*0.1 + 0.4*0.1 + 0.5*0.4 = 0.06 + 0.04 + 0.20 = 0.30; the channel is untouched (1.0);
  // the plant and the missile fall to 0.30.
  scenario ban{.rules = {{.select = scenario_rule::selection::edges,
                          .from = {.countries = {"DE", "JP"}},
                          .kinds = {edge_kind::tooling},
                          .enforcement = 0.9}}};
  EXPECT_NEAR(capacity_of(g, ban, "plant"), 0.30, 1e-12);
  EXPECT_NEAR(capacity_of(g, ban, "missile"), 0.30, 1e-12);
  EXPECT_NEAR(capacity_of(g, ban, "de-5axis"), 1.0, 1e-12);  // the machines exist; their use is cut
}

TEST(ImpactHandCases, SoftwareSupportCut) {
  graph g = seed_chain();
  // No controller software: the German centres stop (their services slot is dry), machining
  // gets 0.4 + 0.2 = 0.6, so the plant and the missile run at 60%.
  scenario cut{.rules = {{.select = scenario_rule::selection::nodes, .nodes = {.ids = {"software"}}}}};
  EXPECT_NEAR(capacity_of(g, cut, "de-5axis"), 0.0, 1e-12);
  EXPECT_NEAR(capacity_of(g, cut, "missile"), 0.6, 1e-12);
}

TEST(ImpactHandCases, EntityListingWithOwnedSubsidiaries) {
  graph g = seed_chain();
  // Listing the Hong Kong distributor alone leaves its Shenzhen subsidiary: channel
  // min(1, 0.4) = 0.4. With `with_owned` the subsidiary goes too and the channel runs dry.
  scenario alone{.rules = {{.nodes = {.ids = {"hk-distributor"}}}}};
  scenario owned{.rules = {{.nodes = {.ids = {"hk-distributor"}}, .with_owned = true}}};
  EXPECT_NEAR(capacity_of(g, alone, "channel"), 0.4, 1e-12);
  EXPECT_NEAR(capacity_of(g, alone, "missile"), 0.4, 1e-12);
  EXPECT_NEAR(capacity_of(g, owned, "missile"), 0.0, 1e-12);
  // At 50% enforcement with owned: each supplier keeps half: 0.7*0.5 + 0.4*0.5 = 0.55.
  scenario half{.rules = {{.nodes = {.ids = {"hk-distributor"}}, .with_owned = true, .enforcement = 0.5}}};
  EXPECT_NEAR(capacity_of(g, half, "missile"), 0.55, 1e-12);
}

TEST(ImpactHandCases, CyclesConvergeToTheLeastFixpoint) {
  // A toolmaker needing its own machines: x = min(1, 0.5 + 0.5 x) has least fixpoint 1; with
  // quality 0.5 on the loop, x = 0.5 + 0.25 x gives 2/3; with no outside supply, 0.
  auto loop = [](double outside_share, double loop_quality) {
    graph_builder b;
    b.add_node("importer", {.kind = node_kind::firm});
    b.add_node("toolmaker", {.kind = node_kind::firm});
    b.add_node("machines", {.kind = node_kind::machine_tool});
    if (outside_share > 0)
      b.add_edge("importer", "machines", {.kind = edge_kind::supplies, .share = outside_share});
    b.add_edge("toolmaker", "machines", {.kind = edge_kind::produces, .share = 0.5, .quality = loop_quality});
    b.add_edge("machines", "toolmaker", {.kind = edge_kind::tooling});
    graph g = b.freeze();
    return baseline_capacity(g, compile_baseline(g))[g.find("machines")];
  };
  EXPECT_NEAR(loop(0.5, 1.0), 1.0, 1e-12);
  EXPECT_NEAR(loop(0.5, 0.5), 2.0 / 3.0, 1e-12);
  EXPECT_EQ(loop(0.0, 1.0), 0.0);
}

TEST(ImpactHandCases, EvidenceFiltersApplyToBaselineAndScenario) {
  graph_builder b;
  b.add_node("cn-exporter", {.kind = node_kind::firm, .country = "CN"});
  b.add_node("cn-5axis", {.kind = node_kind::machine_tool, .country = "CN"});
  b.add_edge("cn-exporter", "cn-5axis", {.kind = edge_kind::supplies, .confidence = 0.8, .view = "western"});
  b.add_edge("cn-exporter", "cn-5axis", {.kind = edge_kind::supplies, .share = 0.3, .confidence = 0.3, .view = "russian"});
  graph g = b.freeze();
  // Western sources see the full supply; Russian sources a third of it, and only if weakly
  // evidenced links count.
  auto under = [&](scenario s) { return baseline_capacity(g, compile(g, s))[g.find("cn-5axis")]; };
  EXPECT_EQ(under({.views = {"western"}}), 1.0);
  EXPECT_NEAR(under({.views = {"russian"}}), 0.3, 1e-12);
  EXPECT_EQ(under({.min_confidence = 0.5, .views = {"russian"}}), 0.0);
}

TEST(ImpactExplain, TracesTheLossBackToTheRule) {
  graph g = seed_chain();
  scenario s{.name = "software cut",
             .rules = {{.select = scenario_rule::selection::nodes, .name = "controller software",
                        .nodes = {.ids = {"software"}}}}};
  compiled_scenario compiled = compile(g, s);
  impact_result result = impact(g, compiled);
  explanation why = explain(g, compiled, result, g.find("missile"));
  ASSERT_GE(why.nodes.size(), 4u);
  // missile <- plant (providers slot) <- de-5axis (machining slot) <- software (cut by rule 0).
  EXPECT_EQ(g.node(why.nodes[0].node).id(), "missile");
  ASSERT_EQ(why.nodes[0].slots.size(), 1u);
  EXPECT_EQ(g.slot_name(why.nodes[0].slots[0].slot), "providers");
  EXPECT_TRUE(why.nodes[0].slots[0].binding);
  const explained_node& plant = why.nodes[why.nodes[0].slots[0].edges[0].source_cause];
  EXPECT_EQ(g.node(plant.node).id(), "plant");
  ASSERT_EQ(plant.slots.size(), 1u);
  EXPECT_EQ(g.slot_name(plant.slots[0].slot), "machining");
  EXPECT_NEAR(plant.slots[0].value, 0.6, 1e-12);
  ASSERT_EQ(plant.slots[0].edges.size(), 1u);  // only the German centres' edge lost anything
  const explained_node& german = why.nodes[plant.slots[0].edges[0].source_cause];
  EXPECT_EQ(g.node(german.node).id(), "de-5axis");
  const explained_node& software = why.nodes[german.slots[0].edges[0].source_cause];
  EXPECT_EQ(g.node(software.node).id(), "software");
  EXPECT_EQ(software.rules, std::vector<std::uint32_t>{0});
  EXPECT_EQ(software.alive, 0.0);
  // Deterministic, and empty for a node that lost nothing.
  explanation again = explain(g, compiled, result, g.find("missile"));
  ASSERT_EQ(again.nodes.size(), why.nodes.size());
  for (std::size_t i = 0; i < why.nodes.size(); ++i) EXPECT_EQ(again.nodes[i].node, why.nodes[i].node);
  EXPECT_TRUE(explain(g, compiled, result, g.find("fpga")).nodes.empty());
}

TEST(ImpactAggregates, LossesByCountryAndAttribution) {
  graph g = seed_chain();
  scenario s{.rules = {{.select = scenario_rule::selection::edges,
                        .from = {.countries = {"DE", "JP"}},
                        .kinds = {edge_kind::tooling},
                        .enforcement = 0.9}}};
  impact_result r = impact(g, compile(g, s));
  ASSERT_EQ(r.ranked.size(), 1u);  // one product
  EXPECT_NEAR(r.total_loss, 0.7, 1e-12);
  ASSERT_EQ(r.loss_by_country.size(), 1u);
  EXPECT_EQ(r.loss_by_country[0].key, "RU");
  // German cuts alone: 0.06 + 0.4 + 0.2 = 0.66 -> loss 0.34; Japanese alone: 0.6 + 0.04 + 0.2
  // = 0.84 -> loss 0.16.
  ASSERT_EQ(r.attributed_to_country.size(), 2u);
  EXPECT_EQ(r.attributed_to_country[0].key, "DE");
  EXPECT_NEAR(r.attributed_to_country[0].loss, 0.34, 1e-12);
  EXPECT_EQ(r.attributed_to_country[1].key, "JP");
  EXPECT_NEAR(r.attributed_to_country[1].loss, 0.16, 1e-12);
}

TEST(ImpactAggregates, SharedBaselineGivesTheSameResult) {
  // One baseline computed once serves every scenario with the same evidence filters.
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    graph g = random_test_graph(seed);
    scenario s = random_scenario(g, seed);
    compiled_scenario compiled = compile(g, s);
    std::vector<double> shared = baseline_capacity(g, compiled);
    impact_result own = impact(g, compiled);
    impact_result reused = impact(g, compiled, {.baseline = shared});
    // Bit for bit: the fused traversal takes exactly the steps of separate propagations.
    ASSERT_EQ(own.baseline, reused.baseline) << seed;
    ASSERT_EQ(own.capacity, scenario_capacity(g, compiled)) << seed;
    ASSERT_EQ(own.capacity, reused.capacity) << seed;
    ASSERT_EQ(own.ranked, reused.ranked) << seed;
    ASSERT_EQ(own.total_loss, reused.total_loss) << seed;
  }
  graph g = seed_chain();
  std::vector<double> wrong(g.node_count() - 1, 1.0);
  EXPECT_THROW(impact(g, compile_baseline(g), {.baseline = wrong}), error);
}

// Attribution: each country's and category's counterfactual is evaluated incrementally from the
// baseline; it must equal, bit for bit, a whole propagation with only that group's multipliers
// (the node rules hitting the group's nodes, the edge rules hitting edges from its suppliers).
TEST(ImpactOracle, AttributionEqualsAWholePropagationPerGroup) {
  std::size_t groups = 0, groups_with_loss = 0;
  for (std::uint64_t seed = 1; seed <= 1500; ++seed) {
    graph g = random_test_graph(seed);
    compiled_scenario s = compile(g, random_scenario(g, seed));
    impact_result result = impact(g, s);
    std::vector<bool> ranked(g.node_count(), false);
    for (node_index v : result.ranked) ranked[v] = true;
    auto expected_loss = [&](auto in_group) {
      std::vector<double> alive(g.node_count(), 1.0);
      for (const auto& hit : s.node_hits())
        if (in_group(hit.element))
          alive[hit.element] *= 1.0 - s.definition().rules[hit.rule].enforcement;
      std::vector<double> weights(s.baseline_weights().begin(), s.baseline_weights().end());
      const auto order = g.in_edge_order();
      for (std::size_t p = 0; p < order.size(); ++p)
        if (s.edge_cut(order[p]) != 1.0 && in_group(g.edge_sources()[order[p]]))
          weights[p] = s.scenario_weights()[p];
      std::vector<double> cap = propagate(g, alive, weights);
      loss_aggregate out;
      for (node_index v : g.nodes())
        if (ranked[v] && result.baseline[v] - cap[v] > 1e-12) {
          out.loss += result.baseline[v] - cap[v];
          ++out.nodes;
        }
      return out;
    };
    auto check = [&](const std::vector<loss_aggregate>& found, auto key_of, const char* what) {
      for (const loss_aggregate& group : found) {
        loss_aggregate expected =
            expected_loss([&](node_index v) { return key_of(v) == group.key; });
        ASSERT_EQ(group.loss, expected.loss) << "seed " << seed << " " << what << " " << group.key;
        ASSERT_EQ(group.nodes, expected.nodes) << "seed " << seed << " " << what << " " << group.key;
        ++groups;
        groups_with_loss += group.loss > 0.0;
      }
      // Groups left out lost nothing.
      for (node_index v : g.nodes()) {
        const std::string key(key_of(v));
        bool listed = false;
        for (const loss_aggregate& group : found) listed = listed || group.key == key;
        if (!listed) {
          ASSERT_EQ(expected_loss([&](node_index u) { return key_of(u) == key; }).nodes, 0u)
              << "seed " << seed << " " << what << " " << key;
        }
      }
    };
    check(result.attributed_to_country, [&](node_index v) { return g.node(v).country(); },
          "country");
    check(result.attributed_to_category, [&](node_index v) { return g.node(v).category(); },
          "category");
  }
  std::printf("attribution: %zu groups checked, %zu with a loss\n", groups, groups_with_loss);
  EXPECT_GT(groups_with_loss, 1000u);
}

}  // namespace analysis_impact_oracle_test_cases
