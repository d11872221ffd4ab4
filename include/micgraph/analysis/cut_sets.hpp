#pragma once
/// \file analysis/cut_sets.hpp
/// Minimal cut sets of any order (DESIGN §3, chokepoints): the sets of at most k nodes whose
/// joint loss stops a target, the sanction packages of k cuts that take a weapon from available
/// to zero capacity where no smaller package inside them does.
///
/// Semantics: a node is available when it is alive and every requirement slot has a present edge
/// from an available source, the least fixpoint (analysis/availability.hpp), so a cycle cannot
/// lift itself. A cut set of target T is a set C of nodes other than T such that T, available
/// with no cuts, is unavailable when every node of C is lost (alive = 0); it is minimal when no
/// proper subset is one. Orders 1 and 2 are single_points() and single_point_pairs()
/// (analysis/chokepoints.hpp).
///
/// Method: the failure of a node as a monotone Boolean function of the losses,
///   fail(v) = lost(v) ∨ ⋁ over slots s of v of ⋀ over present edges e of s from available
///             sources of fail(source(e)),
/// kept for every node of the targets' upstream cone as the family of its minimal cut sets of
/// at most k nodes in a zero-suppressed decision diagram (ZBDD, Minato 1993) whose operations
/// keep families minimal and drop sets above k as they go (Rauzy's `without`, order-truncated
/// products, as in the fault-tree tools SCRAM and XFTA). Preprocessing: only the upstream cone
/// of the targets over present edges and available sources is visited, nodes outside the
/// cuttable filter have no variable, a node with one input is one diagram node on top of its
/// input's family, and variables follow a depth-first post-order from the targets, so that an
/// independent sub-DAG (a module) holds a contiguous block of variables and its family is a
/// block of the diagram that products with the rest of the cone walk once. A target's answer is
/// its family with its own variable set to "not lost".
///
/// Cycles are exact: the members of a cyclic component start at "every member failed" (the
/// family {∅}) and are re-evaluated, worklist style, until no family changes: the greatest
/// fixpoint of the failure equations, which is the least fixpoint of availability, since that
/// iteration from the top is Kleene's and truncation to k commutes with it. A component of c
/// members costs at most c + 1 rounds over its edges (each round of the exact iteration makes at
/// least one more member derivable for every loss pattern); on supply graphs a few rounds.
///
/// Cost: O(nodes and edges of the targets' upstream closure) for availability, the cone and the
/// variable order (plus O(n + m) bytes zeroed), then one diagram operation per cone edge (a
/// product per provider, a union per slot); an operation costs at most the product of its
/// operands' diagram sizes and in practice about their sum, as results are cached. Memory: 16
/// bytes per diagram node, 8 to 16 more in the unique table, and an operation cache that grows
/// with the work to 64 MiB. Counting is linear in the diagram; listing costs the sets listed.
/// Operations recurse to the depth of the variable order: beyond 4,096 variables each group of
/// targets runs on a thread with a stack sized for its cone.

#include <pthread.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/parallel.hpp"

