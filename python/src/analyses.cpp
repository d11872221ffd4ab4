// Scenarios and analyses from Python: compiling, impact (with Monte Carlo and explanations),
// source views, timeline, chokepoints, sanction design and ownership. Every long call releases
// the GIL; results keep their graph and compiled scenario alive and give the library's JSON
// documents, the command line's tables, and numpy views of their per-node arrays.

#include <micgraph/io/scenario.hpp>
#include <micgraph/report/chokepoints.hpp>
#include <micgraph/report/design.hpp>
#include <micgraph/report/format.hpp>
#include <micgraph/report/impact.hpp>
#include <micgraph/report/ownership.hpp>
#include <micgraph/report/timeline.hpp>
#include <micgraph/selection.hpp>
#include <sstream>

#include "bindings.hpp"

namespace micgraph::python {

namespace {

/// One impact: the compiled scenario it ran on and what make_impact_report would hold.
struct impact_handle {
  std::shared_ptr<const graph> g;
  std::shared_ptr<const compiled_scenario> scenario;
  impact_findings findings;
};

struct timeline_handle {
  std::shared_ptr<const graph> g;
  timeline_report report;
};

/// A report run to completion and kept as its JSON document and table.
struct report_text {
  std::string json;
  std::string text;
};

std::optional<named_filter> filter_of(const std::optional<std::string>& text,
                                      const std::string& where) {
  if (!text) return std::nullopt;
  return parse_named_filter(*text, where);
}

compiled_handle compile_scenario(const graph_handle& h, const scenario_handle& s) {
  try {
    compiled_scenario compiled = [&] {
      py::gil_scoped_release free;
      return compile(*h.g, s.definition);
    }();
    return {h.g, h.name, std::make_shared<const compiled_scenario>(std::move(compiled))};
  } catch (const scenario_error& e) {
    source_location where = e.where();
    if (where.file.empty()) where.file = s.source;
    throw scenario_error(where, e.problem());
  }
}

std::vector<node_kind> kinds_of(const std::vector<std::string>& names, const std::string& where) {
  std::vector<node_kind> out;
  for (const std::string& name : names) {
    std::optional<node_kind> kind = parse_node_kind(name);
    if (!kind) throw scenario_error({.element = where}, "unknown node kind '" + name + "'");
    out.push_back(*kind);
  }
  return out;
}

impact_handle run_impact(const compiled_handle& c, const std::vector<std::string>& explain,
                         std::size_t samples, std::uint64_t seed, unsigned threads, bool attribute,
                         const std::vector<std::string>& ranked_kinds, const py::object& progress) {
  // Members assigned one by one: GCC 12 takes a throw inside a nested designated initialiser
  // for a use of the members not yet made (-Wmaybe-uninitialized).
  impact_report_options options;
  options.analysis.attribute = attribute;
  options.analysis.ranked_kinds = kinds_of(ranked_kinds, "ranked_kinds");
  options.explain = resolve_ids(*c.g, explain, "explain", c.graph_name);
  options.samples = samples;
  options.seed = seed;
  options.threads = threads;
  options.progress = progress_of(progress);
  impact_handle out{c.g, c.scenario, {}};
  py::gil_scoped_release free;
  out.findings = find_impact(*c.g, *c.scenario, options);
  return out;
}

}  // namespace

void bind_analyses(py::module_& m) {
  py::class_<scenario_handle>(m, "Scenario", "A sanction scenario (binding; see micgraph.Scenario).")
      .def_property_readonly("name", [](const scenario_handle& s) { return s.definition.name; })
      .def_property_readonly("source", [](const scenario_handle& s) { return s.source; })
      .def_property_readonly("rule_count",
                             [](const scenario_handle& s) { return s.definition.rules.size(); })
      .def("json_text", [](const scenario_handle& s) {
        std::ostringstream out;
        io::write_scenario(s.definition, out);
        return out.str();
      });
  m.def("read_scenario", [](const std::string& path) {
    return scenario_handle{io::read_scenario(path), path};
  });
  m.def("read_scenario_text", [](const std::string& text, const std::string& name) {
    return scenario_handle{io::read_scenario_text(text, name), name};
  });

  py::class_<compiled_handle>(m, "CompiledScenario",
                              "A scenario compiled against one graph (binding).")
      .def_property_readonly("warnings",
                             [](const compiled_handle& c) { return c.scenario->warnings(); })
      .def_property_readonly("rule_hits",
                             [](const compiled_handle& c) {
                               auto hits = c.scenario->rule_hit_counts();
                               return std::vector<std::size_t>(hits.begin(), hits.end());
                             })
      .def_property_readonly("node_alive",
                             [](py::object self) {
                               return view_of(self.cast<const compiled_handle&>().scenario->node_alive(),
                                              self);
                             })
      .def_property_readonly("name", [](const compiled_handle& c) {
        return c.scenario->definition().name;
      });
  m.def("compile", &compile_scenario);

  py::class_<impact_handle>(m, "Impact", "One impact result (binding; see micgraph.ImpactResult).")
      .def_property_readonly("baseline",
                             [](py::object self) {
                               return view_of(std::span<const double>(
                                                  self.cast<const impact_handle&>().findings.result.baseline),
                                              self);
                             })
      .def_property_readonly("capacity",
                             [](py::object self) {
                               return view_of(std::span<const double>(
                                                  self.cast<const impact_handle&>().findings.result.capacity),
                                              self);
                             })
      .def_property_readonly("ranked",
                             [](py::object self) {
                               return view_of(std::span<const node_index>(
                                                  self.cast<const impact_handle&>().findings.result.ranked),
                                              self);
                             })
      .def_property_readonly("total_loss",
                             [](const impact_handle& h) { return h.findings.result.total_loss; })
      .def_property_readonly("samples",
                             [](const impact_handle& h) {
                               return h.findings.monte_carlo ? h.findings.monte_carlo->samples : 0;
                             })
      .def("json_text",
           [](const impact_handle& h) {
             py::gil_scoped_release free;
             return json_text(to_json(*h.g, *h.scenario, h.findings));
           })
      .def("text",
           [](const impact_handle& h, std::size_t top, const std::string& label) {
             return to_text(*h.g, *h.scenario, h.findings, {.top = top, .scenario_label = label});
           })
      .def("explain", [](const impact_handle& h, node_index v, std::size_t max_nodes) {
        if (v >= h.g->node_count()) throw py::index_error("node number out of range");
        explanation why = explain(*h.g, *h.scenario, h.findings.result, v, {.max_nodes = max_nodes});
        return py::make_tuple(json_text(to_json(*h.g, *h.scenario, why)),
                              to_text(*h.g, *h.scenario, why));
      });
  m.def("impact", &run_impact);

  m.def("monte_carlo", [](const compiled_handle& c, std::size_t samples, std::uint64_t seed,
                          unsigned threads, const std::vector<std::string>& record,
                          const py::object& progress) {
    monte_carlo_options options;
    options.samples = samples;
    options.seed = seed;
    options.threads = threads;
    options.record = resolve_ids(*c.g, record, "nodes", c.graph_name);
    options.progress = progress_of(progress);
    py::gil_scoped_release free;
    return json_text(to_json(*c.g, monte_carlo(*c.g, *c.scenario, options)));
  });

  m.def("compare_views", [](const graph_handle& h, const scenario_handle& s,
                            const std::vector<std::string>& views, std::size_t top) {
    try {
      py::gil_scoped_release free;
      views_report report = make_views_report(*h.g, s.definition, views);
      nlohmann::ordered_json document = report;
      return report_text{json_text(document), to_text(report, top, s.source)};
    } catch (const scenario_error& e) {
      throw scenario_error({.element = "views"}, e.problem());
    }
  });

  py::class_<report_text>(m, "Report", "A report's JSON document and table (binding).")
      .def_readonly("json", &report_text::json)
      .def_readonly("text", &report_text::text);

  py::class_<timeline_handle>(m, "Timeline", "A timeline result (binding).")
      .def_property_readonly("months", [](const timeline_handle& t) { return t.report.result.months; })
      .def_property_readonly("nodes", [](const timeline_handle& t) { return t.report.result.nodes; })
      .def_property_readonly("capacity",
                             [](py::object self) {
                               const timeline_result& r = self.cast<const timeline_handle&>().report.result;
                               py::array_t<double> out(
                                   {static_cast<py::ssize_t>(r.nodes.size()),
                                    static_cast<py::ssize_t>(r.months + 1)},
                                   {static_cast<py::ssize_t>((r.months + 1) * sizeof(double)),
                                    static_cast<py::ssize_t>(sizeof(double))},
                                   r.capacity.data(), self);
                               py::detail::array_proxy(out.ptr())->flags &=
                                   ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
                               return out;
                             })
      .def("json_text",
           [](const timeline_handle& t) {
             nlohmann::ordered_json document = t.report;
             return json_text(document);
           })
      .def("text", [](const timeline_handle& t, const std::string& label) {
        return to_text(t.report, label);
      })
      .def("csv", [](const timeline_handle& t) { return to_csv(t.report); })
      .def("svg", [](const timeline_handle& t, const std::string& title) {
        return to_svg(t.report, title);
      });
  m.def("timeline", [](const compiled_handle& c, std::size_t months,
                       const std::vector<std::string>& nodes, double mean_life_months,
                       double ramp_months, bool edge_attributes, const py::object& progress) {
    timeline_report_options options;
    options.analysis.months = months;
    options.analysis.mean_life_months = mean_life_months;
    options.analysis.ramp_months = ramp_months;
    options.analysis.record = resolve_ids(*c.g, nodes, "nodes", c.graph_name);
    options.analysis.progress = progress_of(progress);
    options.edge_attributes = edge_attributes;
    options.graph_name = c.graph_name;
    timeline_handle out{c.g, {}};
    py::gil_scoped_release free;
    out.report = make_timeline_report(*c.g, *c.scenario, options);
    return out;
  });

  m.def("chokepoints",
        [](const graph_handle& h, const std::vector<std::string>& targets, int order,
           std::size_t max_pairs, bool count_only, std::size_t max_sets, std::size_t candidates,
           const std::optional<std::string>& rank, const std::vector<std::string>& min_cut,
           const std::optional<std::string>& cuttable, const std::string& cost_attribute,
           std::optional<std::size_t> betweenness_samples, std::size_t exact_betweenness_limit,
           std::uint64_t seed, const compiled_handle* evidence, unsigned threads,
           const std::vector<std::string>& analyses, std::size_t top, const py::object& progress) {
          if (order < 1) throw scenario_error({.element = "order"}, "expected an order >= 1");
          chokepoints_report_options options;
          options.targets = node_numbers(h, targets, "targets");
          options.order = order;
          options.max_pairs = max_pairs;
          options.count_only = count_only;
          options.max_sets = max_sets;
          options.candidates = candidates;
          options.rank = filter_of(rank, "rank");
          options.min_cut = node_numbers(h, min_cut, "min_cut");
          options.cuttable = filter_of(cuttable, "cuttable");
          options.cost_attribute = cost_attribute;
          options.betweenness_samples = betweenness_samples;
          options.exact_betweenness_limit = exact_betweenness_limit;
          options.seed = seed;
          options.evidence = evidence != nullptr ? evidence->scenario.get() : nullptr;
          options.threads = threads;
          options.progress = progress_of(progress);
          if (evidence != nullptr && evidence->g != h.g)
            throw error("chokepoints: the evidence filters were compiled against another graph");
          if (!analyses.empty()) {
            options.run = {false, false, false, false, false};
            for (const std::string& name : analyses) {
              if (name == "single_points") options.run.single_points = true;
              else if (name == "ranking") options.run.ranking = true;
              else if (name == "concentration") options.run.concentration = true;
              else if (name == "structure") options.run.structure = true;
              else if (name == "betweenness") options.run.betweenness = true;
              else if (name != "pairs" && name != "min_cut")
                throw scenario_error({.element = "analyses"}, "unknown analysis '" + name + "'");
            }
          }
          py::gil_scoped_release free;
          chokepoints_report report = make_chokepoints_report(*h.g, options);
          nlohmann::ordered_json document = report;
          return report_text{json_text(document), to_text(report, top)};
        });

  m.def("design", [](const graph_handle& h, const std::vector<std::string>& targets,
                     std::size_t budget, const std::optional<std::string>& candidates,
                     const std::string& cut, double enforcement, const compiled_handle* start,
                     bool exhaustive, std::size_t max_candidates, unsigned threads,
                     const py::object& progress) {
    if (cut != "nodes" && cut != "edges")
      throw scenario_error({.element = "cut"}, "expected 'nodes' or 'edges', got '" + cut + "'");
    if (start != nullptr && start->g != h.g)
      throw error("design: the scenario was compiled against another graph");
    std::function<void(std::size_t, std::size_t)> report_progress = progress_of(progress);
    design_report_options options;
    options.targets = node_numbers(h, targets, "targets");
    options.candidates = filter_of(candidates, "candidates");
    options.analysis.cut =
        cut == "nodes" ? design_options::cut_kind::nodes : design_options::cut_kind::edges;
    options.analysis.budget = budget;
    options.analysis.enforcement = enforcement;
    options.analysis.max_candidates = max_candidates;
    options.analysis.lazy = !exhaustive;
    options.analysis.scenario = start != nullptr ? start->scenario.get() : nullptr;
    options.analysis.threads = threads;
    options.graph_name = h.name;
    if (report_progress)
      options.analysis.progress = [report_progress, budget](std::size_t, std::size_t picks) {
        report_progress(picks, budget);
      };
    py::gil_scoped_release free;
    design_report report = make_design_report(*h.g, options);
    nlohmann::ordered_json document = report;
    return report_text{json_text(document), to_text(report)};
  });

  m.def("ownership", [](const graph_handle& h, const std::string& listed, const std::string& rule,
                        std::optional<double> threshold, std::optional<bool> inclusive,
                        std::optional<bool> aggregate, std::optional<bool> control,
                        std::optional<std::uint32_t> max_hops, const std::optional<std::string>& as_of,
                        const std::vector<std::string>& explain, std::size_t top) {
    std::optional<ownership_rule> preset = ownership_rule::preset(rule);
    if (!preset)
      throw scenario_error({.element = "rule"},
                           "unknown ownership rule '" + rule +
                               "' (expected ofac, eu, uk, eu-until-2024 or any-stake)");
    ownership_report_options options;
    options.listed = parse_named_filter(listed, "listed");
    options.rule = *preset;
    options.explain = node_numbers(h, explain, "explain");
    if (threshold) options.rule.threshold = *threshold;
    if (inclusive) options.rule.inclusive = *inclusive;
    if (aggregate) options.rule.aggregate = *aggregate;
    if (control) options.rule.control = *control;
    if (max_hops) options.rule.max_hops = *max_hops;
    if (as_of) {
      options.rule.as_of = parse_date(*as_of);
      if (!options.rule.as_of)
        throw scenario_error({.element = "as_of"},
                             "expected a date YYYY-MM-DD, got '" + *as_of + "'");
    }
    py::gil_scoped_release free;
    ownership_report report = make_ownership_report(*h.g, options);
    nlohmann::ordered_json document = report;
    return report_text{json_text(document), to_text(report, {.top = top})};
  });
}

}  // namespace micgraph::python
