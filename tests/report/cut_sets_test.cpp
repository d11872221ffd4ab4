// The JSON document and the text table of minimal cut sets: every order present with its count,
// the listed sets by id with the targets they stop, per-target counts, truncation flags.

#include <gtest/gtest.h>

#include <micgraph/analysis/cut_sets.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/report/cut_sets.hpp>
#include <string>
#include <vector>

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace report_cut_sets_test_cases {

namespace {

// Two Russian plants need machining centres from German or Japanese makers (both plants) and
// controller software from one German vendor (the missile plant only).
graph two_plants() {
  graph_builder b;
  b.add_node("de-maker", {.kind = node_kind::firm, .country = "DE"});
  b.add_node("jp-maker", {.kind = node_kind::firm, .country = "JP"});
  b.add_node("de-software", {.kind = node_kind::firm, .country = "DE"});
  b.add_node("centre", {.kind = node_kind::machine_tool});
  b.add_node("missile", {.kind = node_kind::product, .country = "RU"});
  b.add_node("drone", {.kind = node_kind::product, .country = "RU"});
  b.add_node("ghost", {.kind = node_kind::product, .country = "RU"});
  b.add_edge("de-maker", "centre", {.kind = edge_kind::produces});
  b.add_edge("jp-maker", "centre", {.kind = edge_kind::produces});
  b.add_edge("centre", "missile", {.kind = edge_kind::tooling});
  b.add_edge("centre", "drone", {.kind = edge_kind::tooling});
  b.add_edge("de-software", "missile", {.kind = edge_kind::services});
  b.add_edge("ghost", "ghost", {.kind = edge_kind::component_of});  // cannot lift itself
  return b.freeze();
}

}  // namespace

TEST(CutSetsReport, JsonListsSetsByOrderWithTargets) {
  graph g = two_plants();
  std::vector<node_index> targets{g.find("missile"), g.find("drone"), g.find("ghost")};
  cut_sets_result r = minimal_cut_sets(g, targets, {.max_order = 3});
  nlohmann::ordered_json j = to_json(g, r);
  EXPECT_EQ(j["max_order"], 3);
  ASSERT_EQ(j["orders"].size(), 3u);
  EXPECT_EQ(j["orders"][0]["order"], 1);
  EXPECT_EQ(j["orders"][0]["count"], 2);  // centre (both), de-software (missile)
  EXPECT_EQ(j["orders"][0]["sets"][0]["members"], nlohmann::ordered_json::array({"centre"}));
  EXPECT_EQ(j["orders"][0]["sets"][0]["targets_stopped"], 2);
  EXPECT_EQ(j["orders"][0]["sets"][0]["targets"],
            nlohmann::ordered_json::array({"missile", "drone"}));
  EXPECT_EQ(j["orders"][0]["sets"][1]["members"], nlohmann::ordered_json::array({"de-software"}));
  EXPECT_EQ(j["orders"][1]["count"], 1);
  EXPECT_EQ(j["orders"][1]["sets"][0]["members"],
            nlohmann::ordered_json::array({"de-maker", "jp-maker"}));
  EXPECT_EQ(j["orders"][2]["count"], 0);
  EXPECT_TRUE(j["orders"][2]["listed"]);
  EXPECT_TRUE(j["orders"][2]["sets"].empty());
  ASSERT_EQ(j["targets"].size(), 2u);
  EXPECT_EQ(j["targets"][0]["id"], "missile");
  EXPECT_EQ(j["targets"][0]["counts"], nlohmann::ordered_json::array({2, 1, 0}));
  EXPECT_EQ(j["targets"][1]["counts"], nlohmann::ordered_json::array({1, 1, 0}));
  EXPECT_EQ(j["unavailable_targets"], nlohmann::ordered_json::array({"ghost"}));
  EXPECT_EQ(j["listed_order"], 3);
  EXPECT_FALSE(j["truncated"]);
  EXPECT_FALSE(j["counts_saturated"]);

  cut_sets_result few = minimal_cut_sets(g, targets, {.max_order = 3, .max_sets = 2});
  nlohmann::ordered_json k = to_json(g, few);
  EXPECT_TRUE(k["truncated"]);
  EXPECT_EQ(k["listed_order"], 1);
  EXPECT_TRUE(k["orders"][0]["listed"]);
  EXPECT_FALSE(k["orders"][1]["listed"]);
  EXPECT_EQ(k["orders"][1]["count"], 1);
  EXPECT_TRUE(k["orders"][1]["sets"].empty());
}

TEST(CutSetsReport, TextShowsCountsAndSets) {
  graph g = two_plants();
  std::vector<node_index> targets{g.find("missile"), g.find("drone"), g.find("ghost")};
  std::string text = to_text(g, minimal_cut_sets(g, targets, {.max_order = 2}), 1);
  EXPECT_NE(text.find("Minimal cut sets of up to 2 nodes of 3 targets:"), std::string::npos) << text;
  EXPECT_NE(text.find("missile (product, RU): 2 / 1"), std::string::npos) << text;
  EXPECT_NE(text.find("ghost (product, RU): unavailable even with no cuts"), std::string::npos);
  EXPECT_NE(text.find("Order 1 (2 sets):"), std::string::npos) << text;
  EXPECT_NE(text.find("      2  centre (machine_tool)\n  ... 1 more"), std::string::npos) << text;
  EXPECT_NE(text.find("      2  de-maker (firm, DE) + jp-maker (firm, JP)"), std::string::npos)
      << text;
  std::string counted = to_text(g, minimal_cut_sets(g, targets, {.max_order = 2, .count_only = true}));
  EXPECT_NE(counted.find("no (--count-only)"), std::string::npos) << counted;
  EXPECT_EQ(counted.find("Order 1"), std::string::npos);
}

}  // namespace report_cut_sets_test_cases
