#pragma once
/// \file selection.hpp
/// Choosing nodes, the one way every front end does it (the command line, the Python package,
/// reports and scenarios): node filters and their text form, ids resolved with suggestions,
/// and the default targets of the analyses.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "micgraph/detail/text.hpp"
#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/model.hpp"

namespace micgraph {

/// Selects nodes: every field given must match; a field matches when the node's value is in
/// its list (`categories` are shell-style globs; `tags`: when any of the node's tags is listed).
struct node_filter {
  std::vector<std::string> ids;
  std::vector<node_kind> kinds;
  std::vector<std::string> countries;
  std::vector<std::string> categories;
  std::vector<std::string> tags;
  bool empty() const {
    return ids.empty() && kinds.empty() && countries.empty() && categories.empty() && tags.empty();
  }
};

/// Shell-style glob match: `*` any run, `?` one character, `[abc]`/`[a-z]`/`[!a]` classes.
inline bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  auto class_match = [&](std::size_t& at, char c) -> std::optional<bool> {
    // pattern[at] == '['; on success leaves `at` past the closing ']'.
    std::size_t i = at + 1;
    bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
    if (negate) ++i;
    bool matched = false;
    bool first = true;
    for (; i < pattern.size() && (first || pattern[i] != ']'); ++i, first = false) {
      if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
        matched = matched || (pattern[i] <= c && c <= pattern[i + 2]);
        i += 2;
      } else {
        matched = matched || pattern[i] == c;
      }
    }
    if (i >= pattern.size()) return std::nullopt;  // no closing bracket: a literal '['
    at = i + 1;
    return matched != negate;
  };
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
      continue;
    }
    if (p < pattern.size()) {
      if (pattern[p] == '?') {
        ++p;
        ++t;
        continue;
      }
      if (pattern[p] == '[') {
        std::size_t at = p;
        std::optional<bool> matched = class_match(at, text[t]);
        if (matched.has_value()) {
          if (*matched) {
            p = at;
            ++t;
            continue;
          }
        } else if (text[t] == '[') {
          ++p;
          ++t;
          continue;
        }
      } else if (pattern[p] == text[t]) {
        ++p;
        ++t;
        continue;
      }
    }
    if (star == std::string_view::npos) return false;
    p = star + 1;
    t = ++resume;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

/// A node filter resolved against a graph's vocabularies: a predicate over node numbers, O(1)
/// per node for kinds, countries and categories (each glob matched once against the
/// vocabulary), O(tags of the node) for tags. `where` names the filter in messages (e.g.
/// `rules[2].from`). Throws scenario_error for an unknown id or a malformed country code; a
/// country, tag or category list that matches no node of the graph is a warning appended to
/// `warnings`, and the filter then matches nothing.
class node_matcher {
 public:
  node_matcher(const graph& g, const node_filter& filter, const std::string& where,
               std::vector<std::string>& warnings)
      : graph_(&g), filter_(&filter) {
    for (const std::string& id : filter.ids) {
      node_index v = g.find(id);
      if (v == no_index)
        throw scenario_error({.element = where, .field = "ids"},
                             "unknown node id '" + id + "'");
      ids_.push_back(v);
    }
    std::sort(ids_.begin(), ids_.end());
    // Coalition lists name countries a dataset may lack: only a list that matches nothing warns.
    for (const std::string& country : filter.countries) {
      if (!is_country_code(country) || country.empty())
        throw scenario_error({.element = where, .field = "countries"},
                             "expected ISO 3166-1 alpha-2 codes (two capital letters), got '" +
                                 country + "'");
      if (std::uint32_t id = g.country_id(country); id != no_index) countries_.push_back(id);
    }
    if (!filter.countries.empty() && countries_.empty()) {
      warnings.push_back(where + ".countries: no node has any of " + detail::join(filter.countries));
      matches_nothing_ = true;
    }
    for (const std::string& tag : filter.tags)
      if (std::uint32_t id = g.tag_id(tag); id != no_index) tags_.push_back(id);
    if (!filter.tags.empty() && tags_.empty()) {
      warnings.push_back(where + ".tags: no node has any of " + detail::join(filter.tags));
      matches_nothing_ = true;
    }
    // Categories: match each glob against the vocabulary once.
    if (!filter.categories.empty()) {
      category_ok_.assign(g.categories().size(), 0);
      bool any = false;
      for (std::size_t c = 0; c < g.categories().size(); ++c)
        for (const std::string& glob : filter.categories)
          if (glob_match(glob, g.categories()[c])) category_ok_[c] = 1, any = true;
      if (!any) {
        warnings.push_back(where + ".categories: no node category matches");
        matches_nothing_ = true;
      }
    }
  }

