#pragma once
/// \file analysis/structure.hpp
/// Structure of the supply graph (DESIGN §3): supplier and country concentration per category
/// (Herfindahl–Hirschman index and top shares), articulation points and bridges of the
/// undirected dependency graph, and betweenness centrality of the directed dependency graph
/// (exact with Boost's Brandes algorithm, or estimated from sampled source nodes).
///
/// Every analysis here takes an optional evidence filter (`edge_present`, e.g. a compiled
/// scenario's `[&](edge_index e) { return s.edge_present(e); }`): edges it rejects are treated
/// as absent. `owns` edges are structural and never count.

#include <algorithm>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/property_map/property_map.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <mutex>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "micgraph/graph.hpp"
#include "micgraph/parallel.hpp"

namespace micgraph {

// ---- results and options

struct concentration_options {
  /// Edges that count (evidence filters); empty: every edge.
  std::function<bool(edge_index)> edge_present;
};

/// How concentrated the supply of one category is. Supplying edges are the `produces` and
/// `supplies` edges into nodes of the category; each gives its source (the supplier) its
/// `share`, and a supplier's market share is its summed weight over the category's total.
struct category_concentration {
  std::string category;
  std::size_t suppliers = 0;  ///< distinct supplier nodes
  double hhi_firms = 0.0;     ///< sum of squared supplier shares, in (0, 1]
  /// Sum of squared country shares, a country's share being that of its suppliers together.
  /// Suppliers with no country form one group of their own, named "" (unknown origin).
  double hhi_countries = 0.0;
  /// Largest country share; ties (within 1e-12): smallest code, "" first.
  std::string top_country;
  double top_country_share = 0.0;
  /// Largest supplier share; ties (within 1e-12): smallest node number.
  node_index top_supplier = no_index;
  double top_supplier_share = 0.0;
};

struct structure_options {
  /// Dependency edges that count (evidence filters); empty: every edge.
  std::function<bool(edge_index)> edge_present;
};

/// A dependency link whose loss disconnects the undirected dependency graph.
struct bridge {
  node_index a = no_index;  ///< a < b in node order
  node_index b = no_index;
  edge_index edge = no_index;  ///< the one present dependency edge joining a and b
};

struct structure_result {
  /// Nodes whose removal disconnects part of the undirected dependency graph, ascending.
  std::vector<node_index> articulation_points;
  /// Ascending by (a, b).
  std::vector<bridge> bridges;
};

struct betweenness_options {
  /// Source nodes sampled (uniformly, without replacement); 0 or >= the node count: exact.
  std::size_t samples = 0;
  std::uint64_t seed = 1;  ///< seeds the sampling (std::mt19937_64); same seed, same result
  /// Dependency edges that count (evidence filters); empty: every edge.
  std::function<bool(edge_index)> edge_present;
  /// Called with (source nodes done, total) as the sampling goes (the exact computation calls
  /// it once, at the end); may be empty. Calls from several threads are serialised.
  std::function<void(std::size_t, std::size_t)> progress;
  /// Worker threads for the sampled estimate (0: one per core); the result does not depend on
  /// it. The exact computation runs on one.
  unsigned threads = 0;
};

/// The default sampling of betweenness on a graph of n nodes: exact (0) up to `exact_limit`
/// nodes, else `samples` sampled sources (Brandes' exact algorithm costs O(n m)).
inline std::size_t default_betweenness_samples(std::size_t n, std::size_t exact_limit = 20000,
                                               std::size_t samples = 64) {
  return n <= exact_limit ? 0 : samples;
}

struct betweenness_result {
  /// Per node: the sum over ordered pairs (s, t) of other nodes, t reachable from s, of the
  /// fraction of shortest s -> t dependency paths through the node (not normalised). Sampled:
  /// the sum over the sampled sources s, scaled by n / samples (an unbiased estimate).
  std::vector<double> score;
  bool estimated = false;   ///< true when computed from sampled sources
  std::size_t samples = 0;  ///< source nodes used: every node when exact
};

/// A node and its betweenness.
struct node_score {
  node_index node = no_index;
  double score = 0.0;
  friend bool operator==(const node_score&, const node_score&) = default;
};

namespace detail {

/// The present dependency edges as a simple directed graph in CSR form: parallel edges merged
/// (a path is a sequence of nodes, however many edges assert each link), self-loops dropped,
/// each node's targets ascending.
struct simple_adjacency {
  std::vector<std::uint32_t> offsets;  ///< n + 1
  std::vector<node_index> targets;
  std::span<const node_index> out(node_index v) const {
    return std::span<const node_index>(targets).subspan(offsets[v], offsets[v + 1] - offsets[v]);
  }
};

/// Builds the simple dependency graph. O(n + m) plus the sorting of each node's targets.
inline simple_adjacency simple_dependency_adjacency(
    const graph& g, const std::function<bool(edge_index)>& edge_present) {
  const std::size_t n = g.node_count();
  const auto kinds = g.edge_kinds();
  const auto targets = g.edge_targets();
  simple_adjacency out;
  out.offsets.reserve(n + 1);
  out.offsets.push_back(0);
  std::vector<node_index> last_source(n, no_index);  // dedupes within one out-edge range
  for (node_index v = 0; v < n; ++v) {
    const std::size_t first = out.targets.size();
    for (edge_index e : g.out_edges(v)) {
      node_index w = targets[e];
      if (w == v || last_source[w] == v || !is_dependency(kinds[e])) continue;
      if (edge_present && !edge_present(e)) continue;
      last_source[w] = v;
      out.targets.push_back(w);
    }
    std::sort(out.targets.begin() + static_cast<std::ptrdiff_t>(first), out.targets.end());
    out.offsets.push_back(static_cast<std::uint32_t>(out.targets.size()));
  }
  return out;
}

/// Brandes' single-source dependencies searched on the graph's own forward CSR: no simple
/// copy of the graph is built (for a few sampled sources that copy would cost more than the
/// searches). Parallel edges are merged on the fly (a stamp per node marks the targets an edge
/// of the current node already reached), self-loops, `owns` and absent edges skipped.
///
/// Sampled sources in a supply graph mostly reach a small part of it, so every cost of a
/// search is kept proportional to the nodes it reaches: a node's search state is created the
/// first time any search reaches it (the only per-node array of the graph's size is the index
/// of those states, 4 bytes a node, cleared once per searcher), and a search resets only the
/// states it used.
class dependency_searcher {
 public:
  /// present: one byte per edge (empty: every dependency edge counts).
  dependency_searcher(const graph& g, std::span<const std::uint8_t> present)
      : g_(g), present_(present), slot_(g.node_count(), 0) {}

