// GraphML through Boost's write_graphml: one dynamic property per field of the model.

#include "micgraph/io/graphml.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <typeinfo>
#include <vector>

#include "micgraph/error.hpp"

namespace micgraph::io {

namespace {

struct exported_node {
  node_index node = no_index;
};
struct exported_edge {
  edge_index edge = no_index;
};
using export_graph = boost::compressed_sparse_row_graph<boost::directedS, exported_node,
                                                        exported_edge>;
using vertex_descriptor = boost::graph_traits<export_graph>::vertex_descriptor;
using edge_descriptor = boost::graph_traits<export_graph>::edge_descriptor;

/// A read-only dynamic property whose text comes from a function. `Value` only names the
/// GraphML type (write_graphml derives `attr.type` from it); the text is formatted here, so
/// numbers keep every digit (Boost's own maps print doubles with 6 significant digits).
template <class Key, class Value>
class text_property final : public boost::dynamic_property_map {
 public:
  explicit text_property(std::function<std::string(const Key&)> text) : text_(std::move(text)) {}
  boost::any get(const boost::any& key) override { return text_(boost::any_cast<Key>(key)); }
  std::string get_string(const boost::any& key) override {
    return text_(boost::any_cast<Key>(key));
  }
  void put(const boost::any&, const boost::any&) override {
    throw error("GraphML export: properties are read-only");
  }
  const std::type_info& key() const override { return typeid(Key); }
  const std::type_info& value() const override { return typeid(Value); }

 private:
  std::function<std::string(const Key&)> text_;
};

/// The shortest text that reads back as the same double; `NaN` (as Java and Boost spell it)
/// for not-a-number.
std::string number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "INF" : "-INF";
  return fmt::format("{}", value);
}

template <class Strings>
std::string list(const Strings& items, std::string_view where, std::string_view field) {
  std::string out;
  bool first = true;
  for (std::string_view item : items) {
    if (item.find(';') != std::string_view::npos)
      throw error(fmt::format("GraphML: {} {}: the item '{}' contains ';', the list separator; "
                              "export JSON instead",
                              where, field, item));
    if (!first) out.push_back(';');
    first = false;
    out.append(item);
  }
  return out;
}

std::string rule_labels(const scenario& s, const std::vector<std::uint32_t>& rules) {
  std::string out;
  for (std::uint32_t r : rules) out.append(out.empty() ? "" : "; ").append(rule_label(s, r));
  return out;
}

/// Adds a node key whose text `text(node_view)` gives.
template <class Value, class Text>
void node_key(boost::dynamic_properties& properties, const char* name, const graph& g,
              const export_graph& copy, Text text) {
  properties.insert(name, boost::make_shared<text_property<vertex_descriptor, Value>>(
                              [&g, &copy, text](const vertex_descriptor& v) {
                                return text(g.node(copy[v].node));
                              }));
}

/// Adds an edge key whose text `text(edge_view)` gives.
template <class Value, class Text>
void edge_key(boost::dynamic_properties& properties, const char* name, const graph& g,
              const export_graph& copy, Text text) {
  properties.insert(name, boost::make_shared<text_property<edge_descriptor, Value>>(
                              [&g, &copy, text](const edge_descriptor& e) {
                                return text(g.edge(copy[e].edge));
                              }));
}

/// Adds a graph key.
template <class Text>
void graph_key(boost::dynamic_properties& properties, const char* name, Text text) {
  properties.insert(name, boost::make_shared<text_property<export_graph*, std::string>>(
                              [text](export_graph* const&) { return text(); }));
}

std::string text(std::string_view value) { return std::string(value); }

}  // namespace

