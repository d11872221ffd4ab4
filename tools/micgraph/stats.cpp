// micgraph stats FILE [--json]: counts and structure of a graph.

#include <fmt/core.h>

#include <memory>
#include <micgraph/analysis/stats.hpp>
#include <micgraph/io/load.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {
struct stats_options {
  std::string file;
  bool json = false;
};
}  // namespace

command add_stats(CLI::App& app) {
  auto* sub = app.add_subcommand("stats", "Counts and structure of a graph");
  auto options = std::make_shared<stats_options>();
  sub->add_option("FILE", options->file, "graph: a .json file, or a CSV directory / nodes.csv")
      ->required();
  sub->add_flag("--json", options->json, "print one JSON document on stdout");

  return {sub, [options]() -> int {
            graph g = load_graph_file(options->file, options->json);
            graph_stats s = compute_stats(g);
            const double bytes_per_edge =
                s.edges == 0 ? 0.0
                             : static_cast<double>(s.memory.total()) / static_cast<double>(s.edges);
            if (options->json) {
              nlohmann::ordered_json out;
              out["nodes"] = s.nodes;
              out["edges"] = s.edges;
              auto& by_kind = out["by_kind"] = nlohmann::ordered_json::object();
              for (std::size_t k = 0; k < node_kind_count; ++k)
                by_kind[std::string(node_kind_names[k])] = s.by_kind[k];
              auto& by_edge_kind = out["by_edge_kind"] = nlohmann::ordered_json::object();
              for (std::size_t k = 0; k < edge_kind_count; ++k)
                by_edge_kind[std::string(edge_kind_names[k])] = s.by_edge_kind[k];
              auto& by_country = out["by_country"] = nlohmann::ordered_json::object();
              for (const auto& [country, count] : s.by_country) by_country[country] = count;
              out["sources"] = s.sources;
              out["sinks"] = s.sinks;
              out["cyclic_components"] = s.cyclic_components;
              out["largest_cyclic_component"] = s.largest_cyclic_component;
              out["slots"] = s.slots;
              out["memory_bytes"] = s.memory.total();
              out["bytes_per_edge"] = bytes_per_edge;
              auto per_edge = [&s](std::size_t bytes) {
                return s.edges == 0 ? 0.0 : static_cast<double>(bytes) / static_cast<double>(s.edges);
              };
              out["memory"] = {{"topology", s.memory.topology},
                               {"node_properties", s.memory.node_properties},
                               {"edge_properties", s.memory.edge_properties},
                               {"strings", s.memory.strings},
                               {"bytes_per_edge_without_strings",
                                per_edge(s.memory.total() - s.memory.strings)}};
              print_json(out);
              return exit_ok;
            }
            fmt::print("{}\n", options->file);
            fmt::print("  nodes {:>12}   edges {:>12}   requirement slots {:>12}\n", s.nodes,
                       s.edges, s.slots);
            fmt::print("  sources {:>10}   sinks {:>12}   cyclic components {:>12} (largest {})\n",
                       s.sources, s.sinks, s.cyclic_components, s.largest_cyclic_component);
            fmt::print("  node kinds:\n");
            for (std::size_t k = 0; k < node_kind_count; ++k)
              fmt::print("    {:<14}{:>12}\n", node_kind_names[k], s.by_kind[k]);
            fmt::print("  edge kinds:\n");
            for (std::size_t k = 0; k < edge_kind_count; ++k)
              fmt::print("    {:<14}{:>12}\n", edge_kind_names[k], s.by_edge_kind[k]);
            fmt::print("  countries ({}):\n", s.by_country.size());
            std::size_t shown = 0;
            for (const auto& [country, count] : s.by_country) {
              if (shown++ == 12) {
                fmt::print("    ... {} more\n", s.by_country.size() - 12);
                break;
              }
              fmt::print("    {:<14}{:>12}\n", country.empty() ? "(none)" : country, count);
            }
            fmt::print("  memory {:.1f} MiB ({:.1f} bytes per edge)\n",
                       static_cast<double>(s.memory.total()) / (1024.0 * 1024.0), bytes_per_edge);
            if (s.edges > 0) {
              const auto edges = static_cast<double>(s.edges);
              fmt::print("    per edge: topology {:.1f}, node properties {:.1f}, edge properties "
                         "{:.1f}, strings {:.1f}\n",
                         static_cast<double>(s.memory.topology) / edges,
                         static_cast<double>(s.memory.node_properties) / edges,
                         static_cast<double>(s.memory.edge_properties) / edges,
                         static_cast<double>(s.memory.strings) / edges);
            }
            return exit_ok;
          }};
}

}  // namespace micgraph::cli
