#pragma once
/// \file analysis/scenario_ownership.hpp
/// Why a scenario's node rule hit a node through ownership: the chain from the rule's listing
/// (the nodes its filter selected) to the node, under the rule's `with_owned` extension. For
/// impact explanations: a node cut by a rule it was not listed by is there because of this
/// chain.

#include <cstdint>
#include <optional>

#include "micgraph/analysis/ownership.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

/// Why node rule `rule` of `s` hit `v` through ownership: the ownership chain from the rule's
/// listing to `v` (explain_ownership under the rule's extension; `true` is `any_stake`). Empty
/// when the rule selected `v` itself, did not hit it, or extends to nothing. O(n + m).
inline ownership_explanation explain_rule_hit(const graph& g, const compiled_scenario& s,
                                              std::uint32_t rule, node_index v,
                                              const ownership_explain_options& options = {}) {
  if (rule >= s.definition().rules.size() || v >= g.node_count()) return {};
  const std::optional<ownership_rule> extension =
      s.definition().rules[rule].with_owned.effective_rule();
  const std::span<const node_index> listing = s.rule_listing(rule);
  if (!extension || std::binary_search(listing.begin(), listing.end(), v)) return {};
  return explain_ownership(g, ownership_blocked(g, listing, *extension), v, options);
}

}  // namespace micgraph
