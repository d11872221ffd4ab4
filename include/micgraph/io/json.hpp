#pragma once
/// \file io/json.hpp
/// NetworkX node-link JSON (DESIGN §4): `{"directed": true, "multigraph": true, "graph": {...},
/// "nodes": [...], "links": [...]}`; `edges` is accepted for `links` on read. Node and edge
/// objects hold the DESIGN §2 fields; any other key is kept in `attrs` and written back as is.
/// Implemented in lib/io/json.cpp (micgraph::io).

#include <filesystem>
#include <iosfwd>
#include <string_view>

#include "micgraph/graph.hpp"

namespace micgraph::io {

/// Reads a node-link file with a SAX parser over a memory map (no DOM of the whole file).
/// Throws parse_error naming the file, the line/column or element (`links[12]`) and the field.
graph read_json(const std::filesystem::path& path);

/// Reads node-link JSON held in memory; `name` stands for the file in error messages.
graph read_json_text(std::string_view text, std::string_view name = "<memory>");

/// Writes node-link JSON: one node or link object per line, in graph order.
void write_json(const graph& g, std::ostream& out);

/// Writes node-link JSON to a file; throws micgraph::error when the file cannot be written.
void write_json(const graph& g, const std::filesystem::path& path);

}  // namespace micgraph::io
