#pragma once
/// \file builder.hpp
/// graph_builder: collects nodes and edges (checking every field), then freezes them into an
/// immutable graph with its CSR topology, requirement slots and condensation order.

#include <algorithm>
#include <array>
#include <bit>
#include <boost/graph/strong_components.hpp>
#include <charconv>
#include <cmath>
#include <exception>
#include <numeric>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/model.hpp"

namespace micgraph {

/// A bad field in the n-th node or edge given to a graph_builder. Loaders catch it and name
/// the place in their file; `element` reads `node 3` or `edge 12` until they do.
class build_error : public parse_error {
 public:
  enum class element_type { node, edge, graph };
  build_error(element_type type, std::size_t index, std::string field, std::string problem)
      : parse_error(source_location{.file = {}, .line = 0, .column = 0,
                                    .element = describe(type, index), .field = std::move(field)},
                    std::move(problem)),
        type_(type),
        index_(index) {}
  element_type type() const noexcept { return type_; }
  /// The 0-based position of the element in the order the builder received it.
  std::size_t index() const noexcept { return index_; }

 private:
  static std::string describe(element_type type, std::size_t index) {
    switch (type) {
      case element_type::node: return "node " + std::to_string(index);
      case element_type::edge: return "edge " + std::to_string(index);
      case element_type::graph: return "graph";
    }
    return {};
  }
  element_type type_;
  std::size_t index_;
};

namespace detail {

/// A number as short as it can be read back (`1e308`, `0.25`, `1200`), for error messages.
inline std::string number_text(double x) {
  std::array<char, 32> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), x);
  if (ec != std::errc()) return std::to_string(x);
  std::string text(buffer.data(), end);
  if (auto e = text.find('e'); e != std::string::npos) {  // 1e+09 -> 1e9, 1e-05 -> 1e-5
    std::size_t digits = e + 1;
    if (text[digits] == '+') text.erase(digits, 1);
    else if (text[digits] == '-') ++digits;
    while (digits + 1 < text.size() && text[digits] == '0') text.erase(digits, 1);
  }
  return text;
}

/// Empty when `x` lies in [0, most]; otherwise what is wrong with it, naming the unit.
inline std::string range_problem(double x, double most, const char* unit) {
  if (std::isfinite(x) && x >= 0.0 && x <= most) return {};
  return "expected " + std::string(unit) + " in [0, " + number_text(most) + "], got " +
         number_text(x);
}

}  // namespace detail

/// Collects a graph. Every field is checked on arrival (ids non-empty and unique, numbers finite
/// and in range, country codes well formed); edge endpoints may name nodes added later and are
/// resolved by freeze(). Nothing is half-built: on any error the builder throws build_error.
class graph_builder {
 public:
  graph_builder() = default;

  /// Reserves room for about this many nodes and edges.
  void reserve(std::size_t nodes, std::size_t edges);

  /// Adds a node; returns its provisional number (its position among the nodes added).
  node_index add_node(std::string_view id, const node_fields& fields);
  node_index add_node(const node_record& record) { return add_node(record.id, record.fields); }

  /// Adds an edge between two ids (either may be added later). Returns its position.
  edge_index add_edge(std::string_view source, std::string_view target, const edge_fields& fields);
  /// Adds an edge between two nodes by the numbers add_node returned.
  edge_index add_edge(node_index source, node_index target, const edge_fields& fields);
  edge_index add_edge(const edge_record& record) {
    return add_edge(record.source, record.target, record.fields);
  }

  /// Sets the graph-level metadata (JSON object text, or empty).
  void set_metadata(std::string json_object_text) { g_.metadata_ = std::move(json_object_text); }

  std::size_t node_count() const noexcept { return g_.kinds_.size(); }
  std::size_t edge_count() const noexcept { return g_.edge_kinds_.size(); }
  /// The provisional number of a node already added, or no_index.
  node_index find(std::string_view id) const { return g_.find(id); }

  /// Resolves endpoints, numbers nodes in topological order of the condensation, builds both
  /// CSR directions and the requirement slots. O((n + m) log n). The builder is left empty.
  graph freeze();

 private:
  static constexpr std::size_t parallel_nodes = 1 << 16;  // freeze permutes nodes beside edges from here
  void check_number(std::size_t edge, const char* field, double value, bool zero_allowed) const;
  edge_index add_edge_fields(const edge_fields& fields);

