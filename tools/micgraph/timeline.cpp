// micgraph timeline FILE --scenario S --months N [--nodes IDS] [--mean-life M] [--ramp R]
//                        [--json | --csv] [--plot OUT.svg]

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <micgraph/analysis/timeline.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/io/scenario.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct timeline_command_options {
  std::string file;
  std::string scenario_file;
  std::size_t months = 24;
  std::vector<std::string> nodes;
  double mean_life = 0.0;
  double ramp = 6.0;
  bool json = false;
  bool csv = false;
  std::string plot;
};

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

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A line chart of the recorded nodes' capacity (percent of their own capacity) by month.
std::string svg_chart(const graph& g, const timeline_result& r, const std::string& title) {
  const double width = 860, height = 480, left = 60, right = 260, top = 40, bottom = 50;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  const std::size_t months = std::max<std::size_t>(r.months, 1);
  auto x = [&](std::size_t t) { return left + plot_w * static_cast<double>(t) / static_cast<double>(months); };
  auto y = [&](double c) { return top + plot_h * (1.0 - std::clamp(c, 0.0, 1.0)); };
  static const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out),
                 R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" font-size="12">)"
                 "\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                 R"(<text x="{}" y="22" font-size="15">{}</text>)" "\n",
                 width, height, left, xml_escape(title));
  for (int pct = 0; pct <= 100; pct += 25) {
    double yy = y(pct / 100.0);
    fmt::format_to(std::back_inserter(out),
                   R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#ddd"/><text x="{}" y="{:.1f}" text-anchor="end">{}%</text>)" "\n",
                   left, yy, left + plot_w, yy, left - 6, yy + 4, pct);
  }
  const std::size_t step = std::max<std::size_t>(1, months / 12);
  for (std::size_t t = 0; t <= months; t += step)
    fmt::format_to(std::back_inserter(out), R"(<text x="{:.1f}" y="{}" text-anchor="middle">{}</text>)" "\n",
                   x(t), top + plot_h + 18, t);
  fmt::format_to(std::back_inserter(out), R"(<text x="{:.1f}" y="{}" text-anchor="middle">month after the cut</text>)" "\n",
                 left + plot_w / 2, height - 10);
  fmt::format_to(std::back_inserter(out),
                 R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#333"/>)" "\n", left,
                 top, plot_w, plot_h);
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    auto series = r.series(i);
    const char* colour = colours[i % 10];
    std::string points;
    for (std::size_t t = 0; t <= r.months; ++t)
      points += fmt::format("{:.1f},{:.1f} ", x(t), y(series[t]));
    node_view v = g.node(r.nodes[i]);
    std::string label(v.name().empty() ? v.id() : v.name());
    fmt::format_to(std::back_inserter(out),
                   R"(<polyline fill="none" stroke="{}" stroke-width="2" points="{}"><title>{}</title></polyline>)" "\n"
                   R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/><text x="{}" y="{}">{}</text>)" "\n",
                   colour, points, xml_escape(v.id()), left + plot_w + 12, top + 10 + 18.0 * static_cast<double>(i),
                   left + plot_w + 32, top + 10 + 18.0 * static_cast<double>(i), colour, left + plot_w + 38,
                   top + 14 + 18.0 * static_cast<double>(i), xml_escape(label.substr(0, 34)));
  }
  fmt::format_to(std::back_inserter(out), "</svg>\n");
  return fmt::to_string(out);
}

}  // namespace

