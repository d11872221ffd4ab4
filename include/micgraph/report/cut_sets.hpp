#pragma once
/// \file report/cut_sets.hpp
/// Minimal cut sets (analysis/cut_sets.hpp) as the front ends present them (`micgraph
/// chokepoints --order K`): the sets listed by order and by the targets they stop, the counts
/// per order over all targets and per target, and whether the listing stopped at its limit.
/// Field names of the JSON document: docs/json.md.

#include <nlohmann/json.hpp>
#include <string>

#include "micgraph/analysis/cut_sets.hpp"
#include "micgraph/graph.hpp"

namespace micgraph {

/// `{"max_order", "orders": [{"order", "count", "listed", "sets": [{"members": [ids],
/// "targets_stopped", "targets": [ids]}]}], "targets": [{"id", "counts": [order 1, ...,
/// max_order]}], "unavailable_targets": [ids], "listed_order", "truncated",
/// "counts_saturated"}`. Every order from 1 to max_order has an entry; `count` is the number of
/// distinct sets of that order over all targets, `listed` whether `sets` holds them all
/// (false: none are listed). O(sets listed * order + targets * max_order).
nlohmann::ordered_json to_json(const graph& g, const cut_sets_result& result);

/// The counts per order, each target's counts, then for each listed order its first `top`
/// sets (0: all) (most targets stopped first), one line each: `stops  member + member + ...`.
std::string to_text(const graph& g, const cut_sets_result& result, std::size_t top = 20);

}  // namespace micgraph
