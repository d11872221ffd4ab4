// micgraph generate --nodes N [--seed S] [--tiers T] [--single-source F] -o OUT

#include <fmt/core.h>

#include <chrono>
#include <memory>
#include <micgraph/generate.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/report/format.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {
struct generate_command_options {
  generate_options generator;
  std::string output;
};
}  // namespace

command add_generate(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "generate",
      "Write a synthetic multi-tier supply graph (deterministic per seed): raw materials, machine "
      "tools and services -> components -> subassemblies -> products, with hub suppliers and "
      "single-source inputs");
  auto options = std::make_shared<generate_command_options>();
  sub->add_option("--nodes", options->generator.nodes, "number of nodes")
      ->required()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 31));
  sub->add_option("--seed", options->generator.seed, "random seed")->capture_default_str();
  sub->add_option("--tiers", options->generator.tiers, "supply tiers (>= 3)")
      ->capture_default_str()
      ->check(CLI::Range(3u, 64u));
  sub->add_option("--single-source", options->generator.single_source,
                  "fraction of inputs with exactly one provider")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("-o,--output", options->output,
                  "output: a .json file, or a directory for nodes.csv + edges.csv")
      ->required();

  return {sub, [options]() -> int {
            auto start = std::chrono::steady_clock::now();
            graph g = [&] {
              progress_bar bar("generating", true);
              generate_options generator = options->generator;
              generator.progress = [&](double done) { bar.fraction(done); };
              return generate(generator);
            }();
            {
              progress_bar bar("writing " + options->output, true);
              io::save_graph(g, options->output,
                             {.progress = [&](double done) { bar.fraction(done); }});
            }
            std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
            fmt::print(stderr, "{}",
                       wrote_graph_line(options->output,
                                        fmt::format("{} nodes, {} edges generated",
                                                    g.node_count(), g.edge_count()),
                                        seconds.count()));
            return exit_ok;
          }};
}

}  // namespace micgraph::cli
