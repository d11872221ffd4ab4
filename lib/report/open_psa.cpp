#include "micgraph/report/open_psa.hpp"

#include <fmt/core.h>

#include <iterator>

namespace micgraph::io {

std::string to_text(const open_psa_report& report, const graph& g, const std::string& output,
                    double seconds, std::size_t max_tops) {
  std::string out;
  auto to = std::back_inserter(out);
  out += wrote_graph_line(output, fmt::format("{} nodes, {} edges imported", g.node_count(),
                                              g.edge_count()),
                          seconds);
  fmt::format_to(to, "read: {} file{}, {} fault tree{}\n", report.files.size(),
                 report.files.size() == 1 ? "" : "s", report.fault_trees,
                 report.fault_trees == 1 ? "" : "s");
  fmt::format_to(to,
                 "graph: {} gates, {} basic events (tag {}), {} house events; {} atleast gates "
                 "expanded, {} intermediate nodes\n",
                 report.gates, report.basic_events, open_psa_basic_event_tag, report.house_events,
                 report.atleast_gates, report.intermediate_nodes);
  fmt::format_to(to, "top gates (products): {}\n", report.top_gates.size());
  for (std::size_t i = 0; i < report.top_gates.size() && i < max_tops; ++i)
    fmt::format_to(to, "  {}\n", report.top_gates[i]);
  if (report.top_gates.size() > max_tops)
    fmt::format_to(to, "  ... {} more\n", report.top_gates.size() - max_tops);
  for (const std::string& note : report.notes) fmt::format_to(to, "note: {}\n", note);
  fmt::format_to(to,
                 "A gate's minimal cut sets are its node's, with only the basic events "
                 "cuttable (tag {}).\n",
                 open_psa_basic_event_tag);
  return out;
}

void to_json(nlohmann::ordered_json& out, const open_psa_report& report) {
  out = nlohmann::ordered_json::object();
  out["files"] = report.files;
  out["fault_trees"] = report.fault_trees;
  out["gates"] = report.gates;
  out["basic_events"] = report.basic_events;
  out["house_events"] = report.house_events;
  out["atleast_gates"] = report.atleast_gates;
  out["intermediate_nodes"] = report.intermediate_nodes;
  out["top_gates"] = report.top_gates;
  out["notes"] = report.notes;
}

}  // namespace micgraph::io
