#pragma once
/// \file graph.hpp
/// The frozen, immutable supply graph (DESIGN §2). Built once by a graph_builder, then shared by
/// every analysis; nothing here ever changes after freeze.

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "micgraph/detail/sparse_column.hpp"
#include "micgraph/detail/string_table.hpp"
#include "micgraph/model.hpp"

namespace micgraph {

class graph_builder;
class graph;

/// Boost CSR storage used for both directions of the graph.
using csr_graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                     boost::no_property, boost::no_property,
                                                     std::uint32_t, std::uint32_t>;

/// A range of dense indices [first, last).
template <class Index>
using index_range = std::ranges::iota_view<Index, Index>;

/// A cheap handle on one node of a graph: read-only accessors for its fields.
class node_view {
 public:
  node_view(const graph& g, node_index v) : graph_(&g), index_(v) {}
  node_index index() const noexcept { return index_; }
  std::string_view id() const;
  node_kind kind() const;
  std::string_view name() const;
  std::string_view country() const;
  std::string_view category() const;
  auto tags() const;
  double capacity() const;
  double stock_months() const;
  std::string_view attrs() const;
  /// A full copy of the node's fields, as a loader would have given them.
  node_record record() const;

 private:
  const graph* graph_;
  node_index index_;
};

/// A cheap handle on one edge of a graph.
class edge_view {
 public:
  edge_view(const graph& g, edge_index e) : graph_(&g), index_(e) {}
  edge_index index() const noexcept { return index_; }
  node_index source() const;
  node_index target() const;
  edge_kind kind() const;
  std::string_view input() const;
  double share() const;
  double quality() const;
  double confidence() const;
  std::string_view view() const;
  auto sources() const;
  std::optional<double> lead_time_months() const;
  /// First and last day in force (`owns` and `controls` only); nullopt when open-ended.
  std::optional<day_number> start_date() const;
  std::optional<day_number> end_date() const;
  std::string_view attrs() const;
  /// The requirement slot this edge feeds at its target; no_index for `owns` and `controls`.
  slot_index slot() const;
  edge_record record() const;

 private:
  const graph* graph_;
  edge_index index_;
};

/// Bytes held by a graph, by part.
struct memory_usage {
  std::size_t topology = 0;    ///< both CSR directions, slot tables, components
  std::size_t node_properties = 0;
  std::size_t edge_properties = 0;
  std::size_t strings = 0;     ///< ids, names, attrs, vocabularies
  std::size_t total() const { return topology + node_properties + edge_properties + strings; }
};

/// A frozen supply graph. Nodes are numbered in a topological order of the condensation of the
/// dependency edges (members of one strongly connected component are contiguous), so a walk in
/// node order visits every node after all its non-cyclic inputs. Edges are numbered by source:
/// the out-edges of v are a contiguous range. The dependency in-edges of each node are grouped
/// into requirement slots (AND over slots, OR within a slot).
class graph {
 public:
  graph() = default;

  // ---- sizes and lookup
  std::size_t node_count() const noexcept { return kinds_.size(); }
  std::size_t edge_count() const noexcept { return edge_kinds_.size(); }
  std::size_t slot_count() const noexcept { return slot_edge_offsets_.size() - 1; }
  /// The node with this id, or no_index. O(1) expected.
  node_index find(std::string_view id) const { return id_index_.find(ids_, id); }
  bool contains(std::string_view id) const { return find(id) != no_index; }

  node_view node(node_index v) const { return node_view(*this, v); }
  edge_view edge(edge_index e) const { return edge_view(*this, e); }
  index_range<node_index> nodes() const {
    return std::views::iota(node_index{0}, static_cast<node_index>(node_count()));
  }
  index_range<edge_index> edges() const {
    return std::views::iota(edge_index{0}, static_cast<edge_index>(edge_count()));
  }

