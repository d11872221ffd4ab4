#include "micgraph/io/attributes.hpp"

#include <fmt/core.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "micgraph/builder.hpp"
#include "micgraph/error.hpp"

namespace micgraph::io {

namespace {

// A finite number >= 0 of months from an edge's attrs; absent: nothing appended.
void read_months(const graph& g, edge_index e, const char* name, std::vector<edge_number>& out) {
  std::string_view text = g.edge(e).attrs();
  if (text.find(name) == std::string_view::npos) return;
  nlohmann::json attrs = nlohmann::json::parse(text, nullptr, false);
  auto it = attrs.is_object() ? attrs.find(name) : attrs.end();
  if (it == attrs.end()) return;
  std::string problem = it->is_number()
                            ? detail::range_problem(it->get<double>(), max_months, "months")
                            : "expected months in [0, " + detail::number_text(max_months) +
                                  "], got " + it->dump();
  if (!problem.empty())
    throw parse_error({.element = "edge " + std::string(g.node(g.edge(e).source()).id()) +
                                  " -> " + std::string(g.node(g.edge(e).target()).id()),
                       .field = name},
                      problem);
  out.push_back({e, it->get<double>()});
}

}  // namespace

void read_timeline_attributes(const graph& g, timeline_options& options) {
  options.edge_mean_life_months.clear();
  options.edge_ramp_months.clear();
  for (edge_index e = 0; e < g.edge_count(); ++e) {
    if (!is_dependency(g.edge_kinds()[e])) continue;
    if (g.edge_kinds()[e] == edge_kind::services)
      read_months(g, e, "mean_life_months", options.edge_mean_life_months);
    if (!std::isnan(g.edge_lead_times()[e]))
      read_months(g, e, "ramp_months", options.edge_ramp_months);
  }
}

std::vector<double> read_cut_costs(const graph& g, std::string_view attribute,
                                   std::span<const std::uint8_t> cuttable,
                                   std::vector<std::string>& warnings) {
  std::vector<double> cost(g.node_count(), 1.0);
  std::size_t defaulted = 0;
  const std::string name(attribute);
  for (node_index v : g.nodes()) {
    if (!cuttable.empty() && !cuttable[v]) {
      cost[v] = std::numeric_limits<double>::infinity();
      continue;
    }
    if (attribute.empty()) continue;
    std::string_view text = g.node(v).attrs();
    nlohmann::json attrs = text.empty() ? nlohmann::json::object() : nlohmann::json::parse(text);
    auto it = attrs.find(name);
    if (it == attrs.end() || it->is_null()) {
      ++defaulted;
      continue;
    }
    if (!it->is_number() || !(it->get<double>() > 0.0) || !std::isfinite(it->get<double>()))
      throw parse_error({.element = "node '" + std::string(g.node(v).id()) + "'",
                         .field = "attrs." + name},
                        "a cut cost must be a finite number > 0, got " + it->dump());
    cost[v] = it->get<double>();
  }
  if (defaulted > 0)
    warnings.push_back(fmt::format("{} cuttable nodes have no attrs.{}: they cost 1 to cut",
                                   defaulted, attribute));
  return cost;
}

}  // namespace micgraph::io
