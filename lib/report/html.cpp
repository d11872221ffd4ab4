#include "micgraph/report/html.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "micgraph/detail/text.hpp"
#include "micgraph/render/dot.hpp"
#include "micgraph/render/export.hpp"
#include "micgraph/report/format.hpp"
#include "micgraph/selection.hpp"

namespace micgraph {

namespace detail {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  while (!text.empty()) {
    const std::size_t bad = invalid_utf8_at(text);
    const std::string_view valid = text.substr(0, bad);
    for (char c : valid) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          out += c;
      }
    }
    if (bad == std::string_view::npos) break;
    out += "\xEF\xBF\xBD";  // U+FFFD for the byte that starts no well-formed character
    text.remove_prefix(bad + 1);
  }
  return out;
}

std::string html_linked(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    std::size_t at = std::min(text.find("https://"), text.find("http://"));
    if (at == std::string_view::npos) {
      out += html_escape(text);
      break;
    }
    std::size_t end = at;
    while (end < text.size() && static_cast<unsigned char>(text[end]) > ' ' && text[end] != '"' &&
           text[end] != '<' && text[end] != '>')
      ++end;
    // Trailing punctuation ends the sentence, not the address.
    while (end > at && std::string_view(".,;:)]'").find(text[end - 1]) != std::string_view::npos)
      --end;
    const std::string_view url = text.substr(at, end - at);
    out += html_escape(text.substr(0, at));
    if (url == "https://" || url == "http://") {
      out += html_escape(url);
    } else {
      const std::string escaped = html_escape(url);
      out += "<a href=\"" + escaped + "\" rel=\"noreferrer noopener\" target=\"_blank\">" +
             escaped + "</a>";
    }
    text.remove_prefix(end);
  }
  return out;
}

}  // namespace detail

namespace {

using detail::html_escape;

// ---- the analyses

std::vector<node_index> first_of(const std::vector<node_index>& list, std::size_t count) {
  return {list.begin(), list.begin() + static_cast<std::ptrdiff_t>(std::min(count, list.size()))};
}

/// The picture's nodes: each explanation's nodes as first reached, then the sources of its cut
/// edges, until `limit`.
std::vector<node_index> focus_nodes(const graph& g, const std::vector<explanation>& explanations,
                                    const std::vector<node_index>& explained, std::size_t limit) {
  std::vector<node_index> out;
  std::vector<std::uint8_t> taken(g.node_count(), 0);
  auto take = [&](node_index v) {
    if (out.size() < limit && taken[v] == 0) {
      taken[v] = 1;
      out.push_back(v);
    }
  };
  for (node_index v : explained) take(v);
  for (const explanation& why : explanations)
    for (const explained_node& node : why.nodes) {
      take(node.node);
      for (const explained_slot& slot : node.slots)
        for (const explained_edge& edge : slot.edges)
          if (!edge.rules.empty()) take(g.edge(edge.edge).source());
    }
  return out;
}

}  // namespace

html_report make_html_report(const graph& g, compiled_scenario scenario,
                             html_report_options options) {
  std::function<void(std::size_t, std::size_t)> progress = std::move(options.progress);
  options.progress = nullptr;
  options.focus_nodes = std::min(options.focus_nodes, html_max_focus_nodes);
  html_report report{.g = &g, .options = options};
  impact_report_options impact_options;
  impact_options.explanation.max_nodes = std::max<std::size_t>(options.explanation_nodes, 1);
  // Impact first: the explained products are the most hit.
  impact_result result = impact(g, scenario, impact_options.analysis);
  std::vector<node_index> explained;
  for (node_index v : result.ranked) {
    if (explained.size() == options.explained || result.loss(v) <= 1e-12) break;
    explained.push_back(v);
  }
  // The report keeps the scenario (moved, not copied: its weights are per edge).
  report.impact = {.g = &g, .scenario = std::move(scenario), .result = std::move(result)};
  const compiled_scenario& cuts = report.impact.scenario;
  auto present = [&cuts](edge_index e) { return cuts.edge_present(e); };
  report.impact.explained = explained;
  for (node_index v : explained)
    report.impact.explanations.push_back(
        explain(g, report.impact.scenario, report.impact.result, v, impact_options.explanation));

  report.targets = options.targets.empty()
                       ? first_of(report.impact.result.ranked, options.explained)
                       : options.targets;
  report.single_points = single_points(g, report.targets, {.edge_present = present});
  if (!report.targets.empty())
    report.pairs = single_point_pairs(g, report.targets,
                                      {.max_pairs = options.max_pairs, .edge_present = present});
  report.concentration = concentration(g, {.edge_present = present});

  if (options.months > 0) {
    timeline_report_options timeline{.analysis = options.timeline};
    timeline.analysis.months = options.months;
    timeline.analysis.record = first_of(report.impact.result.ranked, options.timeline_products);
    if (!timeline.analysis.record.empty())
      report.timeline = make_timeline_report(g, cuts, timeline);
  }
  if (options.samples > 0) {
    const std::vector<node_index> record = first_of(report.impact.result.ranked, options.top);
    if (!record.empty())
      report.monte_carlo = monte_carlo(g, cuts,
                                       {.samples = options.samples,
                                        .seed = options.seed,
                                        .threads = options.threads,
                                        .record = record,
                                        .progress = progress});
  }
  if (!options.views.empty()) {
    try {
      report.views = make_views_report(g, cuts.definition(), options.views);
    } catch (const scenario_error& e) {
      throw scenario_error({.element = "views"}, e.problem());
    }
  }
  if (options.focus_nodes > 0)
    report.focus =
        focus_nodes(g, report.impact.explanations, report.impact.explained, options.focus_nodes);
  return report;
}

namespace {

// ---- the page

constexpr std::string_view page_style = R"CSS(
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --loss: #c62828; --bar: #3b6ea8;
  --band: #9ec3e6; --paper: #ffffff; --shade: #f4f5f7; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans",
  sans-serif; color: var(--ink); background: var(--shade); }
