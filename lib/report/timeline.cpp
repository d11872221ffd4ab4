#include "micgraph/report/timeline.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "micgraph/io/attributes.hpp"
#include "micgraph/report/format.hpp"
#include "micgraph/selection.hpp"

namespace micgraph {

timeline_report make_timeline_report(const graph& g, compiled_scenario scenario,
                                     const timeline_report_options& options) {
  timeline_options analysis = options.analysis;
  if (analysis.record.empty()) {
    analysis.record = product_nodes(g);
    if (analysis.record.empty())
      throw scenario_error({.element = options.nodes_name},
                           "no " + options.nodes_name + " given and " +
                               (options.graph_name.empty() ? std::string("the graph")
                                                           : options.graph_name) +
                               " has no product node");
  }
  if (options.edge_attributes) io::read_timeline_attributes(g, analysis);
  timeline_report report{.g = &g, .scenario = std::move(scenario)};
  report.result = timeline(g, report.scenario, analysis);
  return report;
}

nlohmann::ordered_json to_json(const graph& g, const timeline_result& r) {
  using json = nlohmann::ordered_json;
  json out;
  out["months"] = r.months;
  auto& list = out["nodes"] = json::array();
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    auto series = r.series(i);
    list.push_back({{"id", g.node(r.nodes[i]).id()},
                    {"kind", to_string(g.node(r.nodes[i]).kind())},
                    {"capacity", std::vector<double>(series.begin(), series.end())},
                    {"first_month_below_half", r.first_month_below(i, 0.5)}});
  }
  return out;
}

void to_json(nlohmann::ordered_json& out, const timeline_report& report) {
  out = nlohmann::ordered_json::object();
  out["scenario"] = report.scenario.definition().name;
  out.update(to_json(*report.g, report.result));
  out["warnings"] = report.scenario.warnings();
}

std::string to_text(const timeline_report& report, const std::string& scenario_label,
                    std::size_t top) {
  const graph& g = *report.g;
  top = table_rows(top);
  const timeline_result& r = report.result;
  const std::string& name = report.scenario.definition().name;
  std::string out;
  auto to = std::back_inserter(out);
  fmt::format_to(to, "Scenario: {}\n", name.empty() ? scenario_label : name);
  for (const std::string& w : report.scenario.warnings()) fmt::format_to(to, "  warning: {}\n", w);
  fmt::format_to(to, "Capacity by month (percent of each node's own capacity; month 0 is the "
                     "baseline):\n");
  const std::size_t step = r.months <= 24 ? 1 : (r.months + 23) / 24;
  fmt::format_to(to, "  {:<28}", "node");
  for (std::size_t t = 0; t <= r.months; t += step) fmt::format_to(to, " {:>4}", t);
  fmt::format_to(to, "  below 50% from\n");
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    if (i == top) {
      fmt::format_to(to, "  ... {} more (--top, --json, --csv)\n", r.nodes.size() - top);
      break;
    }
    fmt::format_to(to, "  {:<28}", clip(g.node(r.nodes[i]).id(), 28));
    auto series = r.series(i);
    for (std::size_t t = 0; t <= r.months; t += step) fmt::format_to(to, " {:>4.0f}", 100.0 * series[t]);
    int below = r.first_month_below(i, 0.5);
    fmt::format_to(to, "  {}\n", below < 0 ? std::string("never") : fmt::format("month {}", below));
  }
  return out;
}

namespace {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string to_csv(const timeline_report& report) {
  const graph& g = *report.g;
  const timeline_result& r = report.result;
  std::string out;
  auto to = std::back_inserter(out);
  fmt::format_to(to, "id,kind");
  for (std::size_t t = 0; t <= r.months; ++t) fmt::format_to(to, ",month_{}", t);
  fmt::format_to(to, "\n");
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    fmt::format_to(to, "{},{}", csv_field(g.node(r.nodes[i]).id()), to_string(g.node(r.nodes[i]).kind()));
    for (double c : r.series(i)) fmt::format_to(to, ",{}", c);
    fmt::format_to(to, "\n");
  }
  return out;
}

std::string to_svg(const timeline_report& report, const std::string& title) {
  const graph& g = *report.g;
  const timeline_result& r = report.result;
  const double width = 860, height = 480, left = 60, right = 260, top = 40, bottom = 50;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  const std::size_t months = std::max<std::size_t>(r.months, 1);
  auto x = [&](std::size_t t) {
    return left + plot_w * static_cast<double>(t) / static_cast<double>(months);
  };
  auto y = [&](double c) { return top + plot_h * (1.0 - std::clamp(c, 0.0, 1.0)); };
  static const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  fmt::memory_buffer out;
  auto to = std::back_inserter(out);
  fmt::format_to(to,
                 R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" font-size="12">)"
                 "\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                 R"(<text x="{}" y="22" font-size="15">{}</text>)"
                 "\n",
                 width, height, left, xml_escape(title));
  for (int pct = 0; pct <= 100; pct += 25) {
    double yy = y(pct / 100.0);
    fmt::format_to(to,
                   R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#ddd"/><text x="{}" y="{:.1f}" text-anchor="end">{}%</text>)"
                   "\n",
                   left, yy, left + plot_w, yy, left - 6, yy + 4, pct);
  }
  const std::size_t step = std::max<std::size_t>(1, months / 12);
  for (std::size_t t = 0; t <= months; t += step)
    fmt::format_to(to, R"(<text x="{:.1f}" y="{}" text-anchor="middle">{}</text>)" "\n", x(t),
                   top + plot_h + 18, t);
  fmt::format_to(to, R"(<text x="{:.1f}" y="{}" text-anchor="middle">month after the cut</text>)" "\n",
                 left + plot_w / 2, height - 10);
  fmt::format_to(to, R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#333"/>)" "\n",
                 left, top, plot_w, plot_h);
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    auto series = r.series(i);
    const char* colour = colours[i % 10];
    std::string points;
    for (std::size_t t = 0; t <= r.months; ++t)
      points += fmt::format("{:.1f},{:.1f} ", x(t), y(series[t]));
    node_view v = g.node(r.nodes[i]);
    std::string label(v.name().empty() ? v.id() : v.name());
    const double row = 18.0 * static_cast<double>(i);
    fmt::format_to(to,
                   R"(<polyline fill="none" stroke="{}" stroke-width="2" points="{}"><title>{}</title></polyline>)"
                   "\n"
                   R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/><text x="{}" y="{}">{}</text>)"
                   "\n",
                   colour, points, xml_escape(v.id()), left + plot_w + 12, top + 10 + row,
                   left + plot_w + 32, top + 10 + row, colour, left + plot_w + 38, top + 14 + row,
                   xml_escape(clip(label, 34)));
  }
  fmt::format_to(to, "</svg>\n");
  return fmt::to_string(out);
}

}  // namespace micgraph