namespace micgraph {

// ---- options and results

struct cut_set_options {
  /// The largest cut set reported (k >= 1). Cost grows steeply with it on wide cones.
  std::size_t max_order = 3;
  /// Dependency edges that count, e.g. a compiled scenario's evidence filter
  /// (`[&](edge_index e) { return s.edge_present(e); }`); empty: every edge. Called once per
  /// in-edge of the targets' upstream closure, from the calling thread.
  std::function<bool(edge_index)> edge_present;
  /// The nodes a sanction can cut (e.g. Western firms); only they are members of cut sets.
  /// Empty: every node. Called once per node of the targets' cones, from the calling thread.
  std::function<bool(node_index)> cuttable;
  /// Sets listed: every set of orders 1..j for the largest j whose sets (distinct over the
  /// targets) number at most max_sets; the counts cover every order. 0: no limit.
  std::size_t max_sets = 100000;
  /// Count the sets of each order, list none.
  bool count_only = false;
  /// Worker threads (0: one per core), used from 2 targets on: the targets are split into one
  /// group per thread, each group's cone solved on its own. The result does not depend on it;
  /// the groups' cones overlap, so the total work grows with the threads.
  unsigned threads = 1;
  /// Called with (targets solved, total) as the work goes (from the worker threads, one call at
  /// a time); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// One minimal cut set.
struct cut_set {
  std::vector<node_index> members;  ///< ascending node order; its size is the order
  /// The targets for which it is a minimal cut set, in the order the targets were given.
  std::vector<node_index> targets;
};

/// The number of minimal cut sets of one available target, by order.
struct target_cut_set_counts {
  node_index target = no_index;
  /// by_order[j]: sets of exactly j nodes, j = 0..max_order (by_order[0] is always 0).
  std::vector<std::uint64_t> by_order;
};

struct cut_sets_result {
  std::size_t max_order = 0;
  /// Listed sets: by order, then more targets stopped first, then members in node order.
  std::vector<cut_set> sets;
  /// Distinct sets over all targets by order, j = 0..max_order (count_by_order[0] is 0).
  std::vector<std::uint64_t> count_by_order;
  /// Every target available with no cuts, in the order given, with its own counts.
  std::vector<target_cut_set_counts> targets;
  std::vector<node_index> unavailable_targets;  ///< targets unavailable even with no cuts
  /// `sets` holds every minimal cut set of orders 1..listed_order (0 with count_only).
  std::size_t listed_order = 0;
  /// Orders up to max_order were left out of `sets` because of max_sets (not set by count_only).
  bool truncated = false;
  /// Some count passed 2^64 - 1 and stopped there.
  bool counts_saturated = false;
  /// Decision-diagram nodes made, over all groups (a measure of the work).
  std::size_t diagram_nodes = 0;
};

namespace detail {

/// A zero-suppressed decision diagram of families of sets of variables 1..2^32-2, with the
/// operations on minimal families (antichains) that cut sets need. Variables nearer the root
/// are larger. Node ids: 0 is the empty family, 1 the family {∅}. Single-threaded.
class zbdd {
 public:
  using id = std::uint32_t;
  static constexpr id empty = 0;  ///< no set
  static constexpr id base = 1;   ///< the family holding only ∅ (failure with no loss)

  zbdd() : nodes_{{0, 0, 0, none, 0}, {0, 1, 1, 0, 0}} {
    table_.assign(1024, 0);
    cache_.assign(1024, cache_entry{});
  }

  /// Nodes made, the two terminals included.
  std::size_t size() const noexcept { return nodes_.size(); }
  /// A node's variable (0 for the terminals), its sets without it (low) and with it (high,
  /// the variable taken out).
  std::uint32_t var(id f) const { return nodes_[f].var; }
  id low(id f) const { return nodes_[f].low; }
  id high(id f) const { return nodes_[f].high; }
  /// Smallest and largest set size (0 for the terminals; `none` as smallest of `empty`).
  std::uint32_t min_size(id f) const { return nodes_[f].min_size; }
  std::uint32_t max_size(id f) const { return nodes_[f].max_size; }

  /// The family low ∪ {s ∪ {v} : s ∈ high}; v above every variable of low and high.
  id make(std::uint32_t v, id low, id high) {
    if (high == empty) return low;
    std::size_t mask = table_.size() - 1;
    for (std::size_t i = hash(v, low, high) & mask;; i = (i + 1) & mask) {
      id at = table_[i];
      if (at == 0) break;
      const node& x = nodes_[at];
      if (x.var == v && x.low == low && x.high == high) return at;
    }
    if (nodes_.size() >= none - 1) throw error("cut sets: decision diagram above 4294967294 nodes");
    const node& l = nodes_[low];
    const node& h = nodes_[high];
    const node fresh{v, low, high, std::min(l.min_size, h.min_size + 1),
                     std::max(l.max_size, h.max_size + 1)};
    id made = static_cast<id>(nodes_.size());
    nodes_.push_back(fresh);
    insert(made);
    if (nodes_.size() * 2 > table_.size()) grow();
    return made;
  }

  /// {{v}}.
  id single(std::uint32_t v) { return make(v, empty, base); }

