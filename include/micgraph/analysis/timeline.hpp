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
/// - **Wear of an unserviced installed base.** A `services` edge with a mean life L (its
///   `mean_life_months` attribute, or timeline_options::mean_life_months for all services
///   edges; 0: none) delivers, when its supply drops, a lagged value that decays toward the new
///   supply as exp(-1/L) per month: machines keep running on their last servicing and wear out,
///   x + (x0 - x) exp(-t/L) after t months of a constant cut. A rise is delivered at once.
/// - **Substitutes arriving late.** An edge with `lead_time_months` T (and a `ramp_months`
///   attribute R, default timeline_options::ramp_months) is a substitute: whatever it delivered
///   in the baseline it keeps delivering, but any more than that is available only after T
///   months and ramps up linearly over the following R months. What a substitute "delivered in
///   the baseline" is the part of its slot the slot's other edges did not cover, split between
///   the slot's substitutes in proportion to what they could deliver; a substitute whose slot
///   was covered by the other edges delivered nothing.
///
/// With none of the three, every month equals the static impact (micgraph::propagate with the
/// scenario's multipliers, bit for bit); as months pass, the timeline tends to it. Each month
/// is one propagation in node order, cyclic components iterated from zero to the least
/// fixpoint; the stocks and lagged services carry over from month to month. Cost: months x one
/// propagation, plus a little per stocked node, service and substitute edge.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "micgraph/analysis/impact.hpp"
#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

struct timeline_options {
  std::size_t months = 24;
  /// Mean life in months of an unserviced installed base, for `services` edges without their
  /// own `mean_life_months` attribute; 0: such edges are lost at once.
  double mean_life_months = 0.0;
  /// Months over which a substitute ramps up after its lead time, for edges without their own
  /// `ramp_months` attribute; 0: a step at the lead time.
  double ramp_months = 6.0;
  /// Nodes whose capacities are kept for every month; empty: every node.
  std::vector<node_index> record;
  propagate_options propagation;
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

/// A finite number >= 0 from an edge's attrs, or `fallback` when the attribute is absent;
/// anything else is bad input (parse_error naming the edge).
inline double edge_months_attribute(const graph& g, edge_index e, const char* name,
                                    double fallback) {
  std::string_view text = g.edge(e).attrs();
  if (text.find(name) == std::string_view::npos) return fallback;
  nlohmann::json attrs = nlohmann::json::parse(text, nullptr, false);
  auto it = attrs.is_object() ? attrs.find(name) : attrs.end();
  if (it == attrs.end()) return fallback;
  if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0.0)
    throw parse_error({.element = "edge " + std::string(g.node(g.edge(e).source()).id()) +
                                  " -> " + std::string(g.node(g.edge(e).target()).id()),
                       .field = name},
                      "expected a finite number of months >= 0, got " + it->dump());
  return it->get<double>();
}

}  // namespace detail

