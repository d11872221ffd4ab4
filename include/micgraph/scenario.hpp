#pragma once
/// \file scenario.hpp
/// Sanction scenarios (DESIGN §2): evidence filters and cut rules, and their compiled form —
/// per-node and per-edge multipliers over one frozen graph. Compiling never copies or changes
/// the graph, so many scenarios run on one loaded graph.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "micgraph/analysis/ownership.hpp"
#include "micgraph/detail/text.hpp"
#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/model.hpp"
#include "micgraph/selection.hpp"

namespace micgraph {

/// How far a node rule reaches through ownership (`with_owned`): not at all, everything
/// reachable over `owns` edges whatever the stake (`true`), or what the selected nodes block
/// under an ownership rule (analysis/ownership.hpp: `"ofac"`, `"eu"`, `"uk"`, a custom rule).
struct owned_extension {
  enum class mode : std::uint8_t { none, reachable, rule };
  mode how = mode::none;
  ownership_rule rule;  ///< the rule, when `how` is `mode::rule`

  owned_extension() = default;
  /// `true`: everything reachable over `owns` edges; `false`: nothing.
  owned_extension(bool reachable) : how(reachable ? mode::reachable : mode::none) {}
  /// What the selected nodes block under `r`.
  owned_extension(const ownership_rule& r) : how(mode::rule), rule(r) {}
  explicit operator bool() const { return how != mode::none; }
  /// The ownership rule that computes the extension (`any_stake` for `true`); nullopt for none.
  std::optional<ownership_rule> effective_rule() const {
    if (how == mode::none) return std::nullopt;
    return how == mode::rule ? rule : ownership_rule::any_stake();
  }
  friend bool operator==(const owned_extension&, const owned_extension&) = default;
};

/// One cut. A node rule cuts the nodes it selects (and, with `with_owned`, what they own or
/// control, see owned_extension); an edge rule cuts the dependency edges whose source
/// matches `from`, target matches `to`, kind is in `kinds` and source category matches a glob in
/// `categories` (empty lists match everything). `enforcement` is the fraction of the flow the
/// cut stops; the rest leaks through.
struct scenario_rule {
  enum class selection { nodes, edges };
  selection select = selection::nodes;
  std::string name;  ///< optional label for explanations
  node_filter nodes;
  owned_extension with_owned;
  node_filter from;
  node_filter to;
  std::vector<edge_kind> kinds;
  std::vector<std::string> categories;
  double enforcement = 1.0;
  /// An uncertain enforcement, drawn uniformly from [low, high] by the Monte Carlo analysis
  /// (micgraph::monte_carlo); `enforcement` is then the deterministic value, the midpoint.
  std::optional<std::pair<double, double>> enforcement_range;
};

/// A scenario: a name, the evidence filters applied to baseline and scenario alike, the rules.
struct scenario {
  std::string name;
  double min_confidence = 0.0;     ///< edges below it are absent
  std::vector<std::string> views;  ///< when non-empty, edges of other views are absent
  std::vector<scenario_rule> rules;
};

/// How explanations and exports name a rule: `rule N "name"` (the name when it has one).
inline std::string rule_label(const scenario& s, std::uint32_t rule) {
  const std::string& name = s.rules[rule].name;
  return "rule " + std::to_string(rule) + (name.empty() ? "" : " \"" + name + "\"");
}

/// A scenario compiled against one graph.
class compiled_scenario {
 public:
  /// Which rules hit one node or edge.
  struct hit {
    std::uint32_t element;  ///< node or edge number
    std::uint32_t rule;     ///< index in scenario().rules
  };

