// Chokepoints of the bundled cruise-missile dataset (data/cruise-missile-cnc.json): the answers
// the seed documents lead one to expect, with the arithmetic worked out from the dataset's
// shares and qualities in the comments.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <micgraph/analysis/chokepoints.hpp>
#include <micgraph/analysis/design.hpp>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/analysis/min_cut.hpp>
#include <micgraph/analysis/structure.hpp>
#include <micgraph/io/load.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/graph_queries.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_dataset_chokepoints_test_cases {

namespace {

const graph& dataset() {
  static const graph g = io::load_graph(MICGRAPH_SOURCE_DIR "/data/cruise-missile-cnc.json");
  return g;
}

}  // namespace

// Every imported input of the Kh-101 has an alternative (Chinese substitutes, other Western
// makers), so no foreign firm stops it alone: its single points of failure are the Russian
// plants and the domestic materials, plus the import channel all imported chips pass through.
TEST(DatasetChokepoints, MissileSinglePointsAreDomestic) {
  const graph& g = dataset();
  std::vector<node_index> target = {g.find("kh-101")};
  single_points_result r = single_points(g, target);
  ASSERT_EQ(r.targets.size(), 1u);
  EXPECT_EQ(id_set(g, r.targets[0].single_points),
            (std::set<std::string>{"ru-vsmpo", "mat-titanium", "ru-aluminium", "mat-aluminium",
                                   "ru-explosives", "mat-explosive", "import-channel",
                                   "ru-avionics-plant", "ru-missile-plant", "ru-engine-plant",
                                   "engine-turbofan", "guidance-unit"}));
  for (node_index u : r.targets[0].single_points) EXPECT_EQ(g.node(u).country(), "RU");
}

// The controller software support of the imported machine tools (the Rhodus report's point):
// without Fanuc's support the Fanuc controllers stop, so the Japanese 5-axis centres and the
// Korean turning centres stop and the Taiwanese turning centres keep only their Sinumerik
// share, 0.3. The plant's turning falls to 0.6 * 0.3 (TW) + 0.6 * 0.5 (CN) = 0.48, while its
// 5-axis machining keeps 0.6 (DE) + 0.15 (CH) + 0.5 * 0.4 (CN) = 0.95: the Kh-101 keeps 48%.
TEST(DatasetChokepoints, ControllerSoftwareSupportRemovesHalfTheMissiles) {
  const graph& g = dataset();
  std::vector<node_index> target = {g.find("kh-101")};
  single_points_result spof = single_points(g, target);
  ranking_result ranking = rank_chokepoints(g, target, spof);
  auto removed = [&](const char* id) {
    for (const ranked_node& r : ranking.ranking)
      if (r.node == g.find(id)) return r.capacity_removed;
    return -1.0;
  };
  EXPECT_NEAR(removed("svc-fanuc-software"), 0.52, 1e-12);
  EXPECT_NEAR(removed("jp-fanuc"), 0.52, 1e-12);
  // The same number from the impact engine: a scenario listing the support service.
  scenario s{.rules = {{.select = scenario_rule::selection::nodes,
                        .nodes = {.ids = {"svc-fanuc-software"}}}}};
  impact_result r = impact(g, compile(g, s));
  EXPECT_NEAR(r.loss(g.find("kh-101")), 0.52, 1e-12);
  // Among the machine-tool makers, controller suppliers and their services, the Fanuc chain
  // hurts the missile most.
  std::vector<std::string> machine_tool_side;
  for (const ranked_node& entry : ranking.ranking) {
    std::string category = g.categories()[g.node_category_ids()[entry.node]];
    if (category.starts_with("machine_tool/") || category.starts_with("service/cnc-") ||
        category == "firm/cnc-supplier" || category == "firm/machine-tool-maker")
      machine_tool_side.emplace_back(g.node(entry.node).id());
  }
  ASSERT_GE(machine_tool_side.size(), 3u);
  EXPECT_EQ(std::set<std::string>(machine_tool_side.begin(), machine_tool_side.begin() + 3),
            (std::set<std::string>{"jp-fanuc", "svc-fanuc-software", "cnc-fanuc"}));
}