/// Capacity of the recorded nodes for months 0..options.months under the scenario (see the
/// file comment).
inline timeline_result timeline(const graph& g, const compiled_scenario& s,
                                const timeline_options& options = {}) {
  if (!std::isfinite(options.mean_life_months) || options.mean_life_months < 0.0)
    throw error("timeline: the mean life of services must be a finite number >= 0");
  if (!std::isfinite(options.ramp_months) || options.ramp_months < 0.0)
    throw error("timeline: the ramp of substitutes must be a finite number >= 0");
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
  out.nodes = options.record;
  if (out.nodes.empty())
    for (node_index v : g.nodes()) out.nodes.push_back(v);
  for (node_index v : out.nodes)
    if (v >= n) throw error("timeline: recorded node number " + std::to_string(v) + " out of range");
  out.capacity.assign(out.nodes.size() * (options.months + 1), 0.0);

  const std::vector<double> base = propagate(g, {}, base_weights, options.propagation);

  // Per reverse-CSR position: decay factor per month of a lagged service (0: none), and the
  // lead time, ramp and baseline delivery in use of a substitute (lead NaN: none).
  std::vector<double> decay(order.size(), 0.0), lead(order.size(), std::nan("")),
      ramp(order.size(), 0.0), in_use(order.size(), 0.0), lagged(order.size(), 0.0);
  std::vector<std::uint8_t> special_slot(g.slot_count(), 0), special_node(n, 0);
  for (std::size_t p = 0; p < order.size(); ++p) {
    edge_index e = order[p];
    if (g.edge_kinds()[e] == edge_kind::services) {
      double life = detail::edge_months_attribute(g, e, "mean_life_months", options.mean_life_months);
      if (life > 0.0) decay[p] = std::exp(-1.0 / life);
    }
    if (!std::isnan(g.edge_lead_times()[e])) {
      lead[p] = g.edge_lead_times()[e];
      ramp[p] = detail::edge_months_attribute(g, e, "ramp_months", options.ramp_months);
    }
    lagged[p] = base_weights[p] * base[sources[p]];
  }
  for (slot_index sl = 0; sl < g.slot_count(); ++sl) {
    double others = 0.0, substitutes = 0.0;
    bool special = false;
    for (std::uint32_t p = slot_positions[sl]; p < slot_positions[sl + 1]; ++p) {
      double x = base_weights[p] * base[sources[p]];
      if (!std::isnan(lead[p]))
        substitutes += x;
      else
        others += x;
      special = special || decay[p] > 0.0 || !std::isnan(lead[p]);
    }
    special_slot[sl] = special ? 1 : 0;
    double need = std::max(0.0, std::min(1.0, others + substitutes) - others);
    if (substitutes > 0.0)
      for (std::uint32_t p = slot_positions[sl]; p < slot_positions[sl + 1]; ++p)
        if (!std::isnan(lead[p])) in_use[p] = base_weights[p] * base[sources[p]] * (need / substitutes);
  }
  std::vector<double> stock(n, 0.0);
  for (node_index v = 0; v < n; ++v) {
    stock[v] = g.node_stock_months()[v] * base[v];
    bool special = stock[v] > 0.0;
    for (slot_index sl = node_slots[v]; sl < node_slots[v + 1]; ++sl)
      special = special || special_slot[sl] != 0;
    special_node[v] = special ? 1 : 0;
  }

  std::vector<std::uint32_t> lagging;  // positions of services edges that wear out
  for (std::size_t p = 0; p < order.size(); ++p)
    if (decay[p] > 0.0) lagging.push_back(static_cast<std::uint32_t>(p));
  std::vector<double> cap(base);
  std::vector<double> lagged_next(lagged);
  std::vector<double> input_level(n, 0.0);  // w of the month, before stock
  auto record_month = [&](std::size_t t) {
    for (std::size_t i = 0; i < out.nodes.size(); ++i)
      out.capacity[i * (options.months + 1) + t] = cap[out.nodes[i]];
  };
  record_month(0);
  if (options.progress) options.progress(0, options.months);

  for (std::size_t month = 1; month <= options.months; ++month) {
    const double elapsed = static_cast<double>(month);
    // The capacity of v this month given its inputs' capacities in `cap`.
    auto evaluate = [&](node_index v) -> double {
      const double a = alive[v];
      if (!special_node[v])
        return a == 0.0 ? 0.0 : a * detail::weakest_slot(g, v, weights.data(), cap.data());
      double w = 1.0;
      for (slot_index sl = node_slots[v], last = node_slots[v + 1]; sl < last; ++sl) {
        double sum = 0.0;
        if (!special_slot[sl]) {
          for (std::uint32_t p = slot_positions[sl], end = slot_positions[sl + 1]; p < end; ++p)
            sum += weights[p] * cap[sources[p]];
        } else {
          for (std::uint32_t p = slot_positions[sl], end = slot_positions[sl + 1]; p < end; ++p) {
            double x = weights[p] * cap[sources[p]];
            if (decay[p] > 0.0) {
              if (x < lagged[p]) x += (lagged[p] - x) * decay[p];
              lagged_next[p] = x;
            }
            if (!std::isnan(lead[p]) && x > in_use[p]) {
              double ready = elapsed < lead[p] ? 0.0
                             : ramp[p] <= 0.0 ? 1.0
                                              : std::min(1.0, (elapsed - lead[p]) / ramp[p]);
              x = in_use[p] + (x - in_use[p]) * ready;
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
    auto settle = [&](node_index v) {  // the month's stock draw, once v is final
      if (special_node[v] && stock[v] > 0.0) {
        double w = input_level[v];
        stock[v] = std::max(0.0, stock[v] - (std::min(base[v], w + stock[v]) - w));
      }
    };
    for (std::uint32_t c = 0, components = static_cast<std::uint32_t>(g.component_count());
         c < components; ++c) {
      auto members = g.component_nodes(c);
      if (!g.component_is_cyclic(c)) {
        node_index v = members.front();
        cap[v] = evaluate(v);
        settle(v);
        continue;
      }
      for (node_index v : members) cap[v] = 0.0;
      for (std::size_t sweep = 0; sweep < options.propagation.max_sweeps; ++sweep) {
        double moved = 0.0;
        for (node_index v : members) {
          double next = evaluate(v);
          moved = std::max(moved, next - cap[v]);
          cap[v] = next;
        }
        if (moved <= options.propagation.tolerance) break;
      }
      for (node_index v : members) settle(v);
    }
    for (std::uint32_t p : lagging) lagged[p] = lagged_next[p];
    record_month(month);
    if (options.progress) options.progress(month, options.months);
  }
  return out;
}

}  // namespace micgraph
