#pragma once
/// \file report/format.hpp
/// What every report shares: the JSON text form, percentages and node labels. The reports
/// (report/*.hpp) turn analysis results into the JSON documents and text tables that the
/// command line, the Python package and the HTML report show; each front end prints them and
/// adds nothing. Implemented in lib/report (micgraph::report).

#include <nlohmann/json.hpp>
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

/// A load or input error as one JSON object: `message`, the known parts of its location
/// (`file`, `line`, `column`, `element`, `field`) and `problem`.
nlohmann::ordered_json to_json(const parse_error& error);

}  // namespace micgraph
