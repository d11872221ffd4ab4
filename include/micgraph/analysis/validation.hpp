#pragma once
/// \file analysis/validation.hpp
/// Structural warnings about a loaded graph (`micgraph validate`): nodes that can never be
/// produced even with no cuts, orphan nodes, dependency cycles, and provider slots that mix
/// sources of different categories. Load errors are exceptions; these are only warnings.

#include <string>
#include <string_view>
#include <vector>

#include "micgraph/analysis/availability.hpp"
#include "micgraph/graph.hpp"

namespace micgraph {

/// One warning: a stable code, a one-line message and the nodes it concerns (by id).
struct validation_warning {
  std::string code;  ///< `never_producible`, `orphan`, `cycle`, `mixed_slot_categories`
  std::string message;
  std::vector<std::string> nodes;
};

struct validation_report {
  std::vector<validation_warning> warnings;
  std::size_t never_producible = 0;
  std::size_t orphans = 0;
  std::size_t cycles = 0;
  std::size_t mixed_slots = 0;
};

struct validation_options {
  /// Cycles longer than this are listed by their first members only.
  std::size_t max_cycle_members_listed = 12;
};

namespace detail {
inline std::string_view top_category(std::string_view category) {
  return category.substr(0, category.find('/'));
}
}  // namespace detail

/// Checks the graph for the DESIGN §2 warnings. O(n + m) plus the size of the messages.
inline validation_report validate(const graph& g, const validation_options& options = {}) {
  validation_report report;
  const auto sources = g.edge_sources();
  const auto targets = g.edge_targets();

  // Never producible: unavailable with every edge live and every node alive. Name the first
  // slot with no available provider, which is where the chain breaks.
  std::vector<bool> available = available_nodes(g);
  for (node_index v : g.nodes()) {
    if (available[v]) continue;
    ++report.never_producible;
    std::string why;
    for (slot_index s : g.slots(v)) {
      bool met = false;
      for (edge_index e : g.slot_edges(s)) met = met || available[sources[e]];
      if (!met) {
        why = "its input '" + g.slot_name(s) + "' has no producible provider";
        break;
      }
    }
    if (why.empty()) why = "it depends on itself through a cycle with no outside supply";
    report.warnings.push_back({"never_producible",
                               "node '" + std::string(g.node(v).id()) + "' (" +
                                   std::string(to_string(g.node(v).kind())) +
                                   ") can never be produced, even with no cuts: " + why,
                               {std::string(g.node(v).id())}});
  }

  // Orphans: no edge of any kind touches the node.
  std::vector<bool> touched(g.node_count(), false);
  for (edge_index e : g.edges()) touched[sources[e]] = touched[targets[e]] = true;
  for (node_index v : g.nodes()) {
    if (touched[v]) continue;
    ++report.orphans;
    report.warnings.push_back(
        {"orphan", "node '" + std::string(g.node(v).id()) + "' has no edges", {std::string(g.node(v).id())}});
  }

  // Dependency cycles: one warning per cyclic strongly connected component.
  for (std::uint32_t c = 0; c < g.component_count(); ++c) {
    if (!g.component_is_cyclic(c)) continue;
    ++report.cycles;
    validation_warning warning{"cycle", "", {}};
    auto members = g.component_nodes(c);
    std::string listed;
    for (node_index v : members) {
      warning.nodes.emplace_back(g.node(v).id());
      if (warning.nodes.size() <= options.max_cycle_members_listed)
        listed += (listed.empty() ? "" : ", ") + std::string(g.node(v).id());
    }
    if (members.size() > options.max_cycle_members_listed)
      listed += ", ... (" + std::to_string(members.size()) + " in all)";
    warning.message = members.size() == 1
                          ? "dependency cycle: '" + listed + "' depends on itself"
                          : "dependency cycle among " + std::to_string(members.size()) +
                                " nodes: " + listed;
    report.warnings.push_back(std::move(warning));
  }

  // Slots whose item providers (firms and facilities aside) differ in top-level category:
  // probably different requirements that want their own `input` names.
  for (slot_index s : std::views::iota(slot_index{0}, static_cast<slot_index>(g.slot_count()))) {
    auto edges = g.slot_edges(s);
    if (edges.size() < 2) continue;
    std::string_view first;
    std::string_view second;
    for (edge_index e : edges) {
      node_kind kind = g.node(sources[e]).kind();
      if (kind == node_kind::firm || kind == node_kind::facility) continue;
      std::string_view top = detail::top_category(g.node(sources[e]).category());
      if (top.empty()) continue;
      if (first.empty()) {
        first = top;
      } else if (top != first) {
        second = top;
        break;
      }
    }
    if (second.empty()) continue;
    ++report.mixed_slots;
    node_index v = g.slot_target(s);
    validation_warning warning{"mixed_slot_categories",
                               "input '" + g.slot_name(s) + "' of node '" +
                                   std::string(g.node(v).id()) + "' mixes providers of category '" +
                                   std::string(first) + "' and '" + std::string(second) +
                                   "': give different requirements their own `input` names",
                               {std::string(g.node(v).id())}};
    report.warnings.push_back(std::move(warning));
  }
  return report;
}

}  // namespace micgraph