  graph g_;  // the node and dense edge property vectors, in the order added
  // Edge columns the frozen graph keeps sparsely, collected sparsely: only the edges whose
  // value differs from the default, so that a graph of default edges stages nothing for them.
  detail::staged_column<std::uint32_t> input_ids_{0};
  detail::staged_column<double> shares_{g_.shares_.fallback()}, qualities_{g_.qualities_.fallback()},
      confidences_{g_.confidences_.fallback()}, lead_times_{g_.lead_times_.fallback()};
  detail::staged_column<day_number> start_dates_{g_.start_dates_.fallback()}, end_dates_{g_.end_dates_.fallback()};
  detail::staged_column<std::uint16_t> view_ids_{g_.view_ids_.fallback()};
  // The edges with citations, the end of each one's list in citation_ids_; likewise attrs.
  std::vector<std::uint32_t> cited_edges_, citation_ends_{0}, citation_ids_;
  std::vector<std::uint32_t> attributed_edges_;
  detail::string_table edge_attrs_;
  std::vector<node_index> edge_targets_;
  struct pending_endpoint {
    edge_index edge;
    bool is_target;
    std::uint32_t id;  // index into pending_ids_
  };
  std::vector<pending_endpoint> pending_;
  detail::string_table pending_ids_;
  // Targets named by id, looked up a batch at a time (resolve_targets): a file's edges name
  // their targets in no order, so each lookup misses the cache three times (the index slot,
  // the string's offset, its text); in a batch the misses of several lookups overlap.
  static constexpr std::size_t target_batch = 4096;
  detail::string_table batch_ids_;
  std::vector<edge_index> batch_edges_;
  std::vector<std::size_t> batch_hashes_;
  void resolve_targets();
  // The source of the edge added last by id, when it was found (see add_edge).
  std::string last_source_id_;
  node_index last_source_ = no_index;
};

// ---------------------------------------------------------------------------------------------

inline void graph_builder::reserve(std::size_t nodes, std::size_t edges) {
  g_.kinds_.reserve(nodes);
  g_.country_ids_.reserve(nodes);
  g_.category_ids_.reserve(nodes);
  g_.capacities_.reserve(nodes);
  g_.stock_months_.reserve(nodes);
  g_.tag_offsets_.reserve(nodes + 1);
  g_.edge_sources_.reserve(edges);
  edge_targets_.reserve(edges);
  g_.edge_kinds_.reserve(edges);
}

inline node_index graph_builder::add_node(std::string_view id, const node_fields& fields) {
  const std::size_t n = g_.kinds_.size();
  auto fail = [n](const char* field, std::string problem) {
    throw build_error(build_error::element_type::node, n, field, std::move(problem));
  };
  if (n >= no_index - 1) fail("id", "too many nodes (at most 4294967293)");
  if (id.empty()) fail("id", "expected a non-empty id");
  if (static_cast<std::size_t>(fields.kind) >= node_kind_count) fail("kind", "unknown node kind");
  if (!is_country_code(fields.country))
    fail("country", "expected an ISO 3166-1 alpha-2 code (two capital letters), got '" +
                        fields.country + "'");
  if (auto problem = detail::range_problem(fields.capacity, max_capacity, "units per year");
      !problem.empty())
    fail("capacity", std::move(problem));
  if (auto problem = detail::range_problem(fields.stock_months, max_months, "months");
      !problem.empty())
    fail("stock_months", std::move(problem));
  for (const std::string& tag : fields.tags)
    if (tag.empty()) fail("tags", "expected non-empty tags");

  // One search of the index both finds an earlier node of this id and files the new one.
  const std::uint32_t number = g_.ids_.push_back(id);
  if (const std::uint32_t first = g_.id_index_.insert(g_.ids_, number); first != number) {
    g_.ids_.pop_back();
    fail("id", "duplicate id '" + std::string(id) + "' (first given as node " + std::to_string(first) + ")");
  }
  std::uint32_t country = g_.countries_.intern(fields.country);
  g_.kinds_.push_back(fields.kind);
  g_.names_.push_back(fields.name);
  g_.country_ids_.push_back(static_cast<std::uint16_t>(country));
  g_.category_ids_.push_back(g_.categories_.intern(fields.category));
  for (const std::string& tag : fields.tags) g_.tag_ids_.push_back(g_.tags_.intern(tag));
  g_.tag_offsets_.push_back(static_cast<std::uint32_t>(g_.tag_ids_.size()));
  g_.capacities_.push_back(fields.capacity);
  g_.stock_months_.push_back(fields.stock_months);
  g_.node_attrs_.push_back(fields.attrs);
  return static_cast<node_index>(n);
}

