// micgraph: maps the supply dependencies of military-industrial complexes and stress-tests them.
// This file only wires the subcommands; each lives in its own file.

#include <fmt/core.h>

#include <exception>
#include <new>
#include <string>
#include <vector>

#include "command.hpp"

int main(int argc, char** argv) {
  using namespace micgraph::cli;
  use_huge_pages_for_large_inputs(argc, argv);
  CLI::App app{
      "micgraph: supply-dependency graphs of military-industrial complexes, their chokepoints "
      "and what sanctions do to production capacity"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "micgraph 0.1.0");
  const std::vector<command> commands = {
      add_validate(app), add_stats(app),    add_impact(app),  add_timeline(app),
      add_chokepoints(app), add_design(app), add_ownership(app), add_report(app), add_export(app),
      add_convert(app),  add_generate(app), add_import(app)};

  std::vector<std::string> args = renew_arguments(argc, argv);
  std::vector<char*> renewed;
  for (std::string& arg : args) renewed.push_back(arg.data());
  const int count = static_cast<int>(renewed.size());
  try {
    app.parse(count, renewed.data());
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    fmt::print(stderr, "micgraph: usage error: {}\n", usage_problem(app, count, renewed.data(), e));
    return exit_bad_input;
  }
  try {
    for (const command& each : commands)
      if (each.app->parsed()) return each.run();
  } catch (const micgraph::parse_error& e) {
    fmt::print(stderr, "micgraph: error: {}\n", e.what());
    return exit_bad_input;
  } catch (const micgraph::error& e) {
    fmt::print(stderr, "micgraph: error: {}\n", e.what());
    return exit_failure;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "micgraph: error: out of memory\n");
    return exit_failure;
  } catch (const std::exception& e) {
    fmt::print(stderr, "micgraph: internal error: {}\n", e.what());
    return exit_failure;
  }
  return exit_bad_input;
}
