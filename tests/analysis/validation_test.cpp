// Warnings of `validate` and counts of `stats` on hand-made graphs.

#include <gtest/gtest.h>

#include <micgraph/analysis/stats.hpp>
#include <micgraph/analysis/validation.hpp>
#include <micgraph/builder.hpp>

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_validation_test_cases {

namespace {

std::vector<std::string> codes(const validation_report& report) {
  std::vector<std::string> out;
  for (const auto& w : report.warnings) out.push_back(w.code);
  return out;
}

// A cruise-missile chain: German machining centre serviced by controller software, an FPGA
// through a distributor, a plant that needs both, a missile that needs the plant's output.
graph_builder missile_chain() {
  graph_builder b;
  b.add_node("de-maker", {.kind = node_kind::firm, .country = "DE"});
  b.add_node("de-5axis", {.kind = node_kind::machine_tool, .country = "DE",
                          .category = "machine_tool/5-axis"});
  b.add_node("controller-software", {.kind = node_kind::service, .country = "DE",
                                     .category = "service/cnc-software"});
  b.add_node("us-fpga-maker", {.kind = node_kind::firm, .country = "US"});
  b.add_node("fpga", {.kind = node_kind::component, .country = "US",
                      .category = "microelectronics/fpga"});
  b.add_node("hk-distributor", {.kind = node_kind::firm, .country = "HK"});
  b.add_node("plant", {.kind = node_kind::facility, .country = "RU"});
  b.add_node("missile", {.kind = node_kind::product, .country = "RU",
                         .category = "product/cruise-missile"});
  b.add_edge("de-maker", "de-5axis", {.kind = edge_kind::produces});
  b.add_edge("de-maker", "controller-software", {.kind = edge_kind::produces});
  b.add_edge("controller-software", "de-5axis", {.kind = edge_kind::services});
  b.add_edge("us-fpga-maker", "fpga", {.kind = edge_kind::produces});
  b.add_edge("hk-distributor", "fpga", {.kind = edge_kind::supplies});
  b.add_edge("de-5axis", "plant", {.kind = edge_kind::tooling});
  b.add_edge("fpga", "missile", {.kind = edge_kind::component_of});
  b.add_edge("plant", "missile", {.kind = edge_kind::produces});
  return b;
}

}  // namespace

TEST(Validation, CleanChainHasNoWarnings) {
  graph g = missile_chain().freeze();
  validation_report report = validate(g);
  EXPECT_TRUE(report.warnings.empty()) << report.warnings.front().message;
}

TEST(Validation, NeverProducibleNamesTheBrokenInput) {
  graph_builder b = missile_chain();
  // The missile also needs a seeker that nobody makes: a slot with an unavailable provider.
  b.add_node("seeker", {.kind = node_kind::component});
  b.add_node("seeker-plant", {.kind = node_kind::facility});
  b.add_edge("seeker-plant", "seeker", {.kind = edge_kind::produces});
  b.add_node("seeker-line", {.kind = node_kind::machine_tool});
  b.add_edge("seeker-line", "seeker-plant", {.kind = edge_kind::tooling});
  b.add_edge("seeker-plant", "seeker-line", {.kind = edge_kind::produces});  // a closed loop
  b.add_edge("seeker", "missile", {.kind = edge_kind::component_of});
  graph g = b.freeze();
  validation_report report = validate(g);
  EXPECT_EQ(report.never_producible, 4u);  // seeker, seeker-plant, seeker-line, missile
  EXPECT_EQ(report.cycles, 1u);
  bool missile_named = false;
  for (const auto& w : report.warnings)
    if (w.code == "never_producible" && w.nodes == std::vector<std::string>{"missile"}) {
      missile_named = true;
      EXPECT_EQ(w.message,
                "node 'missile' (product) can never be produced, even with no cuts: its input "
                "'component_of:seeker' has no producible provider");
    }
  EXPECT_TRUE(missile_named);
}

TEST(Validation, OrphansCyclesAndMixedSlots) {
  graph_builder b = missile_chain();
  b.add_node("lonely", {.kind = node_kind::firm});
  b.add_node("titanium", {.kind = node_kind::material, .category = "material/titanium"});
  b.add_node("ti-maker", {.kind = node_kind::firm});
  b.add_edge("ti-maker", "titanium", {.kind = edge_kind::produces});
  // One `chips` slot fed by an FPGA and titanium: different requirements under one name.
  b.add_node("board", {.kind = node_kind::component});
  b.add_edge("fpga", "board", {.kind = edge_kind::component_of, .input = "chips"});
  b.add_edge("titanium", "board", {.kind = edge_kind::component_of, .input = "chips"});
  // A self-loop: FPGAs salvaged from stock re-enter their own provider slot as an alternative.
  b.add_edge("fpga", "fpga", {.kind = edge_kind::supplies});
  graph g = b.freeze();
  validation_report report = validate(g);
  EXPECT_EQ(codes(report), (std::vector<std::string>{"orphan", "cycle", "mixed_slot_categories"}));
  EXPECT_EQ(report.warnings[0].nodes, std::vector<std::string>{"lonely"});
  EXPECT_EQ(report.warnings[1].message, "dependency cycle: 'fpga' depends on itself");
  EXPECT_EQ(report.warnings[2].message,
            "input 'chips' of node 'board' mixes providers of category 'microelectronics' and "
            "'material': give different requirements their own `input` names");
}

TEST(Stats, CountsKindsCountriesSourcesAndSinks) {
  graph g = missile_chain().freeze();
  graph_stats s = compute_stats(g);
  EXPECT_EQ(s.nodes, 8u);
  EXPECT_EQ(s.edges, 8u);
  EXPECT_EQ(s.by_kind[static_cast<std::size_t>(node_kind::firm)], 3u);
  EXPECT_EQ(s.by_edge_kind[static_cast<std::size_t>(edge_kind::produces)], 4u);
  EXPECT_EQ(s.by_country.front(), (std::pair<std::string, std::size_t>{"DE", 3}));
  EXPECT_EQ(s.sources, 3u);  // the three firms
  EXPECT_EQ(s.sinks, 1u);    // the missile
  EXPECT_EQ(s.cyclic_components, 0u);
  EXPECT_GT(s.memory.total(), 0u);
}

// The temporal check on stakes: LLC CST-like histories where the owners of different periods
// would add up to more than the whole asset if the dates were ignored.
TEST(Validation, StakesAboveTheWholeAssetOnOneDay) {
  graph_builder b;
  for (const char* id : {"founder", "partner", "state", "drone-maker", "plant"})
    b.add_node(id, {.kind = std::string_view(id) == "founder" ? node_kind::person : node_kind::firm});
  const day_number y2012 = days_from_civil(2012, 1, 1), y2016 = days_from_civil(2016, 6, 30);
  // 51% to mid-2016, then 49% (the partner's 49% throughout): 100% on every day.
  b.add_edge("founder", "drone-maker", {.kind = edge_kind::owns, .share = 0.51, .start_date = y2012, .end_date = y2016});
  b.add_edge("founder", "drone-maker", {.kind = edge_kind::owns, .share = 0.49, .start_date = y2016 + 1});
  b.add_edge("partner", "drone-maker", {.kind = edge_kind::owns, .share = 0.49, .start_date = y2012});
  b.add_edge("drone-maker", "plant", {.kind = edge_kind::owns});
  b.add_edge("state", "drone-maker", {.kind = edge_kind::controls});
  b.add_edge("plant", "drone-maker", {.kind = edge_kind::produces});
  EXPECT_EQ(validate(b.freeze()).stakes_above_one, 0u);

  graph_builder over;
  for (const char* id : {"founder", "partner", "state", "drone-maker", "plant"}) over.add_node(id, {});
  over.add_edge("founder", "drone-maker", {.kind = edge_kind::owns, .share = 0.51, .start_date = y2012, .end_date = y2016});
  over.add_edge("partner", "drone-maker", {.kind = edge_kind::owns, .share = 0.49, .start_date = y2012});
  over.add_edge("state", "drone-maker", {.kind = edge_kind::owns, .share = 0.02, .start_date = y2016});
  over.add_edge("state", "plant", {.kind = edge_kind::owns, .share = 0.7});
  over.add_edge("partner", "plant", {.kind = edge_kind::owns, .share = 0.7});  // undated: always
  const validation_report report = validate(over.freeze());
  EXPECT_EQ(report.stakes_above_one, 2u);
  ASSERT_EQ(codes(report), (std::vector<std::string>{"stakes_above_one", "stakes_above_one"}));
  EXPECT_EQ(report.warnings[0].message,
            "the stakes held in 'drone-maker' sum to 102% on 2016-06-30 (founder 51%, partner 49%, "
            "state 2%): more than the whole asset; check the stakes and their dates");
  EXPECT_EQ(report.warnings[1].message,
            "the stakes held in 'plant' sum to 140% (partner 70%, state 70%): more than the whole "
            "asset; check the stakes and their dates");
  EXPECT_EQ(report.warnings[0].nodes, (std::vector<std::string>{"drone-maker"}));

  // Percentages published to two decimals: 33.34% + 33.33% + 33.34% is rounding, not a warning;
  // 33.4% + 33.3% + 33.4% is.
  for (const auto& [shares, expected] : {std::pair{std::vector<double>{0.3334, 0.3333, 0.3334}, 0u},
                                         std::pair{std::vector<double>{0.334, 0.333, 0.334}, 1u}}) {
    graph_builder thirds;
    thirds.add_node("asset", {});
    for (std::size_t i = 0; i < shares.size(); ++i) {
      const std::string owner = "owner-" + std::to_string(i);
      thirds.add_node(owner, {});
      thirds.add_edge(owner, "asset", {.kind = edge_kind::owns, .share = shares[i]});
    }
    EXPECT_EQ(validate(thirds.freeze()).stakes_above_one, expected);
  }
}

}  // namespace analysis_validation_test_cases
