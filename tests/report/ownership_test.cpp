// Ownership results and explanations as JSON and text (report/ownership.hpp).

#include <gtest/gtest.h>

#include <micgraph/builder.hpp>
#include <micgraph/report/format.hpp>
#include <micgraph/report/ownership.hpp>
#include <string>

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace report_ownership_test_cases {

namespace {

/// OFAC's FAQ 401 example 3 with dates and a director: X owns 50% of A and 10% of B, A owns 40%
/// of B; B owns all of plant P; a director controls D.
graph example() {
  graph_builder b;
  b.add_node("X", {.kind = node_kind::person, .country = "RU"});
  b.add_node("A", {.kind = node_kind::firm, .name = "Entity A", .country = "RU"});
  b.add_node("B", {.kind = node_kind::firm, .name = "Entity B", .country = "CY"});
  b.add_node("P", {.kind = node_kind::facility, .name = "Plant"});
  b.add_node("D", {.kind = node_kind::firm, .name = "Directed firm"});
  b.add_edge("X", "A", {.kind = edge_kind::owns, .share = 0.5, .sources = {"registry extract"}});
  b.add_edge("X", "B",
             {.kind = edge_kind::owns, .share = 0.1, .start_date = days_from_civil(2016, 3, 29)});
  b.add_edge("A", "B", {.kind = edge_kind::owns, .share = 0.4});
  b.add_edge("B", "P", {.kind = edge_kind::owns});
  b.add_edge("X", "D", {.kind = edge_kind::controls});
  return b.freeze();
}

}  // namespace

TEST(OwnershipReport, JsonNamesTheRuleTheListingAndWhoBlocksWhom) {
  const graph g = example();
  const ownership_result r =
      ownership_blocked(g, std::vector<node_index>{g.find("X")}, ownership_rule::ofac());
  const nlohmann::ordered_json out = to_json(g, r);
  EXPECT_EQ(out["rule"]["name"], "ofac");
  EXPECT_EQ(out["rule"]["threshold"], 0.5);
  EXPECT_TRUE(out["rule"]["max_hops"].is_null());
  EXPECT_EQ(out["listed"], nlohmann::ordered_json::array({"X"}));
  ASSERT_EQ(out["blocked"].size(), 4u);  // X, A, B, P; not D (OFAC ignores control)
  EXPECT_EQ(out["blocked"][2]["id"], "B");
  EXPECT_EQ(out["blocked"][2]["hops"], 2);
  EXPECT_DOUBLE_EQ(out["blocked"][2]["counted"].get<double>(), 0.5);
  ASSERT_EQ(out["blocked"][2]["blocked_by"].size(), 2u);
  EXPECT_EQ(out["blocked"][2]["blocked_by"][0]["owner"], "A");
  EXPECT_EQ(out["counts"]["through_ownership"], 3);
  EXPECT_EQ(out["counts"]["max_hops"], 3);
}

TEST(OwnershipReport, TextTableAndExplanationTree) {
  const graph g = example();
  ownership_rule rule = ownership_rule::eu();
  const ownership_result r = ownership_blocked(g, std::vector<node_index>{g.find("X")}, rule);
  const std::string table = to_text(g, r);
  EXPECT_NE(
      table.find(
          "Rule: EU (Best Practices, July 2024): 50% or more held by blocked owners together, or "
          "controlled by one"),
      std::string::npos)
      << table;
  EXPECT_NE(
      table.find(
          "Listed: 1; blocked through ownership or control: 4 (up to 3 links from a listing)"),
      std::string::npos)
      << table;
  EXPECT_NE(table.find("Directed firm"), std::string::npos) << table;
  EXPECT_NE(table.find("control"), std::string::npos) << table;

  const ownership_explanation why = explain_ownership(g, r, g.find("P"));
  const std::string tree = to_text(g, r, why);
  EXPECT_EQ(
      tree,
      "Why P is blocked (EU (Best Practices, July 2024): 50% or more held by blocked owners "
      "together, or "
      "controlled by one):\n"
      "  P (facility): 100% held by blocked owners together >= 50% [3 links from a listing]\n"
      "    held by B: 100%\n"
      "      B (firm, CY): 50% held by blocked owners together >= 50% [2 links from a listing]\n"
      "        held by A: 40%\n"
      "          A (firm, RU): 50% held by blocked owners together >= 50% [1 link from a listing]\n"
      "            held by X: 50%\n"
      "              X (person, RU): listed\n"
      "        held by X: 10%, in force 2016-03-29 to now\n"
      "          X (person, RU): listed\n");
  const nlohmann::ordered_json json = to_json(g, r, why);
  EXPECT_EQ(json["entity"], "P");
  EXPECT_EQ(json["entities"][0]["holdings"][0]["owner"], "B");
  EXPECT_EQ(json["entities"][2]["holdings"][0]["edges"][0]["sources"][0], "registry extract");
  EXPECT_TRUE(to_text(g, r, ownership_explanation{}).empty());
  ownership_rule custom{.threshold = 0.25,
                        .inclusive = false,
                        .aggregate = false,
                        .max_hops = 2,
                        .as_of = days_from_civil(2020, 1, 1)};
  EXPECT_EQ(describe(custom),
            "custom rule: more than 25% held by one blocked owner, control does not count, at "
            "most 2 links from a listing, as of 2020-01-01");
}

// Table columns cut names by characters: a Cyrillic or Ukrainian registry name is never cut inside
// a two-byte character, and the table marks the cut.
TEST(OwnershipText, LongNonLatinNamesAreCutBetweenCharacters) {
  EXPECT_EQ(clip("Товариство", 4), "Това");
  EXPECT_EQ(clip("Товариство", 40), "Товариство");
  EXPECT_EQ(clip("ab", 0), "");
  graph_builder b;
  b.add_node("owner", {.kind = node_kind::person, .country = "RU"});
  b.add_node("asset", {.kind = node_kind::firm,
                       .name = "ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ «БЕСПИЛОТНЫЕ СИСТЕМЫ»",
                       .country = "RU"});
  b.add_edge("owner", "asset", {.kind = edge_kind::owns, .share = 0.75});
  const graph g = b.freeze();
  const std::string text =
      to_text(g, ownership_blocked(g, std::vector<node_index>{g.find("owner")}, ownership_rule::ofac()));
  EXPECT_NE(text.find("ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОС... firm"), std::string::npos) << text;
}

}  // namespace report_ownership_test_cases