  /// The minimal sets of a ∪ b (a, b minimal).
  id unite(id a, id b) {
    if (a == empty || a == b) return b;
    if (b == empty) return a;
    if (a == base || b == base) return base;
    if (a > b) std::swap(a, b);
    if (id hit = look_up(op_unite, a, b); hit != none) return hit;
    const std::uint32_t x = std::max(var(a), var(b));
    auto [a0, a1] = split(a, x);
    auto [b0, b1] = split(b, x);
    id lo = unite(a0, b0);
    id hi = without(unite(a1, b1), lo);
    return store(op_unite, a, b, make(x, lo, hi));
  }

  /// The sets of f that contain no set of g (g minimal).
  id without(id f, id g) {
    if (g == empty || f == empty) return f;
    if (g == base || f == g) return empty;
    if (f == base) return base;
    if (min_size(g) > max_size(f)) return f;
    if (id hit = look_up(op_without, f, g); hit != none) return hit;
    id result;
    if (var(g) > var(f)) {
      result = without(f, low(g));
    } else {
      const std::uint32_t x = var(f);
      auto [g0, g1] = split(g, x);
      id lo = without(low(f), g0);
      id hi = without(without(high(f), g0), g1);
      result = make(x, lo, hi);
    }
    return store(op_without, f, g, result);
  }

  /// The minimal sets a ∪ b (a from a, b from b) of at most k members (a, b minimal).
  id product(id a, id b, std::uint32_t k) {
    if (a == empty || b == empty) return empty;
    if (a == base) return truncate(b, k);
    if (b == base || a == b) return truncate(a, k);
    if (k == 0 || min_size(a) > k || min_size(b) > k) return empty;
    if (a > b) std::swap(a, b);
    if (id hit = look_up(op_product | (k << 3), a, b); hit != none) return hit;
    const std::uint32_t x = std::max(var(a), var(b));
    auto [a0, a1] = split(a, x);
    auto [b0, b1] = split(b, x);
    id lo = product(a0, b0, k);
    id hi = unite(product(a1, unite(b0, b1), k - 1), product(a0, b1, k - 1));
    hi = without(hi, lo);
    return store(op_product | (k << 3), a, b, make(x, lo, hi));
  }

  /// The sets of f with at most k members.
  id truncate(id f, std::uint32_t k) {
    if (max_size(f) <= k) return f;
    if (min_size(f) > k) return empty;
    if (id hit = look_up(op_truncate | (k << 3), f, 0); hit != none) return hit;
    id result = make(var(f), truncate(low(f), k), k == 0 ? empty : truncate(high(f), k - 1));
    return store(op_truncate | (k << 3), f, 0, result);
  }

  /// The sets of f without variable v.
  id subset0(id f, std::uint32_t v) {
    if (var(f) < v) return f;
    if (var(f) == v) return low(f);
    if (id hit = look_up(op_subset0, f, v); hit != none) return hit;
    return store(op_subset0, f, v, make(var(f), subset0(low(f), v), subset0(high(f), v)));
  }

  /// Every set of a or b (no minimisation).
  id join(id a, id b) {
    if (a == empty || a == b) return b;
    if (b == empty) return a;
    if (a > b) std::swap(a, b);
    if (id hit = look_up(op_join, a, b); hit != none) return hit;
    const std::uint32_t x = std::max(var(a), var(b));
    auto [a0, a1] = split(a, x);
    auto [b0, b1] = split(b, x);
    return store(op_join, a, b, make(x, join(a0, b0), join(a1, b1)));
  }

  /// A copy of family f of another diagram with the same variables.
  id copy(const zbdd& other, id f, std::unordered_map<id, id>& done) {
    if (f <= base) return f;
    if (auto it = done.find(f); it != done.end()) return it->second;
    id result = make(other.var(f), copy(other, other.low(f), done), copy(other, other.high(f), done));
    done.emplace(f, result);
    return result;
  }