  // ---- topology
  /// Forward CSR: vertex v's out-edges, in edge-number order (edge number == CSR position).
  const csr_graph& forward() const noexcept { return forward_; }
  /// Reverse CSR of the dependency edges (not `owns` or `controls`): vertex v's in-edges
  /// grouped by slot.
  /// Position p of the reverse CSR is edge in_edge_order()[p].
  const csr_graph& reverse() const noexcept { return reverse_; }
  /// Dependency edge numbers in reverse-CSR order.
  std::span<const edge_index> in_edge_order() const noexcept { return in_edge_order_; }
  /// The out-edges of v (all kinds): a contiguous range of edge numbers.
  index_range<edge_index> out_edges(node_index v) const {
    return std::views::iota(forward_.m_forward.m_rowstart[v], forward_.m_forward.m_rowstart[v + 1]);
  }
  /// The dependency in-edges of v, grouped by slot (`owns` and `controls` edges are not among
  /// them).
  std::span<const edge_index> in_edges(node_index v) const {
    auto first = reverse_.m_forward.m_rowstart[v], last = reverse_.m_forward.m_rowstart[v + 1];
    return std::span<const edge_index>(in_edge_order_).subspan(first, last - first);
  }
  /// The requirement slots of v. A node with none is a source.
  index_range<slot_index> slots(node_index v) const {
    return std::views::iota(node_slot_offsets_[v], node_slot_offsets_[v + 1]);
  }
  /// The edges that can meet slot s (its alternatives).
  std::span<const edge_index> slot_edges(slot_index s) const {
    auto first = slot_edge_offsets_[s], last = slot_edge_offsets_[s + 1];
    return std::span<const edge_index>(in_edge_order_).subspan(first, last - first);
  }
  /// Positions in the reverse CSR (and in_edge_order()) of slot s's edges.
  index_range<std::uint32_t> slot_positions(slot_index s) const {
    return std::views::iota(slot_edge_offsets_[s], slot_edge_offsets_[s + 1]);
  }
  /// The reverse-CSR position (in in_edge_order()) of dependency edge e, found in its slot;
  /// no_index for an `owns` or `controls` edge. O(edges of e's slot).
  std::uint32_t edge_position(edge_index e) const {
    const slot_index s = edge_slots_[e];
    if (s == no_index) return no_index;
    std::uint32_t p = slot_edge_offsets_[s];
    while (in_edge_order_[p] != e) ++p;
    return p;
  }
  /// The source of the dependency edge at each reverse-CSR position.
  std::span<const node_index> in_edge_sources() const noexcept { return reverse_.m_forward.m_column; }
  /// Slot ranges of every node (n + 1 offsets) and edge-position ranges of every slot.
  std::span<const slot_index> node_slot_offsets() const noexcept { return node_slot_offsets_; }
  std::span<const std::uint32_t> slot_offsets() const noexcept { return slot_edge_offsets_; }
  /// The node whose requirement slot s is.
  node_index slot_target(slot_index s) const { return edge_targets()[slot_edges(s).front()]; }
  /// The slot's name: its `input`, or `providers` for the shared produces/supplies slot, or
  /// `<kind>:<source id>` for an edge that is a slot of its own.
  std::string slot_name(slot_index s) const;

  // ---- strongly connected components of the dependency edges, in topological order
  std::size_t component_count() const noexcept { return component_offsets_.size() - 1; }
  std::uint32_t component(node_index v) const { return node_component_[v]; }
  index_range<node_index> component_nodes(std::uint32_t c) const {
    return std::views::iota(component_offsets_[c], component_offsets_[c + 1]);
  }
  /// True when component c holds a dependency cycle (several nodes, or one with a self-loop).
  bool component_is_cyclic(std::uint32_t c) const { return component_cyclic_[c] != 0; }

