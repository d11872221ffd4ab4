#pragma once
/// \file io/csv.hpp
/// Spreadsheet form (DESIGN §4): `nodes.csv` and `edges.csv`, a header row naming the DESIGN §2
/// fields as columns (in any order), RFC 4180 quoting. List fields (`tags`, `sources`) are
/// separated by `;`; `attrs` holds a JSON object; `start_date` and `end_date` are ISO 8601
/// `YYYY-MM-DD`. Unknown columns become string attributes.
/// Implemented in lib/io/csv.cpp (micgraph::io).

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "micgraph/graph.hpp"

namespace micgraph::io {

/// Reads a graph from its two CSV files. Throws parse_error naming file, line and column.
/// `progress`, when given, is called with the fraction done (0 to 1) as the files are read.
graph read_csv(const std::filesystem::path& nodes_csv, const std::filesystem::path& edges_csv,
               const std::function<void(double)>& progress = {});

/// Writes `nodes.csv` and `edges.csv` (and `graph.json` when the graph has metadata) into
/// `directory`, creating it if needed.
void write_csv(const graph& g, const std::filesystem::path& directory);

/// One parsed CSV record and the line on which it starts.
struct csv_row {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

/// Splits RFC 4180 text into records: quoted fields may hold commas, doubled quotes and line
/// breaks; CRLF and LF both end a record; a final line break is optional; blank lines are
/// skipped. Throws parse_error (with `name`, line and column) on an unterminated quote or a
/// stray quote inside an unquoted field.
std::vector<csv_row> parse_csv(std::string_view text, std::string_view name);

/// Quotes a field when it holds a comma, quote, CR or LF (RFC 4180).
std::string csv_escape(std::string_view field);

}  // namespace micgraph::io
