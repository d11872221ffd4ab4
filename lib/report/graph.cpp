#include "micgraph/report/graph.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <iterator>
#include <string_view>
#include <utility>

#include "micgraph/report/format.hpp"

namespace micgraph {

using json = nlohmann::ordered_json;

json to_json(const graph& g, const validation_report& report) {
  json out;
  out["valid"] = true;
  out["errors"] = json::array();
  auto& warnings = out["warnings"] = json::array();
  for (const validation_warning& w : report.warnings)
    warnings.push_back({{"code", w.code}, {"message", w.message}, {"nodes", w.nodes}});
  out["nodes"] = g.node_count();
  out["edges"] = g.edge_count();
  return out;
}

json invalid_json(const parse_error& error) {
  json out;
  out["valid"] = false;
  out["errors"] = json::array({to_json(error)});
  out["warnings"] = json::array();
  return out;
}

std::string to_text(const graph& g, const validation_report& report, const std::string& label,
                    std::size_t top) {
  top = table_rows(top);
  std::string out;
  auto to = std::back_inserter(out);
  fmt::format_to(to, "{}: valid: {} nodes, {} edges, {} requirement slots\n", label,
                 g.node_count(), g.edge_count(), g.slot_count());
  std::size_t shown = 0;
  for (const validation_warning& w : report.warnings) {
    if (shown++ == top) {
      fmt::format_to(to, "... {} more warnings (--top, --json)\n", report.warnings.size() - top);
      break;
    }
    fmt::format_to(to, "warning [{}]: {}\n", w.code, w.message);
  }
  fmt::format_to(to,
                 "{} warnings: {} never producible, {} orphans, {} dependency cycles, {} mixed "
                 "provider slots\n",
                 report.warnings.size(), report.never_producible, report.orphans, report.cycles,
                 report.mixed_slots);
  if (report.stakes_above_one != 0)
    fmt::format_to(to, "  and {} asset{} whose owners' stakes sum above 100%\n",
                   report.stakes_above_one, report.stakes_above_one == 1 ? "" : "s");
  return out;
}

namespace {

double per_edge(const graph_stats& s, std::size_t bytes) {
  return s.edges == 0 ? 0.0 : static_cast<double>(bytes) / static_cast<double>(s.edges);
}

}  // namespace

void to_json(json& out, const graph_stats& s) {
  out = json::object();
  out["nodes"] = s.nodes;
  out["edges"] = s.edges;
  auto& by_kind = out["by_kind"] = json::object();
  for (std::size_t k = 0; k < node_kind_count; ++k)
    by_kind[std::string(node_kind_names[k])] = s.by_kind[k];
  auto& by_edge_kind = out["by_edge_kind"] = json::object();
  for (std::size_t k = 0; k < edge_kind_count; ++k)
    by_edge_kind[std::string(edge_kind_names[k])] = s.by_edge_kind[k];
  auto& by_country = out["by_country"] = json::object();
  for (const auto& [country, count] : s.by_country) by_country[country] = count;
  out["sources"] = s.sources;
  out["sinks"] = s.sinks;
  out["cyclic_components"] = s.cyclic_components;
  out["largest_cyclic_component"] = s.largest_cyclic_component;
  out["slots"] = s.slots;
  out["partial_stakes"] = s.partial_stakes;
  out["dated_edges"] = s.dated_edges;
  out["memory_bytes"] = s.memory.total();
  out["bytes_per_edge"] = per_edge(s, s.memory.total());
  out["memory"] = {{"topology", s.memory.topology},
                   {"node_properties", s.memory.node_properties},
                   {"edge_properties", s.memory.edge_properties},
                   {"strings", s.memory.strings},
                   {"bytes_per_edge_without_strings", per_edge(s, s.memory.total() - s.memory.strings)}};
}

std::string to_text(const graph_stats& s, const std::string& label) {
  std::string out;
  auto to = std::back_inserter(out);
  fmt::format_to(to, "{}\n", label);
  fmt::format_to(to, "  nodes {:>12}   edges {:>12}   requirement slots {:>12}\n", s.nodes, s.edges,
                 s.slots);
  fmt::format_to(to, "  sources {:>10}   sinks {:>12}   cyclic components {:>12} (largest {})\n",
                 s.sources, s.sinks, s.cyclic_components, s.largest_cyclic_component);
  fmt::format_to(to, "  node kinds:\n");
  for (std::size_t k = 0; k < node_kind_count; ++k)
    fmt::format_to(to, "    {:<14}{:>12}\n", node_kind_names[k], s.by_kind[k]);
  fmt::format_to(to, "  edge kinds:\n");
  for (std::size_t k = 0; k < edge_kind_count; ++k)
    fmt::format_to(to, "    {:<14}{:>12}\n", edge_kind_names[k], s.by_edge_kind[k]);
  if (s.partial_stakes != 0 || s.dated_edges != 0)
    fmt::format_to(to, "  ownership: {} partial stakes (below 100%), {} dated owns/controls edges\n",
                   s.partial_stakes, s.dated_edges);
  fmt::format_to(to, "  countries ({}):\n", s.by_country.size());
  std::size_t shown = 0;
  for (const auto& [country, count] : s.by_country) {
    if (shown++ == 12) {
      fmt::format_to(to, "    ... {} more\n", s.by_country.size() - 12);
      break;
    }
    fmt::format_to(to, "    {:<14}{:>12}\n", country.empty() ? "(none)" : country, count);
  }
  fmt::format_to(to, "  memory {:.1f} MiB ({:.1f} bytes per edge)\n",
                 static_cast<double>(s.memory.total()) / (1024.0 * 1024.0), per_edge(s, s.memory.total()));
  if (s.edges > 0)
    fmt::format_to(to,
                   "    per edge: topology {:.1f}, node properties {:.1f}, edge properties {:.1f}, "
                   "strings {:.1f}\n",
                   per_edge(s, s.memory.topology), per_edge(s, s.memory.node_properties),
                   per_edge(s, s.memory.edge_properties), per_edge(s, s.memory.strings));
  return out;
}

namespace io {

std::string to_text(const war_sanctions_report& report, const graph& g, const std::string& output,
                    double seconds) {
  std::string out;
  auto to = std::back_inserter(out);
  out += wrote_graph_line(output, fmt::format("{} nodes, {} edges imported", g.node_count(),
                                              g.edge_count()),
                          seconds);
  fmt::format_to(to,
                 "read: drones.csv {} rows, manufacturers.csv {} rows, components.csv {} rows, "
                 "supply_chain_edges.csv {} rows\n",
                 report.weapon_rows, report.manufacturer_rows, report.component_rows,
                 report.relation_rows);
  fmt::format_to(to,
                 "graph: {} products (weapons), {} firms, {} components; {} produces and {} "
                 "component_of edges\n",
                 report.products, report.firms, report.components, report.produces_edges,
                 report.component_of_edges);
  fmt::format_to(to,
                 "firms: {} placeholders for unidentified makers (tag unknown), {} named only in "
                 "components.csv, {} with ids made from name and country, {} without components\n",
                 report.unidentified_firms, report.firms_from_components, report.renamed_firm_ids,
                 report.firms_without_components);
  fmt::format_to(to,
                 "components: {} sightings merged into a part seen before (same maker and "
                 "marking), {} repeated sightings in the same weapon; kept apart: {} without a "
                 "marking (tag unidentified_part), {} by unidentified makers\n",
                 report.merged_records, report.repeated_uses, report.unmarked_parts,
                 report.parts_of_unidentified_makers);
  // Skipped rows grouped by file and reason, in order of first occurrence.
  std::vector<std::pair<std::string_view, std::string_view>> groups;
  for (const auto& row : report.skipped) {
    std::pair<std::string_view, std::string_view> group{row.file, row.reason};
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  fmt::format_to(to, "skipped:{}\n", report.skipped.empty() ? " nothing" : "");
  for (const auto& [file, reason] : groups) {
    std::size_t count = 0;
    std::string examples;
    for (const auto& row : report.skipped) {
      if (row.file != file || row.reason != reason) continue;
      if (++count > 3) continue;
      examples.append(count == 1 ? "" : ", ").append("line ").append(std::to_string(row.line));
      if (!row.detail.empty()) examples.append(" (").append(row.detail).append(")");
    }
    fmt::format_to(to, "  {}: {} {}: {}\n    e.g. {}{}\n", file, count, count == 1 ? "row" : "rows",
                   reason, examples, count > 3 ? ", ..." : "");
  }
  for (const std::string& note : report.notes) fmt::format_to(to, "note: {}\n", note);
  fmt::format_to(to, "attribution (in the graph metadata): {}\n", report.attribution);
  return out;
}

void to_json(json& out, const war_sanctions_report& report) {
  out = json::object();
  out["read"] = {{"drones.csv", report.weapon_rows},
                 {"manufacturers.csv", report.manufacturer_rows},
                 {"components.csv", report.component_rows},
                 {"supply_chain_edges.csv", report.relation_rows}};
  out["graph"] = {{"products", report.products},
                  {"firms", report.firms},
                  {"components", report.components},
                  {"produces_edges", report.produces_edges},
                  {"component_of_edges", report.component_of_edges}};
  out["firms"] = {{"unidentified", report.unidentified_firms},
                  {"from_components", report.firms_from_components},
                  {"renamed_ids", report.renamed_firm_ids},
                  {"without_components", report.firms_without_components}};
  out["components"] = {{"merged_records", report.merged_records},
                       {"repeated_uses", report.repeated_uses},
                       {"unmarked_parts", report.unmarked_parts},
                       {"parts_of_unidentified_makers", report.parts_of_unidentified_makers}};
  auto& skipped = out["skipped"] = json::array();
  for (const auto& row : report.skipped)
    skipped.push_back(
        {{"file", row.file}, {"line", row.line}, {"reason", row.reason}, {"detail", row.detail}});
  out["notes"] = report.notes;
  out["attribution"] = report.attribution;
}

std::string to_text(const ftm_import_report& report, const graph& g, const std::string& output,
                    double seconds, std::size_t max_skipped) {
  std::string out;
  auto to = std::back_inserter(out);
  out += wrote_graph_line(output, fmt::format("{} nodes, {} edges imported", g.node_count(),
                                              g.edge_count()),
                          seconds);
  fmt::format_to(to,
                 "read: {} entities; graph: {} firms, {} persons, {} owns and {} controls edges "
                 "({} with dates)\n",
                 report.lines, report.firms, report.persons, report.owns_edges,
                 report.controls_edges, report.dated_edges);
  fmt::format_to(to, "listings: {} sanctions on {} listed entities (tags listed, listed:...)\n",
                 report.sanctions, report.listed_entities);
  if (report.unknown_stakes != 0)
    fmt::format_to(to, "stakes: {} ownerships without a percentage given the assumed stake\n",
                   report.unknown_stakes);
  fmt::format_to(to, "skipped:{}\n", report.skipped.empty() ? " nothing" : "");
  for (const auto& [reason, count] : report.skipped_by_reason)
    fmt::format_to(to, "  {} {}: {}\n", count, count == 1 ? "entity" : "entities", reason);
  for (std::size_t i = 0; i < report.skipped.size() && i < max_skipped; ++i) {
    const ftm_skipped_entity& skip = report.skipped[i];
    fmt::format_to(to, "    line {}: {} {}: {}{}{}\n", skip.line, skip.schema, skip.id, skip.reason,
                   skip.detail.empty() ? "" : " ", skip.detail);
  }
  if (report.skipped.size() > max_skipped)
    fmt::format_to(to, "    ... {} more (--json)\n", report.skipped.size() - max_skipped);
  for (const std::string& note : report.notes) fmt::format_to(to, "note: {}\n", note);
  if (!report.license.empty()) fmt::format_to(to, "licence: {}\n", report.license);
  if (!report.attribution.empty())
    fmt::format_to(to, "attribution (in the graph metadata): {}\n", report.attribution);
  return out;
}

void to_json(json& out, const ftm_import_report& report) {
  out = json::object();
  out["lines"] = report.lines;
  out["firms"] = report.firms;
  out["persons"] = report.persons;
  out["owns_edges"] = report.owns_edges;
  out["controls_edges"] = report.controls_edges;
  out["sanctions"] = report.sanctions;
  out["listed_entities"] = report.listed_entities;
  out["unknown_stakes"] = report.unknown_stakes;
  out["dated_edges"] = report.dated_edges;
  auto& by_reason = out["skipped_by_reason"] = json::array();
  for (const auto& [reason, count] : report.skipped_by_reason)
    by_reason.push_back({{"reason", reason}, {"count", count}});
  auto& skipped = out["skipped"] = json::array();
  for (const ftm_skipped_entity& skip : report.skipped)
    skipped.push_back({{"line", skip.line},
                       {"id", skip.id},
                       {"schema", skip.schema},
                       {"reason", skip.reason},
                       {"detail", skip.detail}});
  out["notes"] = report.notes;
  out["license"] = report.license;
  out["attribution"] = report.attribution;
}

}  // namespace io

}  // namespace micgraph
