#pragma once
/// \file analysis/ownership.hpp
/// Who a listing really blocks: the entities owned or controlled, directly or indirectly, by
/// listed persons under a sanctions authority's ownership rule (OFAC's 50 Percent Rule, the EU's
/// and the UK's "owned or controlled"), with the reason for each.
///
/// **The rule.** An entity is *blocked* when it is listed, or when the stakes held in it by
/// blocked owners reach the rule's threshold (summed over all blocked owners when the rule
/// aggregates, else held by one blocked owner alone), or, when the rule counts control, when a
/// blocked node controls it. `blocked` is the least fixpoint of that definition: listings
/// spread along `owns` edges (and `controls` edges) until nothing changes, so cross-holdings
/// (A owns B owns A) never block themselves: a cycle is blocked only when a listed node or a
/// blocked outsider pushes one of its members over the threshold.
///
/// **"Indirectly".** The stakes held by a blocked entity count in full; stakes are *not*
/// multiplied along chains. Listed X holding 50% of A, A holding 50% of B: A is blocked, so A's
/// 50% of B counts whole and B is blocked (under OFAC), although X's "look-through" share of B
/// is only 25%. And the stakes of an entity that is *not* blocked never count, whoever owns it:
/// X holding 25% of A and 25% of B, A and B each holding 50% of C: neither A nor B is blocked,
/// so C is not, although X's look-through share of C is 25%. This is OFAC's reading (FAQ 401:
/// "'indirectly' ... refers to one or more blocked persons' ownership of shares of an entity
/// through another entity or entities that are 50 percent or more owned in the aggregate by the
/// blocked person(s)"; its examples 1-3 are tests/analysis/ownership_test.cpp's hand cases), and
/// the one the EU Best Practices and OFSI apply to chains of owned or controlled entities: an
/// entity owned or controlled by a listed person is itself treated as listed.
///
/// **Presets** (the authorities' published guidance; the data must encode what the guidance
/// leaves to judgement, such as control, as `controls` edges):
/// - `ofac()`: OFAC, "Revised Guidance on Entity Property and Interests in Property Blocked"
///   (13 August 2014) and FAQs 398-402: an entity owned 50 percent or more, directly or
///   indirectly, individually or *in the aggregate*, by one or more blocked persons is blocked.
///   Threshold 0.5 inclusive, aggregated over all blocked owners (FAQ 399: persons blocked under
///   different programmes aggregate too), control does not count (FAQ 398: "OFAC's 50 Percent
///   Rule speaks only to ownership and not to control").
/// - `eu()`: the Council of the EU's "Best practices for the effective implementation of
///   restrictive measures" as updated on 3 July 2024: ownership is "the possession of 50% or more
///   of the proprietary rights of an entity or having majority interest in it", assessed on the
///   aggregated holdings of all listed persons (as the Commission's Russia FAQ on asset freezes
///   had read it since April 2022), and an entity *controlled* by a listed person is frozen too
///   (the control criteria: the right to appoint or remove a majority of the board, control of
///   a majority of voting rights under an agreement, a dominant influence, de facto control).
///   Threshold 0.5 inclusive, aggregated, control counts.
/// - `eu_until_2024()`: the same Best Practices before that update (the 2018 text, kept in the
///   June 2022 update): "more than 50% of the proprietary rights", held by one listed person
///   (the text itself does not add up the holdings of different listed persons), or control.
///   Threshold 0.5 exclusive, not aggregated, control counts.
/// - `uk()`: OFSI, "UK financial sanctions general guidance", chapter 4 (ownership and control,
///   following the Sanctions and Anti-Money Laundering Act 2018 regulations): an entity is owned
///   or controlled by a designated person who holds, directly or indirectly, *more than 50%* of
///   its shares or voting rights, or can appoint or remove a majority of its board, or whose
///   wishes it can reasonably be expected to follow; and (paragraph 4.14, March 2022) "OFSI would
///   not simply aggregate different designated persons' holdings in a company, unless, for
///   example, the shares or rights are subject to a joint arrangement between the designated
///   parties or one party controls the rights of another". Threshold 0.5 exclusive, not
///   aggregated, control counts. Where designated persons do hold under a joint arrangement,
///   use a custom rule with `aggregate = true`.
/// - `any_stake()`: any stake held by a blocked owner (threshold 0 exclusive, no control): the
///   closure over `owns` edges that a scenario's `"with_owned": true` has always meant.
///
/// **Custom rules** set each field: threshold, inclusive or not, aggregate or not, control or
/// not, a maximum number of ownership hops from a listed node, and an as-of date (only edges in
/// force on that day count; with no date every edge counts, whatever its dates, so a history of
/// stakes should be read with a date). Stakes are compared with the threshold within 1e-9 (a
/// billionth of the asset), so decimal percentages that add up to exactly the threshold count
/// as exactly the threshold; one owner's several edges into one entity (share classes, parallel
/// records) add up.
///
/// Cost: one worklist pass, O(n + m) over the nodes and the out-edges of blocked nodes, no
/// matter how deep the chains or how tangled the cross-holdings (bench/ownership_bench.cpp:
/// every preset within 2x a bare breadth-first search of the same edges at 1M entities and 3M
/// edges, with 1% or 30% of them listed).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"