  /// Sets of f by size 0..k, saturating at 2^64 - 1 (`saturated` set then).
  std::vector<std::uint64_t> count(id f, std::size_t k, bool& saturated) const {
    std::unordered_map<id, std::size_t> at;  // node -> offset of its counts in table
    std::vector<std::uint64_t> table;
    const std::size_t width = k + 1;
    auto add = [&saturated](std::uint64_t x, std::uint64_t y) {
      std::uint64_t sum = x + y;
      if (sum < x) saturated = true, sum = std::numeric_limits<std::uint64_t>::max();
      return sum;
    };
    // Iterative post-order: node counts are sums of their children's.
    std::vector<std::pair<id, bool>> stack{{f, false}};
    std::vector<std::uint64_t> terminal(width, 0);
    terminal[0] = 1;
    auto counts_of = [&](id x) -> const std::uint64_t* {
      if (x == empty) return nullptr;
      if (x == base) return terminal.data();
      return table.data() + at.at(x);
    };
    while (!stack.empty()) {
      auto [x, expanded] = stack.back();
      stack.pop_back();
      if (x <= base || (!expanded && at.count(x))) continue;
      if (!expanded) {
        stack.push_back({x, true});
        stack.push_back({low(x), false});
        stack.push_back({high(x), false});
        continue;
      }
      if (at.count(x)) continue;
      const std::size_t offset = table.size();
      table.resize(offset + width, 0);
      const std::uint64_t* lo = counts_of(low(x));
      const std::uint64_t* hi = counts_of(high(x));
      for (std::size_t j = 0; j < width; ++j) {
        std::uint64_t c = lo ? lo[j] : 0;
        if (j > 0 && hi) c = add(c, hi[j - 1]);
        table[offset + j] = c;
      }
      at.emplace(x, offset);
    }
    std::vector<std::uint64_t> out(width, 0);
    if (f == base) out[0] = 1;
    else if (f != empty) std::copy_n(table.begin() + static_cast<std::ptrdiff_t>(at.at(f)), width, out.begin());
    return out;
  }

  /// Calls visit(variables) for every set of f with at most k members; the variables are in
  /// descending order.
  template <class Visit>
  void for_each_set(id f, std::size_t k, Visit&& visit) const {
    std::vector<std::uint32_t> path;
    enumerate(f, k, path, visit);
  }

 private:
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  enum : std::uint32_t { op_unite = 1, op_without, op_product, op_truncate, op_subset0, op_join };

  struct node {
    std::uint32_t var;  // 0 for the terminals
    id low, high;
    std::uint32_t min_size, max_size;
  };
  struct cache_entry {
    std::uint32_t key = 0, a = 0, b = 0;
    id result = none;
  };

  static std::size_t hash(std::uint32_t x, std::uint32_t y, std::uint32_t z) {
    std::uint64_t h = (static_cast<std::uint64_t>(x) * 0x9e3779b97f4a7c15ULL) ^
                      (static_cast<std::uint64_t>(y) * 0xc2b2ae3d27d4eb4fULL) ^
                      (static_cast<std::uint64_t>(z) * 0x165667b19e3779f9ULL);
    return static_cast<std::size_t>(h ^ (h >> 29));
  }

  std::pair<id, id> split(id f, std::uint32_t x) const {
    if (var(f) == x) return {low(f), high(f)};
    return {f, empty};
  }

  void insert(id x) {
    const node& n = nodes_[x];
    std::size_t mask = table_.size() - 1;
    std::size_t i = hash(n.var, n.low, n.high) & mask;
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = x;
  }

  void grow() {
    table_.assign(table_.size() * 2, 0);
    for (id x = 2; x < nodes_.size(); ++x) insert(x);
    // The operation cache follows the diagram up to 4M entries (64 MiB); entries are dropped.
    if (cache_.size() < table_.size() / 2 && cache_.size() < (std::size_t{1} << 22))
      cache_.assign(cache_.size() * 2, cache_entry{});
  }

  id look_up(std::uint32_t key, id a, id b) const {
    const cache_entry& e = cache_[hash(key, a, b) & (cache_.size() - 1)];
    return e.key == key && e.a == a && e.b == b ? e.result : none;
  }
  id store(std::uint32_t key, id a, id b, id result) {
    cache_[hash(key, a, b) & (cache_.size() - 1)] = {key, a, b, result};
    // The cache grows with the work done, to 4M entries (64 MiB); growing drops its entries.
    if (++stores_ > 2 * cache_.size() && cache_.size() < (std::size_t{1} << 22)) {
      cache_.assign(cache_.size() * 4, cache_entry{});
      stores_ = 0;
    }
    return result;
  }

