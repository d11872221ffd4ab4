#include <fmt/core.h>

#include "command.hpp"

namespace micgraph::cli {

void print_json(const nlohmann::ordered_json& document) {
  fmt::print("{}\n", document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

nlohmann::ordered_json error_json(const parse_error& error) {
  nlohmann::ordered_json out;
  out["message"] = error.what();
  const source_location& where = error.where();
  if (!where.file.empty()) out["file"] = where.file;
  if (where.line != 0) out["line"] = where.line;
  if (where.column != 0) out["column"] = where.column;
  if (!where.element.empty()) out["element"] = where.element;
  if (!where.field.empty()) out["field"] = where.field;
  out["problem"] = error.problem();
  return out;
}

}  // namespace micgraph::cli

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <micgraph/io/load.hpp>
#include <micgraph/model.hpp>

namespace micgraph::cli {

compiled_scenario compile_scenario_file(const graph& g, const scenario& definition,
                                        const std::string& file) {
  try {
    return compile(g, definition);
  } catch (const scenario_error& e) {
    source_location where = e.where();
    where.file = file;
    throw scenario_error(where, e.problem());
  }
}

std::string node_label(const graph& g, node_index v) {
  node_view node = g.node(v);
  std::string out(node.id());
  out += " (" + std::string(to_string(node.kind()));
  if (!node.country().empty()) out += ", " + std::string(node.country());
  return out + ")";
}

std::vector<node_index> resolve_ids(const graph& g, const std::vector<std::string>& ids,
                                    const std::string& file, const std::string& option) {
  std::vector<node_index> out;
  for (const std::string& id : ids) {
    node_index v = g.find(id);
    if (v == no_index)
      throw parse_error({.element = option}, "unknown node id '" + id + "' in " + file);
    out.push_back(v);
  }
  return out;
}

node_filter parse_node_filter(const std::string& text, const std::string& option) {
  node_filter filter;
  auto fail = [&](const std::string& problem) -> parse_error {
    return parse_error({.element = option}, problem + " (expected field=value,value;... with "
                                                      "fields ids, kinds, countries, categories, "
                                                      "tags)");
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    std::string term = text.substr(start, end - start);
    start = end + 1;
    if (term.empty()) {
      if (end == text.size()) break;
      continue;
    }
    std::size_t equals = term.find('=');
    if (equals == std::string::npos) throw fail("'" + term + "' has no '='");
    std::string field = term.substr(0, equals);
    std::vector<std::string> values;
    for (std::size_t at = equals + 1; at <= term.size();) {
      std::size_t comma = term.find(',', at);
      if (comma == std::string::npos) comma = term.size();
      if (comma > at) values.push_back(term.substr(at, comma - at));
      at = comma + 1;
    }
    if (values.empty()) throw fail("field '" + field + "' has no value");
    if (field == "ids" || field == "id") {
      filter.ids.insert(filter.ids.end(), values.begin(), values.end());
    } else if (field == "kinds" || field == "kind") {
      for (const std::string& value : values) {
        std::optional<node_kind> kind = parse_node_kind(value);
        if (!kind) throw fail("unknown node kind '" + value + "'");
        filter.kinds.push_back(*kind);
      }
    } else if (field == "countries" || field == "country") {
      for (const std::string& value : values)
        if (!is_country_code(value) || value.empty())
          throw fail("'" + value + "' is not an ISO 3166-1 alpha-2 code");
      filter.countries.insert(filter.countries.end(), values.begin(), values.end());
    } else if (field == "categories" || field == "category") {
      filter.categories.insert(filter.categories.end(), values.begin(), values.end());
    } else if (field == "tags" || field == "tag") {
      filter.tags.insert(filter.tags.end(), values.begin(), values.end());
    } else {
      throw fail("unknown field '" + field + "'");
    }
  }
  if (filter.empty()) throw fail("empty filter");
  return filter;
}

std::vector<node_index> select_nodes(const graph& g, const node_filter& filter,
                                     const std::string& option,
                                     std::vector<std::string>& warnings) {
  detail::node_matcher match = [&] {
    try {
      return detail::node_matcher(g, filter, option, warnings);
    } catch (const scenario_error& e) {
      throw parse_error({.element = option, .field = e.where().field}, e.problem());
    }
  }();
  std::vector<node_index> out;
  for (node_index v : g.nodes())
    if (match(v)) out.push_back(v);
  return out;
}

progress_bar::progress_bar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && isatty(fileno(stderr)) != 0) {}

progress_bar::~progress_bar() { finish(); }

void progress_bar::operator()(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  draw(static_cast<int>(1000.0 * static_cast<double>(done) / static_cast<double>(total)),
       fmt::format(" ({}/{})", done, total));
}

void progress_bar::fraction(double done) {
  if (enabled_) draw(static_cast<int>(1000.0 * std::clamp(done, 0.0, 1.0)), "");
}

void progress_bar::draw(int permille, const std::string& counts) {
  if (permille == last_permille_) return;
  last_permille_ = permille;
  constexpr int width = 30;
  int filled = permille * width / 1000;
  fmt::print(stderr, "\r{} [{}{}] {:5.1f}%{}", label_, std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(width - filled), ' '), permille / 10.0, counts);
  std::fflush(stderr);
  drawn_ = true;
}

graph load_graph_file(const std::string& path, bool quiet) {
  progress_bar bar("loading " + path, !quiet);
  graph g = io::load_graph(path, {.progress = [&](double done) { bar.fraction(done); }});
  bar.finish();
  return g;
}

void progress_bar::finish() {
  if (drawn_) {
    fmt::print(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
  last_permille_ = -1;
}

}  // namespace micgraph::cli