  /// Adds to every node's running sum, for every source s given, Brandes' dependency
  /// delta_s(v) = sum over targets t of sigma_st(v) / sigma_st (v != s): one breadth-first
  /// search from s counting shortest paths (sigma), then one sweep in reverse search order
  /// accumulating delta_s(v) = sigma_v * sum over successors w on shortest paths of
  /// (1 + delta_s(w)) / sigma_w. The sums are added to in the order of the sources.
  /// O(k (n_s + m_s)) for k sources reaching n_s nodes over m_s edges each.
  void accumulate(std::span<const node_index> sources,
                  const std::function<void(std::size_t, std::size_t)>& progress) {
    const auto kinds = g_.edge_kinds();
    const auto targets = g_.edge_targets();
    std::size_t done = 0;
    for (node_index s : sources) {
      order_.clear();
      {
        const std::uint32_t i = state_of(s);
        order_.push_back(i);
        state_[i].distance = 0;
        state_[i].sigma = 1.0;
      }
      for (std::size_t head = 0; head < order_.size(); ++head) {
        const std::uint32_t vi = order_[head];
        const node_index v = state_[vi].node;
        const std::uint32_t next = state_[vi].distance + 1;
        const double sigma = state_[vi].sigma;
        const std::uint32_t stamp = next_stamp();
        for (edge_index e : g_.out_edges(v)) {
          const node_index w = targets[e];
          if (!usable(e, kinds) || w == v) continue;
          const std::uint32_t wi = state_of(w);  // may move state_: no references held
          search_state& x = state_[wi];
          if (x.stamp == stamp) continue;
          x.stamp = stamp;
          if (x.distance == unreached) {
            x.distance = next;
            order_.push_back(wi);
          }
          if (x.distance == next) x.sigma += sigma;
        }
      }
      for (std::size_t i = order_.size(); i-- > 1;) {  // order[0] is s: its dependency is not needed
        search_state& x = state_[order_[i]];
        const node_index v = x.node;
        const std::uint32_t next = x.distance + 1;
        const std::uint32_t stamp = next_stamp();
        double sum = 0.0;
        for (edge_index e : g_.out_edges(v)) {
          const node_index w = targets[e];
          if (!usable(e, kinds) || w == v) continue;
          search_state& y = state_[slot_[w] - 1];  // every target of a reached node has a state
          if (y.stamp == stamp) continue;
          y.stamp = stamp;
          if (y.distance == next) sum += (1.0 + y.delta) / y.sigma;
        }
        x.delta = x.sigma * sum;
        if (x.delta > 0.0) {
          if (x.sum == 0.0) raised_.push_back(order_[i]);
          x.sum += x.delta;
        }
      }
      for (std::uint32_t i : order_) {  // stamps only grow: an old one never matches
        search_state& x = state_[i];
        x.distance = unreached;
        x.sigma = x.delta = 0.0;
      }
      ++done;
      if (progress) progress(done, sources.size());
    }
  }

