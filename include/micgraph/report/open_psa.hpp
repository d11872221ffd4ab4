#pragma once
/// \file report/open_psa.hpp
/// An Open-PSA import (import/open_psa.hpp) as the front ends present it (`micgraph import
/// open-psa`): what was read and built, the top gates (the graph's products), and the
/// elements read past.

#include <nlohmann/json.hpp>
#include <string>

#include "micgraph/graph.hpp"
#include "micgraph/import/open_psa.hpp"

namespace micgraph::io {

/// `imported N nodes and M edges into OUTPUT in S s`, then the counts, the top gates (the first
/// `max_tops`) and the notes; ends with how to get the fault tree's cut sets.
std::string to_text(const open_psa_report& report, const graph& g, const std::string& output,
                    double seconds, std::size_t max_tops = 20);

/// `{"files", "fault_trees", "gates", "basic_events", "house_events", "atleast_gates",
/// "intermediate_nodes", "top_gates", "notes"}`.
void to_json(nlohmann::ordered_json& out, const open_psa_report& report);

}  // namespace micgraph::io