  template <class Visit>
  void enumerate(id f, std::size_t k, std::vector<std::uint32_t>& path, Visit& visit) const {
    while (true) {
      if (f == empty || path.size() + min_size(f) > k) return;
      if (f == base) {
        visit(std::span<const std::uint32_t>(path));
        return;
      }
      path.push_back(var(f));
      enumerate(high(f), k, path, visit);
      path.pop_back();
      f = low(f);
    }
  }

  std::vector<node> nodes_;
  std::vector<id> table_;  // open addressing over node ids; 0 marks a free slot
  std::vector<cache_entry> cache_;
  std::size_t stores_ = 0;  // results cached since the cache last grew
};

/// Runs f() on a new thread with a stack of `bytes` and waits for it; rethrows what f throws.
/// Runs it on the calling thread when `bytes` is 0 or no such thread can be made.
template <class F>
void run_with_stack(std::size_t bytes, F&& f) {
  if (bytes == 0) return f();
  struct call {
    F* body;
    std::exception_ptr failure;
  } state{&f, nullptr};
  pthread_attr_t attributes;
  if (pthread_attr_init(&attributes) != 0) return f();
  pthread_t thread;
  auto entry = [](void* argument) -> void* {
    auto* c = static_cast<call*>(argument);
    try {
      (*c->body)();
    } catch (...) {
      c->failure = std::current_exception();
    }
    return nullptr;
  };
  bool started = pthread_attr_setstacksize(&attributes, bytes) == 0 &&
                 pthread_create(&thread, &attributes, entry, &state) == 0;
  pthread_attr_destroy(&attributes);
  if (!started) return f();
  pthread_join(thread, nullptr);
  if (state.failure) std::rethrow_exception(state.failure);
}

/// What every group of targets shares: present edges, baseline availability, the variables,
/// known over the targets' upstream closure (the nodes reachable backwards over present edges).
struct cut_set_problem {
  const graph* g = nullptr;
  std::uint32_t max_order = 0;
  std::vector<std::uint8_t> present_position;  // by reverse-CSR position; empty: all present
  std::vector<std::uint8_t> available;         // with no cuts; 0 outside the closure
  std::vector<std::uint32_t> variable;         // 0: no variable (not cuttable or outside)
  std::vector<node_index> node_of_variable;    // index: variable
  bool present(std::uint32_t p) const { return present_position.empty() || present_position[p]; }
};

/// The families of one group of targets in one diagram.
class cut_set_group {
 public:
  using id = zbdd::id;

  cut_set_group(const cut_set_problem& problem, std::span<const node_index> targets)
      : p_(problem), g_(*problem.g), targets_(targets.begin(), targets.end()) {}

  /// Computes every cone node's family, then each target's answer.
  void solve(const std::function<void()>& target_done) {
    family_.assign(g_.node_count(), zbdd::empty);
    mark_cone();
    std::uint32_t done = no_index;
    for (node_index v : cone_) {
      const std::uint32_t c = g_.component(v);
      if (!g_.component_is_cyclic(c)) {
        family_[v] = evaluate(v);
      } else if (c != done) {
        solve_component(c);
        done = c;
      }
    }
    answers_.clear();
    for (node_index t : targets_) {
      id f = family_[t];
      if (p_.variable[t] != 0) f = diagram_.subset0(f, p_.variable[t]);
      answers_.push_back(f);
      if (target_done) target_done();
    }
    family_ = {};
  }

  const zbdd& diagram() const noexcept { return diagram_; }
  zbdd& diagram() noexcept { return diagram_; }
  /// Each available target's family (the targets in order; unavailable ones are empty).
  std::span<const id> answers() const noexcept { return answers_; }

 private:
  // The upstream cone over present edges from available sources, in ascending node order.
  void mark_cone() {
    const auto& first_position = g_.reverse().m_forward.m_rowstart;
    const auto sources = g_.in_edge_sources();
    std::vector<std::uint8_t> in_cone(g_.node_count(), 0);
    std::vector<node_index> stack;
    for (node_index t : targets_)
      if (p_.available[t] && !in_cone[t]) in_cone[t] = 1, stack.push_back(t);
    while (!stack.empty()) {
      node_index v = stack.back();
      stack.pop_back();
      cone_.push_back(v);
      for (std::uint32_t q = first_position[v], end = first_position[v + 1]; q < end; ++q) {
        node_index u = sources[q];
        if (!p_.present(q) || !p_.available[u] || in_cone[u]) continue;
        in_cone[u] = 1;
        stack.push_back(u);
      }
    }
    std::sort(cone_.begin(), cone_.end());
  }