// A Western chip and its Chinese substitute together stop both weapons: the DSP input of the
// guidance unit and of the drone's flight controller is met by the TI DSP or a Chinese MCU.
TEST(DatasetChokepoints, WesternChipAndChineseSubstituteArePairs) {
  const graph& g = dataset();
  pairs_result pairs = single_point_pairs(g, products(g));
  auto stops = [&](const char* a, const char* b) -> std::size_t {
    node_index x = std::min(g.find(a), g.find(b)), y = std::max(g.find(a), g.find(b));
    for (const single_point_pair& p : pairs.pairs)
      if (p.a == x && p.b == y) return p.targets_stopped;
    return 0;
  };
  EXPECT_FALSE(pairs.truncated);
  EXPECT_EQ(stops("us-ti", "cn-mcu-maker"), 2u);
  EXPECT_EQ(stops("se-sandvik", "cn-tooling"), 1u);  // cutting tools: the missile plant only
}

// The cheapest foreign cut: nothing a Western coalition can cut alone stops the Kh-101 (every
// input has a Chinese substitute); with Chinese firms cuttable too, two cuts suffice (no single
// foreign node stops it), e.g. the Swedish and the Chinese cutting-tool suppliers.
TEST(DatasetChokepoints, CheapestForeignCut) {
  const graph& g = dataset();
  node_index missile = g.find("kh-101");
  const std::set<std::string> coalition = {"DE", "JP", "TW", "CH", "US", "KR", "SE", "IT"};
  auto cost_for = [&](std::set<std::string> countries) {
    return [&g, countries](node_index v) {
      return countries.contains(std::string(g.node(v).country()))
                 ? 1.0
                 : std::numeric_limits<double>::infinity();
    };
  };
  min_cut_result western = cheapest_cut(g, missile, {.cost = cost_for(coalition)});
  EXPECT_TRUE(western.impossible);
  std::set<std::string> with_china = coalition;
  with_china.insert({"CN", "HK"});
  min_cut_result wider = cheapest_cut(g, missile, {.cost = cost_for(with_china)});
  EXPECT_FALSE(wider.impossible);
  EXPECT_TRUE(wider.exact);
  EXPECT_EQ(wider.cost, 2.0);
  EXPECT_TRUE(stops_target(g, missile, wider.cut));
}

// Concentration of the CNC controllers: Siemens and Heidenhain (DE), Fanuc (JP), GSK (CN), one
// produces edge each: HHI over firms 4 * 0.25^2 = 0.25; over countries 0.5^2 + 2 * 0.25^2 =
// 0.375, Germany on top with half.
TEST(DatasetChokepoints, ControllerConcentration) {
  const graph& g = dataset();
  std::vector<category_concentration> all = concentration(g);
  auto it = std::find_if(all.begin(), all.end(), [](const category_concentration& c) {
    return c.category == "machine_tool/cnc-controller";
  });
  ASSERT_NE(it, all.end());
  EXPECT_EQ(it->suppliers, 4u);
  EXPECT_NEAR(it->hhi_firms, 0.25, 1e-12);
  EXPECT_NEAR(it->hhi_countries, 0.375, 1e-12);
  EXPECT_EQ(it->top_country, "DE");
  EXPECT_NEAR(it->top_country_share, 0.5, 1e-12);
}

// Sanction design restricted to the machine-tool side: the first pick is Fanuc (gain 0.52, see
// above); lazily or exhaustively, the same.
TEST(DatasetChokepoints, DesignStartsWithFanuc) {
  const graph& g = dataset();
  std::vector<node_index> missile = {g.find("kh-101")};
  std::vector<std::uint32_t> candidates;
  for (node_index v : g.nodes()) {
    std::string category = g.categories()[g.node_category_ids()[v]];
    if (category == "firm/cnc-supplier" || category == "firm/machine-tool-maker")
      candidates.push_back(v);
  }
  for (bool lazy : {true, false}) {
    design_result r = design_sanctions(g, missile, {.budget = 2, .candidates = candidates, .lazy = lazy});
    ASSERT_FALSE(r.picks.empty());
    EXPECT_EQ(g.node(r.picks[0].element).id(), "jp-fanuc");
    EXPECT_NEAR(r.picks[0].gain, 0.52, 1e-12);
  }
}

}  // namespace analysis_dataset_chokepoints_test_cases
