// micgraph convert IN OUT: between node-link JSON, the CSV pair and the .mgb snapshot.

#include <fmt/core.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <micgraph/io/load.hpp>
#include <micgraph/report/format.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct convert_options {
  std::string input;
  std::string output;
};

}  // namespace

command add_convert(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "convert", "Convert a graph between node-link JSON, CSV (a directory) and the .mgb binary "
                 "snapshot, in any direction; the formats follow from the paths");
  auto options = std::make_shared<convert_options>();
  sub->add_option("IN", options->input, "graph: a .json or .mgb file, or a CSV directory / nodes.csv")
      ->required();
  sub->add_option("OUT", options->output,
                  "output: a .json or .mgb file, or any other path for a CSV directory")
      ->required();

  return {sub, [options]() -> int {
            using clock = std::chrono::steady_clock;
            const io::graph_format in_format = io::format_of(options->input);
            io::format_of(options->output, true);  // an output path of no known form: refused first
            auto start = clock::now();
            graph g = load_graph_file(options->input);
            std::chrono::duration<double> read_seconds = clock::now() - start;
            fmt::print(stderr, "read {} ({}, {}): {} nodes, {} edges in {:.2f} s\n",
                       options->input, io::to_string(in_format),
                       byte_size(io::size_on_disk(options->input, in_format)), g.node_count(),
                       g.edge_count(), read_seconds.count());
            start = clock::now();
            {
              progress_bar bar("writing " + options->output, true);
              io::save_graph(g, options->output,
                             {.progress = [&](double done) { bar.fraction(done); }});
            }
            std::chrono::duration<double> write_seconds = clock::now() - start;
            fmt::print(stderr, "{}",
                       wrote_graph_line(options->output,
                                        fmt::format("{} nodes, {} edges", g.node_count(),
                                                    g.edge_count()),
                                        write_seconds.count()));
            return exit_ok;
          }};
}

}  // namespace micgraph::cli