  /// Appends (node, running sum) for every node whose sum is positive, in the order the sums
  /// became positive, and restarts those sums from zero. (A node left out has sum zero.)
  void take(std::vector<std::pair<node_index, double>>& out) {
    out.reserve(out.size() + raised_.size());
    for (std::uint32_t i : raised_) {
      out.emplace_back(state_[i].node, state_[i].sum);
      state_[i].sum = 0.0;
    }
    raised_.clear();
  }

 private:
  static constexpr std::uint32_t unreached = no_index;
  struct search_state {
    node_index node = no_index;
    std::uint32_t distance = unreached;
    std::uint32_t stamp = 0;
    double sigma = 0.0;  // shortest paths from the source
    double delta = 0.0;  // the source's dependency on the node
    double sum = 0.0;    // the dependencies of the sources since the last take()
  };

  bool usable(edge_index e, std::span<const edge_kind> kinds) const {
    return is_dependency(kinds[e]) && (present_.empty() || present_[e] != 0);
  }
  /// The index of v's state, created on first use.
  std::uint32_t state_of(node_index v) {
    std::uint32_t& slot = slot_[v];
    if (slot == 0) {
      state_.push_back({.node = v});
      slot = static_cast<std::uint32_t>(state_.size());
    }
    return slot - 1;
  }
  std::uint32_t next_stamp() {
    if (++stamp_ == 0) {  // wrapped: clear every stamp once
      for (search_state& x : state_) x.stamp = 0;
      stamp_ = 1;
    }
    return stamp_;
  }