namespace micgraph {

/// How a listing extends through ownership and control (see the file comment for the presets).
struct ownership_rule {
  static constexpr std::uint32_t unlimited_hops = std::numeric_limits<std::uint32_t>::max();

  double threshold = 0.5;  ///< the stake, a fraction in [0,1], that blocks the entity
  bool inclusive = true;   ///< blocked at exactly the threshold (>=), else only above it (>)
  bool aggregate = true;   ///< add up the stakes of all blocked owners, else one owner's alone
  bool control = false;    ///< a `controls` edge from a blocked node blocks its target
  std::uint32_t max_hops = unlimited_hops;  ///< ownership links from a listed node, at most
  std::optional<day_number> as_of;          ///< only edges in force on that day count

  /// OFAC's 50 Percent Rule: >= 50%, aggregated, control does not count.
  static ownership_rule ofac() {
    return {.threshold = 0.5, .inclusive = true, .aggregate = true, .control = false};
  }
  /// EU Best Practices (3 July 2024): >= 50%, aggregated, or controlled.
  static ownership_rule eu() {
    return {.threshold = 0.5, .inclusive = true, .aggregate = true, .control = true};
  }
  /// EU Best Practices before 3 July 2024: > 50% held by one listed person, or controlled.
  static ownership_rule eu_until_2024() {
    return {.threshold = 0.5, .inclusive = false, .aggregate = false, .control = true};
  }
  /// UK OFSI: > 50% held by one designated person (no aggregation), or controlled.
  static ownership_rule uk() {
    return {.threshold = 0.5, .inclusive = false, .aggregate = false, .control = true};
  }
  /// Any stake of a blocked owner: everything reachable over `owns` edges.
  static ownership_rule any_stake() {
    return {.threshold = 0.0, .inclusive = false, .aggregate = true, .control = false};
  }

  /// The preset of that name (`ofac`, `eu`, `uk`, `eu-until-2024`, `any-stake`), or nullopt.
  static std::optional<ownership_rule> preset(std::string_view name) {
    if (name == "ofac") return ofac();
    if (name == "eu") return eu();
    if (name == "eu-until-2024") return eu_until_2024();
    if (name == "uk") return uk();
    if (name == "any-stake") return any_stake();
    return std::nullopt;
  }
  /// The preset names. `uk` and `eu-until-2024` are the same arithmetic (they differ in which
  /// control the data should record as `controls` edges).
  static constexpr std::string_view preset_names[] = {"ofac", "eu", "uk", "eu-until-2024",
                                                      "any-stake"};
  /// The name of the first preset this rule equals (`uk` rather than `eu-until-2024`), or empty
  /// for a custom rule.
  std::string_view preset_name() const {
    for (std::string_view name : preset_names)
      if (*preset(name) == *this) return name;
    return {};
  }

