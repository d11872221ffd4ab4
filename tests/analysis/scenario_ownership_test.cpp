// Scenarios that extend a listing through ownership (`with_owned`,
// analysis/scenario_ownership.hpp): reading and writing the rule, compiling it into node hits, the
// chain that explains a hit, and the effect on production.

#include <gtest/gtest.h>

#include <micgraph/analysis/impact.hpp>
#include <micgraph/analysis/scenario_ownership.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/io/scenario.hpp>
#include <sstream>
#include <string>

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_scenario_ownership_test_cases {

namespace {

/// A listed holding with a majority stake in one maker and a 25% stake in another (jointly with
/// a listed person's 25%), a director's control of a third, each maker running a plant.
graph holdings() {
  graph_builder b;
  b.add_node("holding", {.kind = node_kind::firm, .tags = {"sanctioned:us-sdn"}});
  b.add_node("oligarch", {.kind = node_kind::person, .tags = {"sanctioned:us-sdn"}});
  b.add_node("director", {.kind = node_kind::person, .tags = {"sanctioned:us-sdn"}});
  for (const char* maker : {"maker-a", "maker-b", "maker-c"})
    b.add_node(maker, {.kind = node_kind::firm});
  for (const char* plant : {"plant-a", "plant-b", "plant-c"})
    b.add_node(plant, {.kind = node_kind::facility});
  b.add_node("missile", {.kind = node_kind::product});
  b.add_edge("holding", "maker-a", {.kind = edge_kind::owns, .share = 0.6});
  b.add_edge("holding", "maker-b", {.kind = edge_kind::owns, .share = 0.25});
  b.add_edge("oligarch", "maker-b",
             {.kind = edge_kind::owns, .share = 0.25, .start_date = days_from_civil(2015, 1, 1)});
  b.add_edge("director", "maker-c", {.kind = edge_kind::controls});
  b.add_edge("holding", "maker-c", {.kind = edge_kind::owns, .share = 0.1});
  b.add_edge("maker-a", "plant-a", {.kind = edge_kind::owns});
  b.add_edge("maker-b", "plant-b", {.kind = edge_kind::owns});
  b.add_edge("maker-c", "plant-c", {.kind = edge_kind::owns});
  b.add_edge("plant-a", "missile", {.kind = edge_kind::produces, .share = 0.5});
  b.add_edge("plant-b", "missile", {.kind = edge_kind::produces, .share = 0.3});
  b.add_edge("plant-c", "missile", {.kind = edge_kind::produces, .share = 0.2});
  return b.freeze();
}

std::string rule_text(const std::string& with_owned) {
  return R"({"rules": [{"select": "nodes", "tags": ["sanctioned:us-sdn"], "with_owned": )" +
         with_owned + "}]}";
}

std::string hit_ids(const graph& g, const std::string& with_owned) {
  compiled_scenario s = compile(g, io::read_scenario_text(rule_text(with_owned)));
  std::string out;
  for (const compiled_scenario::hit& h : s.node_hits()) {
    if (!out.empty()) out.push_back(' ');
    out.append(g.node(h.element).id());
  }
  return out;
}

std::string error_of(const std::string& text) {
  try {
    io::read_scenario_text(text, "s.json");
  } catch (const scenario_error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(ScenarioOwnership, ReadsPresetsCustomRulesAndTrue) {
  auto rule_of = [](const std::string& with_owned) {
    return io::read_scenario_text(rule_text(with_owned)).rules.at(0).with_owned;
  };
  EXPECT_EQ(rule_of("true").how, owned_extension::mode::reachable);
  EXPECT_FALSE(rule_of("false"));
  EXPECT_EQ(rule_of(R"("ofac")"), owned_extension(ownership_rule::ofac()));
  EXPECT_EQ(rule_of(R"("eu")"), owned_extension(ownership_rule::eu()));
  EXPECT_EQ(rule_of(R"("uk")"), owned_extension(ownership_rule::uk()));
  ownership_rule custom = ownership_rule::uk();
  custom.aggregate = true;
  custom.max_hops = 2;
  custom.as_of = days_from_civil(2022, 2, 24);
  EXPECT_EQ(rule_of(R"({"rule": "uk", "aggregate": true, "max_hops": 2, "as_of": "2022-02-24"})"),
            owned_extension(custom));
  EXPECT_EQ(rule_of(R"({"threshold": 0.25, "inclusive": false})").rule,
            (ownership_rule{.threshold = 0.25, .inclusive = false}));
  // Written back as it was read: true, a preset's name, or every field of a custom rule.
  for (const char* text :
       {"true", R"("ofac")", R"("eu")", R"("uk")", R"({"threshold": 0.3, "control": true})",
        R"({"rule": "eu", "max_hops": 0, "as_of": "2014-03-01"})"}) {
    SCOPED_TRACE(text);
    scenario first = io::read_scenario_text(rule_text(text));
    std::ostringstream out;
    io::write_scenario(first, out);
    EXPECT_EQ(io::read_scenario_text(out.str()).rules.at(0).with_owned,
              first.rules.at(0).with_owned)
        << out.str();
  }
}

TEST(ScenarioOwnership, BadRulesAreOneClearLine) {
  EXPECT_EQ(error_of(rule_text(R"("yes")")),
            "s.json: rules[0].with_owned: unknown ownership rule \"yes\" (expected true, false, "
            "one of ofac, eu, "
            "uk, eu-until-2024, any-stake, or a rule object)");
  EXPECT_EQ(error_of(rule_text("3")),
            "s.json: rules[0].with_owned: expected true, false, a rule name or a rule object, got "
            "number");
  EXPECT_EQ(error_of(rule_text(R"({"threshold": 1.5})")),
            "s.json: rules[0].with_owned.threshold: expected a number in [0,1], got 1.5");
  EXPECT_EQ(error_of(rule_text(R"({"as_of": "2024-02-30"})")),
            "s.json: rules[0].with_owned.as_of: expected an ISO 8601 date (YYYY-MM-DD), got "
            "'2024-02-30'");
  EXPECT_EQ(error_of(rule_text(R"({"max_hops": -1})")),
            "s.json: rules[0].with_owned.max_hops: expected a whole number of ownership links >= "
            "0, got -1");
  EXPECT_EQ(error_of(rule_text(R"({"rule": "ofca"})")),
            "s.json: rules[0].with_owned.rule: unknown ownership rule \"ofca\" (expected one of "
            "ofac, eu, uk, "
            "eu-until-2024, any-stake)");
  EXPECT_EQ(error_of(rule_text(R"({"aggregate": "yes"})")),
            "s.json: rules[0].with_owned.aggregate: expected a boolean, got string");
  EXPECT_NE(
      error_of(rule_text(R"({"treshold": 0.2})")).find("rules[0].with_owned.treshold: unknown key"),
      std::string::npos);
  EXPECT_EQ(error_of(R"({"rules": [{"select": "edges", "kinds": ["controls"]}]})"),
            "s.json: rules[0].kinds: controls edges are structural (ownership and control) and "
            "cannot be cut");
  // Compiling checks the threshold of a rule built in code.
  const graph g = holdings();
  scenario bad{
      .rules = {{.nodes = {.ids = {"holding"}}, .with_owned = ownership_rule{.threshold = 2.0}}}};
  EXPECT_THROW(compile(g, bad), scenario_error);
}

TEST(ScenarioOwnership, CompiledHitsFollowTheRule) {
  const graph g = holdings();
  // true: everything reachable over owns edges, whatever the stake.
  EXPECT_EQ(hit_ids(g, "true"),
            "holding oligarch director maker-a maker-b maker-c plant-a plant-b plant-c");
  // OFAC: 60% blocks maker-a; 25% + 25% blocks maker-b (aggregated); control does not count.
  EXPECT_EQ(hit_ids(g, R"("ofac")"), "holding oligarch director maker-a maker-b plant-a plant-b");
  // EU (2024): aggregated, and control counts: maker-c too.
  EXPECT_EQ(hit_ids(g, R"("eu")"),
            "holding oligarch director maker-a maker-b maker-c plant-a plant-b plant-c");
  // UK: more than 50% by one owner, or control: not maker-b.
  EXPECT_EQ(hit_ids(g, R"("uk")"), "holding oligarch director maker-a maker-c plant-a plant-c");
  // Before the oligarch bought in (2015), maker-b was not blocked under OFAC either.
  EXPECT_EQ(hit_ids(g, R"({"rule": "ofac", "as_of": "2014-06-01"})"),
            "holding oligarch director maker-a plant-a");
  // One hop: the makers, not their plants.
  EXPECT_EQ(hit_ids(g, R"({"rule": "ofac", "max_hops": 1})"),
            "holding oligarch director maker-a maker-b");
}

TEST(ScenarioOwnership, HitsAreExplainedByTheirOwnershipChain) {
  const graph g = holdings();
  compiled_scenario s = compile(g, io::read_scenario_text(rule_text(R"("ofac")")));
  const auto listing = s.rule_listing(0);
  ASSERT_EQ(listing.size(), 3u);
  EXPECT_TRUE(explain_rule_hit(g, s, 0, g.find("holding")).entities.empty());  // listed itself
  EXPECT_TRUE(explain_rule_hit(g, s, 0, g.find("maker-c")).entities.empty());  // not hit
  const ownership_explanation why = explain_rule_hit(g, s, 0, g.find("plant-b"));
  ASSERT_EQ(why.entities.size(), 4u);  // plant-b <- maker-b <- holding 25% + oligarch 25%
  EXPECT_EQ(why.entities[0].entity, g.find("plant-b"));
  EXPECT_EQ(why.entities[1].entity, g.find("maker-b"));
  EXPECT_DOUBLE_EQ(why.entities[1].counted, 0.5);
  EXPECT_EQ(why.entities[1].holdings.size(), 2u);
  EXPECT_TRUE(why.entities[2].listed);
  EXPECT_TRUE(why.entities[3].listed);

  // The cut reaches production: the blocked plants stop, the missile keeps plant-c's 20%.
  impact_result result = impact(g, s);
  EXPECT_DOUBLE_EQ(result.capacity[g.find("missile")], 0.2);
}

}  // namespace analysis_scenario_ownership_test_cases