header, main > section, footer { max-width: 1180px; margin: 0 auto; }
header { padding: 24px 24px 8px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header .subtitle { color: var(--muted); margin: 0 0 12px; }
.description { color: var(--muted); font-size: 13px; max-width: 900px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 8px 14px; min-width: 150px; }
.card b { display: block; font-size: 20px; }
.card span { color: var(--muted); font-size: 12px; }
nav { max-width: 1180px; margin: 0 auto; padding: 0 24px 8px; font-size: 13px; }
nav a { margin-right: 12px; color: var(--bar); text-decoration: none; }
main > section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  margin: 14px auto; padding: 6px 22px 16px; }
h2 { font-size: 18px; margin: 14px 0 8px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
p.note { color: var(--muted); font-size: 12.5px; margin: 4px 0 10px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 10px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { background: var(--shade); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: " \2195"; color: #aaa; font-size: 11px; }
table.sortable th[aria-sort="ascending"]::after { content: " \2191"; color: var(--ink); }
table.sortable th[aria-sort="descending"]::after { content: " \2193"; color: var(--ink); }
code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; background: var(--shade);
  padding: 0 3px; border-radius: 3px; }
.loss { color: var(--loss); font-weight: 600; }
.stopped { color: #fff; background: var(--loss); border-radius: 3px; padding: 0 4px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 8px 24px; }
svg.chart { width: 100%; height: auto; max-width: 720px; }
.picture { overflow: auto; max-height: 900px; border: 1px solid var(--line); border-radius: 6px; }
.picture svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
.picture g.node, .picture g.edge { cursor: help; }
#hover { position: fixed; display: none; z-index: 10; max-width: 460px; background: #222;
  color: #fff; font-size: 12px; padding: 6px 9px; border-radius: 5px; white-space: pre-line;
  pointer-events: none; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
details.chain { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0;
  padding: 4px 10px; }
details.chain > summary { font-weight: 600; }
details summary { cursor: pointer; }
.tree ul { list-style: none; margin: 2px 0 2px 18px; padding-left: 10px;
  border-left: 1px dashed var(--line); }
.tree li { margin: 2px 0; }
.tree .rule { color: var(--loss); }
.tree .cut { color: var(--loss); }
.tree .slot { color: var(--muted); }
.buttons button { font: inherit; font-size: 12px; margin: 0 6px 6px 0; padding: 2px 10px;
  border: 1px solid var(--line); background: var(--paper); border-radius: 4px; cursor: pointer; }
.bar { display: inline-block; height: 9px; background: var(--bar); vertical-align: middle;
  margin-right: 6px; border-radius: 2px; }
ul.plain { margin: 4px 0; padding-left: 18px; }
td.examples { min-width: 300px; font-size: 12px; }
td.examples code { white-space: nowrap; }
footer { color: var(--muted); font-size: 12px; padding: 8px 24px 28px; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { background: #fff; font-size: 10.5pt; }
  nav, .buttons, #hover { display: none !important; }
  header, main > section, footer { max-width: none; }
  main > section { border: none; border-radius: 0; margin: 0; padding: 0 0 8mm; }
  h2 { break-after: avoid; border-bottom: 1px solid #999; }
  h3 { break-after: avoid; }
  tr, li, svg.chart, .card { break-inside: avoid; }
  .picture { max-height: none; overflow: visible; border: none; }
  .charts { display: block; }
  table.sortable th::after { content: ""; }
  a { color: inherit; text-decoration: none; }
  details.chain { border: none; padding: 0; }
  details::details-content { content-visibility: visible; display: contents; }
  details > summary { list-style: none; }
}
)CSS";

constexpr std::string_view page_script = R"JS(
(function () {
  'use strict';
  // Sortable tables: a click on a header sorts by that column, ascending then descending.
  // Cells carry their value in data-v when it is a number.
  function cellValue(row, column) {
    var cell = row.cells[column];
    if (!cell) return '';
    var v = cell.getAttribute('data-v');
    return v !== null ? parseFloat(v) : cell.textContent.trim().toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, column) {
      th.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (row, i) { row.dataset.order = i; });
        rows.sort(function (a, b) {
          var x = cellValue(a, column), y = cellValue(b, column);
          var c = x < y ? -1 : x > y ? 1 : 0;
          if (!ascending) c = -c;
          return c !== 0 ? c : a.dataset.order - b.dataset.order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  // Explanation chains: expand or collapse every level at once.
  function setChains(open) {
    document.querySelectorAll('#chains details').forEach(function (d) { d.open = open; });
  }
  var expand = document.getElementById('expand-all');
  var collapse = document.getElementById('collapse-all');
  if (expand) expand.addEventListener('click', function () { setChains(true); });
  if (collapse) collapse.addEventListener('click', function () { setChains(false); });
  // Printing shows every chain.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
  // The picture: each node's and edge's fields in a box that follows the pointer. Graphviz
  // puts them in xlink:title; they move to data-fields so the browser shows one box only.
  var hover = document.getElementById('hover');
  var XLINK = 'http://www.w3.org/1999/xlink';
  document.querySelectorAll('.picture a').forEach(function (a) {
    var text = a.getAttributeNS(XLINK, 'title');
    if (text !== null) {
      a.setAttribute('data-fields', text);
      a.removeAttributeNS(XLINK, 'title');
    }
  });
  document.querySelectorAll('.picture').forEach(function (picture) {
    picture.addEventListener('mousemove', function (event) {
      var target = event.target.closest ? event.target.closest('[data-fields]') : null;
      if (!target) { hover.style.display = 'none'; return; }
      hover.textContent = target.getAttribute('data-fields');
      hover.style.display = 'block';
      var x = event.clientX + 14, y = event.clientY + 14;
      var box = hover.getBoundingClientRect();
      if (x + box.width > window.innerWidth) x = Math.max(0, event.clientX - box.width - 14);
      if (y + box.height > window.innerHeight) y = Math.max(0, event.clientY - box.height - 14);
      hover.style.left = x + 'px';
      hover.style.top = y + 'px';
    });
    picture.addEventListener('mouseleave', function () { hover.style.display = 'none'; });
  });
})();
)JS";

using output = std::back_insert_iterator<std::string>;

std::string number(double value, int decimals = 3) {
  return fmt::format("{:.{}f}", value, decimals);
}

/// A table cell holding a fraction as a percentage, sortable by its value.
std::string percent_cell(double fraction, const char* css = "num") {
  return fmt::format("<td class=\"{}\" data-v=\"{:.6f}\">{}</td>", css, fraction,
                     percent(fraction));
}

std::string number_cell(double value, int decimals = 3) {
  return fmt::format("<td class=\"num\" data-v=\"{:.6f}\">{}</td>", value, number(value, decimals));
}

std::string count_cell(std::size_t value) {
  return fmt::format("<td class=\"num\" data-v=\"{}\">{}</td>", value, value);
}

/// `name <code>id</code>` for a node, or the id alone when it has no name.
std::string node_html(const graph& g, node_index v) {
  node_view node = g.node(v);
  if (node.name().empty() || node.name() == node.id())
    return "<code>" + html_escape(node.id()) + "</code>";
  return html_escape(node.name()) + " <code>" + html_escape(node.id()) + "</code>";
}

std::string kind_country(const graph& g, node_index v) {
  node_view node = g.node(v);
  std::string out(to_string(node.kind()));
  if (!node.country().empty()) out += ", " + std::string(node.country());
  return html_escape(out);
}

std::string scenario_name(const html_report& report) {
  const std::string& name = report.impact.scenario.definition().name;
  if (!name.empty()) return name;
  return report.options.scenario_label.empty() ? "unnamed scenario" : report.options.scenario_label;
}

/// The graph's metadata field `key` when it is a string.
std::string metadata_text(const graph& g, const char* key) {
  if (g.metadata().empty()) return {};
  nlohmann::json metadata = nlohmann::json::parse(g.metadata(), nullptr, false);
  if (metadata.is_object() && metadata.contains(key) && metadata[key].is_string())
    return metadata[key].get<std::string>();
  return {};
}

std::string filter_text(const node_filter& filter) {
  std::vector<std::string> parts;
  auto list = [&](const char* field, const std::vector<std::string>& items) {
    if (!items.empty()) parts.push_back(std::string(field) + " " + detail::join(items));
  };
  list("ids", filter.ids);
  if (!filter.kinds.empty()) {
    std::vector<std::string> kinds;
    for (node_kind k : filter.kinds) kinds.emplace_back(to_string(k));
    list("kinds", kinds);
  }
  list("countries", filter.countries);
  list("categories", filter.categories);
  list("tags", filter.tags);
  return parts.empty() ? "any node" : detail::join(parts, "; ");
}

std::string rule_selection(const scenario_rule& rule) {
  if (rule.select == scenario_rule::selection::nodes) {
    std::string out = "nodes: " + filter_text(rule.nodes);
    if (rule.with_owned)
      out += rule.with_owned.how == owned_extension::mode::reachable
                 ? ", and everything they own"
                 : ", and what they block under an ownership rule";
    return out;
  }
  std::string out = "edges from " + filter_text(rule.from) + " to " + filter_text(rule.to);
  if (!rule.kinds.empty()) {
    std::vector<std::string> kinds;
    for (edge_kind k : rule.kinds) kinds.emplace_back(to_string(k));
    out += "; kinds " + detail::join(kinds);
  }
  if (!rule.categories.empty()) out += "; categories " + detail::join(rule.categories);
  return out;
}

// ---- charts (inline SVG)

/// A chart's label: at most `width` characters, an ellipsis when cut.
std::string short_label(std::string_view text, std::size_t width = 34) {
  std::string out = clip(text, width - 1);
  return out.size() < text.size() ? out + "\xE2\x80\xA6" : std::string(text);
}

/// A horizontal bar chart of loss aggregates, the `limit` largest.
std::string bar_chart(const std::vector<loss_aggregate>& groups, std::size_t limit,
                      std::string_view noun) {
  const std::size_t shown = std::min(limit, groups.size());
  if (shown == 0) return "<p class=\"note\">No loss.</p>";
  const double width = 680, label_width = 230, value_width = 150, row = 22, top = 6;
  const double bar_width = width - label_width - value_width;
  double largest = 0.0;
  for (std::size_t i = 0; i < shown; ++i) largest = std::max(largest, groups[i].loss);
  if (largest <= 0.0) largest = 1.0;
  std::string out;
  auto to = std::back_inserter(out);
  fmt::format_to(to,
                 "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" "
                 "font-family=\"sans-serif\" font-size=\"12\">",
                 width, top * 2 + row * static_cast<double>(shown));
  for (std::size_t i = 0; i < shown; ++i) {
    const loss_aggregate& group = groups[i];
    const double y = top + row * static_cast<double>(i);
    const double w = std::max(1.0, bar_width * group.loss / largest);
    const std::string unit = std::string(noun) + (group.nodes == 1 ? "" : "s");
    const std::string label = short_label(group.key.empty() ? "(none)" : group.key);
    fmt::format_to(to,
                   "<g><title>{}: {:.3f} over {} {}</title>"
                   "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>"
                   "<rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"#3b6ea8\"/>"
                   "<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#333\">{:.2f} ({} {})</text></g>",
                   html_escape(group.key.empty() ? "(none)" : group.key), group.loss, group.nodes,
                   unit, label_width - 8, y + 15, html_escape(label), label_width, y + 4, w,
                   row - 8, label_width + w + 6, y + 15, group.loss, group.nodes, unit);
  }
  out += "</svg>";
  return out;
}

/// Monte Carlo bands: per product, the 5th to 95th percentile of capacity, the mean and the
/// deterministic capacity.
std::string band_chart(const graph& g, const monte_carlo_result& mc, const impact_result& result,
                       std::size_t limit) {
  const std::size_t shown = std::min(limit, mc.nodes.size());
  const double width = 720, label_width = 230, right = 100, row = 22, top = 24;
  const double plot = width - label_width - right;
  std::string out;
  auto to = std::back_inserter(out);
  fmt::format_to(to,
                 "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" "
                 "font-family=\"sans-serif\" font-size=\"12\">",
                 width, top + 10 + row * static_cast<double>(shown));
  for (int pct = 0; pct <= 100; pct += 25) {
    const double x = label_width + plot * pct / 100.0;
    fmt::format_to(to,
                   "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/>"
                   "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\" fill=\"#666\">{4}%</text>",
                   x, top - 4, top + row * static_cast<double>(shown), top - 10, pct);
  }
  fmt::format_to(to, "<text x=\"{}\" y=\"{}\" fill=\"#666\">P(stop)</text>", width - right + 40,
                 top - 10);
  for (std::size_t i = 0; i < shown; ++i) {
    const capacity_distribution& d = mc.distributions[i];
    const node_index v = mc.nodes[i];
    const double y = top + row * static_cast<double>(i);
    auto x = [&](double c) { return label_width + plot * std::clamp(c, 0.0, 1.0); };
    const std::string label = short_label(display_name(g, v));
    fmt::format_to(
        to,
        "<g><title>{}: mean {}, 5th percentile {}, 95th percentile {}, P(stop) {}; "
        "deterministic {}</title>"
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>"
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"12\" fill=\"#9ec3e6\"/>"
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#c62828\" "
        "stroke-width=\"2\"/>"
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#1d3f6e\"/>"
        "<text x=\"{}\" y=\"{:.1f}\">{}</text></g>",
        html_escape(g.node(v).id()), percent(d.mean), percent(d.p05), percent(d.p95),
        percent(d.p_stop), percent(result.capacity[v]), label_width - 8, y + 15, html_escape(label),
        x(d.p05), y + 4, std::max(1.5, x(d.p95) - x(d.p05)), x(result.capacity[v]), y + 2,
        x(result.capacity[v]), y + 18, x(d.mean), y + 10, width - right + 40, y + 15,
        percent(d.p_stop));
  }
  out += "</svg>";
  return out;
}

// ---- sections

void write_header(output to, const html_report& report) {
  const graph& g = *report.g;
  const impact_result& result = report.impact.result;
  std::size_t hit = 0, stopped = 0;
  for (node_index v : result.ranked) {
    if (result.loss(v) > 1e-12) ++hit;
    if (result.baseline[v] > 0.0 && result.capacity[v] <= 0.0) ++stopped;
  }
  std::string graph_title = io::graph_name(g);
  if (graph_title.empty()) graph_title = report.options.graph_label;
  fmt::format_to(to,
                 "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}{} &middot; {} nodes, {} "
                 "edges</p>\n",
                 html_escape(scenario_name(report)),
                 graph_title.empty() ? "" : "Graph: ", html_escape(graph_title), g.node_count(),
                 g.edge_count());
  if (std::string description = metadata_text(g, "description"); !description.empty())
    fmt::format_to(to, "<p class=\"description\">{}</p>\n", detail::html_linked(description));
  fmt::format_to(to,
                 "<div class=\"cards\">"
                 "<div class=\"card\"><b>{}</b><span>products</span></div>"
                 "<div class=\"card\"><b>{}</b><span>products that lose capacity</span></div>"
                 "<div class=\"card\"><b{}>{}</b><span>products stopped</span></div>"
                 "<div class=\"card\"><b>{:.2f}</b><span>capacity lost, summed over "
                 "products</span></div>"
                 "<div class=\"card\"><b>{}</b><span>rules</span></div></div>\n</header>\n",
                 result.ranked.size(), hit, stopped > 0 ? " class=\"loss\"" : "", stopped,
                 result.total_loss, report.impact.scenario.definition().rules.size());
}

void write_navigation(output to, const html_report& report) {
  std::vector<std::pair<const char*, const char*>> links = {{"rules", "Scenario"},
                                                            {"products", "Products"},
                                                            {"losses", "Losses"},
                                                            {"chains", "Explanations"}};
  if (!report.focus.empty()) links.emplace_back("picture", "Picture");
  if (report.timeline) links.emplace_back("timeline", "Timeline");
  if (report.monte_carlo) links.emplace_back("monte-carlo", "Monte Carlo");
  if (report.views) links.emplace_back("views", "Views");
  links.emplace_back("chokepoints", "Chokepoints");
  links.emplace_back("evidence", "Evidence");
  fmt::format_to(to, "<nav>");
  for (const auto& [anchor, title] : links)
    fmt::format_to(to, "<a href=\"#{}\">{}</a>", anchor, title);
  fmt::format_to(to, "</nav>\n");
}

void write_rules(output to, const html_report& report) {
  const graph& g = *report.g;
  const compiled_scenario& cs = report.impact.scenario;
  const scenario& definition = cs.definition();
  constexpr std::size_t examples = 6;
  // The first elements each rule hit (hits are sorted by element).
  std::vector<std::vector<std::string>> hit(definition.rules.size());
  for (const auto& h : cs.node_hits())
    if (hit[h.rule].size() < examples) hit[h.rule].push_back(node_html(g, h.element));
  for (const auto& h : cs.edge_hits())
    if (hit[h.rule].size() < examples) {
      edge_view e = g.edge(h.element);
      hit[h.rule].push_back("<code>" + html_escape(g.node(e.source()).id()) +
                            "</code> &rarr; <code>" + html_escape(g.node(e.target()).id()) +
                            "</code> (" + std::string(to_string(e.kind())) + ")");
    }
  fmt::format_to(to, "<section id=\"rules\">\n<h2>Scenario: the rules and what they hit</h2>\n");
  std::vector<std::string> filters;
  if (definition.min_confidence > 0.0)
    filters.push_back(
        fmt::format("edges below confidence {} are left out", definition.min_confidence));
  if (!definition.views.empty())
    filters.push_back("only the views " + detail::join(definition.views) +
                      " count (edges without a view always do)");
  fmt::format_to(to,
                 "<p class=\"note\">Enforcement is the fraction of the flow a cut stops; the rest "
                 "leaks through (circumvention via third countries). Evidence filters: {}.</p>\n",
                 filters.empty() ? std::string("none, every edge counts")
                                 : html_escape(detail::join(filters, "; ")));
  fmt::format_to(to,
                 "<table id=\"rules-table\"><thead><tr><th>rule</th><th>selects</th><th "
                 "class=\"num\">hits</th><th>for example</th><th class=\"num\">enforcement</th><th "
                 "class=\"num\">leakage</th></tr></thead><tbody>\n");
  for (std::size_t r = 0; r < definition.rules.size(); ++r) {
    const scenario_rule& rule = definition.rules[r];
    std::string enforcement = percent(rule.enforcement);
    if (rule.enforcement_range)
      enforcement += " (" + percent(rule.enforcement_range->first) + "&ndash;" +
                     percent(rule.enforcement_range->second) + ")";
    const std::size_t hits = cs.rule_hit_counts()[r];
    fmt::format_to(
        to,
        "<tr><td>{}</td><td>{}</td><td class=\"num\">{} {}</td><td class=\"examples\">{}{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        html_escape(rule_label(definition, static_cast<std::uint32_t>(r))),
        html_escape(rule_selection(rule)), hits,
        rule.select == scenario_rule::selection::nodes ? "nodes" : "edges",
        detail::join(hit[r], "<br>"), hits > hit[r].size() ? "<br>&hellip;" : "", enforcement,
        percent(1.0 - rule.enforcement));
  }
  fmt::format_to(to, "</tbody></table>\n");
  for (const std::string& warning : cs.warnings())
    fmt::format_to(to, "<p class=\"note\">warning: {}</p>\n", html_escape(warning));
  fmt::format_to(to, "</section>\n");
}

void write_products(output to, const html_report& report) {
  const graph& g = *report.g;
  const impact_result& result = report.impact.result;
  const std::size_t shown = std::min(report.options.top, result.ranked.size());
  fmt::format_to(to, "<section id=\"products\">\n<h2>Products by capacity lost</h2>\n");
  fmt::format_to(to,
                 "<p class=\"note\">The {} most-hit of {} products; capacity is a fraction of each "
                 "product's own, with no cuts (baseline) and under the scenario. Click a column "
                 "to sort.</p>\n",
                 shown, result.ranked.size());
  fmt::format_to(to,
                 "<table class=\"sortable\" id=\"products-table\"><thead><tr><th>product</th>"
                 "<th>country</th><th>category</th><th class=\"num\">baseline</th><th "
                 "class=\"num\">capacity</th><th class=\"num\">loss</th></tr></thead><tbody>\n");
  for (std::size_t i = 0; i < shown; ++i) {
    const node_index v = result.ranked[i];
    node_view node = g.node(v);
    const bool stopped = result.baseline[v] > 0.0 && result.capacity[v] <= 0.0;
    fmt::format_to(to, "<tr><td>{}{}</td><td>{}</td><td>{}</td>{}{}{}</tr>\n", node_html(g, v),
                   stopped ? " <span class=\"stopped\">stopped</span>" : "",
                   html_escape(node.country()), html_escape(node.category()),
                   percent_cell(result.baseline[v]), percent_cell(result.capacity[v]),
                   percent_cell(result.loss(v), result.loss(v) > 1e-12 ? "num loss" : "num"));
  }
  fmt::format_to(to, "</tbody></table>\n</section>\n");
}

void write_losses(output to, const html_report& report) {
  const impact_result& result = report.impact.result;
  const std::size_t bars = report.options.rows;
  fmt::format_to(to, "<section id=\"losses\">\n<h2>Losses by country and category</h2>\n");
  fmt::format_to(to,
                 "<p class=\"note\">Capacity lost summed over products. <em>Attributable</em>: the "
                 "loss when only the cuts on that country's suppliers (or that category's inputs) "
                 "apply; cuts interact, so these need not add up to the total.</p>\n"
                 "<div class=\"charts\">\n");
  const std::pair<const char*, const std::vector<loss_aggregate>*> charts[] = {
      {"By the product's country", &result.loss_by_country},
      {"By the product's category", &result.loss_by_category},
      {"Attributable to cuts on suppliers from each country", &result.attributed_to_country},
      {"Attributable to cuts by category of the cut input", &result.attributed_to_category}};
  for (const auto& [title, groups] : charts)
    fmt::format_to(to, "<div><h3>{}</h3>{}</div>\n", title, bar_chart(*groups, bars, "product"));
  fmt::format_to(to, "</div>\n</section>\n");
}

/// One explanation as nested lists, each node a collapsible level; a node met again links to
/// where it was explained.
void write_chain(output to, const html_report& report, std::size_t chain, const explanation& why) {
  const graph& g = *report.g;
  const scenario& s = report.impact.scenario.definition();
  std::vector<bool> written(why.nodes.size(), false);
  auto anchor = [&](std::uint32_t index) { return fmt::format("chain{}-n{}", chain, index); };
  auto write_node = [&](auto& self, std::uint32_t index, int depth) -> void {
    const explained_node& node = why.nodes[index];
    const std::string head =
        fmt::format("{} ({}): {} &rarr; {}", node_html(g, node.node), kind_country(g, node.node),
                    percent(node.baseline), percent(node.capacity));
    if (written[index]) {
      fmt::format_to(to, "<li>{} &middot; <a href=\"#{}\">explained above</a></li>\n", head,
                     anchor(index));
      return;
    }
    written[index] = true;
    fmt::format_to(to, "<li id=\"{}\"><details{}><summary>{}</summary>\n<ul>\n", anchor(index),
                   depth < 2 ? " open" : "", head);
    for (std::uint32_t r : node.rules)
      fmt::format_to(to, "<li class=\"rule\">cut itself by {} ({} enforced)</li>\n",
                     html_escape(rule_label(s, r)), percent(s.rules[r].enforcement));
    if (node.truncated)
      fmt::format_to(to, "<li class=\"slot\">&hellip; (explanation truncated)</li>\n");
    for (const explained_slot& slot : node.slots) {
      fmt::format_to(to, "<li class=\"slot\">input &lsquo;{}&rsquo; {}: {} &rarr; {}{}\n<ul>\n",
                     html_escape(g.slot_name(slot.slot)),
                     slot.value <= 0.0 ? "ran dry" : "fell short", percent(slot.baseline),
                     percent(slot.value), slot.binding ? " <b>[binding]</b>" : "");
      for (const explained_edge& edge : slot.edges) {
        edge_view e = g.edge(edge.edge);
        std::string cut;
        for (std::uint32_t r : edge.rules) cut += (cut.empty() ? "" : ", ") + rule_label(s, r);
        fmt::format_to(to, "<li class=\"{}\">from {} ({}): delivers {} of {}{}",
                       cut.empty() ? "edge" : "edge cut", node_html(g, e.source()),
                       to_string(e.kind()), percent(edge.delivered), percent(edge.baseline),
                       cut.empty()
                           ? std::string()
                           : "; cut by " + html_escape(cut) + ", " + percent(edge.leak) + " leaks");
        if (edge.source_cause != no_index) {
          fmt::format_to(to, "; its source lost capacity:\n<ul>\n");
          self(self, edge.source_cause, depth + 1);
          fmt::format_to(to, "</ul>\n");
        }
        fmt::format_to(to, "</li>\n");
      }
      fmt::format_to(to, "</ul></li>\n");
    }
    fmt::format_to(to, "</ul></details></li>\n");
  };
  if (!why.nodes.empty()) write_node(write_node, 0, 1);
}

void write_chains(output to, const html_report& report) {
  const graph& g = *report.g;
  const impact_report& impact = report.impact;
  fmt::format_to(to, "<section id=\"chains\">\n<h2>Why the most-hit products lose capacity</h2>\n");
  if (impact.explained.empty()) {
    fmt::format_to(to,
                   "<p class=\"note\">No product loses capacity under this scenario.</p>\n"
                   "</section>\n");
    return;
  }
  fmt::format_to(to,
                 "<p class=\"note\">Each chain goes from the product down through the inputs that "
                 "ran dry or fell short to the cut edges and nodes and the rules that cut them. "
                 "Click a line to open or close it.</p>\n<div class=\"buttons\"><button "
                 "type=\"button\" id=\"expand-all\">expand all</button><button type=\"button\" "
                 "id=\"collapse-all\">collapse all</button></div>\n");
  for (std::size_t i = 0; i < impact.explained.size(); ++i) {
    const node_index v = impact.explained[i];
    fmt::format_to(to,
                   "<details class=\"chain\"{}><summary>{}: {} &rarr; {}</summary>\n<div "
                   "class=\"tree\"><ul>\n",
                   i == 0 ? " open" : "", node_html(g, v), percent(impact.result.baseline[v]),
                   percent(impact.result.capacity[v]));
    write_chain(to, report, i, impact.explanations[i]);
    fmt::format_to(to, "</ul></div></details>\n");
  }
  fmt::format_to(to, "</section>\n");
}

/// Graphviz's SVG without its XML prologue, doctype and comments, for inline use.
std::string inline_svg(std::string svg) {
  const std::size_t start = svg.find("<svg");
  if (start == std::string::npos) return {};
  svg.erase(0, start);
  for (std::size_t at = svg.find("<!--"); at != std::string::npos; at = svg.find("<!--", at)) {
    const std::size_t end = svg.find("-->", at);
    svg.erase(at, end == std::string::npos ? std::string::npos : end + 3 - at);
  }
  return svg;
}

void write_picture(output to, const html_report& report) {
  if (report.focus.empty()) return;
  const graph& g = *report.g;
  const impact_report& impact = report.impact;
  fmt::format_to(to, "<section id=\"picture\">\n<h2>The explained chains as a picture</h2>\n");
  fmt::format_to(to,
                 "<p class=\"note\">{} nodes: the explained products (double border), the nodes on "
                 "their chains and the sources of the cut edges, in one box per country. Cut edges "
                 "are red and dashed, single points of failure of the targets have a bold border, "
                 "and nodes are shaded by the share of capacity they lose. Point at a node or an "
                 "edge for its fields.</p>\n",
                 report.focus.size());
  io::export_view view{.nodes = report.focus,
                       .focus = impact.explained,
                       .scenario = &impact.scenario,
                       .baseline = impact.result.baseline,
                       .capacity = impact.result.capacity,
                       .single_points = report.single_points.targets};
  try {
    std::string svg =
        io::render(g, view,
                   {.format = io::image_format::svg,
                    .layout = "dot",
                    .drawing = {.cluster_by_country = true,
                                .legend = true,
                                .title = "The most-hit products under " + scenario_name(report)}});
    fmt::format_to(to, "<div class=\"picture\">{}</div>\n", inline_svg(std::move(svg)));
  } catch (const error& e) {
    fmt::format_to(to, "<p class=\"note\">Graphviz could not draw the picture: {}</p>\n",
                   html_escape(e.what()));
  }
  fmt::format_to(to, "</section>\n");
}

void write_timeline(output to, const html_report& report) {
  if (!report.timeline) return;
  const graph& g = *report.g;
  const timeline_result& r = report.timeline->result;
  fmt::format_to(to, "<section id=\"timeline\">\n<h2>Capacity month by month</h2>\n");
  fmt::format_to(to,
                 "<p class=\"note\">The {} most-hit products over {} months: stocks run down, "
                 "unserviced machine tools wear out, substitutes arrive after their lead time "
                 "(month 0 is the baseline; the cut acts from month 1).</p>\n",
                 r.nodes.size(), r.months);
  std::string chart = to_svg(*report.timeline, "Capacity after the cut");
  // The chart scales with the page.
  if (chart.rfind("<svg ", 0) == 0)
    chart.insert(5, fmt::format("class=\"chart\" viewBox=\"0 0 860 480\" "));
  fmt::format_to(to, "{}\n", chart);
  fmt::format_to(to,
                 "<table class=\"sortable\" id=\"timeline-table\"><thead><tr><th>product</th><th "
                 "class=\"num\">month 0</th><th class=\"num\">month {}</th><th "
                 "class=\"num\">lowest</th><th class=\"num\">below half from month</th></tr>"
                 "</thead><tbody>\n",
                 r.months);
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    auto series = r.series(i);
    const int below = r.first_month_below(i, 0.5);
    fmt::format_to(
        to, "<tr><td>{}</td>{}{}{}<td class=\"num\" data-v=\"{}\">{}</td></tr>\n",
        node_html(g, r.nodes[i]), percent_cell(series[0]), percent_cell(series[r.months]),
        percent_cell(*std::min_element(series.begin(), series.end())), below < 0 ? 1e9 : below,
        below < 0 ? std::string("never") : std::to_string(below));
  }
  fmt::format_to(to, "</tbody></table>\n</section>\n");
}

void write_monte_carlo(output to, const html_report& report) {
  if (!report.monte_carlo) return;
  const graph& g = *report.g;
  const monte_carlo_result& mc = *report.monte_carlo;
  const impact_result& result = report.impact.result;
  fmt::format_to(to,
                 "<section id=\"monte-carlo\">\n<h2>Monte Carlo: how sure the losses are</h2>\n");
  fmt::format_to(to,
                 "<p class=\"note\">{} samples (seed {}), each keeping every edge with the "
                 "probability of its confidence and drawing each rule's enforcement from its "
                 "range. Bands run from the 5th to the 95th percentile of capacity; the dot is the "
                 "mean, the red line the capacity without uncertainty. The loss is the sample's "
                 "baseline minus its capacity under the cuts; P(stop) is the share of samples in "
                 "which the product stops, P(stop by the cuts) the share in which it stops "
                 "although the same sample without the cuts produces.</p>\n",
                 mc.samples, report.options.seed);
  fmt::format_to(to, "{}\n", band_chart(g, mc, result, report.options.rows));
  fmt::format_to(
      to,
      "<table class=\"sortable\" id=\"monte-carlo-table\"><thead><tr><th>product</th><th "
      "class=\"num\">capacity</th><th class=\"num\">mean</th><th class=\"num\">5th pct</th><th "
      "class=\"num\">95th pct</th><th class=\"num\">loss (mean)</th><th class=\"num\">loss "
      "95th pct</th><th class=\"num\">P(stop)</th><th class=\"num\">P(stop by the "
      "cuts)</th></tr></thead><tbody>\n");
  for (std::size_t i = 0; i < mc.nodes.size(); ++i) {
    const capacity_distribution& d = mc.distributions[i];
    fmt::format_to(to, "<tr><td>{}</td>{}{}{}{}{}{}{}{}</tr>\n", node_html(g, mc.nodes[i]),
                   percent_cell(result.capacity[mc.nodes[i]]), percent_cell(d.mean),
                   percent_cell(d.p05), percent_cell(d.p95), percent_cell(d.loss_mean),
                   percent_cell(d.loss_p95), percent_cell(d.p_stop),
                   percent_cell(d.p_scenario_stop));
  }
  fmt::format_to(to, "</tbody></table>\n</section>\n");
}

void write_views(output to, const html_report& report) {
  if (!report.views) return;
  const graph& g = *report.g;
  const views_report& views = *report.views;
  const std::size_t differing = views.differing;
  const std::size_t shown = std::min(report.options.top, differing);
  fmt::format_to(to, "<section id=\"views\">\n<h2>The source views side by side</h2>\n");
  if (differing == 0) {
    std::vector<std::string> names;
    for (const view_impact& run : views.runs) names.push_back(html_escape(run.view));
    fmt::format_to(to,
                   "<p class=\"note\">One run of the scenario per body of sources ({}): the "
                   "views agree on the capacity of every node under the scenario.</p>\n",
                   detail::join(names, ", "));
    fmt::format_to(to, "</section>\n");
    return;
  }
  fmt::format_to(to,
                 "<p class=\"note\">One run of the scenario per body of sources: the edges of "
                 "other views are left out (untagged edges always count). The {} {} where the "
                 "views disagree most{}, capacity under the scenario.</p>\n",
                 shown, shown == 1 ? "node" : "nodes",
                 shown < differing ? fmt::format(" (of {} where they differ)", differing) : "");
  fmt::format_to(to, "<table class=\"sortable\" id=\"views-table\"><thead><tr><th>node</th>");
  for (const view_impact& run : views.runs)
    fmt::format_to(to, "<th class=\"num\">{}</th>", html_escape(run.view));
  fmt::format_to(to, "<th class=\"num\">spread</th></tr></thead><tbody>\n");
  for (std::size_t i = 0; i < shown; ++i) {
    const node_index v = views.order[i];
    fmt::format_to(to, "<tr><td>{} ({})</td>", node_html(g, v), kind_country(g, v));
    for (const view_impact& run : views.runs)
      fmt::format_to(
          to,
          "<td class=\"num\" data-v=\"{:.6f}\"><span class=\"bar\" style=\"width:{:.0f}px\">"
          "</span>{}</td>",
          run.capacity[v], 60.0 * std::clamp(run.capacity[v], 0.0, 1.0), percent(run.capacity[v]));
    fmt::format_to(to, "{}</tr>\n", percent_cell(views.spread[v]));
  }
  fmt::format_to(to, "</tbody></table>\n</section>\n");
}

void write_chokepoints(output to, const html_report& report) {
  const graph& g = *report.g;
  const std::size_t rows = report.options.rows;
  fmt::format_to(to,
                 "<section id=\"chokepoints\">\n<h2>Single points of failure, pairs and "
                 "concentration</h2>\n");
  fmt::format_to(
      to,
      "<p class=\"note\">Of the targets{}, with no cuts and under the scenario's "
      "evidence filters: a single point of failure stops a target alone; a pair stops it "
      "together though neither does alone.</p>\n",
      report.options.targets.empty() ? " (the most-hit products)" : "");
  fmt::format_to(to,
                 "<h3>Single points of failure</h3>\n<table id=\"single-points-table\"><thead>"
                 "<tr><th>target</th><th class=\"num\">count</th><th>single points of "
                 "failure</th></tr></thead><tbody>\n");
  constexpr std::size_t listed = 30;
  for (const target_single_points& target : report.single_points.targets) {
    std::vector<std::string> names;
    for (node_index u : target.single_points) {
      if (names.size() == listed) {
        names.push_back(fmt::format("&hellip; {} more", target.single_points.size() - listed));
        break;
      }
      names.push_back(node_html(g, u) + " (" + kind_country(g, u) + ")");
    }
    fmt::format_to(to, "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                   node_html(g, target.target), target.single_points.size(),
                   names.empty() ? std::string("none") : detail::join(names, "<br>"));
  }
  for (node_index v : report.single_points.unavailable_targets)
    fmt::format_to(to,
                   "<tr><td>{}</td><td class=\"num\">&ndash;</td><td>unavailable even with no "
                   "cuts</td></tr>\n",
                   node_html(g, v));
  fmt::format_to(to, "</tbody></table>\n");

  const std::vector<single_point_pair>& pairs = report.pairs.pairs;
  fmt::format_to(to, "<h3>Pairs</h3>\n");
  if (pairs.empty()) {
    fmt::format_to(to, "<p class=\"note\">No pair{}.</p>\n",
                   report.pairs.truncated ? " found before the search stopped" : "");
  } else {
    fmt::format_to(to,
                   "<p class=\"note\">The {} pairs that stop the most targets{}.</p>\n"
                   "<table class=\"sortable\" id=\"pairs-table\"><thead><tr><th>one</th><th>and "
                   "the other</th><th class=\"num\">targets stopped</th></tr></thead><tbody>\n",
                   std::min(rows, pairs.size()),
                   report.pairs.truncated
                       ? fmt::format(" (the search stopped after {} pairs)", pairs.size())
                       : fmt::format(" of {}", pairs.size()));
    for (std::size_t i = 0; i < std::min(rows, pairs.size()); ++i)
      fmt::format_to(to, "<tr><td>{}</td><td>{}</td>{}</tr>\n", node_html(g, pairs[i].a),
                     node_html(g, pairs[i].b), count_cell(pairs[i].targets_stopped));
    fmt::format_to(to, "</tbody></table>\n");
  }

  const std::vector<category_concentration>& concentration = report.concentration;
  fmt::format_to(to,
                 "<h3>Supply concentration</h3>\n<p class=\"note\">The {} most concentrated of {} "
                 "categories by country (Herfindahl&ndash;Hirschman index of the suppliers' "
                 "shares: 1 is a single supplier or country).</p>\n",
                 std::min(rows, concentration.size()), concentration.size());
  fmt::format_to(to,
                 "<table class=\"sortable\" id=\"concentration-table\"><thead><tr><th>category</th>"
                 "<th class=\"num\">suppliers</th><th class=\"num\">HHI firms</th><th "
                 "class=\"num\">HHI countries</th><th>top country</th><th class=\"num\">its "
                 "share</th><th>top supplier</th><th class=\"num\">its share</th></tr></thead>"
                 "<tbody>\n");
  for (std::size_t i = 0; i < std::min(rows, concentration.size()); ++i) {
    const category_concentration& c = concentration[i];
    fmt::format_to(to, "<tr><td>{}</td>{}{}{}<td>{}</td>{}<td>{}</td>{}</tr>\n",
                   html_escape(c.category), count_cell(c.suppliers), number_cell(c.hhi_firms),
                   number_cell(c.hhi_countries),
                   c.top_country.empty() ? "(unknown)" : html_escape(c.top_country),
                   percent_cell(c.top_country_share),
                   c.top_supplier == no_index ? std::string() : node_html(g, c.top_supplier),
                   percent_cell(c.top_supplier_share));
  }
  fmt::format_to(to, "</tbody></table>\n</section>\n");
}

void write_evidence(output to, const html_report& report) {
  const graph& g = *report.g;
  const impact_report& impact = report.impact;
  // The edges of the explained chains, first reached first.
  std::vector<edge_index> edges;
  std::vector<std::uint8_t> seen(g.edge_count(), 0);
  for (const explanation& why : impact.explanations)
    for (const explained_node& node : why.nodes)
      for (const explained_slot& slot : node.slots)
        for (const explained_edge& edge : slot.edges)
          if (seen[edge.edge] == 0) {
            seen[edge.edge] = 1;
            edges.push_back(edge.edge);
          }
  std::map<std::string, std::size_t> cited;  // source -> edges citing it
  std::size_t uncited = 0;
  std::size_t bands[4] = {0, 0, 0, 0};  // confidence 1, [0.8, 1), [0.5, 0.8), below 0.5
  for (edge_index e : edges) {
    edge_view edge = g.edge(e);
    std::size_t count = 0;
    for (std::string_view source : edge.sources()) {
      ++cited[std::string(source)];
      ++count;
    }
    if (count == 0) ++uncited;
    const double c = edge.confidence();
    ++bands[c >= 1.0 ? 0 : c >= 0.8 ? 1 : c >= 0.5 ? 2 : 3];
  }
  fmt::format_to(to, "<section id=\"evidence\">\n<h2>Evidence</h2>\n");
  if (edges.empty()) {
    fmt::format_to(to, "<p class=\"note\">No chain is explained, so no edge is cited.</p>\n");
  } else {
    fmt::format_to(to,
                   "<p class=\"note\">The {} edges on the explained chains cite {} distinct "
                   "sources{}. Their confidence (the credence that the link exists): {} certain, "
                   "{} from 0.8, {} from 0.5, {} below 0.5.</p>\n",
                   edges.size(), cited.size(),
                   uncited > 0 ? fmt::format("; {} cite none", uncited) : std::string(), bands[0],
                   bands[1], bands[2], bands[3]);
    if (!cited.empty()) {
      fmt::format_to(to, "<h3>Sources cited</h3>\n<ul class=\"plain\" id=\"sources-list\">\n");
      std::size_t listed = 0;
      for (const auto& [source, count] : cited) {
        if (listed++ == report.options.evidence_rows) {
          fmt::format_to(to, "<li>&hellip; {} more</li>\n",
                         cited.size() - report.options.evidence_rows);
          break;
        }
        fmt::format_to(to, "<li>{} <span class=\"note\">({} edge{})</span></li>\n",
                       detail::html_linked(source), count, count == 1 ? "" : "s");
      }
      fmt::format_to(to, "</ul>\n");
    }
    const std::size_t shown = std::min(edges.size(), report.options.evidence_rows);
    fmt::format_to(to,
                   "<h3>Edges on the chains</h3>\n<table class=\"sortable\" "
                   "id=\"evidence-table\"><thead><tr><th>from</th><th>to</th><th>kind</th><th "
                   "class=\"num\">confidence</th><th>view</th><th>sources</th></tr></thead>"
                   "<tbody>\n");
    for (std::size_t i = 0; i < shown; ++i) {
      edge_view edge = g.edge(edges[i]);
      std::vector<std::string> sources;
      for (std::string_view source : edge.sources()) sources.push_back(detail::html_linked(source));
      fmt::format_to(to, "<tr><td>{}</td><td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td></tr>\n",
                     node_html(g, edge.source()), node_html(g, edge.target()),
                     to_string(edge.kind()), number_cell(edge.confidence(), 2),
                     html_escape(edge.view()), detail::join(sources, "<br>"));
    }
    fmt::format_to(to, "</tbody></table>\n");
    if (shown < edges.size())
      fmt::format_to(to, "<p class=\"note\">&hellip; and {} more edges.</p>\n",
                     edges.size() - shown);
  }
  fmt::format_to(to, "</section>\n");
}

}  // namespace

std::string to_html(const html_report& report) {
  std::string out;
  out.reserve(1 << 18);
  auto to = std::back_inserter(out);
  fmt::format_to(to,
                 "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<meta name=\"generator\" content=\"micgraph 0.1.0\">\n"
                 "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
                 html_escape(scenario_name(report)), page_style);
  write_header(to, report);
  write_navigation(to, report);
  fmt::format_to(to, "<main>\n");
  write_rules(to, report);
  write_products(to, report);
  write_losses(to, report);
  write_chains(to, report);
  write_picture(to, report);
  write_timeline(to, report);
  write_monte_carlo(to, report);
  write_views(to, report);
  write_chokepoints(to, report);
  write_evidence(to, report);
  fmt::format_to(
      to,
      "</main>\n<footer>Made by micgraph 0.1.0 from {} under {}. Numbers are capacity "
      "fractions of each node's own capacity (DESIGN &sect;2).</footer>\n"
      "<div id=\"hover\" role=\"tooltip\"></div>\n<script>{}</script>\n</body>\n</html>\n",
      html_escape(report.options.graph_label.empty() ? "the graph" : report.options.graph_label),
      html_escape(scenario_name(report)), page_script);
  return out;
}

}  // namespace micgraph