  const graph& g_;
  std::span<const std::uint8_t> present_;
  std::vector<std::uint32_t> slot_;   // per node: 1 + the index of its state, 0: none yet
  std::vector<search_state> state_;   // the nodes any search reached, in the order first reached
  std::vector<std::uint32_t> order_;  // the current search's states, in search order
  std::vector<std::uint32_t> raised_; // states whose sum became positive since the last take()
  std::uint32_t stamp_ = 0;
};

/// A number in [0, bound) from 64 random bits, without modulo bias (rejection sampling), the
/// same on every platform (unlike std::uniform_int_distribution).
inline std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t bound) {
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t x = rng();
  while (x >= limit) x = rng();
  return x % bound;
}

/// The k (<= n) positions drawn by a partial Fisher–Yates shuffle of [0, n) (position i takes
/// the value at a uniform position of [i, n)), in draw order, with the pool held as an array.
/// O(n).
inline std::vector<node_index> shuffle_prefix_dense(std::size_t n, std::size_t k,
                                                    std::mt19937_64& rng) {
  std::vector<node_index> pool(n);
  for (std::size_t i = 0; i < n; ++i) pool[i] = static_cast<node_index>(i);
  for (std::size_t i = 0; i < k; ++i) std::swap(pool[i], pool[i + uniform_below(rng, n - i)]);
  pool.resize(k);
  return pool;
}

/// The same draws with the pool held sparsely: only the positions a swap has changed, in an
/// open-addressing table (every other position i still holds i). O(k) expected.
inline std::vector<node_index> shuffle_prefix_sparse(std::size_t n, std::size_t k,
                                                     std::mt19937_64& rng) {
  std::size_t capacity = 16;
  while (capacity < 2 * k) capacity *= 2;
  const std::size_t mask = capacity - 1;
  std::vector<std::pair<node_index, node_index>> table(capacity, {no_index, 0});  // position, value
  auto find = [&](node_index position) -> std::pair<node_index, node_index>& {
    std::size_t h = (static_cast<std::uint64_t>(position) * 0x9E3779B97F4A7C15ull) >> 32 & mask;
    while (table[h].first != no_index && table[h].first != position) h = (h + 1) & mask;
    return table[h];
  };
  auto value = [&](node_index position) {
    const auto& entry = find(position);
    return entry.first == position ? entry.second : position;
  };
  std::vector<node_index> out(k);
  for (std::size_t i = 0; i < k; ++i) {
    const auto position = static_cast<node_index>(i);
    const auto j = static_cast<node_index>(i + uniform_below(rng, n - i));
    const node_index at_i = value(position), at_j = value(j);
    out[i] = at_j;
    // Position i is never read again (later draws start above it); position j takes i's value.
    if (j != position) find(j) = {j, at_i};
  }
  return out;
}

/// k distinct node numbers of [0, n), uniformly at random (a partial Fisher–Yates shuffle),
/// ascending. The pool is held sparsely when k is small against n: O(k log k) then, else O(n);
/// the draws are the same either way.
inline std::vector<node_index> sample_nodes(std::size_t n, std::size_t k, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  k = std::min(k, n);
  std::vector<node_index> sample =
      k * 16 < n ? shuffle_prefix_sparse(n, k, rng) : shuffle_prefix_dense(n, k, rng);
  std::sort(sample.begin(), sample.end());
  return sample;
}

/// Exact betweenness with Boost's brandes_betweenness_centrality over the simple dependency
/// graph (path counts as doubles: they overflow integers on deep layered graphs). O(n m) time,
/// O(n + m) memory.
inline std::vector<double> boost_betweenness(const simple_adjacency& adjacency) {
  const std::size_t n = adjacency.offsets.size() - 1;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  pairs.reserve(adjacency.targets.size());
  for (node_index v = 0; v < n; ++v)
    for (node_index w : adjacency.out(v)) pairs.emplace_back(v, w);
  const csr_graph boost_graph(boost::edges_are_sorted, pairs.begin(), pairs.end(),
                              static_cast<std::uint32_t>(n),
                              static_cast<std::uint32_t>(pairs.size()));
  pairs = {};
  using edge_descriptor = boost::graph_traits<csr_graph>::edge_descriptor;
  const auto index = boost::get(boost::vertex_index, boost_graph);
  std::vector<double> score(n, 0.0), dependency(n, 0.0), path_count(n, 0.0);
  // Boost never resets a source's distance: each search is offset by the source's stale
  // value, which grows with every source, so keep it wide.
  std::vector<std::uint64_t> distance(n, 0);
  std::vector<std::vector<edge_descriptor>> incoming(n);
  boost::brandes_betweenness_centrality(
      boost_graph, boost::make_iterator_property_map(score.begin(), index),
      boost::dummy_property_map(), boost::make_iterator_property_map(incoming.begin(), index),
      boost::make_iterator_property_map(distance.begin(), index),
      boost::make_iterator_property_map(dependency.begin(), index),
      boost::make_iterator_property_map(path_count.begin(), index), index);
  return score;
}

}  // namespace detail

// ---- the analyses

