#pragma once
/// \file report/ownership.hpp
/// Ownership results and explanations (analysis/ownership.hpp) as the front ends present them
/// (`micgraph ownership`): the rule, the listing, every blocked entity with the owners that
/// block it, and the chain from one entity down to the listed persons. Implemented in
/// lib/report/ownership.cpp.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "micgraph/analysis/ownership.hpp"
#include "micgraph/graph.hpp"

namespace micgraph {

/// The rule in words: `OFAC: 50% or more, stakes of all blocked owners added up, control does
/// not count` (the preset's name first when it is one; hop limit and as-of date when set).
std::string describe(const ownership_rule& rule);

/// `{"rule": {"name", "threshold", "inclusive", "aggregate", "control", "max_hops", "as_of"},
/// "listed": [ids], "blocked": [{"id", "kind", "country", "name", "hops", "listed",
/// "blocked_by": [{"owner", "stake", "controls"}]}], "counts": {"listed", "blocked",
/// "through_ownership", "max_hops"}}`; `blocked` in result order (listed first, then by hops),
/// `blocked_by` the owners that block each entity (explain_ownership's first step). O(n + m)
/// plus the output.
nlohmann::ordered_json to_json(const graph& g, const ownership_result& r);

struct ownership_text_options {
  std::size_t top = 40;  ///< blocked entities listed (those nearest the listing first); 0: all
};

/// The table of `micgraph ownership`: the rule, the counts, and the blocked entities with their
/// hops from the listing, the stake held by blocked owners and the owners that block them.
std::string to_text(const graph& g, const ownership_result& r,
                    const ownership_text_options& options = {});

/// One explanation: `{"entity", "rule", "entities": [{"id", "kind", "hops", "listed",
/// "counted", "by_control", "truncated", "holdings": [{"owner", "stake", "controls",
/// "owner_reason", "edges": [{"source", "target", "kind", "share", "start_date", "end_date",
/// "sources"}]}]}]}`.
nlohmann::ordered_json to_json(const graph& g, const ownership_result& r,
                               const ownership_explanation& why);

/// One explanation as an indented tree from the entity asked about down to the listed nodes,
/// each step with the owners' stakes and their sum against the threshold; an entity met again is
/// referred to, not repeated. Empty for an empty explanation (the entity is not blocked).
std::string to_text(const graph& g, const ownership_result& r, const ownership_explanation& why);

}  // namespace micgraph
