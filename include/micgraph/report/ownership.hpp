#pragma once
/// \file report/ownership.hpp
/// Ownership results and explanations (analysis/ownership.hpp) as the front ends present them
/// (`micgraph ownership`): the rule, the listing, every blocked entity with the owners that
/// block it, and the chain from one entity down to the listed persons. Implemented in
/// lib/report/ownership.cpp.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "micgraph/analysis/ownership.hpp"
#include "micgraph/selection.hpp"
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


/// What `micgraph ownership` is asked: the listing (a node filter), the rule, the entities to
/// explain.
struct ownership_report_options {
  named_filter listed;  ///< the listed nodes, e.g. `tags=sanctioned:us-sdn` or `ids=ru-ktrv`
  ownership_rule rule = ownership_rule::ofac();
  std::vector<node_index> explain;  ///< entities whose chain to the listing is explained
};

/// A listing, what it blocks under the rule, and the explanations asked for.
struct ownership_report {
  const graph* g = nullptr;
  std::string listed_filter;  ///< the filter's text
  ownership_result result;
  /// One per `explain` entity, in the order given; empty when that entity is not blocked.
  std::vector<std::pair<node_index, ownership_explanation>> explanations;
  std::vector<std::string> warnings;  ///< e.g. a filter that selects nothing
};

/// Selects the listing, runs ownership_blocked and explain_ownership. Throws micgraph::error for
/// a threshold outside [0,1]. O(n + m) plus the explanations.
ownership_report make_ownership_report(const graph& g, const ownership_report_options& options);

/// `{"listed_filter", <to_json(graph, ownership_result)'s fields>, "explanations": [<to_json of
/// each explanation, "entity" the id asked about, "blocked">], "warnings"}`.
void to_json(nlohmann::ordered_json& out, const ownership_report& report);

/// The table (to_text of the result), then each explanation, or a line saying the entity is not
/// blocked, then the warnings.
std::string to_text(const ownership_report& report, const ownership_text_options& options = {});

}  // namespace micgraph