/// Supplier and country concentration of every category (the empty category excepted) that has
/// supplying edges: `produces` and `supplies` edges into its nodes, weighted by `share`. Sorted
/// by hhi_countries descending, then category name. One pass over the edges buckets the
/// supplying edges by category (a counting sort, edge order kept); each category's suppliers and
/// countries are summed in arrays indexed by node and by country, and only its distinct
/// suppliers are sorted: O(n + m + s log s) for s distinct (category, supplier) pairs.
inline std::vector<category_concentration> concentration(
    const graph& g, const concentration_options& options = {}) {
  struct supply {
    node_index supplier;
    double weight;
  };
  const auto kinds = g.edge_kinds();
  const auto sources = g.edge_sources();
  const auto targets = g.edge_targets();
  const auto& shares = g.edge_shares();
  const auto categories = g.node_category_ids();
  const auto countries = g.node_country_ids();
  const std::size_t category_count = g.categories().size();

  // The supplying edges, bucketed by category in edge order.
  std::vector<std::uint32_t> first(category_count + 1, 0);
  std::vector<std::uint32_t> category_of_edge;  // per supplying edge, in edge order
  std::vector<edge_index> supplying;
  for (edge_index e : g.edges()) {
    if (!shares_provider_slot(kinds[e])) continue;
    const std::uint32_t category = categories[targets[e]];
    if (category == 0 || (options.edge_present && !options.edge_present(e))) continue;
    supplying.push_back(e);
    category_of_edge.push_back(category);
    ++first[category + 1];
  }
  for (std::size_t c = 0; c < category_count; ++c) first[c + 1] += first[c];
  std::vector<supply> supplies(supplying.size());
  {
    std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
    for (std::size_t i = 0; i < supplying.size(); ++i)
      supplies[next[category_of_edge[i]]++] = {sources[supplying[i]], shares[supplying[i]]};
  }

  std::vector<category_concentration> out;
  std::vector<std::uint32_t> position(g.node_count(), no_index);  // in by_supplier
  std::vector<double> country_weight(g.countries().size(), 0.0);
  std::vector<std::uint8_t> country_seen(g.countries().size(), 0);
  std::vector<std::pair<node_index, double>> by_supplier;
  std::vector<std::uint16_t> seen_countries;
  for (std::size_t category = 1; category < category_count; ++category) {
    if (first[category] == first[category + 1]) continue;
    by_supplier.clear();
    // Each supplier's weight summed in edge order.
    for (std::uint32_t i = first[category]; i < first[category + 1]; ++i) {
      const supply& s = supplies[i];
      if (position[s.supplier] == no_index) {
        position[s.supplier] = static_cast<std::uint32_t>(by_supplier.size());
        by_supplier.emplace_back(s.supplier, 0.0);
      }
      by_supplier[position[s.supplier]].second += s.weight;
    }
    for (const auto& [supplier, weight] : by_supplier) position[supplier] = no_index;
    std::sort(by_supplier.begin(), by_supplier.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });

    category_concentration c;
    c.category = g.categories()[category];
    c.suppliers = by_supplier.size();
    double total = 0.0;
    for (const auto& [supplier, weight] : by_supplier) total += weight;
    // Weights closer than 1e-12 of the total tie (sums of shares such as 0.2 + 0.5 and 0.7
    // differ in the last bits).
    const double tie = 1e-12 * total;
    seen_countries.clear();
    double top_weight = 0.0;
    for (const auto& [supplier, weight] : by_supplier) {  // ascending node order
      double share = weight / total;
      c.hhi_firms += share * share;
      if (weight > top_weight + tie) top_weight = weight, c.top_supplier = supplier;
      const std::uint16_t country = countries[supplier];
      if (country_seen[country] == 0) {
        country_seen[country] = 1;
        seen_countries.push_back(country);
      }
      country_weight[country] += weight;
    }
    c.top_supplier_share = top_weight / total;
    std::sort(seen_countries.begin(), seen_countries.end());
    top_weight = 0.0;
    bool first_country = true;
    for (std::uint16_t country : seen_countries) {
      const double weight = country_weight[country];
      country_weight[country] = 0.0;
      country_seen[country] = 0;
      double share = weight / total;
      c.hhi_countries += share * share;
      const std::string& code = g.countries()[country];
      if (first_country || weight > top_weight + tie ||
          (weight >= top_weight - tie && code < c.top_country))
        top_weight = weight, c.top_country = code;
      first_country = false;
    }
    c.top_country_share = top_weight / total;
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(),
            [](const category_concentration& x, const category_concentration& y) {
              if (x.hhi_countries != y.hhi_countries) return x.hhi_countries > y.hhi_countries;
              return x.category < y.category;
            });
  return out;
}