inline void graph_builder::check_number(std::size_t edge, const char* field, double value,
                                        bool zero_allowed) const {
  bool ok = std::isfinite(value) && value <= 1.0 && (zero_allowed ? value >= 0.0 : value > 0.0);
  if (!ok)
    throw build_error(build_error::element_type::edge, edge, field,
                      std::string("expected a number in ") + (zero_allowed ? "[0,1]" : "(0,1]") +
                          ", got " + detail::number_text(value));
}

inline edge_index graph_builder::add_edge_fields(const edge_fields& fields) {
  const std::size_t m = g_.edge_kinds_.size();
  auto fail = [m](const char* field, std::string problem) {
    throw build_error(build_error::element_type::edge, m, field, std::move(problem));
  };
  if (m >= no_index - 1) fail("source", "too many edges (at most 4294967293)");
  if (static_cast<std::size_t>(fields.kind) >= edge_kind_count) fail("kind", "unknown edge kind");
  check_number(m, "share", fields.share, false);
  check_number(m, "quality", fields.quality, false);
  check_number(m, "confidence", fields.confidence, true);
  if (fields.lead_time_months) {
    if (auto problem = detail::range_problem(*fields.lead_time_months, max_months, "months");
        !problem.empty())
      fail("lead_time_months", std::move(problem));
  }
  if (!fields.input.empty() && is_ownership(fields.kind))
    fail("input", std::string(fields.kind == edge_kind::owns ? "an owns" : "a controls") +
                      " edge is structural and takes no input slot");
  if (fields.kind == edge_kind::controls && fields.share != 1.0)
    fail("share", "a controls edge carries no stake: expected share 1 (left out), got " +
                      detail::number_text(fields.share));
  for (const auto& [date, field] : {std::pair{&fields.start_date, "start_date"},
                                    std::pair{&fields.end_date, "end_date"}}) {
    if (!*date) continue;
    if (!is_ownership(fields.kind))
      fail(field, "only owns and controls edges carry dates, this is a " +
                      std::string(to_string(fields.kind)) + " edge");
    if (**date < first_day || **date > last_day)
      fail(field, "expected a date from 0001-01-01 to 9999-12-31, got day " +
                      std::to_string(**date) + " after 1970-01-01");
  }
  if (fields.start_date && fields.end_date && *fields.end_date < *fields.start_date)
    fail("end_date", "ends (" + format_date(*fields.end_date) + ") before it starts (" +
                         format_date(*fields.start_date) + ")");
  for (const std::string& citation : fields.sources)
    if (citation.empty()) fail("sources", "expected non-empty citations");
  std::uint32_t view = g_.views_.intern(fields.view);
  if (view > 0xffff) fail("view", "too many distinct views (at most 65535)");

  const auto e = static_cast<std::uint32_t>(m);
  g_.edge_kinds_.push_back(fields.kind);
  input_ids_.set(e, g_.inputs_.intern(fields.input));
  shares_.set(e, fields.share);
  qualities_.set(e, fields.quality);
  confidences_.set(e, fields.confidence);
  view_ids_.set(e, static_cast<std::uint16_t>(view));
  if (!fields.sources.empty()) {
    for (const std::string& citation : fields.sources)
      citation_ids_.push_back(g_.citations_.intern(citation));
    cited_edges_.push_back(e);
    citation_ends_.push_back(static_cast<std::uint32_t>(citation_ids_.size()));
  }
  lead_times_.set(e, fields.lead_time_months ? *fields.lead_time_months
                                             : std::numeric_limits<double>::quiet_NaN());
  start_dates_.set(e, fields.start_date.value_or(graph::no_day));
  end_dates_.set(e, fields.end_date.value_or(graph::no_day));
  if (!fields.attrs.empty()) {
    edge_attrs_.push_back(fields.attrs);
    attributed_edges_.push_back(e);
  }
  return static_cast<edge_index>(m);
}

