#pragma once
/// \file analysis/timeline.hpp
/// Capacity month by month after a cut (DESIGN §3, `timeline`). Month 0 is the baseline; the
/// scenario's cuts act from month 1. Three things make a cut bite over time rather than at once:
///
/// - **Stocks.** A node's `stock_months` is inventory, counted in months of its baseline
///   output, that covers a shortfall of its inputs: with stock s (in capacity-months) and
///   inputs delivering w of the baseline w0, the node delivers min(w0, w + s) and the stock
///   falls by what it covered. Inputs that stop entirely are covered for exactly stock_months
///   months. A node's own cut (an entity listing) is not covered: cap = alive * delivered.
/// - **Wear of an unserviced installed base.** A `services` edge with a mean life L (its own,
///   timeline_options::edge_mean_life_months, from its `mean_life_months` attribute; or
///   timeline_options::mean_life_months for all services edges; 0: none) delivers, when its
///   supply drops, a lagged value that decays toward the new supply as exp(-1/L) per month:
///   machines keep running on their last servicing and wear out, x + (x0 - x) exp(-t/L) after
///   t months of a constant cut. A rise is delivered at once.
/// - **Substitutes arriving late.** An edge with `lead_time_months` T (and its own ramp R,
///   from its `ramp_months` attribute, default timeline_options::ramp_months) is a substitute:
///   whatever it delivered in the baseline it keeps delivering, but any more than that is
///   available only after T months and ramps up linearly over the following R months. What a substitute "delivered in
///   the baseline" is the part of its slot the slot's other edges did not cover, split between
///   the slot's substitutes in proportion to what they could deliver; a substitute whose slot
///   was covered by the other edges delivered nothing.
///
/// With none of the three, every month equals the static impact (micgraph::propagate with the
/// scenario's multipliers, bit for bit); as months pass, the timeline tends to it. Each month
/// is a propagation in node order, cyclic components iterated from zero to the least fixpoint;
/// the stocks and lagged services carry over from month to month.
///
/// Cost: one baseline propagation, then each month evaluates only the nodes whose inputs moved
/// since the month before (month 1: since the baseline): the nodes a cut hits, the timed nodes,
/// the targets of services still wearing out, of substitutes still ramping and the nodes still
/// drawing stock, and downstream of them only as far as a capacity actually changes. A node
/// whose inputs did not move would compute the value it holds, so the result is bit for bit
/// that of evaluating every node every month (timeline_options::incremental = false). On a
/// generated 100k-node graph with a 1% hub ban, month 1 touches 17% of the nodes and later
/// months under 1%.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "micgraph/analysis/propagate.hpp"
#include "micgraph/detail/cones.hpp"
#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

/// A number given to one edge.
struct edge_number {
  edge_index edge = no_index;
  double value = 0.0;
};

