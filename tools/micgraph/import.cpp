// micgraph import war-sanctions DIR | ftm FILE | open-psa FILE... -o OUT: a public data set or a
// fault tree as a graph, with a report of what was read, built and skipped.

#include <fmt/core.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <micgraph/import/ftm.hpp>
#include <micgraph/import/open_psa.hpp>
#include <micgraph/import/war_sanctions.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/report/graph.hpp>
#include <micgraph/report/open_psa.hpp>
#include <optional>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct import_options {
  std::vector<std::string> inputs;
  std::string output;
  std::optional<double> unknown_stake;
  bool no_directorships = false;
};

/// Runs an import, saves its graph and prints its report (made by `describe` from the import
/// and the seconds taken) on stderr.
template <typename Import, typename Describe>
int import_and_save(const import_options& options, Import&& run, Describe&& describe) {
  const auto start = std::chrono::steady_clock::now();
  auto imported = run();
  io::save_graph(imported.graph, options.output);
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  fmt::print(stderr, "{}", describe(imported, seconds.count()));
  return exit_ok;
}

CLI::App* add_source(CLI::App* sub, const char* name, const char* description,
                     import_options& options, const char* input, const char* input_help) {
  auto* source = sub->add_subcommand(name, description);
  source->add_option(input, options.inputs, input_help)->required();
  source->add_option("-o,--output", options.output,
                     "output: a .json file, a .mgb snapshot, or a directory for nodes.csv + "
                     "edges.csv")
      ->required();
  return source;
}

}  // namespace

command add_import(CLI::App& app) {
  auto* sub = app.add_subcommand("import", "Build a graph from a public data set or a fault tree");
  sub->require_subcommand(1);
  auto options = std::make_shared<import_options>();
  auto* war_sanctions = add_source(
      sub, "war-sanctions",
      "The GUR War & Sanctions components data (CC BY 4.0): weapons as products, makers as firms, "
      "distinct parts as components; prints what was read, merged and skipped",
      *options, "DIR",
      "folder holding drones.csv, components.csv and optionally manufacturers.csv, "
      "supply_chain_edges.csv, LICENSE-DATA");
  war_sanctions->get_option("DIR")->expected(1);
  auto* ftm = add_source(
      sub, "ftm",
      "FollowTheMoney entities (OpenSanctions, Aleph; JSON lines): companies and persons, who "
      "owns whom with stakes and dates, directorships and control, sanctions as listing tags; "
      "prints what was read, built and skipped",
      *options, "FILE", "the entity file, one JSON entity per line");
  ftm->get_option("FILE")->expected(1);
  ftm->add_option("--unknown-stake", options->unknown_stake,
                  "the stake to assume for an ownership without a percentage, in (0,1] "
                  "(default: skip such ownerships and count them)")
      ->check([](const std::string& text) {
        double stake = 0;
        return CLI::detail::lexical_cast(text, stake) && stake > 0.0 && stake <= 1.0
                   ? std::string()
                   : "expected a stake in (0,1], got '" + text + "'";
      });
  ftm->add_flag("--no-directorships", options->no_directorships,
                "leave directorships out (by default a director controls the firm)");
  auto* open_psa = add_source(
      sub, "open-psa",
      "Open-PSA MEF fault trees (XML; AND, OR and ATLEAST gates, basic and house events): each "
      "top gate a product, basic events the cuttable nodes; then 'micgraph chokepoints --order "
      "K' lists the trees' minimal cut sets",
      *options, "FILE", "the MEF files (one model, several files allowed)");

  return {sub, [options, war_sanctions, ftm, open_psa]() -> int {
            if (war_sanctions->parsed())
              return import_and_save(
                  *options, [&] { return io::import_war_sanctions(options->inputs.front()); },
                  [&](const io::war_sanctions_import& imported, double seconds) {
                    return io::to_text(imported.report, imported.graph, options->output, seconds);
                  });
            if (ftm->parsed())
              return import_and_save(
                  *options,
                  [&] {
                    return io::import_ftm(options->inputs.front(),
                                          {.unknown_stake = options->unknown_stake,
                                           .directorships_as_control = !options->no_directorships});
                  },
                  [&](const io::ftm_import& imported, double seconds) {
                    return io::to_text(imported.report, imported.graph, options->output, seconds);
                  });
            return import_and_save(
                *options,
                [&] {
                  const std::vector<std::filesystem::path> files(options->inputs.begin(),
                                                                 options->inputs.end());
                  return io::import_open_psa(files);
                },
                [&](const io::open_psa_import& imported, double seconds) {
                  return io::to_text(imported.report, imported.graph, options->output, seconds);
                });
          }};
}

}  // namespace micgraph::cli