namespace detail {

/// The depth-first search of structure_points() over the graph's own CSR arrays: a node's
/// neighbours are the targets of its out-edges (forward CSR) and the sources of its dependency
/// in-edges (reverse CSR). `out_usable(e)` says whether out-edge e counts (a dependency edge
/// that is present), `in_usable(p)` the same for the in-edge at reverse position p (every
/// in-edge is a dependency edge); self-loops are skipped here. A node passes over exactly one
/// link to its parent, the tree edge: every further edge between the two (either direction)
/// is a back edge, so a doubled link is never a bridge and cuts no articulation point. The
/// search is iterative (an explicit stack of frames), a node's adjacency is scanned once
/// across its frame's visits, and the tree edge's number is looked up only for a bridge.
template <class OutUsable, class InUsable>
structure_result structure_search(const graph& g, OutUsable out_usable, InUsable in_usable) {
  const std::size_t n = g.node_count();
  // Where each node's out-edges and in-edges start, side by side: one cache line per node
  // entered rather than two.
  struct starts {
    std::uint32_t out, in;
  };
  std::vector<starts> first(n + 1);
  {
    const auto& out_first = g.forward().m_forward.m_rowstart;  // n + 1 edge positions
    const auto& in_first = g.reverse().m_forward.m_rowstart;   // n + 1 reverse positions
    for (std::size_t v = 0; v <= n; ++v) first[v] = {out_first[v], in_first[v]};
  }
  const auto targets = g.edge_targets();
  const auto in_sources = g.in_edge_sources();
  const auto in_order = g.in_edge_order();
  // Discovery time of every node (0: not yet reached). Everything else a node needs (its low
  // point, the tree edge that reached it, where its scan stands) lives in its stack frame:
  // only the nodes on the current path have one. The start of each child's in-edges is
  // prefetched on entry, and each neighbour's starts as it is scanned (most become children).
  std::vector<std::uint32_t> order(n, 0);
  std::vector<std::uint8_t> articulation(n, 0);
  struct frame {
    node_index node;
    node_index parent;  // no_index at a root
    std::uint32_t order;
    std::uint32_t low;  // the earliest discovery time one back edge reaches from the subtree
    std::uint32_t next_out, end_out;  // forward positions not yet looked at
    std::uint32_t next_in, end_in;    // reverse positions not yet looked at
    std::uint32_t via;    // the tree edge from the parent: its forward or reverse position
    bool via_reverse;
    bool parent_skipped;  // the first link back to the parent (the tree edge) was passed over
  };
  auto enter = [&](node_index v, node_index parent, std::uint32_t via, bool via_reverse,
                   std::uint32_t time) {
    const starts here = first[v], next = first[v + 1];
    __builtin_prefetch(in_sources.data() + here.in);  // may be the end (or null when empty)
    return frame{v,       parent,  time, time, here.out, next.out, here.in,
                 next.in, via, via_reverse, parent == no_index};
  };
  structure_result out;
  std::vector<frame> stack;
  std::uint32_t clock = 0;
  for (node_index root = 0; root < n; ++root) {
    if (order[root] != 0) continue;
    order[root] = ++clock;
    stack.push_back(enter(root, no_index, 0, false, clock));
    std::size_t root_children = 0;
    for (;;) {
      frame& top = stack.back();
      const node_index v = top.node, parent = top.parent;
      std::uint32_t low = top.low;
      node_index child = no_index;
      std::uint32_t position = 0;
      // Scans positions [i, end) of one direction: skips links that do not count and
      // self-loops; a link to the parent is the tree edge the first time (whichever of several
      // edges it is: they all lead to the same node) and a back edge after that. Stops at the
      // first unvisited neighbour (`child`, at `position`); returns where the scan stands.
      auto scan = [&](std::uint32_t i, const std::uint32_t end, auto usable, auto neighbour) {
        for (; i < end; ++i) {
          if (!usable(i)) continue;
          const node_index w = neighbour(i);
          __builtin_prefetch(&first[w]);
          if (w == v) continue;
          if (w == parent && !top.parent_skipped) {
            top.parent_skipped = true;
            continue;
          }
          const std::uint32_t seen = order[w];
          if (seen == 0) {
            child = w, position = i;
            return i + 1;
          }
          low = std::min(low, seen);  // a back edge
        }
        return i;
      };
      top.next_out = scan(top.next_out, top.end_out, out_usable,
                          [&](std::uint32_t e) { return targets[e]; });
      const bool reverse = child == no_index;
      if (reverse)
        top.next_in = scan(top.next_in, top.end_in, in_usable,
                           [&](std::uint32_t p) { return in_sources[p]; });
      top.low = low;
      if (child != no_index) {
        order[child] = ++clock;
        if (v == root) ++root_children;
        stack.push_back(enter(child, v, position, reverse, clock));  // `top` is not used after this
        continue;
      }
      // v is done: hand its low point to its parent.
      const std::uint32_t via = top.via;
      const bool via_reverse = top.via_reverse;
      stack.pop_back();
      if (stack.empty()) break;
      frame& up = stack.back();
      up.low = std::min(up.low, low);
      if (low >= up.order && up.node != root) articulation[up.node] = 1;
      if (low > up.order)  // a bridge: the tree edge is the only link between the two
        out.bridges.push_back({std::min(up.node, v), std::max(up.node, v),
                               via_reverse ? in_order[via] : via});
    }
    if (root_children >= 2) articulation[root] = 1;
  }
  for (node_index v = 0; v < n; ++v)
    if (articulation[v]) out.articulation_points.push_back(v);
  std::sort(out.bridges.begin(), out.bridges.end(), [](const bridge& x, const bridge& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  return out;
}

}  // namespace detail

/// Articulation points and bridges of the undirected graph of the present dependency edges
/// (`owns` edges and self-loops ignored; two nodes joined by several edges, in either
/// direction, are never a bridge). One iterative depth-first search (Hopcroft and Tarjan's low
/// points) over the graph's own forward and reverse CSR arrays, with no projection built: u is
/// an articulation point when a DFS child's subtree reaches no higher than u (the root: two
/// children), and a tree edge is a bridge when its child's subtree reaches no higher than the
/// child. A node passes over one link to its parent (the tree edge) and counts any other edge
/// to the parent as a back edge. O(n + m); with an evidence filter, the filter is asked once
/// per edge, before the search.
///
/// Written by hand rather than with Boost's biconnected_components, which needs an
/// adjacency_list projection: on a generated 100k-node graph that took 123 ms, python-igraph's
/// articulation points 93 ms. Boost's biconnected_components stays the oracle in the tests.
inline structure_result structure_points(const graph& g, const structure_options& options = {}) {
  const auto kinds = g.edge_kinds();
  if (!options.edge_present)
    return detail::structure_search(
        g, [&](edge_index e) { return is_dependency(kinds[e]); }, [](std::uint32_t) { return true; });
  // Whether each edge counts, by forward position (the edge number) and by reverse position.
  std::vector<std::uint8_t> out_present(g.edge_count(), 0);
  for (edge_index e : g.edges()) out_present[e] = is_dependency(kinds[e]) && options.edge_present(e);
  const auto in_order = g.in_edge_order();
  std::vector<std::uint8_t> in_present(in_order.size());
  for (std::size_t p = 0; p < in_order.size(); ++p) in_present[p] = out_present[in_order[p]];
  return detail::structure_search(
      g, [&](edge_index e) { return out_present[e] != 0; },
      [&](std::uint32_t p) { return in_present[p] != 0; });
}

/// Betweenness centrality over the present dependency edges, directed, unweighted, with
/// parallel edges merged (see betweenness_result). Exact (Boost's
/// brandes_betweenness_centrality, O(n m)) when options.samples is 0 or at least n; otherwise
/// estimated from `samples` source nodes drawn uniformly without replacement: O(n) for the
/// result, plus per sampled source time proportional to the nodes and edges it reaches (at most
/// O(n + m)), spread over the threads; memory 4 bytes a node per thread plus the search state
/// of the nodes its sources reach.
inline betweenness_result betweenness(const graph& g, const betweenness_options& options = {}) {
  const std::size_t n = g.node_count();
  betweenness_result out;
  if (options.samples == 0 || options.samples >= n) {
    out.score = detail::boost_betweenness(detail::simple_dependency_adjacency(g, options.edge_present));
    out.samples = n;
    if (options.progress) options.progress(n, n);
    return out;
  }
  const std::vector<node_index> sources = detail::sample_nodes(n, options.samples, options.seed);
  std::vector<std::uint8_t> present;
  if (options.edge_present) {
    present.resize(g.edge_count());
    for (edge_index e : g.edges()) present[e] = options.edge_present(e) ? 1 : 0;
  }
  out.score.assign(n, 0.0);
  // The sources in a fixed number of blocks, each summed on its own and the blocks added in
  // order: the same additions in the same order on any number of threads.
  const std::size_t blocks = std::min<std::size_t>(8, sources.size());
  const unsigned threads = thread_count(options.threads, blocks);
  std::mutex progress_lock;
  std::size_t done = 0;
  std::function<void(std::size_t, std::size_t)> progress;
  if (options.progress)
    progress = [&](std::size_t, std::size_t) {
      std::lock_guard<std::mutex> lock(progress_lock);
      options.progress(++done, sources.size());
    };
  auto block_sources = [&](std::size_t b) {
    const std::size_t first = sources.size() * b / blocks, last = sources.size() * (b + 1) / blocks;
    return std::span<const node_index>(sources).subspan(first, last - first);
  };
  // Each worker sums a block in its searcher and keeps only the nodes with a positive sum,
  // (node, sum) pairs: a few sampled sources reach a small part of a large graph.
  std::vector<std::unique_ptr<detail::dependency_searcher>> searchers(threads);
  std::vector<std::vector<std::pair<node_index, double>>> reached(blocks);
  parallel_for(blocks, threads, [&](std::size_t b, unsigned worker) {
    auto& searcher = searchers[worker];
    if (!searcher) searcher = std::make_unique<detail::dependency_searcher>(g, present);
    searcher->accumulate(block_sources(b), progress);
    searcher->take(reached[b]);
  });
  // Blocks in order: the same sums on any thread count. Every sum is positive, so a node's
  // score is zero until its first one.
  std::vector<node_index> positive;
  for (std::size_t b = 0; b < blocks; ++b)
    for (const auto& [v, x] : reached[b]) {
      if (out.score[v] == 0.0) positive.push_back(v);
      out.score[v] += x;
    }
  const double scale = static_cast<double>(n) / static_cast<double>(sources.size());
  for (node_index v : positive) out.score[v] *= scale;  // zero stays zero
  out.estimated = true;
  out.samples = sources.size();
  return out;
}

/// The k nodes of highest betweenness (fewer when there are fewer nodes), by score descending,
/// then node order. O(n log k).
inline std::vector<node_score> top_betweenness(const betweenness_result& result, std::size_t k) {
  std::vector<node_score> all;
  all.reserve(result.score.size());
  for (std::size_t v = 0; v < result.score.size(); ++v)
    all.push_back({static_cast<node_index>(v), result.score[v]});
  k = std::min(k, all.size());
  auto before = [](const node_score& x, const node_score& y) {
    return x.score != y.score ? x.score > y.score : x.node < y.node;
  };
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(), before);
  all.resize(k);
  return all;
}

}  // namespace micgraph
