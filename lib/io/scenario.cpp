// Scenario files: strict reading (every unknown key or wrong type is an error) and writing.

#include "micgraph/io/scenario.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "micgraph/detail/text.hpp"
#include "json_message.hpp"
#include "micgraph/error.hpp"

namespace micgraph::io {

namespace {

using json = nlohmann::ordered_json;

/// Rejects duplicate keys while parsing (nlohmann keeps the last one silently otherwise).
struct duplicate_key_check {
  std::vector<std::vector<std::string>> keys;
  std::string duplicate;
  bool operator()(int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        keys.emplace_back();
        break;
      case json::parse_event_t::object_end:
        keys.pop_back();
        break;
      case json::parse_event_t::key: {
        const std::string& key = parsed.get_ref<const std::string&>();
        auto& seen = keys.back();
        if (std::find(seen.begin(), seen.end(), key) != seen.end() && duplicate.empty())
          duplicate = key;
        seen.push_back(key);
        break;
      }
      default:
        break;
    }
    return true;
  }
};

class scenario_reader {
 public:
  explicit scenario_reader(std::string file) : file_(std::move(file)) {}

  scenario read(std::string_view text) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
      fail({}, "", "empty file: expected a scenario object");
    json document;
    duplicate_key_check check;
    try {
      document = json::parse(text.begin(), text.end(), std::ref(check));
    } catch (const json::parse_error& e) {
      std::size_t position = std::min<std::size_t>(e.byte, text.size());
      std::size_t line = 1, line_start = 0;
      for (std::size_t i = 0; i + 1 < position; ++i)
        if (text[i] == '\n') ++line, line_start = i + 1;
      throw scenario_error({.file = file_, .line = line, .column = std::max<std::size_t>(1, position - line_start)},
                           "malformed JSON: " + detail::json_problem(e));
    } catch (const json::exception& e) {  // out_of_range.406: a number too large for a double
      throw scenario_error({.file = file_}, "malformed JSON: " + detail::json_problem(e));
    }
    if (!check.duplicate.empty()) fail({}, "", "duplicate key '" + check.duplicate + "'");
    if (!document.is_object()) fail({}, "", std::string("expected a scenario object, got ") + document.type_name());
    allow_only(document, "scenario", {"name", "description", "min_confidence", "views", "rules"});
    scenario out;
    if (document.contains("name")) out.name = text_of(document["name"], "scenario", "name");
    if (document.contains("description")) text_of(document["description"], "scenario", "description");
    if (document.contains("min_confidence"))
      out.min_confidence = fraction(document["min_confidence"], "scenario", "min_confidence");
    if (document.contains("views")) out.views = strings(document["views"], "scenario", "views");
    if (!document.contains("rules")) fail("scenario", "rules", "missing: expected an array of rules");
    const json& rules = document["rules"];
    if (!rules.is_array()) fail("scenario", "rules", std::string("expected an array of rules, got ") + rules.type_name());
    for (std::size_t i = 0; i < rules.size(); ++i) out.rules.push_back(rule(rules[i], "rules[" + std::to_string(i) + "]"));
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& element, const std::string& field, std::string problem) const {
    throw scenario_error({.file = file_, .element = element, .field = field}, std::move(problem));
  }
  void allow_only(const json& object, const std::string& where, std::initializer_list<const char*> allowed) const {
    for (const auto& [key, value] : object.items()) {
      if (!key.empty() && key[0] == '_') continue;
      bool known = false;
      for (const char* name : allowed) known = known || key == name;
      if (known) continue;
      fail(where, key, "unknown key (expected one of " + detail::join(allowed) + ")");
    }
  }
  std::string text_of(const json& value, const std::string& where, const char* field) const {
    if (!value.is_string()) fail(where, field, std::string("expected a string, got ") + value.type_name());
    return value.get<std::string>();
  }
  double fraction(const json& value, const std::string& where, const char* field) const {
    if (!value.is_number()) fail(where, field, std::string("expected a number in [0,1], got ") + value.type_name());
    double number = value.get<double>();
    if (!(number >= 0.0 && number <= 1.0)) fail(where, field, "expected a number in [0,1], got " + value.dump());
    return number;
  }
  std::vector<std::string> strings(const json& value, const std::string& where, const char* field) const {
    if (!value.is_array()) fail(where, field, std::string("expected an array of strings, got ") + value.type_name());
    std::vector<std::string> out;
    for (const json& item : value) {
      if (!item.is_string()) fail(where, field, std::string("expected strings, got ") + item.type_name());
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  node_filter filter(const json& object, const std::string& where) const {
    node_filter out;
    if (object.contains("ids")) out.ids = strings(object["ids"], where, "ids");
    if (object.contains("kinds"))
      for (const std::string& name : strings(object["kinds"], where, "kinds")) {
        auto kind = parse_node_kind(name);
        if (!kind) fail(where, "kinds", "unknown node kind '" + name + "' (expected one of " + detail::join(node_kind_names) + ")");
        out.kinds.push_back(*kind);
      }
    if (object.contains("countries")) {
      out.countries = strings(object["countries"], where, "countries");
      for (const std::string& code : out.countries)
        if (code.empty() || !is_country_code(code))
          fail(where, "countries", "expected ISO 3166-1 alpha-2 codes (two capital letters), got '" + code + "'");
    }
    if (object.contains("categories")) out.categories = strings(object["categories"], where, "categories");
    if (object.contains("tags")) out.tags = strings(object["tags"], where, "tags");
    return out;
  }
  /// `with_owned`: true or false, a preset name, or a rule object whose fields left out take
  /// the values of its `rule` preset (default "ofac").
  owned_extension owned(const json& value, const std::string& where) const {
    const std::string presets = "one of " + detail::join(ownership_rule::preset_names);
    if (value.is_boolean()) return owned_extension(value.get<bool>());
    if (value.is_string()) {
      const std::string name = value.get<std::string>();
      if (auto rule = ownership_rule::preset(name)) return *rule;
      fail(where, "with_owned", "unknown ownership rule \"" + name + "\" (expected true, false, " + presets +
                                    ", or a rule object)");
    }
    if (!value.is_object())
      fail(where, "with_owned", std::string("expected true, false, a rule name or a rule object, got ") +
                                    value.type_name());
    const std::string inner = where + ".with_owned";
    allow_only(value, inner, {"rule", "threshold", "inclusive", "aggregate", "control", "max_hops", "as_of"});
    ownership_rule rule = ownership_rule::ofac();
    if (value.contains("rule")) {
      const std::string name = text_of(value["rule"], inner, "rule");
      auto base = ownership_rule::preset(name);
      if (!base) fail(inner, "rule", "unknown ownership rule \"" + name + "\" (expected " + presets + ")");
      rule = *base;
    }
    if (value.contains("threshold")) rule.threshold = fraction(value["threshold"], inner, "threshold");
    for (auto [key, field] : {std::pair{"inclusive", &rule.inclusive}, std::pair{"aggregate", &rule.aggregate},
                              std::pair{"control", &rule.control}}) {
      if (!value.contains(key)) continue;
      if (!value[key].is_boolean()) fail(inner, key, std::string("expected a boolean, got ") + value[key].type_name());
      *field = value[key].get<bool>();
    }
    if (value.contains("max_hops")) {
      const json& hops = value["max_hops"];
      if (!hops.is_number_unsigned() || hops.get<std::uint64_t>() >= ownership_rule::unlimited_hops)
        fail(inner, "max_hops", "expected a whole number of ownership links >= 0, got " + hops.dump());
      rule.max_hops = static_cast<std::uint32_t>(hops.get<std::uint64_t>());
    }
    if (value.contains("as_of")) {
      const std::string date = text_of(value["as_of"], inner, "as_of");
      rule.as_of = parse_date(date);
      if (!rule.as_of) fail(inner, "as_of", "expected an ISO 8601 date (YYYY-MM-DD), got '" + date + "'");
    }
    return rule;
  }
  scenario_rule rule(const json& object, const std::string& where) const {
    if (!object.is_object()) fail(where, "", std::string("expected a rule object, got ") + object.type_name());
    if (!object.contains("select")) fail(where, "select", "missing: expected \"nodes\" or \"edges\"");
    std::string select = text_of(object["select"], where, "select");
    scenario_rule out;
    if (object.contains("name")) out.name = text_of(object["name"], where, "name");
    if (object.contains("enforcement")) {
      const json& value = object["enforcement"];
      if (value.is_object()) {
        // An uncertain enforcement: {"low": a, "high": b}, drawn uniformly by --samples.
        allow_only(value, where + ".enforcement", {"low", "high"});
        if (!value.contains("low") || !value.contains("high"))
          fail(where, "enforcement", "a range needs both \"low\" and \"high\"");
        double low = fraction(value["low"], where, "enforcement.low");
        double high = fraction(value["high"], where, "enforcement.high");
        if (low > high)
          fail(where, "enforcement", "low " + value["low"].dump() + " exceeds high " + value["high"].dump());
        out.enforcement_range = std::make_pair(low, high);
        out.enforcement = (low + high) / 2;
      } else {
        out.enforcement = fraction(value, where, "enforcement");
      }
    }
    if (select == "nodes") {
      out.select = scenario_rule::selection::nodes;
      allow_only(object, where, {"select", "name", "enforcement", "ids", "kinds", "countries", "categories", "tags", "with_owned", "all"});
      out.nodes = filter(object, where);
      bool all = false;
      if (object.contains("all")) {
        if (!object["all"].is_boolean()) fail(where, "all", std::string("expected a boolean, got ") + object["all"].type_name());
        all = object["all"].get<bool>();
      }
      if (object.contains("with_owned")) out.with_owned = owned(object["with_owned"], where);
      if (out.nodes.empty() && !all)
        fail(where, "", "a node rule needs ids, kinds, countries, categories or tags (or \"all\": true to cut every node)");
      if (!out.nodes.empty() && all) fail(where, "all", "\"all\": true cannot be combined with filters");
    } else if (select == "edges") {
      out.select = scenario_rule::selection::edges;
      allow_only(object, where, {"select", "name", "enforcement", "from", "to", "kinds", "categories"});
      for (const char* side : {"from", "to"}) {
        if (!object.contains(side)) continue;
        const json& part = object[side];
        std::string inner = where + "." + side;
        if (!part.is_object()) fail(where, side, std::string("expected a node filter object, got ") + part.type_name());
        allow_only(part, inner, {"ids", "kinds", "countries", "categories", "tags"});
        (std::string_view(side) == "from" ? out.from : out.to) = filter(part, inner);
      }
      if (object.contains("kinds"))
        for (const std::string& name : strings(object["kinds"], where, "kinds")) {
          auto kind = parse_edge_kind(name);
          if (!kind) fail(where, "kinds", "unknown edge kind '" + name + "' (expected one of " + detail::join(edge_kind_names) + ")");
          if (!is_dependency(*kind))
            fail(where, "kinds", name + " edges are structural (ownership and control) and cannot be cut");
          out.kinds.push_back(*kind);
        }
      if (object.contains("categories")) out.categories = strings(object["categories"], where, "categories");
    } else {
      fail(where, "select", "expected \"nodes\" or \"edges\", got \"" + select + "\"");
    }
    return out;
  }

  std::string file_;
};

json filter_json(const node_filter& f) {
  json out = json::object();
  if (!f.ids.empty()) out["ids"] = f.ids;
  if (!f.kinds.empty()) {
    json kinds = json::array();
    for (node_kind kind : f.kinds) kinds.push_back(std::string(to_string(kind)));
    out["kinds"] = kinds;
  }
  if (!f.countries.empty()) out["countries"] = f.countries;
  if (!f.categories.empty()) out["categories"] = f.categories;
  if (!f.tags.empty()) out["tags"] = f.tags;
  return out;
}

/// `with_owned` as written: true, a preset name, or every field of a custom rule.
json owned_json(const owned_extension& extension) {
  if (extension.how == owned_extension::mode::reachable) return true;
  const ownership_rule& rule = extension.rule;
  if (std::string_view name = rule.preset_name(); !name.empty()) return std::string(name);
  json out = {{"threshold", rule.threshold}, {"inclusive", rule.inclusive},
              {"aggregate", rule.aggregate}, {"control", rule.control}};
  if (rule.max_hops != ownership_rule::unlimited_hops) out["max_hops"] = rule.max_hops;
  if (rule.as_of) out["as_of"] = format_date(*rule.as_of);
  return out;
}

}  // namespace

scenario read_scenario(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw scenario_error({.file = path.string()}, std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return scenario_reader(path.string()).read(text.str());
}

scenario read_scenario_text(std::string_view text, std::string_view name) {
  return scenario_reader(std::string(name)).read(text);
}

void write_scenario(const scenario& s, std::ostream& out) {
  json document = json::object();
  if (!s.name.empty()) document["name"] = s.name;
  if (s.min_confidence != 0.0) document["min_confidence"] = s.min_confidence;
  if (!s.views.empty()) document["views"] = s.views;
  json rules = json::array();
  for (const scenario_rule& rule : s.rules) {
    json entry = json::object();
    if (rule.select == scenario_rule::selection::nodes) {
      entry["select"] = "nodes";
      if (!rule.name.empty()) entry["name"] = rule.name;
      entry.update(filter_json(rule.nodes));
      if (rule.nodes.empty()) entry["all"] = true;
      if (rule.with_owned) entry["with_owned"] = owned_json(rule.with_owned);
    } else {
      entry["select"] = "edges";
      if (!rule.name.empty()) entry["name"] = rule.name;
      if (!rule.from.empty()) entry["from"] = filter_json(rule.from);
      if (!rule.to.empty()) entry["to"] = filter_json(rule.to);
      if (!rule.kinds.empty()) {
        json kinds = json::array();
        for (edge_kind kind : rule.kinds) kinds.push_back(std::string(to_string(kind)));
        entry["kinds"] = kinds;
      }
      if (!rule.categories.empty()) entry["categories"] = rule.categories;
    }
    if (rule.enforcement_range)
      entry["enforcement"] = {{"low", rule.enforcement_range->first},
                              {"high", rule.enforcement_range->second}};
    else if (rule.enforcement != 1.0)
      entry["enforcement"] = rule.enforcement;
    rules.push_back(std::move(entry));
  }
  document["rules"] = std::move(rules);
  out << document.dump(2) << "\n";
}

void write_scenario(const scenario& s, const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
  write_scenario(s, out);
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
}

}  // namespace micgraph::io