  // The family of v from its sources' families.
  id evaluate(node_index v) {
    const auto node_slots = g_.node_slot_offsets();
    const auto slot_positions = g_.slot_offsets();
    const auto sources = g_.in_edge_sources();
    const std::uint32_t k = p_.max_order;
    id result = zbdd::empty;
    for (slot_index s = node_slots[v], last = node_slots[v + 1]; s < last && result != zbdd::base; ++s) {
      id all_fail = zbdd::base;
      for (std::uint32_t q = slot_positions[s], end = slot_positions[s + 1]; q < end; ++q) {
        node_index u = sources[q];
        if (!p_.present(q) || !p_.available[u]) continue;
        all_fail = diagram_.product(all_fail, family_[u], k);
        if (all_fail == zbdd::empty) break;
      }
      result = diagram_.unite(result, all_fail);
    }
    if (p_.variable[v] != 0) result = diagram_.unite(result, diagram_.single(p_.variable[v]));
    return result;
  }

  // A cyclic component: every member of the cone starts failed ({∅}) and is re-evaluated until
  // no family changes (the greatest fixpoint of failure).
  void solve_component(std::uint32_t c) {
    const auto range = g_.component_nodes(c);
    const node_index first = range.front();
    std::vector<std::uint8_t> queued(range.size(), 0);
    std::vector<node_index> members, work;
    for (node_index v : range)
      if (p_.available[v] && in_cone(v)) members.push_back(v);
    for (node_index v : members) family_[v] = zbdd::base;
    work = members;
    for (node_index v : members) queued[v - first] = 1;
    const auto targets = g_.edge_targets();
    const auto slots = g_.edge_slots();
    std::vector<node_index> next;
    while (!work.empty()) {
      next.clear();
      for (node_index v : work) {
        queued[v - first] = 0;
        id f = evaluate(v);
        if (f == family_[v]) continue;
        family_[v] = f;
        for (edge_index e : g_.out_edges(v)) {
          node_index t = targets[e];
          if (slots[e] == no_index || g_.component(t) != c || !p_.available[t] || !in_cone(t) ||
              queued[t - first])
            continue;
          queued[t - first] = 1;
          next.push_back(t);
        }
      }
      std::sort(next.begin(), next.end());
      std::swap(work, next);
    }
  }

  bool in_cone(node_index v) const { return std::binary_search(cone_.begin(), cone_.end(), v); }

