// micgraph ownership FILE --listed FILTER [--rule ofac|eu|uk|eu-until-2024|any-stake]
//                         [--threshold X] [--exclusive] [--no-aggregate] [--control]
//                         [--max-hops N] [--as-of YYYY-MM-DD] [--explain IDS] [--top N] [--json]

#include <fmt/core.h>

#include <memory>
#include <micgraph/report/ownership.hpp>
#include <micgraph/selection.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct ownership_command_options {
  std::string file;
  std::string listed;
  std::string rule = "ofac";
  std::optional<double> threshold;
  bool exclusive = false;
  bool no_aggregate = false;
  bool control = false;
  std::optional<std::uint32_t> max_hops;
  std::string as_of;
  std::vector<std::string> explain;
  std::size_t top = 40;
  bool json = false;
};

int run_ownership(const ownership_command_options& options) {
  graph g = load_graph_file(options.file, options.json);
  ownership_report_options report_options{.listed = parse_named_filter(options.listed, "--listed")};
  ownership_rule& rule = report_options.rule;
  rule = *ownership_rule::preset(options.rule);  // the option's check lets only presets through
  if (options.threshold) rule.threshold = *options.threshold;
  if (options.exclusive) rule.inclusive = false;
  if (options.no_aggregate) rule.aggregate = false;
  if (options.control) rule.control = true;
  if (options.max_hops) rule.max_hops = *options.max_hops;
  if (!options.as_of.empty()) rule.as_of = parse_date(options.as_of);
  report_options.explain = resolve_ids(g, options.explain, "--explain", options.file);
  const ownership_report report = make_ownership_report(g, report_options);
  if (options.json)
    print_json(report);
  else
    fmt::print("{}", to_text(report, {.top = options.top}));
  return exit_ok;
}

}  // namespace

command add_ownership(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "ownership",
      "Who a listing blocks through ownership and control: OFAC's 50 Percent Rule, the EU's and "
      "the UK's rules or a custom one, with the chain of stakes behind each blocked entity");
  auto options = std::make_shared<ownership_command_options>();
  add_graph_argument(sub, options->file);
  sub->add_option("--listed", options->listed,
                  "the listed nodes, a node filter, e.g. 'tags=sanctioned:us-sdn' or "
                  "'ids=ru-ktrv,ru-raduga'")
      ->required();
  std::string presets;
  for (std::string_view name : ownership_rule::preset_names)
    presets += (presets.empty() ? "" : ", ") + std::string(name);
  sub->add_option("--rule", options->rule,
                  "the authority's rule: " + presets +
                      " (ofac: 50% or more in the aggregate, control does not count; eu: the same "
                      "or controlled; uk: more than 50% held by one owner, or controlled)")
      ->capture_default_str()
      ->check(CLI::IsMember(std::vector<std::string>(std::begin(ownership_rule::preset_names),
                                                     std::end(ownership_rule::preset_names))));
  sub->add_option("--threshold", options->threshold,
                  "the stake that blocks, a fraction in [0,1] (overrides the rule's)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_flag("--exclusive", options->exclusive, "block only above the threshold, not at it");
  sub->add_flag("--no-aggregate", options->no_aggregate,
                "one blocked owner must hold the stake alone (stakes are not added up)");
  sub->add_flag("--control", options->control, "a controls edge from a blocked node blocks");
  sub->add_option("--max-hops", options->max_hops,
                  "ownership links from a listed node, at most (default: no limit)")
      ->check(CLI::Range(0u, 1'000'000u));
  sub->add_option("--as-of", options->as_of,
                  "only stakes and control in force on this day (YYYY-MM-DD) count")
      ->check([](const std::string& text) {
        return parse_date(text) ? std::string() : "expected a date YYYY-MM-DD, got '" + text + "'";
      });
  sub->add_option("--explain", options->explain,
                  "explain why these entities are blocked, down to the listing")
      ->delimiter(',');
  sub->add_option("--top", options->top, "blocked entities listed (0: all)")->capture_default_str();
  sub->add_flag("--json", options->json, "print one JSON document on stdout");
  return {sub, [options] { return run_ownership(*options); }};
}

}  // namespace micgraph::cli