  // ---- bulk property arrays for hot loops (indexed by node or edge number)
  std::span<const node_kind> node_kinds() const noexcept { return kinds_; }
  std::span<const double> node_capacities() const noexcept { return capacities_; }
  std::span<const double> node_stock_months() const noexcept { return stock_months_; }
  std::span<const std::uint16_t> node_country_ids() const noexcept { return country_ids_; }
  std::span<const std::uint32_t> node_category_ids() const noexcept { return category_ids_; }
  std::span<const node_index> edge_sources() const noexcept { return edge_sources_; }
  std::span<const node_index> edge_targets() const noexcept { return forward_.m_forward.m_column; }
  std::span<const edge_kind> edge_kinds() const noexcept { return edge_kinds_; }
  /// Edge columns that most edges leave at their default are stored sparsely (only the values
  /// that differ, see detail/sparse_column.hpp); index them by edge number like an array.
  /// Default 1.
  const detail::sparse_column<double>& edge_shares() const noexcept { return shares_; }
  const detail::sparse_column<double>& edge_qualities() const noexcept { return qualities_; }
  const detail::sparse_column<double>& edge_confidences() const noexcept { return confidences_; }
  /// Number of the edge's view in views(); default 0 (no view).
  const detail::sparse_column<std::uint16_t>& edge_view_ids() const noexcept { return view_ids_; }
  /// Number of the edge's input in inputs(); default 0 (no input).
  const detail::sparse_column<std::uint32_t>& edge_input_ids() const noexcept { return input_ids_; }
  /// Months before a substitute delivers, per edge; NaN where the edge gives none.
  const detail::sparse_column<double>& edge_lead_times() const noexcept { return lead_times_; }
  /// The day an `owns` or `controls` edge comes into force / its last day in force, per edge;
  /// no_day where the edge gives none (open-ended). Only those two kinds store dates.
  const detail::sparse_column<day_number>& edge_start_dates() const noexcept { return start_dates_; }
  const detail::sparse_column<day_number>& edge_end_dates() const noexcept { return end_dates_; }
  /// The column value of an edge with no date.
  static constexpr day_number no_day = std::numeric_limits<day_number>::min();
  std::span<const slot_index> edge_slots() const noexcept { return edge_slots_; }
  std::span<const std::uint32_t> node_tag_ids(node_index v) const {
    return std::span<const std::uint32_t>(tag_ids_).subspan(tag_offsets_[v],
                                                             tag_offsets_[v + 1] - tag_offsets_[v]);
  }
  std::span<const std::uint32_t> edge_source_ids(edge_index e) const {
    return citation_lists_[e];
  }

  // ---- vocabularies (number 0 is always the empty string)
  const std::vector<std::string>& countries() const noexcept { return countries_.strings(); }
  const std::vector<std::string>& categories() const noexcept { return categories_.strings(); }
  const std::vector<std::string>& tag_names() const noexcept { return tags_.strings(); }
  const std::vector<std::string>& views() const noexcept { return views_.strings(); }
  const std::vector<std::string>& inputs() const noexcept { return inputs_.strings(); }
  const std::vector<std::string>& citations() const noexcept { return citations_.strings(); }
  /// The number of a vocabulary word, or no_index when the graph never uses it.
  std::uint32_t country_id(std::string_view code) const { return countries_.find(code); }
  std::uint32_t category_id(std::string_view category) const { return categories_.find(category); }
  std::uint32_t tag_id(std::string_view tag) const { return tags_.find(tag); }
  std::uint32_t view_id(std::string_view view) const { return views_.find(view); }

  /// The graph-level metadata (the node-link `graph` object) as JSON object text, or empty.
  std::string_view metadata() const noexcept { return metadata_; }

  /// Bytes held, by part.
  memory_usage memory() const;

  friend bool operator==(const graph& a, const graph& b);

 private:
  friend class graph_builder;
  friend class detail::binary_snapshot;
  friend class node_view;
  friend class edge_view;