  const cut_set_problem& p_;
  const graph& g_;
  std::vector<node_index> targets_;
  std::vector<node_index> cone_;
  std::vector<id> family_;
  std::vector<id> answers_;
  zbdd diagram_;
};

/// Present edges, baseline availability and the variable order, all over the targets' upstream
/// closure only: O(closure nodes + their in-edges) besides O(n + m) bytes zeroed. The variable
/// order is a depth-first post-order over the available part (inputs before the node, so a
/// node is above its inputs and an independent sub-DAG takes a contiguous block of variables).
inline cut_set_problem make_cut_set_problem(const graph& g, std::span<const node_index> targets,
                                            const cut_set_options& options) {
  cut_set_problem p;
  p.g = &g;
  p.max_order = static_cast<std::uint32_t>(options.max_order);
  const auto& first_position = g.reverse().m_forward.m_rowstart;
  const auto sources = g.in_edge_sources();
  const auto order = g.in_edge_order();
  // The upstream closure over present edges; presence asked once per in-edge of it.
  if (options.edge_present) p.present_position.assign(order.size(), 0);
  std::vector<std::uint8_t> in_closure(g.node_count(), 0);
  std::vector<node_index> closure;
  for (node_index t : targets)
    if (!in_closure[t]) in_closure[t] = 1, closure.push_back(t);
  for (std::size_t i = 0; i < closure.size(); ++i) {
    const node_index v = closure[i];
    for (std::uint32_t q = first_position[v], end = first_position[v + 1]; q < end; ++q) {
      if (options.edge_present && options.edge_present(order[q])) p.present_position[q] = 1;
      const node_index u = sources[q];
      if (p.present(q) && !in_closure[u]) in_closure[u] = 1, closure.push_back(u);
    }
  }
  std::sort(closure.begin(), closure.end());
  // Availability in node order (a topological order of the condensation); a cyclic component
  // by sweeps until no member becomes available: the least fixpoint.
  p.available.assign(g.node_count(), 0);
  const auto node_slots = g.node_slot_offsets();
  const auto slot_positions = g.slot_offsets();
  auto derivable = [&](node_index v) {
    for (slot_index s = node_slots[v], last = node_slots[v + 1]; s < last; ++s) {
      bool met = false;
      for (std::uint32_t q = slot_positions[s], end = slot_positions[s + 1]; q < end && !met; ++q)
        met = p.present(q) && p.available[sources[q]];
      if (!met) return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < closure.size();) {
    const std::uint32_t c = g.component(closure[i]);
    std::size_t end = i + 1;
    while (end < closure.size() && g.component(closure[end]) == c) ++end;
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t j = i; j < end; ++j)
        if (!p.available[closure[j]] && derivable(closure[j]))
          p.available[closure[j]] = 1, changed = g.component_is_cyclic(c);
    }
    i = end;
  }
  // The variables.
  p.variable.assign(g.node_count(), 0);
  p.node_of_variable.push_back(no_index);
  std::vector<std::uint8_t> seen(g.node_count(), 0);
  std::vector<std::pair<node_index, std::uint32_t>> stack;  // node, next in-edge position
  for (node_index t : targets) {
    if (!p.available[t] || seen[t]) continue;
    seen[t] = 1;
    stack.push_back({t, first_position[t]});
    while (!stack.empty()) {
      auto& [v, q] = stack.back();
      if (q < first_position[v + 1]) {
        std::uint32_t at = q++;
        node_index u = sources[at];
        if (p.present(at) && p.available[u] && !seen[u]) {
          seen[u] = 1;
          stack.push_back({u, first_position[u]});
        }
        continue;
      }
      node_index done = v;
      stack.pop_back();
      if (!options.cuttable || options.cuttable(done)) {
        p.variable[done] = static_cast<std::uint32_t>(p.node_of_variable.size());
        p.node_of_variable.push_back(done);
      }
    }
  }
  return p;
}

struct set_members_hash {
  std::size_t operator()(const std::vector<node_index>& members) const noexcept {
    std::uint64_t h = 0x84222325cbf29ce4ULL;
    for (node_index v : members) h = (h ^ v) * 0x100000001b3ULL;
    return static_cast<std::size_t>(h ^ (h >> 32));
  }
};

}  // namespace detail

// ---- the analysis

/// Every minimal cut set of at most options.max_order nodes (among the cuttable ones) of each
/// target available with no cuts, with the targets each set stops, the counts per order (per
/// target and distinct over the targets), and a listing limited by max_sets. See the file
/// comment for the method and its cost. Throws micgraph::error for a target out of range or
/// max_order 0.
inline cut_sets_result minimal_cut_sets(const graph& g, std::span<const node_index> targets,
                                        const cut_set_options& options = {}) {
  if (options.max_order == 0) throw error("cut sets: max_order must be at least 1");
  if (options.max_order > 1000) throw error("cut sets: max_order above 1000");
  std::vector<node_index> distinct;
  {
    std::vector<std::uint8_t> seen(g.node_count(), 0);
    for (node_index t : targets) {
      if (t >= g.node_count())
        throw error("cut sets: target node number " + std::to_string(t) + " out of range (" +
                    std::to_string(g.node_count()) + " nodes)");
      if (!seen[t]) seen[t] = 1, distinct.push_back(t);
    }
  }
  const std::size_t k = options.max_order;
  detail::cut_set_problem problem = detail::make_cut_set_problem(g, distinct, options);

  cut_sets_result out;
  out.max_order = k;
  out.count_by_order.assign(k + 1, 0);
  std::vector<node_index> available;
  for (node_index t : distinct) {
    if (problem.available[t])
      available.push_back(t);
    else
      out.unavailable_targets.push_back(t);
  }

  // Solve the groups, each on a thread with a stack for the depth of its diagram.
  const unsigned threads = thread_count(options.threads, available.size());
  std::vector<detail::cut_set_group> groups;
  groups.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) {
    const std::size_t first = available.size() * i / threads, last = available.size() * (i + 1) / threads;
    groups.emplace_back(problem, std::span<const node_index>(available).subspan(first, last - first));
  }
  // Diagram operations recurse once per variable, a few hundred bytes a level: beyond a few
  // thousand variables the default stacks (8 MiB) may not do.
  const std::size_t variables = problem.node_of_variable.size();
  const std::size_t stack_bytes =
      variables < 4096 ? 0 : variables * 2048 + (std::size_t{16} << 20);
  std::size_t solved = 0;
  std::mutex progress_lock;
  auto target_done = [&] {
    if (!options.progress) return;
    std::lock_guard<std::mutex> lock(progress_lock);
    options.progress(++solved, available.size());
  };
  parallel_for(groups.size(), threads, [&](std::size_t i, unsigned) {
    detail::run_with_stack(stack_bytes, [&] { groups[i].solve(target_done); });
  });