  const micgraph::scenario& definition() const noexcept { return scenario_; }
  /// alive(v) in [0,1]: the product of (1 - enforcement) over the node rules hitting v.
  std::span<const double> node_alive() const noexcept { return node_alive_; }
  /// Whether edge e passes the evidence filters (absent edges count in neither baseline nor
  /// scenario).
  bool edge_present(edge_index e) const { return edge_present_.empty() || edge_present_[e] != 0; }
  /// The cut multiplier of edge e in [0,1] (1 when no edge rule hits it).
  double edge_cut(edge_index e) const {
    auto at = std::lower_bound(edge_cuts_.begin(), edge_cuts_.end(), e,
                               [](const edge_multiplier& c, edge_index x) { return c.edge < x; });
    return at != edge_cuts_.end() && at->edge == e ? at->cut : 1.0;
  }
  /// Per position of the reverse CSR: share * quality * present, the baseline weight of the edge.
  std::span<const double> baseline_weights() const noexcept { return baseline_weights_; }
  /// Per position of the reverse CSR: share * quality * present * cut.
  std::span<const double> scenario_weights() const noexcept { return scenario_weights_; }
  /// (node, rule) pairs, sorted by node then rule.
  std::span<const hit> node_hits() const noexcept { return node_hits_; }
  /// (edge, rule) pairs, sorted by edge then rule.
  std::span<const hit> edge_hits() const noexcept { return edge_hits_; }
  /// The rules hitting a node / an edge, in rule order.
  std::vector<std::uint32_t> rules_of_node(node_index v) const { return rules_of(node_hits_, v); }
  std::vector<std::uint32_t> rules_of_edge(edge_index e) const { return rules_of(edge_hits_, e); }
  /// How many nodes (node rules) or edges (edge rules) each rule hit.
  std::span<const std::size_t> rule_hit_counts() const noexcept { return rule_hits_; }
  /// Non-fatal remarks: a rule that matches nothing, a country or tag no node has.
  const std::vector<std::string>& warnings() const noexcept { return warnings_; }
  /// For a node rule with `with_owned`: the nodes its filter selected itself (the listing),
  /// sorted; its other hits are what the listing owns or controls. Empty for other rules.
  std::span<const node_index> rule_listing(std::uint32_t rule) const {
    return rule < listings_.size() ? std::span<const node_index>(listings_[rule])
                                   : std::span<const node_index>();
  }