  // nodes
  detail::string_table ids_;
  detail::id_index id_index_;
  std::vector<node_kind> kinds_;
  detail::string_table names_;
  std::vector<std::uint16_t> country_ids_;
  std::vector<std::uint32_t> category_ids_;
  std::vector<std::uint32_t> tag_offsets_{0};
  std::vector<std::uint32_t> tag_ids_;
  std::vector<double> capacities_;
  std::vector<double> stock_months_;
  detail::string_table node_attrs_;
  // edges
  std::vector<node_index> edge_sources_;
  std::vector<edge_kind> edge_kinds_;
  detail::sparse_column<std::uint32_t> input_ids_{0};
  detail::sparse_column<double> shares_{1.0};
  detail::sparse_column<double> qualities_{1.0};
  detail::sparse_column<double> confidences_{1.0};
  detail::sparse_column<std::uint16_t> view_ids_{0};
  detail::sparse_lists citation_lists_;
  detail::sparse_column<double> lead_times_{std::numeric_limits<double>::quiet_NaN()};
  detail::sparse_column<day_number> start_dates_{no_day};
  detail::sparse_column<day_number> end_dates_{no_day};
  detail::sparse_strings edge_attrs_;  // most edges have none
  // vocabularies
  detail::interner countries_, categories_, tags_, views_, inputs_, citations_;
  std::string metadata_;
  // topology
  csr_graph forward_;
  csr_graph reverse_;
  std::vector<edge_index> in_edge_order_;
  std::vector<slot_index> edge_slots_;
  std::vector<slot_index> node_slot_offsets_{0};
  std::vector<std::uint32_t> slot_edge_offsets_{0};
  std::vector<std::uint32_t> node_component_;
  std::vector<node_index> component_offsets_{0};
  std::vector<std::uint8_t> component_cyclic_;
};

// ---- node_view / edge_view

inline std::string_view node_view::id() const { return graph_->ids_[index_]; }
inline node_kind node_view::kind() const { return graph_->kinds_[index_]; }
inline std::string_view node_view::name() const { return graph_->names_[index_]; }
inline std::string_view node_view::country() const {
  return graph_->countries_[graph_->country_ids_[index_]];
}
inline std::string_view node_view::category() const {
  return graph_->categories_[graph_->category_ids_[index_]];
}
inline auto node_view::tags() const {
  const detail::interner* vocabulary = &graph_->tags_;
  return graph_->node_tag_ids(index_) | std::views::transform([vocabulary](std::uint32_t t) {
           return std::string_view((*vocabulary)[t]);
         });
}
inline double node_view::capacity() const { return graph_->capacities_[index_]; }
inline double node_view::stock_months() const { return graph_->stock_months_[index_]; }
inline std::string_view node_view::attrs() const { return graph_->node_attrs_[index_]; }
inline node_record node_view::record() const {
  node_record out;
  out.id = id();
  out.fields.kind = kind();
  out.fields.name = name();
  out.fields.country = country();
  out.fields.category = category();
  for (std::string_view tag : tags()) out.fields.tags.emplace_back(tag);
  out.fields.capacity = capacity();
  out.fields.stock_months = stock_months();
  out.fields.attrs = attrs();
  return out;
}

inline node_index edge_view::source() const { return graph_->edge_sources_[index_]; }
inline node_index edge_view::target() const { return graph_->edge_targets()[index_]; }
inline edge_kind edge_view::kind() const { return graph_->edge_kinds_[index_]; }
inline std::string_view edge_view::input() const {
  return graph_->inputs_[graph_->input_ids_[index_]];
}
inline double edge_view::share() const { return graph_->shares_[index_]; }
inline double edge_view::quality() const { return graph_->qualities_[index_]; }
inline double edge_view::confidence() const { return graph_->confidences_[index_]; }
inline std::string_view edge_view::view() const { return graph_->views_[graph_->view_ids_[index_]]; }
inline auto edge_view::sources() const {
  const detail::interner* vocabulary = &graph_->citations_;
  return graph_->edge_source_ids(index_) | std::views::transform([vocabulary](std::uint32_t c) {
           return std::string_view((*vocabulary)[c]);
         });
}
inline std::optional<double> edge_view::lead_time_months() const {
  double months = graph_->lead_times_[index_];
  return std::isnan(months) ? std::nullopt : std::optional<double>(months);
}
inline std::optional<day_number> edge_view::start_date() const {
  const day_number day = graph_->start_dates_[index_];
  return day == graph::no_day ? std::nullopt : std::optional<day_number>(day);
}
inline std::optional<day_number> edge_view::end_date() const {
  const day_number day = graph_->end_dates_[index_];
  return day == graph::no_day ? std::nullopt : std::optional<day_number>(day);
}
inline std::string_view edge_view::attrs() const { return graph_->edge_attrs_[index_]; }
inline slot_index edge_view::slot() const { return graph_->edge_slots_[index_]; }
inline edge_record edge_view::record() const {
  edge_record out;
  out.source = graph_->node(source()).id();
  out.target = graph_->node(target()).id();
  out.fields.kind = kind();
  out.fields.input = input();
  out.fields.share = share();
  out.fields.quality = quality();
  out.fields.confidence = confidence();
  out.fields.view = view();
  for (std::string_view citation : sources()) out.fields.sources.emplace_back(citation);
  out.fields.lead_time_months = lead_time_months();
  out.fields.start_date = start_date();
  out.fields.end_date = end_date();
  out.fields.attrs = attrs();
  return out;
}

inline std::string graph::slot_name(slot_index s) const {
  edge_view first = edge(slot_edges(s).front());
  if (!first.input().empty()) return std::string(first.input());
  if (shares_provider_slot(first.kind())) return "providers";
  return std::string(to_string(first.kind())) + ":" + std::string(node(first.source()).id());
}

namespace detail {
template <class T>
std::size_t vector_bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}
}  // namespace detail