  // Counts per target, and distinct over the targets in one diagram.
  detail::zbdd all;
  detail::zbdd::id every_set = detail::zbdd::empty;
  detail::run_with_stack(stack_bytes, [&] {
    for (detail::cut_set_group& group : groups) {
      detail::zbdd& d = group.diagram();
      std::vector<detail::zbdd::id> families(group.answers().begin(), group.answers().end());
      for (detail::zbdd::id f : families)
        out.targets.push_back({no_index, d.count(f, k, out.counts_saturated)});
      // Pairwise, as a balanced tree: each set is rebuilt O(log targets) times, not O(targets).
      for (std::size_t width = 1; width < families.size(); width *= 2)
        for (std::size_t i = 0; i + width < families.size(); i += 2 * width)
          families[i] = d.join(families[i], families[i + width]);
      const detail::zbdd::id joined = families.empty() ? detail::zbdd::empty : families[0];
      std::unordered_map<detail::zbdd::id, detail::zbdd::id> copied;
      every_set = all.join(every_set, all.copy(d, joined, copied));
      out.diagram_nodes += d.size();
    }
  });
  for (std::size_t i = 0; i < available.size(); ++i) out.targets[i].target = available[i];
  out.count_by_order = all.count(every_set, k, out.counts_saturated);
  if (options.count_only) return out;

  // The orders that fit in max_sets.
  std::uint64_t listed = 0;
  while (out.listed_order < k) {
    std::uint64_t next = out.count_by_order[out.listed_order + 1];
    if (options.max_sets != 0 && (next > options.max_sets - listed)) break;
    listed += next;
    ++out.listed_order;
  }
  out.truncated = out.listed_order < k;
  if (out.listed_order == 0) return out;

  // Each target's sets, merged by members.
  std::unordered_map<std::vector<node_index>, std::size_t, detail::set_members_hash> index;
  index.reserve(static_cast<std::size_t>(listed));
  std::vector<node_index> members;
  std::size_t at = 0;
  for (detail::cut_set_group& group : groups) {
    for (detail::zbdd::id f : group.answers()) {
      const node_index target = available[at++];
      group.diagram().for_each_set(f, out.listed_order, [&](std::span<const std::uint32_t> vars) {
        members.clear();
        for (std::uint32_t x : vars) members.push_back(problem.node_of_variable[x]);
        std::sort(members.begin(), members.end());
        auto [it, added] = index.try_emplace(members, out.sets.size());
        if (added) out.sets.push_back({members, {}});
        out.sets[it->second].targets.push_back(target);
      });
    }
  }
  std::sort(out.sets.begin(), out.sets.end(), [](const cut_set& x, const cut_set& y) {
    if (x.members.size() != y.members.size()) return x.members.size() < y.members.size();
    if (x.targets.size() != y.targets.size()) return x.targets.size() > y.targets.size();
    return x.members < y.members;
  });
  return out;
}

}  // namespace micgraph