  bool operator()(node_index v) const {
    if (matches_nothing_) return false;
    if (!filter_->ids.empty() && !std::binary_search(ids_.begin(), ids_.end(), v)) return false;
    if (!filter_->kinds.empty() &&
        std::find(filter_->kinds.begin(), filter_->kinds.end(), graph_->node_kinds()[v]) ==
            filter_->kinds.end())
      return false;
    if (!countries_.empty() && std::find(countries_.begin(), countries_.end(),
                                         graph_->node_country_ids()[v]) == countries_.end())
      return false;
    if (!category_ok_.empty() && !category_ok_[graph_->node_category_ids()[v]]) return false;
    if (!tags_.empty()) {
      bool any = false;
      for (std::uint32_t t : graph_->node_tag_ids(v))
        any = any || std::find(tags_.begin(), tags_.end(), t) != tags_.end();
      if (!any) return false;
    }
    return true;
  }
  /// Only the listed ids can match (a cheap way to enumerate them).
  bool ids_only() const { return !filter_->ids.empty(); }
  const std::vector<node_index>& ids() const { return ids_; }

 private:
  const graph* graph_;
  const node_filter* filter_;
  std::vector<node_index> ids_;
  std::vector<std::uint32_t> countries_;
  std::vector<std::uint32_t> tags_;
  std::vector<std::uint8_t> category_ok_;
  bool matches_nothing_ = false;
};

/// Parses the text form of a node filter, `field=value,value;field=value` with the fields
/// `ids`, `kinds`, `countries`, `categories` (globs) and `tags` (singular names accepted), e.g.
/// `kinds=firm;countries=DE,JP,TW`. Throws scenario_error naming `where` for malformed text, an
/// unknown field or kind, a malformed country code or an empty filter. O(length).
node_filter parse_node_filter(std::string_view text, const std::string& where = "filter");

/// A node filter as someone wrote it: its text, where they wrote it (the option or field that
/// messages name) and its parsed form.
struct named_filter {
  std::string name;
  std::string text;
  node_filter filter;
};

/// parse_node_filter of `text`, kept with its text and name.
inline named_filter parse_named_filter(std::string_view text, const std::string& name) {
  return {name, std::string(text), parse_node_filter(text, name)};
}

/// The nodes a filter selects, in node order (see node_matcher for errors and warnings). O(n).
std::vector<node_index> select_nodes(const graph& g, const node_filter& filter,
                                     const std::string& where, std::vector<std::string>& warnings);

/// The ids most like `id` among the graph's (for "did you mean"), closest first: at most
/// `limit` ids within an edit distance of about a third of its length. O(n * length^2); meant
/// for error messages.
std::vector<std::string> similar_ids(const graph& g, std::string_view id, std::size_t limit = 1);

/// The words most like `word` among `candidates` (command names, field names), closest first:
/// at most `limit` within an edit distance of about a third of its length (at least 2).
std::vector<std::string> similar_words(std::string_view word,
                                       std::span<const std::string> candidates,
                                       std::size_t limit = 1);

/// The node numbers of ids, in the order given. Throws scenario_error naming `where` for an
/// unknown id (`unknown node id 'X' in GRAPH (did you mean 'Y'?)`, GRAPH being `graph_name`
/// when given). O(ids).
std::vector<node_index> resolve_ids(const graph& g, std::span<const std::string> ids,
                                    const std::string& where, const std::string& graph_name = "");

/// Every node of kind `product`, in node order: the default targets of chokepoints, design,
/// timeline and export. O(n).
std::vector<node_index> product_nodes(const graph& g);

/// The targets an analysis runs on: the given ids resolved (see resolve_ids), or every product
/// when none are given.
std::vector<node_index> select_targets(const graph& g, std::span<const std::string> ids,
                                       const std::string& where, const std::string& graph_name = "");

// ---------------------------------------------------------------------------------------------

