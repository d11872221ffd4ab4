#pragma once
/// \file analysis/validation.hpp
/// Structural warnings about a loaded graph (`micgraph validate`): nodes that can never be
/// produced even with no cuts, orphan nodes, dependency cycles, provider slots that mix
/// sources of different categories, and ownership stakes into one asset that sum above 100% on
/// some day (beyond what rounding each published percentage to two decimals explains). Load errors
/// are exceptions; these are only warnings.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "micgraph/analysis/availability.hpp"
#include "micgraph/graph.hpp"

namespace micgraph {

/// One warning: a stable code, a one-line message and the nodes it concerns (by id).
struct validation_warning {
  std::string code;  ///< `never_producible`, `orphan`, `cycle`, `mixed_slot_categories`,
                     ///< `stakes_above_one`
  std::string message;
  std::vector<std::string> nodes;
};

struct validation_report {
  std::vector<validation_warning> warnings;
  std::size_t never_producible = 0;
  std::size_t orphans = 0;
  std::size_t cycles = 0;
  std::size_t mixed_slots = 0;
  std::size_t stakes_above_one = 0;  ///< assets whose owners' stakes in force sum above 1
};

struct validation_options {
  /// Cycles longer than this are listed by their first members only.
  std::size_t max_cycle_members_listed = 12;
};

namespace detail {
inline std::string_view top_category(std::string_view category) {
  return category.substr(0, category.find('/'));
}

/// A fraction as a percentage with at most two decimals: `49%`, `33.33%`.
inline std::string percent_text(double fraction) {
  const double hundredths = std::round(fraction * 10000.0);
  std::string out = std::to_string(static_cast<long long>(hundredths / 100.0));
  const auto rest = static_cast<long long>(std::fmod(std::abs(hundredths), 100.0));
  if (rest != 0) {
    out += '.';
    out += static_cast<char>('0' + rest / 10);
    if (rest % 10 != 0) out += static_cast<char>('0' + rest % 10);
  }
  return out + "%";
}

/// The stakes in force on the day they add up the most.
struct stake_peak {
  double sum = 0.0;                ///< the largest sum of the stakes in force on one day
  std::size_t stakes = 0;          ///< how many stakes make it up
  std::optional<day_number> day;   ///< its first day; nullopt when it holds whatever the day
};

/// The peak of the stakes in force among `edges` (owns edges into one asset). O(k log k) for
/// k edges.
inline stake_peak peak_stake(const graph& g, std::span<const edge_index> edges) {
  struct change {
    std::int64_t day;  // the day the stake starts counting, or the day after its last
    double delta;
    int count;         // +1 when it starts, -1 after its last day
  };
  std::vector<change> changes;
  constexpr std::int64_t open_start = std::numeric_limits<std::int64_t>::min();
  for (edge_index e : edges) {
    const edge_view edge = g.edge(e);
    changes.push_back({edge.start_date() ? *edge.start_date() : open_start, edge.share(), 1});
    if (edge.end_date()) changes.push_back({std::int64_t{*edge.end_date()} + 1, -edge.share(), -1});
  }
  std::sort(changes.begin(), changes.end(),
            [](const change& a, const change& b) { return a.day < b.day; });
  double sum = 0;
  std::size_t count = 0;
  stake_peak peak;
  std::int64_t peak_day = open_start;
  for (std::size_t i = 0; i < changes.size();) {
    const std::int64_t day = changes[i].day;
    for (; i < changes.size() && changes[i].day == day; ++i)
      sum += changes[i].delta, count = static_cast<std::size_t>(static_cast<long long>(count) + changes[i].count);
    if (sum > peak.sum + 1e-12) peak.sum = sum, peak.stakes = count, peak_day = day;
  }
  if (peak_day != open_start) peak.day = static_cast<day_number>(peak_day);
  return peak;
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

  // Stakes into one asset above 100% on some day: owns edges grouped by their target.
  {
    const auto kinds = g.edge_kinds();
    std::vector<std::uint32_t> offsets(g.node_count() + 1, 0);
    for (edge_index e : g.edges())
      if (kinds[e] == edge_kind::owns) ++offsets[targets[e] + 1];
    for (std::size_t v = 0; v < g.node_count(); ++v) offsets[v + 1] += offsets[v];
    std::vector<edge_index> into(offsets.back());
    {
      std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
      for (edge_index e : g.edges())
        if (kinds[e] == edge_kind::owns) into[fill[targets[e]]++] = e;
    }
    for (node_index v : g.nodes()) {
      std::span<const edge_index> stakes =
          std::span<const edge_index>(into).subspan(offsets[v], offsets[v + 1] - offsets[v]);
      if (stakes.size() < 2) continue;
      const detail::stake_peak peak = detail::peak_stake(g, stakes);
      // Percentages are published to two decimals: each stake may be 0.005 points off.
      if (peak.sum <= 1.0 + 5e-5 * static_cast<double>(peak.stakes) + 1e-9) continue;
      const std::optional<day_number> day = peak.day;
      ++report.stakes_above_one;
      std::string owners;
      for (edge_index e : stakes) {
        const edge_view edge = g.edge(e);
        if (day && !in_force(edge.start_date(), edge.end_date(), *day)) continue;
        owners += (owners.empty() ? "" : ", ") + std::string(g.node(sources[e]).id()) + " " +
                  detail::percent_text(edge.share());
      }
      report.warnings.push_back(
          {"stakes_above_one",
           "the stakes held in '" + std::string(g.node(v).id()) + "' sum to " +
               detail::percent_text(peak.sum) + (day ? " on " + format_date(*day) : std::string()) +
               " (" + owners + "): more than the whole asset; check the stakes and their dates",
           {std::string(g.node(v).id())}});
    }
  }
  return report;
}

}  // namespace micgraph