inline edge_index graph_builder::add_edge(std::string_view source, std::string_view target,
                                          const edge_fields& fields) {
  const auto m = static_cast<edge_index>(g_.edge_kinds_.size());
  if (source.empty())
    throw build_error(build_error::element_type::edge, m, "source", "expected a non-empty id");
  if (target.empty())
    throw build_error(build_error::element_type::edge, m, "target", "expected a non-empty id");
  add_edge_fields(fields);
  // Files list a supplier's edges together as a rule (every file micgraph writes does): the
  // source found for the edge before is taken again without a lookup. A node, once added,
  // keeps its number, so the remembered one stays right.
  node_index from;
  if (last_source_ != no_index && source == last_source_id_) {
    from = last_source_;
  } else {
    from = g_.find(source);
    if (from == no_index)
      pending_.push_back({m, false, pending_ids_.push_back(source)});
    else
      last_source_id_.assign(source), last_source_ = from;
  }
  g_.edge_sources_.push_back(from);
  edge_targets_.push_back(no_index);
  batch_ids_.push_back(target);  // the text first: if it cannot be stored, the edge is not queued
  batch_edges_.push_back(m);
  if (batch_edges_.size() >= target_batch) resolve_targets();
  return m;
}

inline void graph_builder::resolve_targets() {
  const std::size_t k = batch_edges_.size();
  const detail::string_table& ids = g_.ids_;
  const detail::id_index& index = g_.id_index_;
  batch_hashes_.resize(k);
  for (std::size_t i = 0; i < k; ++i) batch_hashes_[i] = detail::id_index::hash(batch_ids_[i]);
  // Each lookup's misses are fetched in stages ahead of it: its slot 12 lookups ahead, the
  // offset of the string held there 6 ahead, that string's text 3 ahead.
  for (std::size_t i = 0; i < k; ++i) {
    if (i + 12 < k) index.prefetch_slot(batch_hashes_[i + 12]);
    if (i + 6 < k)
      if (const std::uint32_t c = index.first_candidate(batch_hashes_[i + 6]); c != no_index)
        ids.prefetch_offset(c);
    if (i + 3 < k)
      if (const std::uint32_t c = index.first_candidate(batch_hashes_[i + 3]); c != no_index)
        ids.prefetch_chars(c);
    const std::string_view id = batch_ids_[i];
    const node_index v = index.find_hashed(ids, id, batch_hashes_[i]);
    if (v == no_index)
      pending_.push_back({batch_edges_[i], true, pending_ids_.push_back(id)});
    else
      edge_targets_[batch_edges_[i]] = v;
  }
  batch_edges_.clear();
  batch_ids_.clear();
}

inline edge_index graph_builder::add_edge(node_index source, node_index target,
                                          const edge_fields& fields) {
  const auto m = static_cast<edge_index>(g_.edge_kinds_.size());
  if (source >= node_count())
    throw build_error(build_error::element_type::edge, m, "source",
                      "no node number " + std::to_string(source));
  if (target >= node_count())
    throw build_error(build_error::element_type::edge, m, "target",
                      "no node number " + std::to_string(target));
  add_edge_fields(fields);
  g_.edge_sources_.push_back(source);
  edge_targets_.push_back(target);
  return m;
}

namespace detail {

/// out[new] = in[order[new]] for a flat vector.
template <class T>
std::vector<T> permute(const std::vector<T>& in, const std::vector<std::uint32_t>& order) {
  std::vector<T> out;
  out.reserve(order.size());
  for (std::uint32_t old : order) out.push_back(in[old]);
  return out;
}

/// A set of distinct numbers in [0, size) that gives up its least first: a bit per number and
/// a bit per word of the level below, up to one word, so that push and pop take a few word
/// operations each (the ready components of freeze(), ordered by their first members).
class min_bit_queue {
 public:
  explicit min_bit_queue(std::size_t size) {
    std::size_t words = std::max<std::size_t>(1, (size + 63) / 64);
    for (;;) {
      levels_.emplace_back(words, 0);
      if (words == 1) break;
      words = (words + 63) / 64;
    }
  }
  bool empty() const noexcept { return levels_.back()[0] == 0; }
  void push(std::uint32_t x) {
    for (std::vector<std::uint64_t>& level : levels_) {
      level[x >> 6] |= std::uint64_t{1} << (x & 63);
      x >>= 6;
    }
  }
  /// Removes and returns the least number (the queue must not be empty).
  std::uint32_t pop() {
    std::size_t least = 0;
    for (std::size_t l = levels_.size(); l-- > 0;)
      least = least * 64 + static_cast<std::size_t>(std::countr_zero(levels_[l][least]));
    std::size_t x = least;
    for (std::vector<std::uint64_t>& level : levels_) {
      std::uint64_t& word = level[x >> 6];
      word &= ~(std::uint64_t{1} << (x & 63));
      if (word != 0) break;
      x >>= 6;
    }
    return static_cast<std::uint32_t>(least);
  }

