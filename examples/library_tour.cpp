// library_tour: the README's command-line tour through the library alone — what the G7/EU
// machine-tool ban does to the Kh-101 and why, then which single Western supplier hurts it
// most and what the cheapest cut that stops it is. The reports are the ones `micgraph impact`
// and `micgraph chokepoints` print, so the output is theirs byte for byte.
//
//   library_tour DATASET SCENARIO TARGET [--json]

#include <fmt/core.h>

#include <micgraph/micgraph.hpp>
#include <string>
#include <vector>

using namespace micgraph;

int main(int argc, char** argv) {
  if (argc < 4 || argc > 5 || (argc == 5 && std::string(argv[4]) != "--json")) {
    fmt::print(stderr, "usage: library_tour DATASET SCENARIO TARGET [--json]\n");
    return 2;
  }
  const bool json = argc == 5;
  try {
    const graph g = io::load_graph(argv[1]);
    const std::vector<std::string> target = {argv[3]};

    // micgraph impact DATASET --scenario SCENARIO --explain TARGET
    compiled_scenario ban = compile(g, io::read_scenario(argv[2]));
    impact_report impact = make_impact_report(
        g, std::move(ban), {.explain = resolve_ids(g, target, "target", argv[1])});

    // micgraph chokepoints DATASET --targets TARGET --rank WESTERN --min-cut TARGET
    //   --cuttable WESTERN_AND_CHINESE
    chokepoints_report chokepoints = make_chokepoints_report(
        g, {.targets = resolve_ids(g, target, "target", argv[1]),
            .rank = parse_named_filter("countries=DE,JP,TW,CH,US,KR,SE,IT", "--rank"),
            .min_cut = resolve_ids(g, target, "target", argv[1]),
            .cuttable = parse_named_filter("countries=DE,JP,TW,CH,US,KR,SE,IT,CN,HK", "--cuttable")});

    if (json) {
      fmt::print("{}\n{}\n", json_text(impact), json_text(chokepoints));
    } else {
      fmt::print("{}", to_text(impact, {.scenario_label = argv[2]}));
      fmt::print("{}", to_text(chokepoints, 5));
    }
    return 0;
  } catch (const parse_error& e) {  // bad input: a file, a scenario, an id
    fmt::print(stderr, "library_tour: {}\n", e.what());
    return 2;
  } catch (const error& e) {
    fmt::print(stderr, "library_tour: {}\n", e.what());
    return 1;
  }
}
