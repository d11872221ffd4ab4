// Ownership results and explanations as JSON documents and text tables.

#include "micgraph/report/ownership.hpp"

#include "micgraph/report/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

namespace micgraph {

namespace {

using ordered_json = nlohmann::ordered_json;

/// A stake as a percentage, as few decimals as it needs (up to two): `50%`, `12.5%`, `33.33%`.
std::string stake_text(double fraction) {
  const double value = std::round(fraction * 10000.0) / 100.0;
  std::string out = fmt::format("{:.2f}", value);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out + "%";
}

/// `>= 50%` or `> 50%`.
std::string threshold_text(const ownership_rule& rule) {
  return std::string(rule.inclusive ? ">= " : "> ") + stake_text(rule.threshold);
}

ordered_json rule_json(const ownership_rule& rule) {
  ordered_json out;
  // A preset read as of a date or within a hop limit is still that authority's rule.
  ownership_rule base = rule;
  base.as_of.reset();
  base.max_hops = ownership_rule::unlimited_hops;
  const std::string_view name = base.preset_name();
  out["name"] = name.empty() ? ordered_json(nullptr) : ordered_json(std::string(name));
  out["threshold"] = rule.threshold;
  out["inclusive"] = rule.inclusive;
  out["aggregate"] = rule.aggregate;
  out["control"] = rule.control;
  out["max_hops"] = rule.max_hops == ownership_rule::unlimited_hops ? ordered_json(nullptr)
                                                                    : ordered_json(rule.max_hops);
  out["as_of"] = rule.as_of ? ordered_json(format_date(*rule.as_of)) : ordered_json(nullptr);
  return out;
}

ordered_json edge_json(const graph& g, edge_index e) {
  const edge_view edge = g.edge(e);
  ordered_json out = {{"source", std::string(g.node(edge.source()).id())},
                      {"target", std::string(g.node(edge.target()).id())},
                      {"kind", std::string(to_string(edge.kind()))},
                      {"share", edge.share()}};
  out["start_date"] =
      edge.start_date() ? ordered_json(format_date(*edge.start_date())) : ordered_json(nullptr);
  out["end_date"] =
      edge.end_date() ? ordered_json(format_date(*edge.end_date())) : ordered_json(nullptr);
  ordered_json sources = ordered_json::array();
  for (std::string_view citation : edge.sources()) sources.push_back(std::string(citation));
  out["sources"] = std::move(sources);
  return out;
}

/// How the owners of one step block the entity: `50% held by blocked owners >= 50%` or
/// `controlled by a blocked owner`.
std::string step_text(const ownership_rule& rule, const ownership_reason& reason) {
  if (reason.listed) return "listed";
  if (reason.truncated) return "not expanded (explanation size limit)";
  if (reason.by_control) return "controlled by a blocked owner";
  return fmt::format("{} held by {} {}", stake_text(reason.counted),
                     rule.aggregate ? "blocked owners together" : "one blocked owner",
                     threshold_text(rule));
}

/// An owner's part in a step: `25%`, `25%, controls`, `controls`.
std::string holding_text(const ownership_holding& h) {
  std::string out = h.stake > 0.0 ? stake_text(h.stake) : std::string();
  if (h.controls) out += out.empty() ? "controls" : ", controls";
  return out;
}

}  // namespace

std::string describe(const ownership_rule& rule) {
  std::string out;
  // A preset read as of a date or within a hop limit is still that authority's rule.
  ownership_rule base = rule;
  base.as_of.reset();
  base.max_hops = ownership_rule::unlimited_hops;
  const std::string_view name = base.preset_name();
  if (name == "ofac")
    out = "OFAC 50 Percent Rule: ";
  else if (name == "eu")
    out = "EU (Best Practices, July 2024): ";
  else if (name == "uk")
    out = "UK (OFSI) / EU before July 2024: ";
  else if (name == "any-stake")
    out = "any stake: ";
  else
    out = "custom rule: ";
  if (rule.threshold == 0.0 && !rule.inclusive)
    out += "any stake of a blocked owner";
  else
    out += fmt::format(
        "{} {}",
        rule.inclusive ? stake_text(rule.threshold) + " or more"
                       : "more than " + stake_text(rule.threshold),
        rule.aggregate ? "held by blocked owners together" : "held by one blocked owner");
  out += rule.control ? ", or controlled by one" : ", control does not count";
  if (rule.max_hops != ownership_rule::unlimited_hops)
    out += fmt::format(", at most {} links from a listing", rule.max_hops);
  if (rule.as_of) out += ", as of " + format_date(*rule.as_of);
  return out;
}

ordered_json to_json(const graph& g, const ownership_result& r) {
  const std::vector<ownership_reason> reasons = ownership_reasons(g, r);
  ordered_json out;
  out["rule"] = rule_json(r.rule);
  ordered_json listed = ordered_json::array();
  for (node_index v : r.listed) listed.push_back(std::string(g.node(v).id()));
  out["listed"] = std::move(listed);
  ordered_json blocked = ordered_json::array();
  std::uint32_t deepest = 0;
  for (std::size_t i = 0; i < r.blocked.size(); ++i) {
    const node_view node = g.node(r.blocked[i]);
    const ownership_reason& reason = reasons[i];
    deepest = std::max(deepest, reason.hops);
    ordered_json entry = {{"id", std::string(node.id())},
                          {"kind", std::string(to_string(node.kind()))},
                          {"country", std::string(node.country())},
                          {"name", std::string(node.name())},
                          {"hops", reason.hops},
                          {"listed", reason.listed}};
    if (!reason.listed) {
      entry["counted"] = reason.counted;
      entry["by_control"] = reason.by_control;
    }
    ordered_json by = ordered_json::array();
    for (const ownership_holding& h : reason.holdings)
      by.push_back({{"owner", std::string(g.node(h.owner).id())},
                    {"stake", h.stake},
                    {"controls", h.controls}});
    entry["blocked_by"] = std::move(by);
    blocked.push_back(std::move(entry));
  }
  out["blocked"] = std::move(blocked);
  out["counts"] = {{"listed", r.listed.size()},
                   {"blocked", r.blocked.size()},
                   {"through_ownership", r.blocked.size() - r.listed.size()},
                   {"max_hops", deepest}};
  return out;
}

std::string to_text(const graph& g, const ownership_result& r,
                    const ownership_text_options& options) {
  const std::vector<ownership_reason> reasons = ownership_reasons(g, r);
  std::string out = fmt::format("Rule: {}\n", describe(r.rule));
  std::uint32_t deepest = 0;
  for (const ownership_reason& reason : reasons) deepest = std::max(deepest, reason.hops);
  out += fmt::format("Listed: {}; blocked through ownership or control: {}", r.listed.size(),
                     r.blocked.size() - r.listed.size());
  if (deepest > 0) {
    out += fmt::format(" (up to {} link{} from a listing)", deepest, deepest == 1 ? "" : "s");
  }
  out += '\n';
  if (r.blocked.size() == r.listed.size()) return out;
  out += fmt::format("  {:<40} {:<8} {:<7} {:>4} {:>8}  {}\n", "blocked entity", "kind", "country",
                     "hops", "held", "blocked by");
  std::size_t shown = 0;
  for (std::size_t i = 0; i < r.blocked.size(); ++i) {
    const ownership_reason& reason = reasons[i];
    if (reason.listed) continue;
    if (shown == table_rows(options.top)) {
      out += fmt::format("  ... {} more (--top, --json)\n", r.blocked.size() - r.listed.size() - shown);
      break;
    }
    ++shown;
    const node_view node = g.node(r.blocked[i]);
    std::string by;
    for (const ownership_holding& h : reason.holdings)
      by += fmt::format("{}{} {}", by.empty() ? "" : ", ", g.node(h.owner).id(), holding_text(h));
    std::string name(node.name().empty() ? node.id() : node.name());
    if (clip(name, 40) != name) name = clip(name, 37) + "...";
    out += fmt::format("  {:<40} {:<8} {:<7} {:>4} {:>8}  {}\n", name, to_string(node.kind()),
                       node.country(), reason.hops,
                       reason.by_control ? "control" : stake_text(reason.counted), by);
  }
  return out;
}

ordered_json to_json(const graph& g, const ownership_result& r, const ownership_explanation& why) {
  ordered_json out;
  out["entity"] = why.entities.empty()
                      ? ordered_json(nullptr)
                      : ordered_json(std::string(g.node(why.entities[0].entity).id()));
  out["rule"] = rule_json(r.rule);
  ordered_json entities = ordered_json::array();
  for (const ownership_reason& reason : why.entities) {
    ordered_json entry = {{"id", std::string(g.node(reason.entity).id())},
                          {"kind", std::string(to_string(g.node(reason.entity).kind()))},
                          {"hops", reason.hops},
                          {"listed", reason.listed},
                          {"counted", reason.counted},
                          {"by_control", reason.by_control},
                          {"truncated", reason.truncated}};
    ordered_json holdings = ordered_json::array();
    for (const ownership_holding& h : reason.holdings) {
      ordered_json edges = ordered_json::array();
      for (edge_index e : h.edges) edges.push_back(edge_json(g, e));
      holdings.push_back({{"owner", std::string(g.node(h.owner).id())},
                          {"stake", h.stake},
                          {"controls", h.controls},
                          {"owner_reason", h.owner_reason},
                          {"edges", std::move(edges)}});
    }
    entry["holdings"] = std::move(holdings);
    entities.push_back(std::move(entry));
  }
  out["entities"] = std::move(entities);
  return out;
}

std::string to_text(const graph& g, const ownership_result& r, const ownership_explanation& why) {
  if (why.entities.empty()) return {};
  std::string out = fmt::format("Why {} is blocked ({}):\n", g.node(why.entities[0].entity).id(),
                                describe(r.rule));
  std::vector<bool> written(why.entities.size(), false);
  // Depth first from the entity asked about; an entity met again is referred to by its id.
  auto write = [&](auto& self, std::uint32_t i, std::size_t depth) -> void {
    const ownership_reason& reason = why.entities[i];
    const std::string indent(2 * depth, ' ');
    out += fmt::format("{}{}: {}", indent, node_label(g, reason.entity), step_text(r.rule, reason));
    if (!reason.listed && !reason.truncated)
      out += fmt::format(" [{} link{} from a listing]", reason.hops, reason.hops == 1 ? "" : "s");
    if (written[i] && !reason.listed) {
      out += " (see above)\n";
      return;
    }
    out += "\n";
    written[i] = true;
    for (const ownership_holding& h : reason.holdings) {
      std::string dates;
      for (edge_index e : h.edges) {
        const edge_view edge = g.edge(e);
        if (edge.start_date() || edge.end_date())
          dates += fmt::format("{}{} to {}", dates.empty() ? ", in force " : "; ",
                               edge.start_date() ? format_date(*edge.start_date()) : "",
                               edge.end_date() ? format_date(*edge.end_date()) : "now");
      }
      out += fmt::format("{}  held by {}: {}{}\n", indent, g.node(h.owner).id(), holding_text(h),
                         dates);
      self(self, h.owner_reason, depth + 2);
    }
  };
  write(write, 0, 1);
  return out;
}

ownership_report make_ownership_report(const graph& g, const ownership_report_options& options) {
  ownership_report report{.g = &g, .listed_filter = options.listed.text};
  const std::vector<node_index> listed = select_nodes(g, options.listed, report.warnings);
  if (listed.empty())
    report.warnings.push_back(fmt::format("{} '{}' selects no node: nothing is listed",
                                          options.listed.name, options.listed.text));
  report.result = ownership_blocked(g, listed, options.rule);
  for (node_index v : options.explain)
    report.explanations.emplace_back(v, explain_ownership(g, report.result, v));
  return report;
}

void to_json(ordered_json& out, const ownership_report& report) {
  const graph& g = *report.g;
  const ordered_json result = to_json(g, report.result);
  out = ordered_json::object();
  out["listed_filter"] = report.listed_filter;
  out.update(result);
  ordered_json explanations = ordered_json::array();
  for (const auto& [entity, why] : report.explanations) {
    ordered_json entry = to_json(g, report.result, why);
    entry["entity"] = std::string(g.node(entity).id());
    entry["blocked"] = report.result.is_blocked(entity);
    explanations.push_back(std::move(entry));
  }
  out["explanations"] = std::move(explanations);
  out["warnings"] = report.warnings;
}

std::string to_text(const ownership_report& report, const ownership_text_options& options) {
  const graph& g = *report.g;
  std::string out;
  for (const std::string& w : report.warnings) out += fmt::format("warning: {}\n", w);
  out += fmt::format("Listing: {} ({} node{})\n", report.listed_filter,
                                report.result.listed.size(),
                                report.result.listed.size() == 1 ? "" : "s");
  out += to_text(g, report.result, options);
  for (const auto& [entity, why] : report.explanations) {
    out += "\n";
    out += why.entities.empty()
               ? fmt::format("{} is not blocked under this rule\n", node_label(g, entity))
               : to_text(g, report.result, why);
  }
  return out;
}

}  // namespace micgraph
