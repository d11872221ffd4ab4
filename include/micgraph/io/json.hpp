#pragma once
/// \file io/json.hpp
/// NetworkX node-link JSON (DESIGN §4): `{"directed": true, "multigraph": true, "graph": {...},
/// "nodes": [...], "links": [...]}`; `edges` is accepted for `links` on read. Node and edge
/// objects hold the DESIGN §2 fields (edges also `start_date` and `end_date`, ISO 8601
/// `YYYY-MM-DD` strings, on `owns` and `controls` edges); any other key is kept in `attrs` and
/// written back as is.
/// Implemented in lib/io/json.cpp (micgraph::io).

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string_view>

#include "micgraph/graph.hpp"

namespace micgraph::io {

/// Reads a node-link file over a memory map with simdjson's On-Demand API; a file holding any
/// problem is read again with nlohmann's SAX parser, which names it (no DOM of the whole file
/// either way). Throws parse_error naming the file, the line/column or element (`links[12]`)
/// and the field.
/// `progress`, when given, is called with the fraction done (0 to 1): by bytes parsed, then
/// once the graph is frozen.
graph read_json(const std::filesystem::path& path,
                const std::function<void(double)>& progress = {});

/// Reads node-link JSON held in memory; `name` stands for the file in error messages.
graph read_json_text(std::string_view text, std::string_view name = "<memory>");

/// Writes node-link JSON: one node or link object per line, in graph order.
/// `progress`, when given, is called with the fraction written (0 to 1).
void write_json(const graph& g, std::ostream& out, const std::function<void(double)>& progress = {});

/// Writes node-link JSON to a file; throws micgraph::error when the file cannot be written.
void write_json(const graph& g, const std::filesystem::path& path,
                const std::function<void(double)>& progress = {});

}  // namespace micgraph::io