void write_graphml(const graph& g, std::ostream& out, const export_view& view) {
  const std::size_t n = g.node_count();
  // The exported nodes in node order, and the edges among them.
  std::vector<node_index> nodes;
  std::vector<std::size_t> position(n, no_index);
  if (view.nodes.empty()) {
    for (node_index v : g.nodes()) nodes.push_back(v);
  } else {
    for (node_index v : view.nodes) {
      if (v >= n) throw error("export: node number " + std::to_string(v) + " is not a node");
      if (position[v] != no_index)
        throw error("export: node '" + std::string(g.node(v).id()) + "' given twice");
      position[v] = 0;
    }
    nodes.assign(view.nodes.begin(), view.nodes.end());
    std::sort(nodes.begin(), nodes.end());
  }
  const bool shaded = !view.baseline.empty() || !view.capacity.empty();
  if (shaded && (view.baseline.size() != n || view.capacity.size() != n))
    throw error(fmt::format("export: capacities for {} and {} nodes given for a graph of {} nodes",
                            view.baseline.size(), view.capacity.size(), n));
  const compiled_scenario* cuts = view.scenario;
  if (cuts != nullptr && cuts->node_alive().size() != n)
    throw error("export: the scenario was compiled against another graph");
  std::vector<std::vector<node_index>> single_point_of(view.single_points.empty() ? 0 : n);
  for (const target_single_points& target : view.single_points)
    for (node_index v : target.single_points) {
      if (v >= n || target.target >= n) throw error("export: a single point is not a node");
      single_point_of[v].push_back(target.target);
    }
  std::vector<std::uint8_t> focus(view.focus.empty() ? 0 : n, 0);
  for (node_index v : view.focus) {
    if (v >= n) throw error("export: a focus node is not a node");
    focus[v] = 1;
  }

  for (std::size_t i = 0; i < nodes.size(); ++i) position[nodes[i]] = i;
  std::vector<std::pair<std::size_t, std::size_t>> ends;
  std::vector<exported_edge> kept;
  const auto targets = g.edge_targets();
  for (node_index v : nodes)
    for (edge_index e : g.out_edges(v))
      if (position[targets[e]] != no_index) {
        ends.emplace_back(position[v], position[targets[e]]);
        kept.push_back({e});
      }
  // Sources ascend with the node order, so the edges arrive sorted as CSR wants them.
  export_graph copy(boost::edges_are_sorted, ends.begin(), ends.end(), kept.begin(), nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) copy[i].node = nodes[i];

  // Every field a typed key; lists and JSON as text.
  boost::dynamic_properties properties;
  using std::string;
  node_key<string>(properties, "id", g, copy, [](node_view v) { return text(v.id()); });
  node_key<string>(properties, "label", g, copy,
                   [](node_view v) { return text(v.name().empty() ? v.id() : v.name()); });
  node_key<string>(properties, "kind", g, copy,
                   [](node_view v) { return text(micgraph::to_string(v.kind())); });
  node_key<string>(properties, "name", g, copy, [](node_view v) { return text(v.name()); });
  node_key<string>(properties, "country", g, copy, [](node_view v) { return text(v.country()); });
  node_key<string>(properties, "category", g, copy,
                   [](node_view v) { return text(v.category()); });
  node_key<string>(properties, "tags", g, copy, [](node_view v) {
    return list(v.tags(), "node '" + text(v.id()) + "'", "tags");
  });
  node_key<double>(properties, "capacity", g, copy,
                   [](node_view v) { return number(v.capacity()); });
  node_key<double>(properties, "stock_months", g, copy,
                   [](node_view v) { return number(v.stock_months()); });
  node_key<string>(properties, "attrs", g, copy, [](node_view v) { return text(v.attrs()); });
  if (shaded) {
    node_key<double>(properties, "capacity_baseline", g, copy,
                     [&view](node_view v) { return number(view.baseline[v.index()]); });
    node_key<double>(properties, "capacity_scenario", g, copy,
                     [&view](node_view v) { return number(view.capacity[v.index()]); });
    node_key<double>(properties, "capacity_loss", g, copy, [&view](node_view v) {
      return number(view.baseline[v.index()] - view.capacity[v.index()]);
    });
  }
  if (cuts != nullptr)
    node_key<string>(properties, "cut_by", g, copy, [cuts](node_view v) {
      return rule_labels(cuts->definition(), cuts->rules_of_node(v.index()));
    });
  if (!single_point_of.empty())
    node_key<string>(properties, "single_point_of", g, copy, [&g, &single_point_of](node_view v) {
      string out;
      for (node_index t : single_point_of[v.index()])
        out.append(out.empty() ? "" : ";").append(g.node(t).id());
      return out;
    });
  if (!focus.empty())
    node_key<int>(properties, "focus", g, copy,
                  [&focus](node_view v) { return string(focus[v.index()] ? "1" : "0"); });

  edge_key<string>(properties, "kind", g, copy,
                   [](edge_view e) { return text(micgraph::to_string(e.kind())); });
  edge_key<string>(properties, "input", g, copy, [](edge_view e) { return text(e.input()); });
  edge_key<double>(properties, "share", g, copy, [](edge_view e) { return number(e.share()); });
  edge_key<double>(properties, "quality", g, copy,
                   [](edge_view e) { return number(e.quality()); });
  edge_key<double>(properties, "confidence", g, copy,
                   [](edge_view e) { return number(e.confidence()); });
  edge_key<string>(properties, "view", g, copy, [](edge_view e) { return text(e.view()); });
  edge_key<string>(properties, "sources", g, copy, [&g](edge_view e) {
    return list(e.sources(),
                "edge '" + text(g.node(e.source()).id()) + "' -> '" +
                    text(g.node(e.target()).id()) + "'",
                "sources");
  });
  edge_key<double>(properties, "lead_time_months", g, copy, [](edge_view e) {
    return number(e.lead_time_months().value_or(std::nan("")));
  });
  edge_key<string>(properties, "start_date", g, copy, [](edge_view e) {
    return e.start_date() ? format_date(*e.start_date()) : string();
  });
  edge_key<string>(properties, "end_date", g, copy, [](edge_view e) {
    return e.end_date() ? format_date(*e.end_date()) : string();
  });
  edge_key<string>(properties, "attrs", g, copy, [](edge_view e) { return text(e.attrs()); });
  if (cuts != nullptr) {
    edge_key<int>(properties, "present", g, copy, [cuts](edge_view e) {
      return string(cuts->edge_present(e.index()) ? "1" : "0");
    });
    edge_key<string>(properties, "cut_by", g, copy, [cuts](edge_view e) {
      return rule_labels(cuts->definition(), cuts->rules_of_edge(e.index()));
    });
    edge_key<double>(properties, "flow_kept", g, copy,
                     [cuts](edge_view e) { return number(cuts->edge_cut(e.index())); });
  }
  graph_key(properties, "metadata", [&g] { return text(g.metadata()); });
  if (cuts != nullptr)
    graph_key(properties, "scenario", [cuts] { return cuts->definition().name; });

  boost::write_graphml(out, copy, boost::get(boost::vertex_index, copy), properties, true);
  if (!out) throw error("cannot write GraphML: the output stream failed");
}

void write_graphml(const graph& g, const std::filesystem::path& path, const export_view& view) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
  write_graphml(g, out, view);
  out.flush();
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
}

}  // namespace micgraph::io
