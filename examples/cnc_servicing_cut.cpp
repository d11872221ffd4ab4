// cnc_servicing_cut: how much missile output survives when the imported machining centres of
// Russian plants lose their Western servicing (spare parts, controller software support), and
// which machines matter most.
//
//   cnc_servicing_cut DATASET [TARGET]      (default target: kh-101)

#include <fmt/core.h>

#include <algorithm>
#include <micgraph/micgraph.hpp>
#include <string>
#include <vector>

using namespace micgraph;

namespace {

const std::vector<std::string> suppliers = {"DE", "JP", "TW", "CH", "IT", "KR", "US",
                                            "SE", "AT", "FR", "GB"};

// Servicing of CNC machines and controllers from the supplier countries, cut at `enforcement`;
// restricted to the services into `machine` when given.
scenario servicing_cut(double enforcement, const std::string& machine = {}) {
  scenario_rule rule{.select = scenario_rule::selection::edges,
                     .name = "Western CNC servicing",
                     .from = {.countries = suppliers},
                     .kinds = {edge_kind::services},
                     .categories = {"service/cnc-*"},
                     .enforcement = enforcement};
  if (!machine.empty()) rule.to.ids = {machine};
  return scenario{.name = "CNC servicing cut", .rules = {rule}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    fmt::print(stderr, "usage: cnc_servicing_cut DATASET [TARGET]\n");
    return 2;
  }
  try {
    graph g = io::load_graph(argv[1]);
    const std::string target_id = argc == 3 ? argv[2] : "kh-101";
    node_index target = g.find(target_id);
    if (target == no_index) {
      fmt::print(stderr, "cnc_servicing_cut: no node '{}' in {}\n", target_id, argv[1]);
      return 2;
    }
    fmt::print("Servicing of imported CNC machines and controllers cut ({}):\n",
               "spare parts and software support from DE, JP, TW, CH, IT, KR, US, SE, AT, FR, GB");
    for (double enforcement : {1.0, 0.9}) {
      compiled_scenario cut = compile(g, servicing_cut(enforcement));
      impact_result r = impact(g, cut, {.attribute = false});
      timeline_options options{.months = 60, .record = {target}};
      io::read_timeline_attributes(g, options);  // the services edges' own mean lives
      timeline_result t = timeline(g, cut, options);
      int half = t.first_month_below(0, 0.5);
      fmt::print("  {:.0f}% enforced: {} keeps {:.1f}% of its output in the long run ({} services "
                 "edges cut); below half from {}\n",
                 100 * enforcement, target_id, 100 * r.capacity[target] / r.baseline[target],
                 cut.rule_hit_counts()[0],
                 half < 0 ? std::string("never (within 60 months)") : fmt::format("month {}", half));
    }

    // Which machines matter most: each machine tool's servicing cut alone.
    std::vector<std::pair<double, node_index>> machines;
    for (node_index v : g.nodes()) {
      if (g.node_kinds()[v] != node_kind::machine_tool &&
          !g.categories()[g.node_category_ids()[v]].starts_with("machine_tool/"))
        continue;
      compiled_scenario alone = compile(g, servicing_cut(1.0, std::string(g.node(v).id())));
      if (alone.rule_hit_counts()[0] == 0) continue;
      impact_result r = impact(g, alone, {.attribute = false});
      machines.emplace_back(r.loss(target), v);
    }
    std::sort(machines.begin(), machines.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    fmt::print("\nMachines and controllers whose servicing matters most to {} (servicing of that "
               "one cut, fully):\n", target_id);
    for (const auto& [loss, v] : machines) {
      node_view m = g.node(v);
      fmt::print("  {:<24} {:<3} {:<40} loss {:5.1f}%\n", m.id(), m.country(),
                 std::string(m.name()).substr(0, 40), 100 * loss);
    }
    return 0;
  } catch (const error& e) {
    fmt::print(stderr, "cnc_servicing_cut: {}\n", e.what());
    return 2;
  }
}