struct timeline_options {
  std::size_t months = 24;
  /// Mean life in months of an unserviced installed base, for `services` edges without their
  /// own (edge_mean_life_months); 0: such edges are lost at once.
  double mean_life_months = 0.0;
  /// Months over which a substitute ramps up after its lead time, for edges without their own
  /// (edge_ramp_months); 0: a step at the lead time.
  double ramp_months = 6.0;
  /// The edges' own values, sorted by edge, at most one per edge: the mean life of a `services`
  /// edge and the ramp of a substitute (an edge with `lead_time_months`). Edges not listed take
  /// the defaults above. io::read_timeline_attributes fills both from the edges'
  /// `mean_life_months` and `ramp_months` attributes.
  std::vector<edge_number> edge_mean_life_months;
  std::vector<edge_number> edge_ramp_months;
  /// Nodes whose capacities are kept for every month; empty: every node.
  std::vector<node_index> record;
  propagate_options propagation;
  /// Evaluate only the nodes whose inputs moved each month (see the file comment); false:
  /// every node every month, the same result more slowly (kept for tests and benchmarks).
  bool incremental = true;
  /// Called with (months done, months) as the timeline goes; may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

struct timeline_result {
  std::size_t months = 0;
  /// The recorded nodes (every node when the options named none).
  std::vector<node_index> nodes;
  /// capacity[i * (months + 1) + t]: recorded node i in month t (month 0: the baseline).
  std::vector<double> capacity;
  std::span<const double> series(std::size_t i) const {
    return std::span<const double>(capacity).subspan(i * (months + 1), months + 1);
  }
  /// The first month in which recorded node i is below `fraction` of its baseline, or -1.
  int first_month_below(std::size_t i, double fraction) const {
    auto s = series(i);
    for (std::size_t t = 1; t <= months; ++t)
      if (s[t] < fraction * s[0] - 1e-12) return static_cast<int>(t);
    return -1;
  }
};

namespace detail {

/// The value `numbers` (sorted by edge) gives edge e, or `fallback`; `next` walks the list
/// along with ascending edges. Throws error for a value that is not a finite number >= 0.
inline double edge_months(std::span<const edge_number> numbers, std::size_t& next, edge_index e,
                          double fallback, const char* what) {
  while (next < numbers.size() && numbers[next].edge < e) ++next;
  if (next == numbers.size() || numbers[next].edge != e) return fallback;
  const double value = numbers[next].value;
  if (!std::isfinite(value) || value < 0.0)
    throw error(std::string("timeline: the ") + what + " of edge " + std::to_string(e) +
                " must be a finite number of months >= 0");
  return value;
}

/// Throws error unless the list is sorted by edge without repeats and names edges of g.
inline void check_edge_numbers(const graph& g, std::span<const edge_number> numbers,
                               const char* what) {
  for (std::size_t i = 0; i < numbers.size(); ++i)
    if (numbers[i].edge >= g.edge_count() || (i > 0 && numbers[i - 1].edge >= numbers[i].edge))
      throw error(std::string("timeline: the edges' ") + what +
                  " must name edges of the graph in ascending order, once each");
}

}  // namespace detail

/// Capacity of the recorded nodes for months 0..options.months under the scenario (see the
/// file comment).
inline timeline_result timeline(const graph& g, const compiled_scenario& s,
                                const timeline_options& options = {}) {
  if (!(options.mean_life_months >= 0.0 && options.mean_life_months <= max_months))
    throw error("timeline: the mean life of services must lie in [0, 1200] months");
  if (!(options.ramp_months >= 0.0 && options.ramp_months <= max_months))
    throw error("timeline: the ramp of substitutes must lie in [0, 1200] months");
  const std::size_t n = g.node_count();
  const auto order = g.in_edge_order();
  const auto sources = g.in_edge_sources();
  const auto node_slots = g.node_slot_offsets();
  const auto slot_positions = g.slot_offsets();
  const auto base_weights = s.baseline_weights();
  const auto weights = s.scenario_weights();
  const auto alive = s.node_alive();

  timeline_result out;
  out.months = options.months;
  out.nodes = detail::recorded_nodes(g, options.record, "timeline");
  out.capacity.assign(out.nodes.size() * (options.months + 1), 0.0);

  const std::vector<double> base = propagate(g, {}, base_weights, options.propagation);

  // The timed inputs: services edges that wear out and substitutes, by reverse-CSR position.
  // Edges are read in edge order and only the few timed ones are looked up by position, so a
  // graph with few timed edges pays little for them.
  struct timed_input {
    std::uint32_t position = 0;
    node_index target = no_index;
    double decay = 0.0;               // per month, of a lagged service (0: none)
    double lead = std::nan("");       // of a substitute (NaN: none)
    double ramp = 0.0;
    double in_use = 0.0;              // what the substitute delivered in the baseline
    double lagged = 0.0, lagged_next = 0.0;
  };
  std::vector<timed_input> timed;
  const auto edge_targets = g.edge_targets();
  const auto edge_kinds = g.edge_kinds();
  const auto edge_slots = g.edge_slots();
  detail::check_edge_numbers(g, options.edge_mean_life_months, "mean lives");
  detail::check_edge_numbers(g, options.edge_ramp_months, "ramps");
  std::size_t next_life = 0, next_ramp = 0;
  for (edge_index e = 0; e < g.edge_count(); ++e) {
    if (!is_dependency(g.edge_kinds()[e])) continue;
    timed_input t;
    if (g.edge_kinds()[e] == edge_kind::services) {
      double life = detail::edge_months(options.edge_mean_life_months, next_life, e,
                                        options.mean_life_months, "mean life");
      if (life > 0.0) t.decay = std::exp(-1.0 / life);
    }
    if (!std::isnan(g.edge_lead_times()[e])) {
      t.lead = g.edge_lead_times()[e];
      t.ramp = detail::edge_months(options.edge_ramp_months, next_ramp, e, options.ramp_months,
                                   "ramp");
    }
    if (t.decay == 0.0 && std::isnan(t.lead)) continue;
    t.position = g.edge_position(e);
    t.target = edge_targets[e];
    t.lagged = t.lagged_next = base_weights[t.position] * base[sources[t.position]];
    timed.push_back(t);
  }
  std::sort(timed.begin(), timed.end(),
            [](const timed_input& a, const timed_input& b) { return a.position < b.position; });
  // Per slot: 1 + the index of its first timed input, 0: none.
  std::vector<std::uint32_t> slot_timed(g.slot_count(), 0);
  std::vector<std::uint8_t> special_node(n, 0);
  for (std::size_t k = timed.size(); k-- > 0;) {
    slot_timed[edge_slots[order[timed[k].position]]] = static_cast<std::uint32_t>(k + 1);
    special_node[timed[k].target] = 1;
  }
  // A substitute's baseline delivery: the part of its slot the other edges did not cover,
  // split between the slot's substitutes in proportion to what they could deliver.
  for (std::size_t k = 0; k < timed.size();) {
    const slot_index sl = edge_slots[order[timed[k].position]];
    std::size_t next = k;
    while (next < timed.size() && edge_slots[order[timed[next].position]] == sl) ++next;
    double others = 0.0, substitutes = 0.0;
    for (std::uint32_t p = slot_positions[sl], j = static_cast<std::uint32_t>(k); p < slot_positions[sl + 1]; ++p) {
      const double x = base_weights[p] * base[sources[p]];
      const bool substitute = j < next && timed[j].position == p && !std::isnan(timed[j].lead);
      if (j < next && timed[j].position == p) ++j;
      (substitute ? substitutes : others) += x;
    }
    const double need = std::max(0.0, std::min(1.0, others + substitutes) - others);
    if (substitutes > 0.0)
      for (std::size_t j = k; j < next; ++j)
        if (!std::isnan(timed[j].lead)) timed[j].in_use = timed[j].lagged * (need / substitutes);
    k = next;
  }
  std::vector<double> stock(n, 0.0);
  for (node_index v = 0; v < n; ++v) {
    stock[v] = g.node_stock_months()[v] * base[v];
    if (stock[v] > 0.0) special_node[v] = 1;
  }

  std::vector<double> cap(base);
  std::vector<double> input_level(n, 0.0);  // w of the month, before stock
  auto record_month = [&](std::size_t t) {
    for (std::size_t i = 0; i < out.nodes.size(); ++i)
      out.capacity[i * (options.months + 1) + t] = cap[out.nodes[i]];
  };
  record_month(0);
  if (options.progress) options.progress(0, options.months);

  double elapsed = 0.0;  // months since the cut
  // The share of a substitute's rise available t months after the cut.
  auto ready = [](const timed_input& s, double t) {
    return t < s.lead ? 0.0 : s.ramp <= 0.0 ? 1.0 : std::min(1.0, (t - s.lead) / s.ramp);
  };
  timed_input* const timed_end = timed.data() + timed.size();
  // The nodes whose substitutes' availability moves in each month after the first.
  std::vector<std::vector<node_index>> ramping(options.months + 1);
  for (const timed_input& t : timed) {
    if (std::isnan(t.lead)) continue;
    const double from = std::max(2.0, std::floor(t.lead));
    const double to = std::min(static_cast<double>(options.months), std::ceil(t.lead + t.ramp) + 1.0);
    for (double month = from; month <= to; month += 1.0)
      if (ready(t, month) != ready(t, month - 1.0))
        ramping[static_cast<std::size_t>(month)].push_back(t.target);
  }
  // The capacity of v this month given its inputs' capacities in `cap`.
  auto evaluate = [&](node_index v) -> double {
    const double a = alive[v];
    if (!special_node[v])
      return a == 0.0 ? 0.0 : a * detail::weakest_slot(g, v, weights.data(), cap.data());
    double w = 1.0;
    for (slot_index sl = node_slots[v], last = node_slots[v + 1]; sl < last; ++sl) {
      double sum = 0.0;
      if (slot_timed[sl] == 0) {
        for (std::uint32_t p = slot_positions[sl], end = slot_positions[sl + 1]; p < end; ++p)
          sum += weights[p] * cap[sources[p]];
      } else {
        timed_input* t = &timed[slot_timed[sl] - 1];
        for (std::uint32_t p = slot_positions[sl], end = slot_positions[sl + 1]; p < end; ++p) {
          double x = weights[p] * cap[sources[p]];
          if (t != timed_end && t->position == p) {
            if (t->decay > 0.0) {
              if (x < t->lagged) x += (t->lagged - x) * t->decay;
              t->lagged_next = x;
            }
            if (!std::isnan(t->lead) && x > t->in_use) x = t->in_use + (x - t->in_use) * ready(*t, elapsed);
            ++t;
          }
          sum += x;
        }
      }
      w = std::min(w, sum);
    }
    input_level[v] = w;
    double delivered = stock[v] > 0.0 ? std::min(base[v], w + stock[v]) : w;
    return a == 0.0 ? 0.0 : a * delivered;
  };
  // The month's stock draw, once v is final; whether the stock changed.
  auto settle = [&](node_index v) {
    if (!special_node[v] || stock[v] <= 0.0) return false;
    const double w = input_level[v];
    const double left = std::max(0.0, stock[v] - (std::min(base[v], w + stock[v]) - w));
    const bool drawn = left != stock[v];
    stock[v] = left;
    return drawn;
  };

  // The nodes to evaluate this month, a bit per node; node order is topological, so one pass
  // from the lowest set bit up sees every node after the inputs that moved it.
  std::vector<std::uint64_t> pending((n + 63) / 64, 0);
  auto mark = [&](node_index v) { pending[v >> 6] |= std::uint64_t{1} << (v & 63); };
  auto mark_all = [&]() {
    std::fill(pending.begin(), pending.end(), ~std::uint64_t{0});
    if (n % 64 != 0) pending.back() = (std::uint64_t{1} << (n % 64)) - 1;
  };
  if (options.incremental) {
    // Month 1 against the baseline: nodes a rule hits, timed nodes, targets of cut edges.
    for (node_index v = 0; v < n; ++v)
      if (alive[v] != 1.0 || special_node[v]) mark(v);
    for (std::size_t p = 0; p < order.size(); ++p)
      if (weights[p] != base_weights[p]) mark(edge_targets[order[p]]);
  }
  std::vector<node_index> drawn;  // nodes whose stock changed this month
  std::vector<double> before;     // a cyclic component's capacities before its month
  for (std::size_t month = 1; month <= options.months; ++month) {
    elapsed = static_cast<double>(month);
    if (!options.incremental) {
      mark_all();
    } else {
      for (node_index v : ramping[month]) mark(v);
    }
    for (std::size_t word = 0; word < pending.size(); ++word) {
      while (pending[word] != 0) {  // bits set while the word is worked on are higher
        const node_index v = static_cast<node_index>(word * 64 + std::countr_zero(pending[word]));
        pending[word] &= pending[word] - 1;
        const std::uint32_t c = g.component(v);
        if (!g.component_is_cyclic(c)) {
          const double next = evaluate(v);
          if (settle(v)) drawn.push_back(v);
          if (next != cap[v]) {
            cap[v] = next;
            // Dependency edges only: an `owns` or `controls` edge may point back to a node
            // already final this month, which must not be evaluated (and draw stock) again.
            for (edge_index e : g.out_edges(v))
              if (is_dependency(edge_kinds[e])) mark(edge_targets[e]);
          }
          continue;
        }
        auto members = g.component_nodes(c);
        const node_index first = members.front(), last = members.back() + 1;
        before.assign(cap.begin() + first, cap.begin() + last);
        for (node_index u = first; u < last; ++u) {
          pending[u >> 6] &= ~(std::uint64_t{1} << (u & 63));
          cap[u] = 0.0;
        }
        detail::climb_to_fixpoint(members, cap.data(), evaluate, options.propagation.tolerance,
                                  options.propagation.max_sweeps);
        for (node_index u = first; u < last; ++u) {
          if (settle(u)) drawn.push_back(u);
          if (cap[u] != before[u - first])
            for (edge_index e : g.out_edges(u))
              if (edge_targets[e] >= last && is_dependency(edge_kinds[e])) mark(edge_targets[e]);
        }
      }
    }
    // What moves next month on its own: services still wearing out, stocks still drawn.
    for (timed_input& t : timed)
      if (t.lagged_next != t.lagged) {
        t.lagged = t.lagged_next;
        mark(t.target);
      }
    for (node_index v : drawn) mark(v);
    drawn.clear();
    record_month(month);
    if (options.progress) options.progress(month, options.months);
  }
  return out;
}

}  // namespace micgraph
