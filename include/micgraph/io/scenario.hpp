#pragma once
/// \file io/scenario.hpp
/// Scenario files (DESIGN §2): `{"name", "description", "min_confidence", "views", "rules"}`.
/// A node rule holds its filter fields (`ids`, `kinds`, `countries`, `categories`, `tags`, or
/// `"all": true`) and `with_owned`: `true` (everything reachable over `owns` edges), an ownership
/// rule's name (`"ofac"`, `"eu"`, `"uk"`, `"eu-until-2024"`, `"any-stake"`: what the selection
/// blocks under it, analysis/ownership.hpp) or a rule object `{"rule", "threshold",
/// "inclusive", "aggregate", "control", "max_hops", "as_of"}` whose fields left out take the
/// values of its `rule` (default "ofac"). An edge rule holds `from`, `to`, `kinds`, `categories`.
/// Unknown keys are errors (a typo must never widen a cut); keys starting with `_` are comments.
/// Whether ids exist is checked when the scenario is compiled against a graph.
/// Implemented in lib/io/scenario.cpp (micgraph::io).

#include <filesystem>
#include <iosfwd>
#include <string_view>

#include "micgraph/scenario.hpp"

namespace micgraph::io {

/// Reads a scenario file. Throws scenario_error naming the file, the line/column or the element
/// (`rules[2].from`) and field.
scenario read_scenario(const std::filesystem::path& path);

/// Reads a scenario held in memory; `name` stands for the file in error messages.
scenario read_scenario_text(std::string_view text, std::string_view name = "<memory>");

/// Writes a scenario as indented JSON, fields at their defaults left out.
void write_scenario(const scenario& s, std::ostream& out);
void write_scenario(const scenario& s, const std::filesystem::path& path);

}  // namespace micgraph::io