 private:
  friend compiled_scenario compile(const graph& g, const micgraph::scenario& s);
  static std::vector<std::uint32_t> rules_of(const std::vector<hit>& hits, std::uint32_t element) {
    auto first = std::lower_bound(hits.begin(), hits.end(), element,
                                  [](const hit& h, std::uint32_t x) { return h.element < x; });
    std::vector<std::uint32_t> out;
    for (; first != hits.end() && first->element == element; ++first) out.push_back(first->rule);
    return out;
  }
  micgraph::scenario scenario_;
  std::vector<double> node_alive_;
  // Per edge, only when some edge is absent (else every edge is present).
  std::vector<std::uint8_t> edge_present_;
  // The cut multipliers of the edges some rule hits, by edge (every other edge's is 1): a
  // scenario cuts few of a large graph's edges, and 8 bytes for each of them would be more
  // memory than any other array a scenario holds.
  struct edge_multiplier {
    edge_index edge;
    double cut;
  };
  std::vector<edge_multiplier> edge_cuts_;
  std::vector<double> baseline_weights_;
  std::vector<double> scenario_weights_;
  std::vector<hit> node_hits_;
  std::vector<hit> edge_hits_;
  std::vector<std::size_t> rule_hits_;
  std::vector<std::string> warnings_;
  std::vector<std::vector<node_index>> listings_;  // per rule, see rule_listing()
};

/// Compiles a scenario against a graph: O(n + m) per rule, ownership extensions included. Throws
/// scenario_error for an unknown node id or view, an enforcement or min_confidence outside
/// [0,1], a malformed country code, an ownership threshold outside [0,1] or an edge rule on
/// `owns` or `controls` edges.
compiled_scenario compile(const graph& g, const scenario& s);

/// A scenario with no rules and no filters: the baseline.
inline compiled_scenario compile_baseline(const graph& g) { return compile(g, scenario{}); }

// ---------------------------------------------------------------------------------------------

namespace detail {

inline void check_fraction(double value, const std::string& where, const char* field) {
  if (!(value >= 0.0 && value <= 1.0))
    throw scenario_error({.element = where, .field = field},
                         "expected a number in [0,1], got " + std::to_string(value));
}

}  // namespace detail

inline compiled_scenario compile(const graph& g, const scenario& s) {
  compiled_scenario out;
  out.scenario_ = s;
  const std::size_t n = g.node_count(), m = g.edge_count();
  detail::check_fraction(s.min_confidence, "scenario", "min_confidence");

  // Evidence filters.
  std::vector<std::uint8_t> view_ok(g.views().size(), s.views.empty() ? 1 : 0);
  view_ok[0] = 1;  // untagged edges always count
  for (const std::string& view : s.views) {
    std::uint32_t id = g.view_id(view);
    if (id == no_index || id == 0) {
      std::string known = detail::join(std::span(g.views()).subspan(1));
      throw scenario_error({.element = "scenario", .field = "views"},
                           "unknown view '" + view + "' (this graph's views: " +
                               (known.empty() ? "none" : known) + ")");
    }
    view_ok[id] = 1;
  }
  // An edge with the default confidence (1) and no view always counts: only the edges that
  // store a confidence or a view can be absent.
  auto absent = [&out, m](std::size_t e) {
    if (out.edge_present_.empty()) out.edge_present_.assign(m, 1);
    out.edge_present_[e] = 0;
  };
  g.edge_confidences().for_each_stored([&](std::size_t e, double confidence) {
    if (confidence < s.min_confidence) absent(e);
  });
  g.edge_view_ids().for_each_stored([&](std::size_t e, std::uint16_t view) {
    if (view_ok[view] == 0) absent(e);
  });
  const bool filtered = !out.edge_present_.empty();  // some edge is absent

  // Rules.
  out.node_alive_.assign(n, 1.0);
  out.rule_hits_.assign(s.rules.size(), 0);
  const auto sources = g.edge_sources();
  const auto targets = g.edge_targets();
  const auto kinds = g.edge_kinds();
  for (std::uint32_t r = 0; r < s.rules.size(); ++r) {
    const scenario_rule& rule = s.rules[r];
    const std::string where = "rules[" + std::to_string(r) + "]";
    detail::check_fraction(rule.enforcement, where, "enforcement");
    if (rule.enforcement_range) {
      detail::check_fraction(rule.enforcement_range->first, where, "enforcement.low");
      detail::check_fraction(rule.enforcement_range->second, where, "enforcement.high");
      if (rule.enforcement_range->first > rule.enforcement_range->second)
        throw scenario_error({.element = where, .field = "enforcement"},
                             "low must not exceed high");
    }
    const double keep = 1.0 - rule.enforcement;
    if (rule.select == scenario_rule::selection::nodes) {
      node_matcher match(g, rule.nodes, where, out.warnings_);
      std::vector<std::uint8_t> hit(n, 0);
      std::vector<node_index> stack;
      auto select = [&](node_index v) {
        if (!hit[v]) hit[v] = 1, stack.push_back(v);
      };
      if (match.ids_only()) {
        for (node_index v : match.ids())
          if (match(v)) select(v);
      } else {
        for (node_index v = 0; v < n; ++v)
          if (match(v)) select(v);
      }
      if (std::optional<ownership_rule> extension = rule.with_owned.effective_rule()) {
        if (!(extension->threshold >= 0.0 && extension->threshold <= 1.0))
          throw scenario_error({.element = where, .field = "with_owned.threshold"},
                               "expected a number in [0,1], got " + std::to_string(extension->threshold));
        ownership_result owned = ownership_blocked(g, stack, *extension);
        for (node_index v : owned.blocked) select(v);
        out.listings_.resize(s.rules.size());
        out.listings_[r] = std::move(owned.listed);
      }
      for (node_index v = 0; v < n; ++v) {
        if (!hit[v]) continue;
        out.node_alive_[v] *= keep;
        out.node_hits_.push_back({v, r});
        ++out.rule_hits_[r];
      }
    } else {
      for (edge_kind kind : rule.kinds)
        if (!is_dependency(kind))
          throw scenario_error({.element = where, .field = "kinds"},
                               std::string(to_string(kind)) +
                                   " edges are structural (ownership and control) and cannot be cut");
      // Each side's filter is evaluated once per node (once per listed id when it lists ids),
      // then looked up per edge.
      auto matched_nodes = [&](const node_filter& filter, const std::string& side) {
        node_matcher match(g, filter, where + side, out.warnings_);
        std::vector<std::uint8_t> ok(n, filter.empty() || !match.ids_only() ? 1 : 0);
        if (match.ids_only())
          for (node_index v : match.ids()) ok[v] = match(v);
        else if (!filter.empty())
          for (node_index v = 0; v < n; ++v) ok[v] = match(v);
        return ok;
      };
      const std::vector<std::uint8_t> from = matched_nodes(rule.from, ".from");
      const std::vector<std::uint8_t> to = matched_nodes(rule.to, ".to");
      std::vector<std::uint8_t> category_ok;
      if (!rule.categories.empty()) {
        category_ok.assign(g.categories().size(), 0);
        for (std::size_t c = 0; c < g.categories().size(); ++c)
          for (const std::string& glob : rule.categories)
            if (glob_match(glob, g.categories()[c])) category_ok[c] = 1;
      }
      const auto category_ids = g.node_category_ids();
      for (edge_index e = 0; e < m; ++e) {
        if (!is_dependency(kinds[e])) continue;
        if (!rule.kinds.empty() &&
            std::find(rule.kinds.begin(), rule.kinds.end(), kinds[e]) == rule.kinds.end())
          continue;
        if (!category_ok.empty() && !category_ok[category_ids[sources[e]]]) continue;
        if (!from[sources[e]] || !to[targets[e]]) continue;
        out.edge_hits_.push_back({e, r});
        ++out.rule_hits_[r];
      }
    }
    if (out.rule_hits_[r] == 0)
      out.warnings_.push_back(where + (rule.name.empty() ? "" : " (" + rule.name + ")") +
                              ": matches nothing in this graph");
  }
  auto by_element = [](const compiled_scenario::hit& a, const compiled_scenario::hit& b) {
    return a.element != b.element ? a.element < b.element : a.rule < b.rule;
  };
  std::sort(out.node_hits_.begin(), out.node_hits_.end(), by_element);
  std::sort(out.edge_hits_.begin(), out.edge_hits_.end(), by_element);
  // Each hit edge's multiplier: the product of (1 - enforcement) over its rules, in rule order.
  for (std::size_t i = 0; i < out.edge_hits_.size(); ++i) {
    const compiled_scenario::hit& h = out.edge_hits_[i];
    if (i == 0 || out.edge_hits_[i - 1].element != h.element) out.edge_cuts_.push_back({h.element, 1.0});
    out.edge_cuts_.back().cut *= 1.0 - s.rules[h.rule].enforcement;
  }

  // Weights in reverse-CSR order, so propagation reads them sequentially. The gather through
  // in_edge_order() is the costly part: only the arrays that can differ per edge are read, and
  // the cut edges (few, as a rule) are found by position afterwards.
  const auto order = g.in_edge_order();
  const auto& shares = g.edge_shares();
  const auto& qualities = g.edge_qualities();
  out.baseline_weights_.resize(order.size());
  for (std::size_t p = 0; p < order.size(); ++p) {
    const edge_index e = order[p];
    out.baseline_weights_[p] = filtered && !out.edge_present_[e] ? 0.0 : shares[e] * qualities[e];
  }
  out.scenario_weights_ = out.baseline_weights_;
  for (const compiled_scenario::edge_multiplier& c : out.edge_cuts_) {
    const std::uint32_t p = g.edge_position(c.edge);
    out.scenario_weights_[p] = out.baseline_weights_[p] * c.cut;
  }
  return out;
}

}  // namespace micgraph