command add_timeline(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "timeline",
      "Capacity month by month after a cut: stocks run down, unserviced machine tools wear out, "
      "substitutes arrive after their lead time (month 0 is the baseline)");
  auto options = std::make_shared<timeline_command_options>();
  sub->add_option("FILE", options->file, "graph: a .json file, or a CSV directory / nodes.csv")
      ->required();
  sub->add_option("-s,--scenario", options->scenario_file, "scenario file (JSON)")->required();
  sub->add_option("--months", options->months, "months after the cut")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1200}));
  sub->add_option("--nodes", options->nodes, "node ids to report (default: every product)")
      ->delimiter(',');
  sub->add_option("--mean-life", options->mean_life,
                  "mean life in months of an unserviced installed base, for services edges "
                  "without a mean_life_months attribute (0: lost at once)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  sub->add_option("--ramp", options->ramp,
                  "months over which a substitute ramps up after its lead time, for edges "
                  "without a ramp_months attribute")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  auto* json = sub->add_flag("--json", options->json, "print one JSON document on stdout");
  sub->add_flag("--csv", options->csv, "print a CSV table (one row per node, one column per month)")
      ->excludes(json);
  sub->add_option("--plot", options->plot, "also draw the curves into this SVG file");

  return {sub, [options]() -> int {
            graph g = load_graph_file(options->file, options->json);
            scenario definition = io::read_scenario(options->scenario_file);
            compiled_scenario cs = compile_scenario_file(g, definition, options->scenario_file);
            std::vector<node_index> nodes;
            if (options->nodes.empty()) {
              for (node_index v : g.nodes())
                if (g.node_kinds()[v] == node_kind::product) nodes.push_back(v);
              if (nodes.empty())
                throw parse_error({.element = "--nodes"},
                                  "no --nodes given and " + options->file + " has no product node");
            } else {
              nodes = resolve_ids(g, options->nodes, options->file, "--nodes");
            }
            progress_bar progress("timeline", !options->json && !options->csv);
            timeline_result r = timeline(
                g, cs,
                {.months = options->months,
                 .mean_life_months = options->mean_life,
                 .ramp_months = options->ramp,
                 .record = nodes,
                 .progress = [&](std::size_t done, std::size_t total) { progress(done, total); }});
            progress.finish();
            const std::string title = definition.name.empty() ? options->scenario_file : definition.name;
            if (!options->plot.empty()) {
              std::FILE* file = std::fopen(options->plot.c_str(), "wb");
              if (file == nullptr)
                throw parse_error({.file = options->plot},
                                  std::string("cannot write: ") + std::strerror(errno));
              std::string svg = svg_chart(g, r, title);
              bool ok = std::fwrite(svg.data(), 1, svg.size(), file) == svg.size();
              ok = std::fclose(file) == 0 && ok;
              if (!ok) throw parse_error({.file = options->plot}, "write failed");
            }

            if (options->json) {
              nlohmann::ordered_json out;
              out["scenario"] = definition.name;
              out["months"] = r.months;
              auto& list = out["nodes"] = nlohmann::ordered_json::array();
              for (std::size_t i = 0; i < r.nodes.size(); ++i) {
                auto series = r.series(i);
                list.push_back({{"id", g.node(r.nodes[i]).id()},
                                {"kind", to_string(g.node(r.nodes[i]).kind())},
                                {"capacity", std::vector<double>(series.begin(), series.end())},
                                {"first_month_below_half", r.first_month_below(i, 0.5)}});
              }
              out["warnings"] = cs.warnings();
              print_json(out);
              return exit_ok;
            }
            if (options->csv) {
              fmt::print("id,kind");
              for (std::size_t t = 0; t <= r.months; ++t) fmt::print(",month_{}", t);
              fmt::print("\n");
              for (std::size_t i = 0; i < r.nodes.size(); ++i) {
                fmt::print("{},{}", csv_field(g.node(r.nodes[i]).id()),
                           to_string(g.node(r.nodes[i]).kind()));
                for (double c : r.series(i)) fmt::print(",{}", c);
                fmt::print("\n");
              }
              return exit_ok;
            }
            fmt::print("Scenario: {}\n", title);
            for (const std::string& w : cs.warnings()) fmt::print("  warning: {}\n", w);
            fmt::print("Capacity by month (percent of each node's own capacity; month 0 is the "
                       "baseline):\n");
            const std::size_t step = r.months <= 24 ? 1 : (r.months + 23) / 24;
            fmt::print("  {:<28}", "node");
            for (std::size_t t = 0; t <= r.months; t += step) fmt::print(" {:>4}", t);
            fmt::print("  below 50% from\n");
            for (std::size_t i = 0; i < r.nodes.size(); ++i) {
              fmt::print("  {:<28}", std::string(g.node(r.nodes[i]).id()).substr(0, 28));
              auto series = r.series(i);
              for (std::size_t t = 0; t <= r.months; t += step)
                fmt::print(" {:>4.0f}", 100.0 * series[t]);
              int below = r.first_month_below(i, 0.5);
              fmt::print("  {}\n", below < 0 ? std::string("never") : fmt::format("month {}", below));
            }
            if (!options->plot.empty()) fmt::print("Chart written to {}\n", options->plot);
            return exit_ok;
          }};
}

}  // namespace micgraph::cli
