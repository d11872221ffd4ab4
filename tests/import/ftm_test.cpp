// The FollowTheMoney importer (import/ftm.hpp): a hand-written fixture with every schema the
// importer maps or skips, bad files, and the real OpenSanctions and KEK files in
// MICGRAPH_SHARED_DIR/data/ftm (skipped when absent).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <micgraph/analysis/ownership.hpp>
#include <micgraph/analysis/validation.hpp>
#include <micgraph/import/ftm.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace import_ftm_test_cases {
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = fs::path(MICGRAPH_SOURCE_DIR) / "tests" / "data" / "ftm";
const fs::path shared = fs::path(MICGRAPH_SHARED_DIR) / "data" / "ftm";

std::vector<std::string> tags_of(const graph& g, std::string_view id) {
  std::vector<std::string> out;
  for (std::string_view tag : g.node(g.find(id)).tags()) out.emplace_back(tag);
  return out;
}

/// The edge of a kind between two ids (no_index when none).
edge_index edge_between(const graph& g, std::string_view from, std::string_view to,
                        edge_kind kind) {
  const node_index source = g.find(from), target = g.find(to);
  if (source == no_index || target == no_index) return no_index;
  for (edge_index e : g.out_edges(source))
    if (g.edge(e).target() == target && g.edge(e).kind() == kind) return e;
  return no_index;
}

std::size_t skipped_for(const io::ftm_import_report& report, std::string_view reason) {
  for (const auto& [text, count] : report.skipped_by_reason)
    if (text == reason) return count;
  return 0;
}

std::vector<node_index> tagged(const graph& g, std::string_view tag) {
  std::vector<node_index> out;
  for (node_index v : g.nodes())
    for (std::string_view t : g.node(v).tags())
      if (t == tag) out.push_back(v);
  return out;
}

}  // namespace

