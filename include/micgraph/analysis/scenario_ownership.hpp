#pragma once
/// \file analysis/scenario_ownership.hpp
/// Why a scenario's node rule hit a node through ownership: the chain from the rule's listing
/// (the nodes its filter selected) to the node, under the rule's `with_owned` extension. For
/// impact explanations: a node cut by a rule it was not listed by is there because of this
/// chain.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>

#include "micgraph/analysis/ownership.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

/// What node rule `rule` of `s` blocks through ownership: ownership_blocked of the rule's
/// listing under its `with_owned` extension (`true` is `any_stake`); nullopt when the rule has
/// no extension or is out of range. O(n + m).
inline std::optional<ownership_result> rule_ownership(const graph& g, const compiled_scenario& s,
                                                      std::uint32_t rule) {
  if (rule >= s.definition().rules.size()) return std::nullopt;
  const std::optional<ownership_rule> extension =
      s.definition().rules[rule].with_owned.effective_rule();
  if (!extension) return std::nullopt;
  return ownership_blocked(g, s.rule_listing(rule), *extension);
}

/// Why node rule `rule` of `s` hit `v` through ownership: the ownership chain from the rule's
/// listing to `v` (explain_ownership over rule_ownership). Empty when the rule selected `v`
/// itself, did not hit it, or extends to nothing. O(n + m).
inline ownership_explanation explain_rule_hit(const graph& g, const compiled_scenario& s,
                                              std::uint32_t rule, node_index v,
                                              const ownership_explain_options& options = {}) {
  if (v >= g.node_count()) return {};
  const std::optional<ownership_result> blocked = rule_ownership(g, s, rule);
  if (!blocked) return {};
  const std::span<const node_index> listing = s.rule_listing(rule);
  if (std::binary_search(listing.begin(), listing.end(), v)) return {};
  return explain_ownership(g, *blocked, v, options);
}

}  // namespace micgraph
