// servicing_decay: the month at which missile output falls below half when Western servicing of
// the imported machine tools stops: the installed base wears out over its mean life, stocks run
// down, and Chinese substitutes arrive after their lead time; then the same without Chinese
// substitution.
//
//   servicing_decay DATASET [TARGET] [MEAN_LIFE_MONTHS]   (defaults: kh-101, 18)

#include <fmt/core.h>

#include <micgraph/micgraph.hpp>
#include <string>
#include <vector>

using namespace micgraph;

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    fmt::print(stderr, "usage: servicing_decay DATASET [TARGET] [MEAN_LIFE_MONTHS]\n");
    return 2;
  }
  try {
    graph g = io::load_graph(argv[1]);
    const std::string target_id = argc >= 3 ? argv[2] : "kh-101";
    const double mean_life = argc == 4 ? std::stod(argv[3]) : 18.0;
    node_index target = g.find(target_id);
    if (target == no_index) {
      fmt::print(stderr, "servicing_decay: no node '{}' in {}\n", target_id, argv[1]);
      return 2;
    }
    const std::vector<std::string> west = {"DE", "JP", "TW", "CH", "IT", "KR", "US",
                                           "SE", "AT", "FR", "GB"};
    scenario_rule servicing{.select = scenario_rule::selection::edges,
                            .name = "Western spare parts, expendables and software support",
                            .from = {.countries = west},
                            .kinds = {edge_kind::services}};
    scenario_rule no_china{.select = scenario_rule::selection::edges,
                           .name = "no Chinese substitution",
                           .from = {.countries = {"CN", "HK"}},
                           .to = {.countries = {"RU"}}};
    const std::size_t months = 60;
    fmt::print("Western servicing of the installed base stops in month 1 (services without their "
               "own mean life wear out over {:g} months):\n",
               mean_life);
    for (bool substitutes : {true, false}) {
      scenario s{.name = substitutes ? "servicing cut" : "servicing cut, no Chinese substitutes",
                 .rules = {servicing}};
      if (!substitutes) s.rules.push_back(no_china);
      compiled_scenario cut = compile(g, s);
      timeline_options options{.months = months, .mean_life_months = mean_life, .record = {target}};
      io::read_timeline_attributes(g, options);  // the services edges' own mean lives
      timeline_result t = timeline(g, cut, options);
      auto series = t.series(0);
      int half = t.first_month_below(0, 0.5);
      fmt::print("  {:<40} below 50% from {}; month 12: {:.0f}%, month 24: {:.0f}%, month 60: "
                 "{:.0f}%\n",
                 substitutes ? "with Chinese substitutes:" : "without Chinese substitutes:",
                 half < 0 ? std::string("never") : fmt::format("month {}", half),
                 100 * series[12] / series[0], 100 * series[24] / series[0],
                 100 * series[60] / series[0]);
    }
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "servicing_decay: {}\n", e.what());
    return 2;
  }
}