TEST(Ftm, FixtureMapsEveryLinkAndSkipsWithReasons) {
  const io::ftm_import result = io::import_ftm(fixtures / "holding.ftm.json");
  const graph& g = result.graph;
  const io::ftm_import_report& report = result.report;
  EXPECT_EQ(report.lines, 28u);
  EXPECT_EQ(report.persons, 3u);
  EXPECT_EQ(report.firms, 5u);
  ASSERT_EQ(g.node_count(), 8u);
  EXPECT_EQ(g.node(g.find("p-founder")).kind(), node_kind::person);
  EXPECT_EQ(g.node(g.find("c-agency")).kind(), node_kind::firm);
  EXPECT_EQ(g.node(g.find("c-maker")).name(), "Drone Maker LLC");  // the repeat is skipped
  EXPECT_EQ(g.node(g.find("p-founder")).name(), "Ivan Founder");
  EXPECT_EQ(g.node(g.find("p-partner")).country(), "CY");
  EXPECT_EQ(g.node(g.find("c-trader")).country(), "AE");
  EXPECT_EQ(tags_of(g, "p-founder"),
            (std::vector<std::string>{"sanction", "poi", "listed", "listed:us", "listed:us-rushar",
                                      "listed:eu", "listed:eu-ukr"}));
  EXPECT_EQ(tags_of(g, "c-holding"),
            (std::vector<std::string>{"sanction", "listed", "listed:gb", "listed:gb-rus"}));
  const auto attrs = nlohmann::json::parse(g.node(g.find("c-maker")).attrs());
  EXPECT_EQ(attrs["names"], (std::vector<std::string>{"Drone Maker LLC", "DM"}));
  EXPECT_EQ(attrs["ftm_schema"], "Company");

  // Stakes, partial dates (a year starts on 1 January, a month on its first day), roles.
  EXPECT_EQ(report.owns_edges, 5u);
  EXPECT_EQ(report.controls_edges, 3u);
  EXPECT_EQ(report.dated_edges, 5u);
  const edge_view founder = g.edge(edge_between(g, "p-founder", "c-holding", edge_kind::owns));
  EXPECT_EQ(founder.share(), 1.0);
  EXPECT_EQ(founder.start_date(), days_from_civil(2012, 1, 1));
  EXPECT_EQ(founder.end_date(), std::nullopt);
  const edge_view majority = g.edge(edge_between(g, "c-holding", "c-maker", edge_kind::owns));
  EXPECT_EQ(majority.share(), 0.51);
  EXPECT_EQ(majority.start_date(), days_from_civil(2015, 11, 1));
  EXPECT_EQ(majority.end_date(), days_from_civil(2023, 3, 2));
  EXPECT_EQ(nlohmann::json::parse(majority.attrs())["role"], "shareholder");
  EXPECT_EQ(g.edge(edge_between(g, "p-partner", "c-maker", edge_kind::owns)).share(), 0.49);
  EXPECT_EQ(g.edge(edge_between(g, "c-agency", "c-maker", edge_kind::owns)).share(), 0.125);
  EXPECT_NE(edge_between(g, "p-director", "c-institute", edge_kind::controls), no_index);
  EXPECT_NE(edge_between(g, "c-agency", "c-institute", edge_kind::controls), no_index);
  EXPECT_NE(edge_between(g, "p-partner", "c-trader", edge_kind::controls), no_index);

  // Listings and skips, each with its reason and line.
  EXPECT_EQ(report.sanctions, 3u);
  EXPECT_EQ(report.listed_entities, 2u);
  EXPECT_EQ(report.skipped.size(), 9u);
  EXPECT_EQ(skipped_for(report, "no percentage: the stake is unknown"), 1u);
  EXPECT_EQ(skipped_for(report, "the owner is not an imported firm or person"), 1u);
  EXPECT_EQ(skipped_for(report, "the sanctioned entity is not an imported firm or person"), 1u);
  EXPECT_EQ(skipped_for(report, "a percentage outside (0,100]"), 1u);
  EXPECT_EQ(skipped_for(report, "ends before it starts"), 1u);
  EXPECT_EQ(skipped_for(report, "UnknownLink whose role does not speak of control"), 1u);
  EXPECT_EQ(skipped_for(report, "repeats an entity id given earlier"), 1u);
  EXPECT_EQ(skipped_for(
                report,
                "schema Address is neither an owner, an asset, ownership, control nor a sanction"),
            1u);
  EXPECT_EQ(report.skipped.back().line, 29u);
  EXPECT_EQ(report.skipped.back().detail, "line 5");
  EXPECT_EQ(report.notes.size(), 1u);  // the ownership with two percentages

  const auto metadata = nlohmann::json::parse(g.metadata());
  EXPECT_EQ(metadata["license"], "not stated in the data");
  EXPECT_EQ(metadata["ftm_file"], "holding.ftm.json");

  // The listing under OFAC: the holding's 51% blocks the maker until March 2023, the maker's
  // 100% the trading house.
  const std::vector<node_index> listed = tagged(g, "listed");
  ownership_rule rule = ownership_rule::ofac();
  rule.as_of = days_from_civil(2020, 1, 1);
  const ownership_result then = ownership_blocked(g, listed, rule);
  EXPECT_TRUE(then.is_blocked(g.find("c-maker")));
  EXPECT_TRUE(then.is_blocked(g.find("c-trader")));
  rule.as_of = days_from_civil(2024, 1, 1);
  EXPECT_FALSE(ownership_blocked(g, listed, rule).is_blocked(g.find("c-maker")));
}

TEST(Ftm, OptionsForUnknownStakesAndDirectors) {
  const io::ftm_import guessed = io::import_ftm(
      fixtures / "holding.ftm.json", {.unknown_stake = 1.0, .directorships_as_control = false});
  const graph& g = guessed.graph;
  const edge_index subsidiary = edge_between(g, "c-agency", "c-institute", edge_kind::owns);
  ASSERT_NE(subsidiary, no_index);
  EXPECT_EQ(g.edge(subsidiary).share(), 1.0);
  EXPECT_EQ(nlohmann::json::parse(g.edge(subsidiary).attrs())["stake_unknown"], true);
  EXPECT_EQ(guessed.report.unknown_stakes, 1u);
  EXPECT_EQ(edge_between(g, "p-director", "c-institute", edge_kind::controls), no_index);
  EXPECT_EQ(
      skipped_for(guessed.report, "directorship not imported (directorships_as_control is off)"),
      1u);
  EXPECT_THROW(io::import_ftm(fixtures / "holding.ftm.json", {.unknown_stake = 0.0}), error);
}

TEST(Ftm, BadFilesAreOneClearLine) {
  auto error_of = [](const fs::path& path) -> std::string {
    try {
      io::import_ftm(path);
    } catch (const parse_error& e) {
      return e.what();
    }
    return "no error";
  };
  const std::string truncated = error_of(fixtures / "bad-truncated.ftm.json");
  EXPECT_NE(truncated.find("bad-truncated.ftm.json:2: malformed JSON"), std::string::npos)
      << truncated;
  EXPECT_EQ(error_of(fixtures / "bad-no-id.ftm.json"),
            (fixtures / "bad-no-id.ftm.json").string() +
                ":2: id: missing: every entity needs a non-empty string");
  EXPECT_EQ(error_of(fixtures / "bad-property.ftm.json"),
            (fixtures / "bad-property.ftm.json").string() +
                ":1: properties.name: expected strings, got number");
  EXPECT_NE(error_of(fixtures / "no-such-file.json").find("cannot open"), std::string::npos);
  EXPECT_THROW(io::import_ftm_text("[1]\n", "x.json"), parse_error);
  EXPECT_EQ(io::import_ftm_text("\n \n", "x.json").graph.node_count(), 0u);
}