inline memory_usage graph::memory() const {
  using detail::vector_bytes;
  memory_usage out;
  out.topology = vector_bytes(forward_.m_forward.m_rowstart) +
                 vector_bytes(forward_.m_forward.m_column) +
                 vector_bytes(reverse_.m_forward.m_rowstart) +
                 vector_bytes(reverse_.m_forward.m_column) + vector_bytes(in_edge_order_) +
                 vector_bytes(edge_slots_) + vector_bytes(node_slot_offsets_) +
                 vector_bytes(slot_edge_offsets_) + vector_bytes(node_component_) +
                 vector_bytes(component_offsets_) + vector_bytes(component_cyclic_) +
                 id_index_.bytes();
  out.node_properties = vector_bytes(kinds_) + vector_bytes(country_ids_) +
                        vector_bytes(category_ids_) + vector_bytes(tag_offsets_) +
                        vector_bytes(tag_ids_) + vector_bytes(capacities_) +
                        vector_bytes(stock_months_);
  out.edge_properties = vector_bytes(edge_sources_) + vector_bytes(edge_kinds_) +
                        input_ids_.bytes() + shares_.bytes() + qualities_.bytes() +
                        confidences_.bytes() + view_ids_.bytes() + citation_lists_.bytes() +
                        lead_times_.bytes() + start_dates_.bytes() + end_dates_.bytes();
  out.strings = ids_.bytes() + names_.bytes() + node_attrs_.bytes() + edge_attrs_.bytes();
  for (const detail::interner* vocabulary :
       {&countries_, &categories_, &tags_, &views_, &inputs_, &citations_})
    for (const std::string& word : vocabulary->strings()) out.strings += sizeof(word) + word.capacity();
  return out;
}

inline bool operator==(const graph& a, const graph& b) {
  // Vocabulary numbers may differ between two equal graphs: compare the words they name.
  auto same_words = [](std::size_t count, const detail::interner& x, auto x_id,
                       const detail::interner& y, auto y_id) {
    for (std::size_t i = 0; i < count; ++i)
      if (x[x_id(i)] != y[y_id(i)]) return false;
    return true;
  };
  auto same_lists = [](const detail::interner& x, const detail::sparse_lists& xl,
                       const detail::interner& y, const detail::sparse_lists& yl) {
    if (!(xl.present() == yl.present()) || !std::ranges::equal(xl.offsets(), yl.offsets()))
      return false;
    auto xi = xl.items(), yi = yl.items();
    for (std::size_t i = 0; i < xi.size(); ++i)
      if (x[xi[i]] != y[yi[i]]) return false;
    return true;
  };
  auto column = [](const auto& c) { return [&c](std::size_t i) { return c[i]; }; };
  const std::size_t n = a.node_count(), m = a.edge_count();
  return a.ids_ == b.ids_ && a.kinds_ == b.kinds_ && a.names_ == b.names_ &&
         same_words(n, a.countries_, column(a.country_ids_), b.countries_, column(b.country_ids_)) &&
         same_words(n, a.categories_, column(a.category_ids_), b.categories_,
                    column(b.category_ids_)) &&
         a.tag_offsets_ == b.tag_offsets_ &&
         same_words(a.tag_ids_.size(), a.tags_, column(a.tag_ids_), b.tags_, column(b.tag_ids_)) &&
         a.capacities_ == b.capacities_ && a.stock_months_ == b.stock_months_ &&
         a.node_attrs_ == b.node_attrs_ && a.edge_sources_ == b.edge_sources_ &&
         a.edge_targets().size() == b.edge_targets().size() &&
         std::ranges::equal(a.edge_targets(), b.edge_targets()) && a.edge_kinds_ == b.edge_kinds_ &&
         a.input_ids_.present() == b.input_ids_.present() &&
         same_words(m, a.inputs_, column(a.input_ids_), b.inputs_, column(b.input_ids_)) &&
         a.shares_ == b.shares_ && a.qualities_ == b.qualities_ &&
         a.confidences_ == b.confidences_ && a.view_ids_.present() == b.view_ids_.present() &&
         same_words(m, a.views_, column(a.view_ids_), b.views_, column(b.view_ids_)) &&
         same_lists(a.citations_, a.citation_lists_, b.citations_, b.citation_lists_) &&
         a.lead_times_ == b.lead_times_ && a.start_dates_ == b.start_dates_ &&
         a.end_dates_ == b.end_dates_ && a.edge_attrs_ == b.edge_attrs_ &&
         a.metadata_ == b.metadata_;
}

}  // namespace micgraph