inline node_filter parse_node_filter(std::string_view text, const std::string& where) {
  node_filter filter;
  auto fail = [&](const std::string& problem) {
    return scenario_error({.element = where}, problem + " (expected field=value,value;... with "
                                                        "fields ids, kinds, countries, categories, "
                                                        "tags)");
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    std::string term(text.substr(start, end - start));
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

inline std::vector<node_index> select_nodes(const graph& g, const node_filter& filter,
                                            const std::string& where,
                                            std::vector<std::string>& warnings) {
  node_matcher match(g, filter, where, warnings);
  std::vector<node_index> out;
  if (match.ids_only()) {  // sorted; an id listed twice is selected once
    const std::vector<node_index>& ids = match.ids();
    for (std::size_t i = 0; i < ids.size(); ++i)
      if ((i == 0 || ids[i] != ids[i - 1]) && match(ids[i])) out.push_back(ids[i]);
    return out;
  }
  for (node_index v : g.nodes())
    if (match(v)) out.push_back(v);
  return out;
}

namespace detail {

/// Levenshtein distance of a and b, or more than `bound` once it must exceed it.
inline std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t bound) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > bound) return bound + 1;
  std::vector<std::size_t> row(a.size() + 1);
  for (std::size_t i = 0; i <= a.size(); ++i) row[i] = i;
  for (std::size_t j = 1; j <= b.size(); ++j) {
    std::size_t diagonal = row[0], least = j;
    row[0] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      const std::size_t above = row[i];
      row[i] = std::min({row[i] + 1, row[i - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      least = std::min(least, row[i]);
    }
    if (least > bound) return bound + 1;
  }
  return row[a.size()];
}

}  // namespace detail

inline std::vector<std::string> similar_ids(const graph& g, std::string_view id,
                                            std::size_t limit) {
  const std::size_t bound = std::max<std::size_t>(2, id.size() / 3);
  std::vector<std::pair<std::size_t, node_index>> close;
  for (node_index v : g.nodes()) {
    const std::size_t distance = detail::edit_distance(id, g.node(v).id(), bound);
    if (distance <= bound) close.emplace_back(distance, v);
  }
  std::sort(close.begin(), close.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < close.size() && i < limit; ++i)
    out.emplace_back(g.node(close[i].second).id());
  return out;
}

inline std::vector<std::string> similar_words(std::string_view word,
                                              std::span<const std::string> candidates,
                                              std::size_t limit) {
  const std::size_t bound = std::max<std::size_t>(2, word.size() / 3);
  std::vector<std::pair<std::size_t, std::size_t>> close;
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (const std::size_t distance = detail::edit_distance(word, candidates[i], bound); distance <= bound)
      close.emplace_back(distance, i);
  std::sort(close.begin(), close.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < close.size() && i < limit; ++i) out.push_back(candidates[close[i].second]);
  return out;
}

inline std::vector<node_index> resolve_ids(const graph& g, std::span<const std::string> ids,
                                           const std::string& where,
                                           const std::string& graph_name) {
  std::vector<node_index> out;
  out.reserve(ids.size());
  for (const std::string& id : ids) {
    node_index v = g.find(id);
    if (v == no_index) {
      std::string problem = "unknown node id '" + id + "'";
      if (!graph_name.empty()) problem += " in " + graph_name;
      std::vector<std::string> similar = similar_ids(g, id);
      if (!similar.empty()) problem += " (did you mean '" + similar.front() + "'?)";
      throw scenario_error({.element = where}, problem);
    }
    out.push_back(v);
  }
  return out;
}

inline std::vector<node_index> product_nodes(const graph& g) {
  std::vector<node_index> out;
  const auto kinds = g.node_kinds();
  for (node_index v : g.nodes())
    if (kinds[v] == node_kind::product) out.push_back(v);
  return out;
}

inline std::vector<node_index> select_targets(const graph& g, std::span<const std::string> ids,
                                              const std::string& where,
                                              const std::string& graph_name) {
  return ids.empty() ? product_nodes(g) : resolve_ids(g, ids, where, graph_name);
}

/// The nodes a named filter selects (see select_nodes).
inline std::vector<node_index> select_nodes(const graph& g, const named_filter& filter,
                                            std::vector<std::string>& warnings) {
  return select_nodes(g, filter.filter, filter.name, warnings);
}

/// One byte per node: 1 for the nodes a named filter selects.
inline std::vector<std::uint8_t> node_mask(const graph& g, const named_filter& filter,
                                           std::vector<std::string>& warnings) {
  std::vector<std::uint8_t> mask(g.node_count(), 0);
  for (node_index v : select_nodes(g, filter, warnings)) mask[v] = 1;
  return mask;
}

}  // namespace micgraph