TEST(Ftm, RealOpenSanctionsClusterAroundZalaAero) {
  const fs::path file = shared / "zala.entities.ftm.json";
  if (!fs::exists(file)) GTEST_SKIP() << file << " absent";
  const io::ftm_import result = io::import_ftm(file);
  const graph& g = result.graph;
  const io::ftm_import_report& report = result.report;
  EXPECT_EQ(report.lines, 91u);
  EXPECT_EQ(report.firms, 11u);
  EXPECT_EQ(report.persons, 6u);
  EXPECT_EQ(report.owns_edges, 10u);  // the 10 ownerships with a percentage
  EXPECT_EQ(skipped_for(report, "no percentage: the stake is unknown"), 4u);
  EXPECT_EQ(report.controls_edges, 3u);  // directorships
  EXPECT_EQ(report.sanctions, 41u);
  EXPECT_EQ(report.listed_entities, 2u);  // Zakharov and LLC CST
  EXPECT_EQ(tagged(g, "sanction").size() + tagged(g, "sanction.linked").size(), 14u);
  std::size_t skips = 0;
  for (const auto& [reason, count] : report.skipped_by_reason) skips += count;
  EXPECT_EQ(skips, report.skipped.size());
  EXPECT_EQ(report.lines,
            g.node_count() + report.owns_edges + report.controls_edges + report.sanctions + skips);
  const auto metadata = nlohmann::json::parse(g.metadata());
  EXPECT_EQ(metadata["license"], "CC BY-NC 4.0");
  EXPECT_NE(metadata["attribution"].get<std::string>().find("OpenSanctions"), std::string::npos);
  EXPECT_EQ(metadata["license_file_title"], "MIT License");

  // LLC CST's owners over time: Zakharov's 51%, 50% and 48% records overlap, so even on one
  // day the stakes exceed the whole: validate says so.
  const node_index cst = g.find("NK-abdzbEBkqyT29GyREbiURZ");
  ASSERT_NE(cst, no_index);
  const validation_report checks = validate(g);
  EXPECT_GE(checks.stakes_above_one, 1u);
  // Kalashnikov's 49% alone never blocks LLC CST; Zakharov (listed) does, from November 2015.
  const node_index kalashnikov = g.find("NK-nR5AXM9AVPq4pQaSPSaVam"),
                   zakharov = g.find("NK-aU5ybkbRFJucf8YMwsJvDw");
  ownership_rule rule = ownership_rule::ofac();
  rule.as_of = days_from_civil(2024, 6, 1);
  EXPECT_FALSE(ownership_blocked(g, std::vector<node_index>{kalashnikov}, rule).is_blocked(cst));
  EXPECT_TRUE(ownership_blocked(g, std::vector<node_index>{zakharov}, rule).is_blocked(cst));
  rule.as_of = days_from_civil(2014, 1, 1);
  EXPECT_FALSE(ownership_blocked(g, std::vector<node_index>{zakharov}, rule).is_blocked(cst));
}

TEST(Ftm, RealKekMediaOwnershipGraph) {
  const fs::path file = shared / "kek.ftm.json";
  if (!fs::exists(file)) GTEST_SKIP() << file << " absent";
  const io::ftm_import result = io::import_ftm(file);
  const graph& g = result.graph;
  EXPECT_EQ(result.report.firms, 2705u);
  EXPECT_EQ(result.report.owns_edges, 2855u);
  EXPECT_EQ(skipped_for(result.report, "no percentage: the stake is unknown"), 47u);
  EXPECT_EQ(result.report.skipped.size(), 47u);
  EXPECT_EQ(result.report.notes.size(), 1u);  // two ownerships give two percentages
  EXPECT_EQ(nlohmann::json::parse(g.metadata())["license"], "not stated in the data");
  const validation_report checks = validate(g);
  // 16 assets' stakes add up to more than 100%, 10 of them only by the rounding of published
  // two-decimal percentages (100.01%, 100.03% over 15 owners): 6 warnings.
  EXPECT_EQ(checks.stakes_above_one, 6u);
}

}  // namespace import_ftm_test_cases