 private:
  std::vector<std::vector<std::uint64_t>> levels_;  // the numbers' bits first, one word last
};

/// Permutes a CSR list (offsets + items) by its rows: row new = row order[new] of the input.
template <class T>
void permute_lists(std::vector<std::uint32_t>& offsets, std::vector<T>& items,
                   const std::vector<std::uint32_t>& order) {
  std::vector<std::uint32_t> new_offsets;
  std::vector<T> new_items;
  new_offsets.reserve(offsets.size());
  new_items.reserve(items.size());
  new_offsets.push_back(0);
  for (std::uint32_t old : order) {
    new_items.insert(new_items.end(), items.begin() + offsets[old], items.begin() + offsets[old + 1]);
    new_offsets.push_back(static_cast<std::uint32_t>(new_items.size()));
  }
  offsets.swap(new_offsets);
  items.swap(new_items);
}

}  // namespace detail

inline graph graph_builder::freeze() {
  // 1. Resolve endpoints named before their node was added, in the order of the edges (the
  // first unknown id is the one reported), sources before targets.
  resolve_targets();
  const pending_endpoint* unknown = nullptr;
  for (const pending_endpoint& p : pending_) {
    const node_index v = g_.find(pending_ids_[p.id]);
    if (v != no_index)
      (p.is_target ? edge_targets_ : g_.edge_sources_)[p.edge] = v;
    else if (unknown == nullptr || p.edge < unknown->edge ||
             (p.edge == unknown->edge && !p.is_target))
      unknown = &p;
  }
  if (unknown != nullptr)
    throw build_error(build_error::element_type::edge, unknown->edge,
                      unknown->is_target ? "target" : "source",
                      "unknown node id '" + std::string(pending_ids_[unknown->id]) + "'");
  pending_.clear();
  pending_ids_ = detail::string_table();
  last_source_id_.clear();
  last_source_ = no_index;

  const std::size_t n = g_.kinds_.size();
  const std::size_t m = g_.edge_kinds_.size();
  const auto& sources = g_.edge_sources_;
  const auto& targets = edge_targets_;

  // 2. Strongly connected components of the dependency edges (Boost, iterative DFS).
  std::vector<std::uint32_t> component(n);
  std::size_t component_total = 0;
  {
    // The dependency edges by source (a stable counting sort), filled in as the CSR's arrays.
    csr_graph dependency;
    std::vector<std::uint32_t>& starts = dependency.m_forward.m_rowstart;
    starts.assign(n + 1, 0);
    for (std::size_t e = 0; e < m; ++e)
      if (is_dependency(g_.edge_kinds_[e])) ++starts[sources[e] + 1];
    std::partial_sum(starts.begin(), starts.end(), starts.begin());
    std::vector<node_index>& heads = dependency.m_forward.m_column;
    heads.resize(starts.back());
    {
      std::vector<std::uint32_t> fill(starts.begin(), starts.end() - 1);
      for (std::size_t e = 0; e < m; ++e)
        if (is_dependency(g_.edge_kinds_[e])) heads[fill[sources[e]]++] = targets[e];
    }
    component_total =
        n == 0 ? 0
               : boost::strong_components(
                     dependency, boost::make_iterator_property_map(
                                     component.begin(), boost::get(boost::vertex_index, dependency)));
  }

  // 3. Topological order of the condensation; among ready components the one whose first
  //    member came first. Re-freezing a graph in its own order reproduces that order.
  std::vector<std::uint32_t> first_member(component_total, no_index);
  for (std::uint32_t v = 0; v < n; ++v)
    if (first_member[component[v]] == no_index) first_member[component[v]] = v;
  std::vector<std::uint32_t> blocking(component_total, 0);
  std::vector<std::uint8_t> cyclic(component_total, 0);
  std::vector<std::uint32_t> member_count(component_total, 0);
  for (std::uint32_t v = 0; v < n; ++v) ++member_count[component[v]];
  for (std::size_t c = 0; c < component_total; ++c) cyclic[c] = member_count[c] > 1;
  // Condensation out-lists, grouped by source component (counting sort).
  std::vector<std::uint32_t> condensed_offsets(component_total + 1, 0);
  for (std::size_t e = 0; e < m; ++e) {
    if (!is_dependency(g_.edge_kinds_[e])) continue;
    std::uint32_t a = component[sources[e]], b = component[targets[e]];
    if (a == b) {
      if (sources[e] == targets[e]) cyclic[a] = 1;
      continue;
    }
    ++condensed_offsets[a + 1];
    ++blocking[b];
  }
  std::partial_sum(condensed_offsets.begin(), condensed_offsets.end(), condensed_offsets.begin());
  std::vector<std::uint32_t> condensed_targets(condensed_offsets.back());
  {
    std::vector<std::uint32_t> fill(condensed_offsets.begin(), condensed_offsets.end() - 1);
    for (std::size_t e = 0; e < m; ++e) {
      if (!is_dependency(g_.edge_kinds_[e])) continue;
      std::uint32_t a = component[sources[e]], b = component[targets[e]];
      if (a != b) condensed_targets[fill[a]++] = b;
    }
  }
  std::vector<std::uint32_t> component_order;  // topological
  component_order.reserve(component_total);
  {
    detail::min_bit_queue ready(n);
    for (std::size_t c = 0; c < component_total; ++c)
      if (blocking[c] == 0) ready.push(first_member[c]);
    while (!ready.empty()) {
      std::uint32_t c = component[ready.pop()];
      component_order.push_back(c);
      for (std::uint32_t i = condensed_offsets[c]; i < condensed_offsets[c + 1]; ++i)
        if (--blocking[condensed_targets[i]] == 0) ready.push(first_member[condensed_targets[i]]);
    }
  }
  condensed_offsets = {};
  condensed_targets = {};
  blocking = {};

  // 4. New node numbers: components in that order, members in the order they were added.
  std::vector<std::uint32_t> component_rank(component_total);
  for (std::uint32_t rank = 0; rank < component_total; ++rank)
    component_rank[component_order[rank]] = rank;
  std::vector<std::uint32_t> component_offsets(component_total + 1, 0);
  for (std::uint32_t v = 0; v < n; ++v) ++component_offsets[component_rank[component[v]] + 1];
  std::partial_sum(component_offsets.begin(), component_offsets.end(), component_offsets.begin());
  std::vector<std::uint32_t> node_order(n);      // node_order[new] = old
  std::vector<std::uint32_t> new_number(n);      // new_number[old] = new
  {
    std::vector<std::uint32_t> fill(component_offsets.begin(), component_offsets.end() - 1);
    for (std::uint32_t v = 0; v < n; ++v) {
      std::uint32_t at = fill[component_rank[component[v]]]++;
      node_order[at] = v;
      new_number[v] = at;
    }
  }
  graph& g = g_;
  g.node_component_.resize(n);
  for (std::uint32_t v = 0; v < n; ++v) g.node_component_[new_number[v]] = component_rank[component[v]];
  g.component_offsets_ = std::move(component_offsets);
  g.component_cyclic_.resize(component_total);
  for (std::size_t c = 0; c < component_total; ++c)
    g.component_cyclic_[component_rank[c]] = cyclic[c];
  component = {};

  // The node columns in the new order: nothing below reads or writes them, so for a large
  // graph they are permuted on a thread of their own while the edges are renumbered.
  auto permute_nodes = [&g, &node_order, &new_number] {
    g.ids_ = g.ids_.permuted(node_order);
    // The index as grown while the nodes came is renumbered in place, unless rebuild() would
    // size it otherwise (for 2^k nodes it holds half as many slots), so that every graph of the
    // same nodes holds the same index, whichever way it was made.
    if (g.id_index_.slot_count() == detail::id_index::capacity_for(g.ids_.size()))
      g.id_index_.renumber(new_number);
    else
      g.id_index_.rebuild(g.ids_);
    g.kinds_ = detail::permute(g.kinds_, node_order);
    g.names_ = g.names_.permuted(node_order);
    g.country_ids_ = detail::permute(g.country_ids_, node_order);
    g.category_ids_ = detail::permute(g.category_ids_, node_order);
    detail::permute_lists(g.tag_offsets_, g.tag_ids_, node_order);
    g.capacities_ = detail::permute(g.capacities_, node_order);
    g.stock_months_ = detail::permute(g.stock_months_, node_order);
    g.node_attrs_ = g.node_attrs_.permuted(node_order);
  };
  std::exception_ptr node_failure;
  std::thread node_side;
  if (n >= parallel_nodes) {
    try {
      node_side = std::thread([&permute_nodes, &node_failure] {
        try {
          permute_nodes();
        } catch (...) {
          node_failure = std::current_exception();
        }
      });
    } catch (const std::system_error&) {  // no thread to be had: this one does it
    }
  }
  if (!node_side.joinable()) permute_nodes();
  // Joins the node side however the edge side ends (a failed allocation), then rethrows what
  // stopped the node side.
  struct joiner {
    std::thread& thread;
    ~joiner() {
      if (thread.joinable()) thread.join();
    }
  } join_nodes{node_side};

  // 5. Edge numbers: by new source, then in the order added (a stable counting sort).
  std::vector<std::uint32_t> edge_order(m);  // edge_order[new] = old
  std::vector<std::uint32_t> row_start(n + 1, 0);  // of the forward CSR: each node's first out-edge
  {
    for (std::size_t e = 0; e < m; ++e) ++row_start[new_number[sources[e]] + 1];
    std::partial_sum(row_start.begin(), row_start.end(), row_start.begin());
    std::vector<std::uint32_t> fill(row_start.begin(), row_start.end() - 1);
    for (std::uint32_t e = 0; e < m; ++e) edge_order[fill[new_number[sources[e]]]++] = e;
  }
  std::vector<std::uint32_t> edge_position(m);  // edge_position[old] = new
  for (std::uint32_t e = 0; e < m; ++e) edge_position[edge_order[e]] = e;
  std::vector<node_index> new_sources(m), new_targets(m);
  for (std::size_t e = 0; e < m; ++e) {
    new_sources[e] = new_number[sources[edge_order[e]]];
    new_targets[e] = new_number[targets[edge_order[e]]];
  }
  edge_targets_ = {};
  g.edge_sources_ = std::move(new_sources);
  g.edge_kinds_ = detail::permute(g.edge_kinds_, edge_order);
  // The edge columns most edges leave at their default are kept sparsely.
  g.input_ids_ = input_ids_.permuted(m, edge_position);
  g.shares_ = shares_.permuted(m, edge_position);
  g.qualities_ = qualities_.permuted(m, edge_position);
  g.confidences_ = confidences_.permuted(m, edge_position);
  g.view_ids_ = view_ids_.permuted(m, edge_position);
  g.lead_times_ = lead_times_.permuted(m, edge_position);
  g.start_dates_ = start_dates_.permuted(m, edge_position);
  g.end_dates_ = end_dates_.permuted(m, edge_position);
  {
    auto [present, order] = detail::place_entries(m, cited_edges_, edge_position);
    std::vector<std::uint32_t> ends{0}, items;
    ends.reserve(order.size() + 1);
    items.reserve(citation_ids_.size());
    for (const std::uint32_t k : order) {
      items.insert(items.end(), citation_ids_.begin() + citation_ends_[k], citation_ids_.begin() + citation_ends_[k + 1]);
      ends.push_back(static_cast<std::uint32_t>(items.size()));
    }
    g.citation_lists_ = detail::sparse_lists::from_parts(std::move(present), std::move(ends), std::move(items));
  }
  {
    auto [present, order] = detail::place_entries(m, attributed_edges_, edge_position);
    detail::string_table attrs;  // grown string by string: its capacity is in memory reports
    for (const std::uint32_t k : order) attrs.push_back(edge_attrs_[k]);
    g.edge_attrs_ = detail::sparse_strings::from_parts(std::move(present), std::move(attrs));
  }
  edge_order = {};
  edge_position = {};

  // The edges are numbered by source: the forward CSR is the row starts and the targets as
  // they stand (what Boost would build from the sorted pairs, without the pairs).
  g.forward_ = csr_graph();
  g.forward_.m_forward.m_rowstart = std::move(row_start);
  g.forward_.m_forward.m_column = std::move(new_targets);

  // 6. Dependency in-edges by target, grouped into requirement slots in the order of each slot's
  //    first edge; then the reverse CSR in that order (`owns` and `controls` edges are
  //    structural: not in it).
  const auto targets_now = g.edge_targets();
  constexpr std::size_t prefetch_distance = 16;  // in-edges ahead, in the loops over in_order
  std::vector<std::uint32_t> in_offsets(n + 1, 0);
  for (std::size_t e = 0; e < m; ++e)
    if (is_dependency(g.edge_kinds_[e])) ++in_offsets[targets_now[e] + 1];
  std::partial_sum(in_offsets.begin(), in_offsets.end(), in_offsets.begin());
  std::vector<edge_index> in_order(in_offsets.back());
  {
    std::vector<std::uint32_t> fill(in_offsets.begin(), in_offsets.end() - 1);
    for (std::uint32_t e = 0; e < m; ++e)
      if (is_dependency(g.edge_kinds_[e])) in_order[fill[targets_now[e]]++] = e;
  }
  g.edge_slots_.assign(m, no_index);
  g.node_slot_offsets_.assign(1, 0);
  g.node_slot_offsets_.reserve(n + 1);
  g.slot_edge_offsets_.assign(1, 0);
  {
    // Group key of a dependency edge: 0 for the shared provider slot, 1 + input id for a named
    // slot, and a key of its own (past every input id) for an edge that is a slot by itself.
    const std::uint64_t own_base = std::uint64_t{1} + g.inputs_.size();
    auto key_of = [&](edge_index e) -> std::uint64_t {
      if (const std::uint32_t input = g.input_ids_[e]; input != 0) return 1 + std::uint64_t{input};
      if (shares_provider_slot(g.edge_kinds_[e])) return 0;
      return own_base + e;
    };
    struct entry {
      std::uint64_t key;
      edge_index first;  // first edge of the group
      edge_index edge;
    };
    std::vector<entry> entries;
    for (std::uint32_t v = 0; v < n; ++v) {
      entries.clear();
      for (std::uint32_t i = in_offsets[v]; i < in_offsets[v + 1]; ++i) {
        // The in-edges of a node are scattered over the edge numbers: the kind and the slot of
        // the edge some places ahead are fetched while this one is grouped.
        if (i + prefetch_distance < in_order.size()) {
          __builtin_prefetch(g.edge_kinds_.data() + in_order[i + prefetch_distance]);
          __builtin_prefetch(g.edge_slots_.data() + in_order[i + prefetch_distance], 1);
        }
        entries.push_back({key_of(in_order[i]), in_order[i], in_order[i]});
      }
      if (entries.size() > 1) {
        std::sort(entries.begin(), entries.end(), [](const entry& a, const entry& b) {
          return a.key != b.key ? a.key < b.key : a.edge < b.edge;
        });
        for (std::size_t i = 1; i < entries.size(); ++i)
          if (entries[i].key == entries[i - 1].key) entries[i].first = entries[i - 1].first;
        // The groups in the order of their first edges, each in edge order (a group's entries
        // share its first edge, and no two groups do).
        std::sort(entries.begin(), entries.end(), [](const entry& a, const entry& b) {
          return a.first != b.first ? a.first < b.first : a.edge < b.edge;
        });
      }
      std::uint32_t at = in_offsets[v];
      for (std::size_t i = 0; i < entries.size(); ++i) {
        // The last offset is where the slot being filled begins.
        auto open_slot = static_cast<slot_index>(g.slot_edge_offsets_.size() - 1);
        in_order[at++] = entries[i].edge;
        g.edge_slots_[entries[i].edge] = open_slot;
        if (i + 1 == entries.size() || entries[i + 1].first != entries[i].first)
          g.slot_edge_offsets_.push_back(at);
      }
      g.node_slot_offsets_.push_back(static_cast<slot_index>(g.slot_edge_offsets_.size() - 1));
    }
  }
  {
    // The reverse CSR: the in-edges' row starts and, in slot order, their sources.
    std::vector<node_index> sources_in(in_order.size());
    for (std::size_t i = 0; i < in_order.size(); ++i) {
      if (i + prefetch_distance < in_order.size())
        __builtin_prefetch(g.edge_sources_.data() + in_order[i + prefetch_distance]);
      sources_in[i] = g.edge_sources_[in_order[i]];
    }
    g.reverse_ = csr_graph();
    g.reverse_.m_forward.m_rowstart = std::move(in_offsets);
    g.reverse_.m_forward.m_column = std::move(sources_in);
  }
  g.in_edge_order_ = std::move(in_order);

  if (node_side.joinable()) node_side.join();
  if (node_failure) std::rethrow_exception(node_failure);
  graph out = std::move(g_);
  *this = graph_builder();
  return out;
}

}  // namespace micgraph
