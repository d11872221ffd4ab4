// Graphs from Python: loading and saving, node-link JSON text, generated graphs, lookups by id,
// columns for pandas frames, node filters, validation, counts and pictures.

#include <micgraph/analysis/stats.hpp>
#include <micgraph/analysis/validation.hpp>
#include <micgraph/generate.hpp>
#include <micgraph/io/json.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/render/export.hpp>
#include <micgraph/report/format.hpp>
#include <micgraph/report/graph.hpp>
#include <micgraph/selection.hpp>
#include <sstream>

#include "bindings.hpp"

namespace micgraph::python {

namespace {

/// The permille done of a load or save as the (done, 1000) calls of a progress callback.
std::function<void(double)> fraction_progress(const py::object& callback) {
  std::function<void(std::size_t, std::size_t)> report = progress_of(callback);
  if (!report) return {};
  return [report, last = std::size_t{1001}](double done) mutable {
    const auto permille = static_cast<std::size_t>(1000.0 * std::clamp(done, 0.0, 1.0));
    if (permille != last) report(last = permille, 1000);
  };
}

graph_handle hold(graph g, std::string name) {
  return {std::make_shared<const graph>(std::move(g)), std::move(name)};
}

py::object text_or_none(std::string_view text) {
  return text.empty() ? py::object(py::none()) : py::object(py::str(std::string(text)));
}

py::dict node_dict(const graph& g, node_index v) {
  const node_view node = g.node(v);
  py::list tags;
  for (std::string_view tag : node.tags()) tags.append(py::str(std::string(tag)));
  py::dict out;
  out["id"] = std::string(node.id());
  out["kind"] = std::string(to_string(node.kind()));
  out["name"] = std::string(node.name());
  out["country"] = std::string(node.country());
  out["category"] = std::string(node.category());
  out["tags"] = tags;
  out["capacity"] = node.capacity();
  out["stock_months"] = node.stock_months();
  out["attrs"] = std::string(node.attrs());
  return out;
}

py::dict edge_dict(const graph& g, edge_index e) {
  const edge_view edge = g.edge(e);
  py::list sources;
  for (std::string_view source : edge.sources()) sources.append(py::str(std::string(source)));
  py::dict out;
  out["source"] = std::string(g.node(edge.source()).id());
  out["target"] = std::string(g.node(edge.target()).id());
  out["kind"] = std::string(to_string(edge.kind()));
  out["input"] = std::string(edge.input());
  out["share"] = edge.share();
  out["quality"] = edge.quality();
  out["confidence"] = edge.confidence();
  out["view"] = std::string(edge.view());
  out["sources"] = sources;
  std::optional<double> lead = edge.lead_time_months();
  out["lead_time_months"] = lead ? py::object(py::float_(*lead)) : py::object(py::none());
  std::optional<day_number> start = edge.start_date(), end = edge.end_date();
  out["start_date"] = start ? py::object(py::str(format_date(*start))) : py::object(py::none());
  out["end_date"] = end ? py::object(py::str(format_date(*end))) : py::object(py::none());
  out["attrs"] = std::string(edge.attrs());
  return out;
}

/// Every node field as a column: numbers as numpy arrays (capacities without a copy), texts
/// as lists.
py::dict node_columns(py::object self) {
  const graph& g = *self.cast<const graph_handle&>().g;
  py::list ids, names, countries, categories, tags, attrs;
  for (node_index v : g.nodes()) {
    const node_view node = g.node(v);
    ids.append(py::str(std::string(node.id())));
    names.append(py::str(std::string(node.name())));
    countries.append(py::str(std::string(node.country())));
    categories.append(py::str(std::string(node.category())));
    py::list own;
    for (std::string_view tag : node.tags()) own.append(py::str(std::string(tag)));
    tags.append(own);
    attrs.append(text_or_none(node.attrs()));
  }
  auto kinds = g.node_kinds();
  py::dict out;
  out["id"] = ids;
  out["kind"] = view_of(std::span<const std::uint8_t>(
                            reinterpret_cast<const std::uint8_t*>(kinds.data()), kinds.size()),
                        self);
  out["name"] = names;
  out["country"] = countries;
  out["category"] = categories;
  out["tags"] = tags;
  out["capacity"] = view_of(g.node_capacities(), self);
  out["stock_months"] = view_of(g.node_stock_months(), self);
  out["attrs"] = attrs;
  return out;
}

/// Every edge field as a column: endpoints as node numbers, numbers as numpy arrays (lead
/// times NaN where absent), texts as lists.
py::dict edge_columns(py::object self) {
  const graph& g = *self.cast<const graph_handle&>().g;
  py::list inputs, views, sources, starts, ends, attrs;
  for (edge_index e : g.edges()) {
    const edge_view edge = g.edge(e);
    inputs.append(py::str(std::string(edge.input())));
    views.append(py::str(std::string(edge.view())));
    py::list own;
    for (std::string_view source : edge.sources()) own.append(py::str(std::string(source)));
    sources.append(own);
    std::optional<day_number> start = edge.start_date(), end = edge.end_date();
    starts.append(start ? py::object(py::str(format_date(*start))) : py::object(py::none()));
    ends.append(end ? py::object(py::str(format_date(*end))) : py::object(py::none()));
    attrs.append(text_or_none(edge.attrs()));
  }
  auto kinds = g.edge_kinds();
  auto dense = [](std::vector<double> values) {
    return py::array_t<double>(static_cast<py::ssize_t>(values.size()), values.data());
  };
  py::dict out;
  out["source"] = view_of(g.edge_sources(), self);
  out["target"] = view_of(g.edge_targets(), self);
  out["kind"] = view_of(std::span<const std::uint8_t>(
                            reinterpret_cast<const std::uint8_t*>(kinds.data()), kinds.size()),
                        self);
  out["input"] = inputs;
  out["share"] = dense(g.edge_shares().dense());
  out["quality"] = dense(g.edge_qualities().dense());
  out["confidence"] = dense(g.edge_confidences().dense());
  out["view"] = views;
  out["sources"] = sources;
  out["lead_time_months"] = dense(g.edge_lead_times().dense());
  out["start_date"] = starts;
  out["end_date"] = ends;
  out["attrs"] = attrs;
  return out;
}

/// The bytes of a picture or interchange file of the graph or a focus's neighbourhood, in the
/// format named, or (name empty) the one the output path's extension names.
py::bytes export_graph(const graph_handle& h, const std::vector<std::string>& focus,
                       std::optional<std::size_t> depth, bool upstream, bool downstream,
                       const compiled_handle* scenario, bool chokepoints, bool cluster_by_country,
                       bool legend, std::optional<std::string> title, const std::string& layout,
                       const std::string& format_name, const std::string& output,
                       std::size_t max_nodes) {
  const io::export_format format = io::choose_export_format(format_name, output, "format");
  if (format == io::export_format::open_psa)
    throw parse_error({.element = "format"}, "open-psa is written by the command line only");
  io::check_layout(layout, "layout");
  if (scenario != nullptr && scenario->g != h.g)
    throw error("export: the scenario was compiled against another graph");
  io::export_options options;
  options.focus = node_numbers(h, focus, "focus");
  options.upstream = upstream;
  options.downstream = downstream;
  options.scenario = scenario != nullptr ? scenario->scenario.get() : nullptr;
  options.chokepoints = chokepoints;
  options.title = std::move(title);
  if (depth) options.depth = *depth;
  std::ostringstream out;
  {
    py::gil_scoped_release free;
    io::export_plan plan = io::select_export(*h.g, options);
    io::check_picture_size(plan, format, max_nodes, "max_nodes");
    io::mark_export(*h.g, plan, options);
    io::write_export(*h.g, plan, format, out, layout,
                     {.cluster_by_country = cluster_by_country, .legend = legend});
  }
  return py::bytes(out.str());
}

}  // namespace

std::vector<node_index> node_numbers(const graph_handle& h, const std::vector<std::string>& ids,
                                     const std::string& where) {
  return resolve_ids(*h.g, ids, where, h.name);
}

void bind_graph(py::module_& m) {
  py::class_<graph_handle>(m, "Graph", "A frozen supply graph (binding; see micgraph.Graph).")
      .def_property_readonly("name", [](const graph_handle& h) { return h.name; })
      .def_property_readonly("node_count", [](const graph_handle& h) { return h.g->node_count(); })
      .def_property_readonly("edge_count", [](const graph_handle& h) { return h.g->edge_count(); })
      .def_property_readonly("slot_count", [](const graph_handle& h) { return h.g->slot_count(); })
      .def_property_readonly("metadata",
                             [](const graph_handle& h) { return std::string(h.g->metadata()); })
      .def("find",
           [](const graph_handle& h, const std::string& id) -> std::int64_t {
             const node_index v = h.g->find(id);
             return v == no_index ? -1 : static_cast<std::int64_t>(v);
           })
      .def("node_numbers", &node_numbers)
      .def("similar_ids",
           [](const graph_handle& h, const std::string& id, std::size_t limit) {
             return similar_ids(*h.g, id, limit);
           })
      .def("id", [](const graph_handle& h, node_index v) {
        if (v >= h.g->node_count()) throw py::index_error("node number out of range");
        return std::string(h.g->node(v).id());
      })
      .def("ids",
           [](const graph_handle& h) {
             py::list out;
             for (node_index v : h.g->nodes()) out.append(py::str(std::string(h.g->node(v).id())));
             return out;
           })
      .def("node", [](const graph_handle& h, node_index v) {
        if (v >= h.g->node_count()) throw py::index_error("node number out of range");
        return node_dict(*h.g, v);
      })
      .def("edge", [](const graph_handle& h, edge_index e) {
        if (e >= h.g->edge_count()) throw py::index_error("edge number out of range");
        return edge_dict(*h.g, e);
      })
      .def("in_edges",
           [](const graph_handle& h, node_index v) {
             auto edges = h.g->in_edges(v);
             return std::vector<edge_index>(edges.begin(), edges.end());
           })
      .def("out_edges",
           [](const graph_handle& h, node_index v) {
             std::vector<edge_index> out;
             for (edge_index e : h.g->out_edges(v)) out.push_back(e);
             return out;
           })
      .def("node_columns", &node_columns)
      .def("kind_codes",
           [](py::object self) {
             auto kinds = self.cast<const graph_handle&>().g->node_kinds();
             return view_of(std::span<const std::uint8_t>(
                                reinterpret_cast<const std::uint8_t*>(kinds.data()), kinds.size()),
                            self);
           })
      .def("edge_columns", &edge_columns)
      .def("select",
           [](const graph_handle& h, const std::string& text, const std::string& where) {
             std::vector<std::string> warnings;
             std::vector<node_index> nodes =
                 select_nodes(*h.g, parse_named_filter(text, where), warnings);
             return py::make_tuple(nodes, warnings);
           })
      .def("products", [](const graph_handle& h) { return product_nodes(*h.g); })
      .def("validate_json",
           [](const graph_handle& h) {
             py::gil_scoped_release free;
             return json_text(to_json(*h.g, validate(*h.g)));
           })
      .def("stats_json",
           [](const graph_handle& h) {
             py::gil_scoped_release free;
             nlohmann::ordered_json document = compute_stats(*h.g);
             return json_text(document);
           })
      .def("json_text",
           [](const graph_handle& h) {
             std::ostringstream out;
             {
               py::gil_scoped_release free;
               io::write_json(*h.g, out);
             }
             return out.str();
           })
      .def("save",
           [](const graph_handle& h, const std::string& path, const py::object& progress) {
             std::function<void(double)> report = fraction_progress(progress);
             py::gil_scoped_release free;
             io::save_graph(*h.g, path, {.progress = report});
           })
      .def("export", &export_graph);

  m.def("load", [](const std::string& path, const py::object& progress) {
    std::function<void(double)> report = fraction_progress(progress);
    graph g;
    {
      py::gil_scoped_release free;
      g = io::load_graph(path, {.progress = report});
    }
    return hold(std::move(g), path);
  });
  m.def("read_json_text", [](const std::string& text, const std::string& name) {
    graph g;
    {
      py::gil_scoped_release free;
      g = io::read_json_text(text, name);
    }
    return hold(std::move(g), name);
  });
  m.def("generate", [](std::size_t nodes, std::uint64_t seed, unsigned tiers, double single_source,
                       const py::object& progress) {
    std::function<void(double)> report = fraction_progress(progress);
    graph g;
    {
      py::gil_scoped_release free;
      g = generate({.nodes = nodes, .seed = seed, .tiers = tiers, .single_source = single_source,
                    .progress = report});
    }
    return hold(std::move(g), "<generated>");
  });
  py::list node_kinds, edge_kinds;
  for (std::string_view name : node_kind_names) node_kinds.append(py::str(std::string(name)));
  for (std::string_view name : edge_kind_names) edge_kinds.append(py::str(std::string(name)));
  m.attr("node_kinds") = py::tuple(node_kinds);
  m.attr("edge_kinds") = py::tuple(edge_kinds);
  py::list layouts;
  for (std::string_view name : io::layout_engines()) layouts.append(py::str(std::string(name)));
  m.attr("layout_engines") = py::tuple(layouts);
  m.attr("default_max_picture_nodes") = io::default_max_picture_nodes;
}

}  // namespace micgraph::python
