// Choosing nodes (selection.hpp): the filter language, matching, id resolution with
// suggestions and the default targets, against hand cases and a brute-force matcher on random
// graphs.

#include <gtest/gtest.h>

#include <algorithm>
#include <micgraph/builder.hpp>
#include <micgraph/scenario.hpp>
#include <micgraph/selection.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/random_graph.hpp"

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace selection_test_cases {

namespace {

graph small_supply_chain() {
  graph_builder b;
  b.add_node("de-dmg-mori", {.kind = node_kind::firm, .country = "DE",
                             .category = "firm/machine-tool-maker", .tags = {"western"}});
  b.add_node("jp-fanuc", {.kind = node_kind::firm, .country = "JP",
                          .category = "firm/cnc-supplier", .tags = {"western", "dual_use"}});
  b.add_node("cn-tooling", {.kind = node_kind::firm, .country = "CN", .category = "firm/tooling"});
  b.add_node("mt-5axis", {.kind = node_kind::machine_tool, .category = "machine_tool/5-axis"});
  b.add_node("ru-missile-plant", {.kind = node_kind::facility, .country = "RU"});
  b.add_node("kh-101", {.kind = node_kind::product, .country = "RU"});
  b.add_node("geran-2", {.kind = node_kind::product, .country = "RU"});
  b.add_edge("de-dmg-mori", "mt-5axis", {.kind = edge_kind::produces});
  b.add_edge("mt-5axis", "ru-missile-plant", {.kind = edge_kind::tooling});
  b.add_edge("ru-missile-plant", "kh-101", {.kind = edge_kind::produces});
  return b.freeze();
}

std::vector<std::string> ids_of(const graph& g, const std::vector<node_index>& nodes) {
  std::vector<std::string> out;
  for (node_index v : nodes) out.emplace_back(g.node(v).id());
  return out;
}

}  // namespace

TEST(NodeFilterText, ParsesEveryFieldAndTheSingularNames) {
  node_filter f = parse_node_filter(
      "ids=a,b;kind=firm,product;countries=DE,JP;category=machine_tool/*;tags=dual_use");
  EXPECT_EQ(f.ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(f.kinds, (std::vector<node_kind>{node_kind::firm, node_kind::product}));
  EXPECT_EQ(f.countries, (std::vector<std::string>{"DE", "JP"}));
  EXPECT_EQ(f.categories, (std::vector<std::string>{"machine_tool/*"}));
  EXPECT_EQ(f.tags, (std::vector<std::string>{"dual_use"}));
  // Empty terms and values are skipped; repeated fields add up.
  node_filter g = parse_node_filter(";countries=DE,,JP;;countries=TW;");
  EXPECT_EQ(g.countries, (std::vector<std::string>{"DE", "JP", "TW"}));
}

TEST(NodeFilterText, BadTextIsAScenarioErrorNamingThePlace) {
  for (const char* text : {"", ";", "countries", "countries=", "kinds=spaceship", "countries=de",
                           "countries=DEU", "colour=red"}) {
    try {
      parse_node_filter(text, "--cuttable");
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const scenario_error& e) {
      EXPECT_EQ(e.where().element, "--cuttable") << text;
      EXPECT_NE(std::string(e.what()).find("--cuttable: "), std::string::npos) << e.what();
      EXPECT_NE(e.problem().find("expected field=value"), std::string::npos) << e.problem();
    }
  }
}

TEST(Selection, SelectsByEveryFieldInNodeOrder) {
  graph g = small_supply_chain();
  std::vector<std::string> warnings;
  auto select = [&](const char* text) {
    return ids_of(g, select_nodes(g, parse_node_filter(text), "filter", warnings));
  };
  const std::vector<std::string> products = select("kinds=product");
  EXPECT_EQ(products.size(), 2u);
  EXPECT_TRUE(std::find(products.begin(), products.end(), "kh-101") != products.end());
  EXPECT_EQ(select("countries=DE,JP;kinds=firm").size(), 2u);
  EXPECT_EQ(select("categories=firm/*-maker"), (std::vector<std::string>{"de-dmg-mori"}));
  EXPECT_EQ(select("tags=dual_use"), (std::vector<std::string>{"jp-fanuc"}));
  // An id listed twice is selected once.
  EXPECT_EQ(select("ids=jp-fanuc,jp-fanuc"), (std::vector<std::string>{"jp-fanuc"}));
  EXPECT_TRUE(warnings.empty());
  // A country no node has: a warning, and nothing matches.
  EXPECT_TRUE(select("countries=US").empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "filter.countries: no node has any of US");
  EXPECT_THROW(select("ids=no-such-node"), scenario_error);
}

TEST(Selection, MatchesABruteForceReadingOnRandomGraphs) {
  const char* countries[] = {"RU", "CN", "DE", "JP", "US"};
  const char* tags[] = {"dual_use", "western", "sanctioned:us-sdn"};
  std::size_t checked = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    graph g = micgraph::testing::random_graph(seed);
    std::mt19937_64 rng(seed);
    node_filter f;
    if (rng() % 2) f.kinds = {static_cast<node_kind>(rng() % node_kind_count)};
    if (rng() % 2) f.countries = {countries[rng() % 5], countries[rng() % 5]};
    if (rng() % 3 == 0) f.tags = {tags[rng() % 3]};
    if (rng() % 3 == 0) f.categories = {"firm/*", "component/c[0-1]"};
    if (f.empty()) f.kinds = {node_kind::firm};
    std::vector<std::string> warnings;
    std::vector<node_index> selected = select_nodes(g, f, "filter", warnings);
    std::vector<node_index> expected;
    for (node_index v : g.nodes()) {
      node_view n = g.node(v);
      bool ok = true;
      if (!f.kinds.empty())
        ok = ok && std::find(f.kinds.begin(), f.kinds.end(), n.kind()) != f.kinds.end();
      if (!f.countries.empty())
        ok = ok && std::find(f.countries.begin(), f.countries.end(), n.country()) != f.countries.end();
      if (!f.categories.empty()) {
        bool any = false;
        for (const std::string& glob : f.categories) any = any || glob_match(glob, n.category());
        ok = ok && any;
      }
      if (!f.tags.empty()) {
        bool any = false;
        for (std::string_view tag : n.tags())
          any = any || std::find(f.tags.begin(), f.tags.end(), tag) != f.tags.end();
        ok = ok && any;
      }
      if (ok) expected.push_back(v);
    }
    ASSERT_EQ(selected, expected) << "seed " << seed;
    checked += expected.size();
  }
  EXPECT_GT(checked, 500u);
}

TEST(Selection, UnknownIdsSuggestTheClosestOne) {
  graph g = small_supply_chain();
  const std::vector<std::string> ids = {"kh-101", "jp-fanuk"};
  try {
    resolve_ids(g, ids, "--targets", "missiles.json");
    FAIL() << "accepted an unknown id";
  } catch (const scenario_error& e) {
    EXPECT_STREQ(e.what(),
                 "--targets: unknown node id 'jp-fanuk' in missiles.json (did you mean 'jp-fanuc'?)");
  }
  // Nothing close: no suggestion.
  const std::vector<std::string> far = {"zzzzzzzzzzzz"};
  try {
    resolve_ids(g, far, "--focus");
    FAIL();
  } catch (const scenario_error& e) {
    EXPECT_STREQ(e.what(), "--focus: unknown node id 'zzzzzzzzzzzz'");
  }
  EXPECT_EQ(similar_ids(g, "kh101", 2), (std::vector<std::string>{"kh-101"}));
  EXPECT_EQ(detail::edit_distance("kitten", "sitting", 10), 3u);
  EXPECT_GT(detail::edit_distance("a", "abcdefgh", 2), 2u);
}

TEST(Selection, TargetsDefaultToEveryProduct) {
  graph g = small_supply_chain();
  EXPECT_EQ(ids_of(g, select_targets(g, {}, "--targets")),
            ids_of(g, product_nodes(g)));
  EXPECT_EQ(product_nodes(g).size(), 2u);
  const std::vector<std::string> one = {"geran-2"};
  EXPECT_EQ(ids_of(g, select_targets(g, one, "--targets")), one);
  std::vector<std::string> warnings;
  std::vector<std::uint8_t> mask =
      node_mask(g, parse_named_filter("countries=RU", "--rank"), warnings);
  EXPECT_EQ(std::count(mask.begin(), mask.end(), 1), 3);
  EXPECT_EQ(parse_named_filter("countries=RU", "--rank").text, "countries=RU");
}

// A compiled scenario keeps the cut multipliers of the hit edges only and no presence flags when
// no edge is filtered: read edge by edge, they are what the rules say, multiplied in rule order.
TEST(CompiledScenario, EdgeCutsAndPresenceAreTheRulesReadEdgeByEdge) {
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    const graph g = random_graph(seed);
    std::mt19937_64 rng(seed * 977 + 3);
    scenario s;
    if (rng() % 2 == 0) s.min_confidence = static_cast<double>(rng() % 11) / 10;
    if (rng() % 4 == 0 && g.view_id("western") != no_index) s.views = {"western"};
    const int rules = static_cast<int>(rng() % 5);
    for (int r = 0; r < rules; ++r) {
      scenario_rule rule;
      rule.select = scenario_rule::selection::edges;
      rule.enforcement = static_cast<double>(rng() % 11) / 10 + (rng() % 3 == 0 ? 0.0123 : 0.0);
      rule.enforcement = std::min(rule.enforcement, 1.0);
      // From one supplier, or from every node (overlapping the other rules).
      if (rng() % 3 != 0) rule.from.ids = {std::string(g.node(static_cast<node_index>(rng() % g.node_count())).id())};
      s.rules.push_back(rule);
    }
    const compiled_scenario c = compile(g, s);
    const auto order = g.in_edge_order();
    std::vector<std::uint32_t> position(g.edge_count(), no_index);
    for (std::uint32_t p = 0; p < order.size(); ++p) position[order[p]] = p;
    for (edge_index e : g.edges()) {
      const auto edge = g.edge(e);
      bool present = edge.confidence() >= s.min_confidence;
      if (!s.views.empty() && !edge.view().empty() &&
          std::find(s.views.begin(), s.views.end(), edge.view()) == s.views.end())
        present = false;
      double cut = 1.0;
      for (const scenario_rule& rule : s.rules) {
        if (!is_dependency(edge.kind())) continue;
        if (!rule.from.ids.empty() && rule.from.ids[0] != g.node(g.edge_sources()[e]).id()) continue;
        cut *= 1.0 - rule.enforcement;
      }
      ASSERT_EQ(c.edge_present(e), present) << "seed " << seed << " edge " << e;
      ASSERT_EQ(c.edge_cut(e), cut) << "seed " << seed << " edge " << e;
      if (position[e] != no_index) {
        const double base = present ? edge.share() * edge.quality() : 0.0;
        ASSERT_EQ(c.baseline_weights()[position[e]], base) << "seed " << seed << " edge " << e;
        if (cut != 1.0)
          ASSERT_EQ(c.scenario_weights()[position[e]], base * cut) << "seed " << seed << " edge " << e;
        else
          ASSERT_EQ(c.scenario_weights()[position[e]], base) << "seed " << seed << " edge " << e;
      }
    }
  }
}

}  // namespace selection_test_cases