  /// True when `stake` reaches the threshold (within 1e-9; a threshold of 0 is reached by any
  /// stake). A stake of 0 never does.
  bool reached(double stake) const {
    if (!(stake > 0.0)) return false;
    if (threshold == 0.0) return true;
    return inclusive ? stake >= threshold - 1e-9 : stake > threshold + 1e-9;
  }

  friend bool operator==(const ownership_rule&, const ownership_rule&) = default;
};

/// Which nodes a listing blocks.
struct ownership_result {
  ownership_rule rule;
  std::vector<node_index> listed;   ///< the listed nodes, sorted, without repeats
  std::vector<node_index> blocked;  ///< every blocked node, listed first, then by hops
  std::vector<std::uint32_t> hops;  ///< per node: 0 listed, k the ownership links to a listed
                                    ///< node, no_index when not blocked
  bool is_blocked(node_index v) const { return hops[v] != no_index; }
};

namespace detail {

/// Throws micgraph::error unless the threshold is a number in [0,1].
inline void check_ownership_rule(const ownership_rule& rule) {
  if (!(rule.threshold >= 0.0 && rule.threshold <= 1.0))
    throw error("ownership rule: expected a threshold in [0,1], got " +
                std::to_string(rule.threshold));
}

/// Whether edge e is in force on the rule's as-of date (always, without one).
inline bool edge_counts(const graph& g, const ownership_rule& rule, edge_index e) {
  if (!rule.as_of) return true;
  const day_number start = g.edge_start_dates()[e], end = g.edge_end_dates()[e];
  return (start == graph::no_day || start <= *rule.as_of) &&
         (end == graph::no_day || *rule.as_of <= end);
}

}  // namespace detail

/// The nodes `listed` blocks under `rule`: the least fixpoint "blocked = listed, or the stakes
/// held in it by blocked owners reach the threshold (or a blocked node controls it, when the
/// rule counts control)", reached within `rule.max_hops` ownership links. A worklist visits each
/// node at most once and each out-edge of a blocked node once: O(n + m). Throws micgraph::error
/// for a node number out of range or a threshold outside [0,1].
inline ownership_result ownership_blocked(const graph& g, std::span<const node_index> listed,
                                          const ownership_rule& rule) {
  detail::check_ownership_rule(rule);
  const std::size_t n = g.node_count();
  ownership_result out;
  out.rule = rule;
  // A byte per node for the hot loop: 0 not blocked, else 1 + its hops (255: 254 or more);
  // `hops` is filled in from it after the walk, in one sequential pass. (Not a character
  // type: stores through it alias nothing else, so the loop keeps its variables in registers.)
  enum class mark : std::uint8_t { none = 0, listed = 1, deepest = 255 };
  std::vector<mark> blocked(n, mark::none);
  for (node_index v : listed) {
    if (v >= n)
      throw error("ownership: listed node number " + std::to_string(v) + " is not a node");
    if (blocked[v] == mark::none) blocked[v] = mark::listed, out.listed.push_back(v);
  }
  // Sorted: read off the marks in one pass when the listing is long (sorting 300,000 numbers
  // costs more than the walk), else sorted.
  if (out.listed.size() > n / 64) {
    out.listed.clear();
    for (node_index v = 0; v < n; ++v)
      if (blocked[v] == mark::listed) out.listed.push_back(v);
  } else {
    std::sort(out.listed.begin(), out.listed.end());
  }
  // The worklist, first in first expanded; copied into `out.blocked` at the end.
  const auto work = std::make_unique_for_overwrite<node_index[]>(n);
  node_index* const queue = work.get();
  std::copy(out.listed.begin(), out.listed.end(), queue);
  std::size_t found = out.listed.size();

  const node_index* const targets = g.edge_targets().data();
  const edge_kind* const kinds = g.edge_kinds().data();
  const std::uint32_t* const rowstart = g.forward().m_forward.m_rowstart.data();
  mark* const marks = blocked.data();
  const auto& shares = g.edge_shares();
  const bool dated = rule.as_of && (g.edge_start_dates().present().count() != 0 ||
                                    g.edge_end_dates().present().count() != 0);
  const bool every_stake_blocks = rule.threshold == 0.0, aggregate = rule.aggregate;
  const edge_kind control_kind = rule.control ? edge_kind::controls : edge_kind::owns;
  const std::uint32_t max_hops = rule.max_hops;
  // Stakes that do not block on their own, per entity: aggregated, those of the blocked owners
  // so far; one owner alone, its parallel edges' stakes (reset after each owner, `touched`).
  // Allocated at the first such stake.
  std::vector<double> held;
  std::vector<node_index> touched;
  // The nodes of one hop count are contiguous in the worklist: [level_start[h],
  // level_start[h + 1]).
  std::vector<std::size_t> level_start{0, found};
  std::uint32_t hops = 0;
  mark next_mark = static_cast<mark>(2);  // what the nodes found from hop `hops` get
  for (std::size_t next = 0; next < found; ++next) {
    if (next == level_start.back()) {
      level_start.push_back(found);
      ++hops;
      next_mark = static_cast<mark>(std::min<std::uint32_t>(hops + 2, 255));
    }
    if (hops >= max_hops) break;
    // The walk is bound by memory latency: fetch the row of the node 8 places ahead, the edges
    // of the node 4 places ahead (its row came in 4 steps ago: targets, kinds and stakes) and
    // the marks and the sums held of the targets of the node 2 places ahead (its edges came in
    // 2 steps ago).
    if (next + 8 < found) __builtin_prefetch(rowstart + queue[next + 8]);
    if (next + 4 < found) {
      const edge_index first = rowstart[queue[next + 4]];
      __builtin_prefetch(targets + first);
      __builtin_prefetch(kinds + first);
      if (!every_stake_blocks) shares.prefetch_rank(first);
    }
    if (next + 2 < found) {
      const node_index w = queue[next + 2];
      if (!every_stake_blocks) shares.prefetch_value(rowstart[w]);
      for (edge_index e = rowstart[w], end = rowstart[w + 1]; e < end; ++e) {
        __builtin_prefetch(marks + targets[e]);
        if (!held.empty()) __builtin_prefetch(held.data() + targets[e]);
      }
    }
    const node_index u = queue[next];
    for (edge_index e = rowstart[u], end = rowstart[u + 1]; e < end; ++e) {
      const node_index t = targets[e];
      if (marks[t] != mark::none) continue;  // before the kind: most targets are found already
      const edge_kind kind = kinds[e];
      if (kind != edge_kind::owns && kind != control_kind) continue;
      if (dated && !detail::edge_counts(g, rule, e)) continue;
      if (kind == edge_kind::controls || every_stake_blocks) {
        marks[t] = next_mark, queue[found++] = t;
        continue;
      }
      const double stake = shares[e];
      if (rule.reached(stake)) {  // enough alone, whatever else is held
        marks[t] = next_mark, queue[found++] = t;
        continue;
      }
      if (held.empty()) held.assign(n, 0.0);
      if (!aggregate && held[t] == 0.0) touched.push_back(t);
      held[t] += stake;
      if (aggregate && rule.reached(held[t])) marks[t] = next_mark, queue[found++] = t;
    }
    if (!aggregate) {
      for (node_index t : touched) {
        if (marks[t] == mark::none && rule.reached(held[t]))
          marks[t] = next_mark, queue[found++] = t;
        held[t] = 0.0;
      }
      touched.clear();
    }
  }
  level_start.push_back(found);
  out.blocked.assign(queue, queue + found);
  out.hops.resize(n);
  for (std::size_t v = 0; v < n; ++v)
    out.hops[v] = marks[v] == mark::none ? no_index : static_cast<std::uint32_t>(marks[v]) - 1;
  for (std::size_t h = 254; h + 1 < level_start.size(); ++h)  // hops past what a byte holds
    for (std::size_t i = level_start[h]; i < level_start[h + 1]; ++i)
      out.hops[out.blocked[i]] = static_cast<std::uint32_t>(h);
  return out;
}

// ---- explanations

/// One blocked owner that counts towards an entity's blocking.
struct ownership_holding {
  node_index owner = no_index;
  double stake = 0.0;             ///< its stakes in force in the entity, summed (0: control only)
  bool controls = false;          ///< it controls the entity (a `controls` edge in force)
  std::vector<edge_index> edges;  ///< the `owns` and `controls` edges counted
  std::uint32_t owner_reason = no_index;  ///< index in ownership_explanation::entities of the
                                          ///< owner's own reason
};

/// Why one entity is blocked.
struct ownership_reason {
  node_index entity = no_index;
  std::uint32_t hops = 0;  ///< 0: listed itself
  bool listed = false;
  double counted = 0.0;     ///< the stake held against the threshold: the sum of the holdings
                            ///< (aggregated rule) or the largest one owner holds
  bool by_control = false;  ///< blocked because a blocked owner controls it, not by stakes
  /// The blocked owners that block it, each blocked fewer hops from a listed node than the
  /// entity (so the chain always ends at listed nodes, cycles or not): largest stake first.
  /// Under a rule that does not aggregate, only the owners that block it alone.
  std::vector<ownership_holding> holdings;
  bool truncated = false;  ///< not expanded: the explanation reached its size limit
};

/// The chain that blocks one entity: entities[0] is the entity asked about; each holding
/// points at the reason of its owner, down to the listed nodes. Each entity appears once, in
/// the order first reached (breadth first), so the result is deterministic.
struct ownership_explanation {
  std::vector<ownership_reason> entities;
};

struct ownership_explain_options {
  std::size_t max_entities = 500;  ///< entities expanded before the rest are marked truncated
};

namespace detail {

/// The edges that can justify a blocking under r (from a blocked owner to an entity blocked
/// more hops from the listing, of a kind the rule counts, in force), grouped by target: CSR
/// offsets (n + 1) and edge numbers. O(n + m).
struct counted_edges {
  std::vector<std::uint32_t> offsets;
  std::vector<edge_index> edges;
  std::span<const edge_index> into(node_index v) const {
    return std::span<const edge_index>(edges).subspan(offsets[v], offsets[v + 1] - offsets[v]);
  }
};

inline counted_edges index_counted_edges(const graph& g, const ownership_result& r) {
  const auto sources = g.edge_sources();
  const auto targets = g.edge_targets();
  const auto kinds = g.edge_kinds();
  counted_edges out;
  out.offsets.assign(g.node_count() + 1, 0);
  std::vector<edge_index> counted;
  for (edge_index e : g.edges()) {
    const node_index u = sources[e], t = targets[e];
    const bool counts =
        kinds[e] == edge_kind::owns || (kinds[e] == edge_kind::controls && r.rule.control);
    if (counts && r.is_blocked(u) && r.is_blocked(t) && r.hops[u] < r.hops[t] &&
        edge_counts(g, r.rule, e)) {
      counted.push_back(e);
      ++out.offsets[t + 1];
    }
  }
  for (std::size_t v = 0; v < g.node_count(); ++v) out.offsets[v + 1] += out.offsets[v];
  out.edges.resize(counted.size());
  std::vector<std::uint32_t> fill(out.offsets.begin(), out.offsets.end() - 1);
  for (edge_index e : counted) out.edges[fill[targets[e]]++] = e;
  return out;
}

/// Why blocked entity v is blocked, one step: its blocked owners (from `into`, the counted
/// edges into v), their stakes and the stake counted against the threshold.
inline ownership_reason reason_of(const graph& g, const ownership_result& r, node_index v,
                                  std::span<const edge_index> into) {
  const ownership_rule& rule = r.rule;
  ownership_reason reason{.entity = v, .hops = r.hops[v], .listed = r.hops[v] == 0};
  if (reason.listed) return reason;
  const auto sources = g.edge_sources();
  // One holding per owner, in the order its first edge comes.
  for (edge_index e : into) {
    auto found = std::find_if(reason.holdings.begin(), reason.holdings.end(),
                              [&](const ownership_holding& h) { return h.owner == sources[e]; });
    if (found == reason.holdings.end()) {
      reason.holdings.push_back({.owner = sources[e]});
      found = reason.holdings.end() - 1;
    }
    found->edges.push_back(e);
    if (g.edge_kinds()[e] == edge_kind::controls)
      found->controls = true;
    else
      found->stake += g.edge_shares()[e];
  }
  std::stable_sort(
      reason.holdings.begin(), reason.holdings.end(),
      [](const ownership_holding& a, const ownership_holding& b) { return a.stake > b.stake; });
  double sum = 0.0, largest = 0.0;
  for (const ownership_holding& h : reason.holdings)
    sum += h.stake, largest = std::max(largest, h.stake);
  reason.counted = rule.aggregate ? sum : largest;
  reason.by_control = !rule.reached(reason.counted);
  if (!rule.aggregate || reason.by_control) {
    // Keep the owners that block it on their own: by their stake, or by control.
    std::erase_if(reason.holdings, [&](const ownership_holding& h) {
      return reason.by_control ? !h.controls : !rule.reached(h.stake);
    });
  }
  return reason;
}

}  // namespace detail

/// Why every blocked entity is blocked, one step each: element i explains `r.blocked[i]`, and
/// each holding's `owner_reason` is the position of its owner in `r.blocked`. O(n + m).
inline std::vector<ownership_reason> ownership_reasons(const graph& g, const ownership_result& r) {
  const detail::counted_edges counted = detail::index_counted_edges(g, r);
  std::vector<std::uint32_t> position(g.node_count(), no_index);
  for (std::size_t i = 0; i < r.blocked.size(); ++i)
    position[r.blocked[i]] = static_cast<std::uint32_t>(i);
  std::vector<ownership_reason> out;
  out.reserve(r.blocked.size());
  for (node_index v : r.blocked) {
    out.push_back(detail::reason_of(g, r, v, counted.into(v)));
    for (ownership_holding& h : out.back().holdings) h.owner_reason = position[h.owner];
  }
  return out;
}

/// Why `entity` is blocked under `r`: the blocked owners whose stakes (or control) reach the
/// threshold, each explained in turn down to the listed nodes. Empty when it is not blocked.
/// O(m) to index the edges of blocked owners, then linear in the explanation's size.
inline ownership_explanation explain_ownership(const graph& g, const ownership_result& r,
                                               node_index entity,
                                               const ownership_explain_options& options = {}) {
  ownership_explanation out;
  if (entity >= g.node_count() || !r.is_blocked(entity)) return out;
  const detail::counted_edges counted = detail::index_counted_edges(g, r);
  std::vector<std::uint32_t> index_of(g.node_count(), no_index);
  index_of[entity] = 0;
  out.entities.push_back({.entity = entity});
  for (std::size_t i = 0; i < out.entities.size(); ++i) {
    const node_index v = out.entities[i].entity;
    if (i >= options.max_entities && r.hops[v] != 0) {
      out.entities[i] = {.entity = v, .hops = r.hops[v], .truncated = true};
      continue;
    }
    ownership_reason reason = detail::reason_of(g, r, v, counted.into(v));
    for (ownership_holding& h : reason.holdings) {
      if (index_of[h.owner] == no_index) {
        index_of[h.owner] = static_cast<std::uint32_t>(out.entities.size());
        out.entities.push_back({.entity = h.owner});
      }
      h.owner_reason = index_of[h.owner];
    }
    out.entities[i] = std::move(reason);
  }
  return out;
}

}  // namespace micgraph
