#pragma once
/// \file report/graph.hpp
/// A graph's check and its counts as the front ends present them (`micgraph validate`,
/// `micgraph stats`), and the report of a dataset import. Field names of the JSON documents:
/// docs/json.md.

#include <nlohmann/json.hpp>
#include <string>

#include "micgraph/analysis/stats.hpp"
#include "micgraph/analysis/validation.hpp"
#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/import/ftm.hpp"
#include "micgraph/import/war_sanctions.hpp"

namespace micgraph {

/// `{"valid": true, "errors": [], "warnings": [{"code", "message", "nodes"}], "nodes", "edges"}`.
nlohmann::ordered_json to_json(const graph& g, const validation_report& report);

/// `{"valid": false, "errors": [ERROR], "warnings": []}` for a graph that failed to load.
nlohmann::ordered_json invalid_json(const parse_error& error);

/// `FILE: valid: N nodes, ...`, the first `top` warnings (0: all), and their tally; `label`
/// names the graph (e.g. its file).
std::string to_text(const graph& g, const validation_report& report, const std::string& label,
                    std::size_t top = 20);

/// `{"nodes", "edges", "by_kind", "by_edge_kind", "by_country", "sources", "sinks",
/// "cyclic_components", "largest_cyclic_component", "slots", "memory_bytes", "bytes_per_edge",
/// "memory": {...}}`.
void to_json(nlohmann::ordered_json& out, const graph_stats& stats);

/// The counts as a table headed by `label`.
std::string to_text(const graph_stats& stats, const std::string& label);

namespace io {

/// What an import of the War & Sanctions data read, built, merged and skipped, ending with the
/// attribution; `output` names where the graph went, `seconds` how long it took.
std::string to_text(const war_sanctions_report& report, const graph& g, const std::string& output,
                    double seconds);

/// The same counts as JSON: `{"read": {...}, "graph": {...}, "firms": {...}, "components":
/// {...}, "skipped": [{"file", "line", "reason", "detail"}], "notes", "attribution"}`.
void to_json(nlohmann::ordered_json& out, const war_sanctions_report& report);

/// What an import of a FollowTheMoney file read and built (firms, persons, owns and controls
/// edges, listings) and skipped by reason (the first `max_skipped` skips listed with their
/// lines), ending with the attribution.
std::string to_text(const ftm_import_report& report, const graph& g, const std::string& output,
                    double seconds, std::size_t max_skipped = 10);

/// `{"lines", "firms", "persons", "owns_edges", "controls_edges", "sanctions",
/// "listed_entities", "unknown_stakes", "dated_edges", "skipped_by_reason": [{"reason",
/// "count"}], "skipped": [{"line", "id", "schema", "reason", "detail"}], "notes", "license",
/// "attribution"}`.
void to_json(nlohmann::ordered_json& out, const ftm_import_report& report);

}  // namespace io

}  // namespace micgraph
