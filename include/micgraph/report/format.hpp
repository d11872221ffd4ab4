#pragma once
/// \file report/format.hpp
/// What every report shares: the JSON text form, percentages and node labels. The reports
/// (report/*.hpp) turn analysis results into the JSON documents and text tables that the
/// command line, the Python package and the HTML report show; each front end prints them and
/// adds nothing. Implemented in lib/report (micgraph::report).

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"

namespace micgraph {

/// A JSON document as text: two-space indentation, invalid UTF-8 replaced, no final newline.
std::string json_text(const nlohmann::ordered_json& document);

/// A fraction as a percentage with one decimal: `31.5%`.
std::string percent(double fraction);

/// `id (kind, country)`, the country left out when unknown.
std::string node_label(const graph& g, node_index v);

/// The name a table gives a node: its name, or its id when it has none.
std::string display_name(const graph& g, node_index v);

/// The first `width` characters of UTF-8 text (code points, never a byte of a character cut in
/// two), for table columns; the whole text when it is no longer.
std::string clip(std::string_view text, std::size_t width);

/// The rows a table shows for a limit given as `--top N`: N, or every row when N is 0. Every
/// text report reads its limit through this, so `--top` means the same in every command.
constexpr std::size_t table_rows(std::size_t top) {
  return top == 0 ? static_cast<std::size_t>(-1) : top;
}

/// A size for people: `823 bytes`, `12.3 KiB`, `202.0 MiB`, `4.2 GiB`.
std::string byte_size(std::uintmax_t bytes);

/// The status line of a command that wrote a file, for stderr (README, "Options and status
/// lines"): `wrote PATH (FORMAT, SIZE)`, then `: SUMMARY` when there is one, then ` in S s` when
/// writing the file was the command's whole work (convert, generate, import); with its newline.
std::string wrote_line(std::string_view path, std::string_view format, std::uintmax_t bytes,
                       std::string_view summary = {}, std::optional<double> seconds = {});

/// The same for a graph file: the format follows from the path (.json, .mgb, a CSV directory)
/// and the size is what the file (or the CSV files) take on disk.
std::string wrote_graph_line(const std::filesystem::path& path, std::string_view summary = {},
                             std::optional<double> seconds = {});

/// A load or input error as one JSON object: `message`, the known parts of its location
/// (`file`, `line`, `column`, `element`, `field`) and `problem`.
nlohmann::ordered_json to_json(const parse_error& error);

}  // namespace micgraph
