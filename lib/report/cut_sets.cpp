#include "micgraph/report/cut_sets.hpp"

#include <fmt/core.h>

#include <iterator>

#include "micgraph/report/format.hpp"

namespace micgraph {

nlohmann::ordered_json to_json(const graph& g, const cut_sets_result& result) {
  using json = nlohmann::ordered_json;
  const auto id = [&g](node_index v) { return std::string(g.node(v).id()); };
  json out = json::object();
  out["max_order"] = result.max_order;
  auto& orders = out["orders"] = json::array();
  std::size_t next = 0;  // first set of the order being written
  for (std::size_t order = 1; order <= result.max_order; ++order) {
    json entry = {{"order", order},
                  {"count", result.count_by_order.at(order)},
                  {"listed", order <= result.listed_order}};
    auto& sets = entry["sets"] = json::array();
    for (; next < result.sets.size() && result.sets[next].members.size() == order; ++next) {
      const cut_set& s = result.sets[next];
      json members = json::array(), targets = json::array();
      for (node_index v : s.members) members.push_back(id(v));
      for (node_index t : s.targets) targets.push_back(id(t));
      sets.push_back(
          {{"members", members}, {"targets_stopped", s.targets.size()}, {"targets", targets}});
    }
    orders.push_back(std::move(entry));
  }
  auto& targets = out["targets"] = json::array();
  for (const target_cut_set_counts& t : result.targets) {
    json counts = json::array();
    for (std::size_t order = 1; order < t.by_order.size(); ++order) counts.push_back(t.by_order[order]);
    targets.push_back({{"id", id(t.target)}, {"counts", counts}});
  }
  auto& unavailable = out["unavailable_targets"] = json::array();
  for (node_index t : result.unavailable_targets) unavailable.push_back(id(t));
  out["listed_order"] = result.listed_order;
  out["truncated"] = result.truncated;
  out["counts_saturated"] = result.counts_saturated;
  return out;
}

std::string to_text(const graph& g, const cut_sets_result& result, std::size_t top) {
  std::string out;
  auto to = std::back_inserter(out);
  const std::size_t targets = result.targets.size() + result.unavailable_targets.size();
  fmt::format_to(to, "Minimal cut sets of up to {} nodes of {} target{}{}:\n", result.max_order,
                 targets, targets == 1 ? "" : "s",
                 result.counts_saturated ? " (some counts stopped at 2^64 - 1)" : "");
  fmt::format_to(to, "  {:>5} {:>12}  {}\n", "order", "sets", "listed");
  for (std::size_t order = 1; order <= result.max_order; ++order)
    fmt::format_to(to, "  {:>5} {:>12}  {}\n", order, result.count_by_order.at(order),
                   order <= result.listed_order ? "yes"
                   : result.truncated          ? "no (--max-sets)"
                                               : "no (--count-only)");
  fmt::format_to(to, "\nSets per target, orders 1 to {}:\n", result.max_order);
  for (const target_cut_set_counts& t : result.targets) {
    std::string counts;
    for (std::size_t order = 1; order < t.by_order.size(); ++order)
      counts += (order > 1 ? " / " : "") + std::to_string(t.by_order[order]);
    fmt::format_to(to, "  {}: {}\n", node_label(g, t.target), counts);
  }
  for (node_index t : result.unavailable_targets)
    fmt::format_to(to, "  {}: unavailable even with no cuts\n", node_label(g, t));

  top = table_rows(top);
  std::size_t next = 0;
  for (std::size_t order = 1; order <= result.listed_order; ++order) {
    const std::size_t first = next;
    while (next < result.sets.size() && result.sets[next].members.size() == order) ++next;
    if (next == first) continue;
    fmt::format_to(to, "\nOrder {} ({} set{}):\n  {:>5}  {}\n", order, next - first,
                   next - first == 1 ? "" : "s", "stops", "members");
    for (std::size_t i = first; i < next && i - first < top; ++i) {
      std::string members;
      for (node_index v : result.sets[i].members)
        members += (members.empty() ? "" : " + ") + node_label(g, v);
      fmt::format_to(to, "  {:>5}  {}\n", result.sets[i].targets.size(), members);
    }
    if (next - first > top) fmt::format_to(to, "  ... {} more (--top, --json)\n", next - first - top);
  }
  return out;
}

}  // namespace micgraph
