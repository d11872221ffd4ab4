// FollowTheMoney entity files (JSON lines): firms, persons, ownership, control and sanctions.

#include "micgraph/import/ftm.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>

#include "micgraph/builder.hpp"
#include "../io/json_message.hpp"
#include "../io/read_file.hpp"

namespace micgraph::io {

namespace {

using ordered_json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// An FtM date (`2015`, `2015-11`, `2015-11-25`, a time of day after it ignored) as the first
/// (`last` false) or last day of the period it names; nullopt when it is none of those.
std::optional<day_number> ftm_date(std::string_view text, bool last) {
  if (text.size() > 10 && (text[10] == 'T' || text[10] == ' ')) text = text.substr(0, 10);
  auto digits = [&](std::size_t first, std::size_t count) {
    int value = 0;
    for (std::size_t i = first; i < first + count; ++i) {
      if (i >= text.size() || text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int year = digits(0, 4);
  if (year < 1) return std::nullopt;
  if (text.size() == 4) {
    return last ? days_from_civil(year, 12, 31) : days_from_civil(year, 1, 1);
  }
  if (text.size() == 7 && text[4] == '-') {
    const int month = digits(5, 2);
    if (month < 1 || month > 12) return std::nullopt;
    if (!last) return days_from_civil(year, static_cast<unsigned>(month), 1);
    // The last day of the month: the day before the first of the next.
    return month == 12 ? days_from_civil(year, 12, 31)
                       : days_from_civil(year, static_cast<unsigned>(month) + 1, 1) - 1;
  }
  return text.size() == 10 ? parse_date(text) : std::nullopt;
}

/// A percentage such as `100`, `38.85`, `49%` or `12,5`; nullopt when unreadable.
std::optional<double> percentage(std::string_view text) {
  std::string value(text);
  value.erase(std::remove(value.begin(), value.end(), ' '), value.end());
  if (!value.empty() && value.back() == '%') value.pop_back();
  if (value.find('.') == std::string::npos) std::replace(value.begin(), value.end(), ',', '.');
  double out = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() ||
      !std::isfinite(out))
    return std::nullopt;
  return out;
}

/// One entity of the file: where it is, and its properties as lists of strings.
struct entity {
  std::size_t line = 0;
  std::string id, schema, caption;
  std::map<std::string, std::vector<std::string>> properties;
  std::vector<std::string> datasets;

  const std::vector<std::string>& values(const std::string& name) const {
    static const std::vector<std::string> none;
    auto found = properties.find(name);
    return found == properties.end() ? none : found->second;
  }
  std::string first(const std::string& name) const {
    const auto& all = values(name);
    return all.empty() ? std::string() : all.front();
  }
};

/// A link between two entities, waiting for both ends to be known.
struct pending_link {
  std::size_t entity;  // index into the entities
  std::string source, target;
  edge_fields fields;
};

class ftm_reader {
 public:
  ftm_reader(std::string file, const ftm_import_options& options)
      : file_(std::move(file)), options_(options) {}

  ftm_import read(std::string_view text) {
    if (options_.unknown_stake &&
        !(*options_.unknown_stake > 0.0 && *options_.unknown_stake <= 1.0))
      throw error("ftm import: unknown_stake must be in (0,1], got " +
                  std::to_string(*options_.unknown_stake));
    parse_lines(text);
    for (std::size_t i = 0; i < entities_.size(); ++i) classify(i);
    return build();
  }

 private:
  [[noreturn]] void fail(std::size_t line, const std::string& field, std::string problem) const {
    throw parse_error({.file = file_, .line = line, .field = field}, std::move(problem));
  }

  void parse_lines(std::string_view text) {
    std::size_t line = 0, at = 0;
    std::unordered_map<std::string, std::size_t> first_line;
    while (at < text.size()) {
      std::size_t end = text.find('\n', at);
      if (end == std::string_view::npos) end = text.size();
      std::string_view content = text.substr(at, end - at);
      at = end + 1;
      ++line;
      if (content.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      ++report_.lines;
      ordered_json value;
      try {
        value = ordered_json::parse(content);
      } catch (const nlohmann::json::exception& e) {
        fail(line, "", "malformed JSON: " + detail::json_problem(e));
      }
      if (!value.is_object())
        fail(line, "", std::string("expected an entity object, got ") + value.type_name());
      entity item{.line = line};
      for (const char* field : {"id", "schema"}) {
        if (!value.contains(field) || !value[field].is_string() ||
            value[field].get<std::string>().empty())
          fail(line, field, "missing: every entity needs a non-empty string");
      }
      item.id = value["id"].get<std::string>();
      item.schema = value["schema"].get<std::string>();
      if (value.contains("caption") && value["caption"].is_string())
        item.caption = value["caption"].get<std::string>();
      if (value.contains("datasets")) item.datasets = strings(value["datasets"], line, "datasets");
      if (value.contains("properties")) {
        const ordered_json& properties = value["properties"];
        if (!properties.is_object())
          fail(line, "properties",
               std::string("expected an object, got ") + properties.type_name());
        for (const auto& [name, values] : properties.items())
          item.properties[name] = strings(values, line, "properties." + name);
      }
      if (auto [found, fresh] = first_line.emplace(item.id, line); !fresh) {
        skip(item, "repeats an entity id given earlier", "line " + std::to_string(found->second));
        continue;
      }
      entities_.push_back(std::move(item));
    }
  }

  std::vector<std::string> strings(const ordered_json& value, std::size_t line,
                                   const std::string& field) const {
    std::vector<std::string> out;
    if (value.is_string()) return {value.get<std::string>()};
    if (!value.is_array())
      fail(line, field, std::string("expected a list of strings, got ") + value.type_name());
    for (const ordered_json& item : value) {
      if (!item.is_string())
        fail(line, field, std::string("expected strings, got ") + item.type_name());
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  void skip(const entity& item, const std::string& reason, std::string detail = {}) {
    report_.skipped.push_back({item.line, item.id, item.schema, reason, std::move(detail)});
  }

  /// Sorts entity i into a node, a link or a listing, or skips it.
  void classify(std::size_t i) {
    const entity& item = entities_[i];
    const std::string& schema = item.schema;
    if (schema == "Company" || schema == "Organization" || schema == "LegalEntity" ||
        schema == "PublicBody") {
      add_node(item, node_kind::firm);
    } else if (schema == "Person") {
      add_node(item, node_kind::person);
    } else if (schema == "Ownership") {
      ownership(i);
    } else if (schema == "Directorship") {
      if (options_.directorships_as_control)
        control(i, "director", "organization");
      else
        skip(item, "directorship not imported (directorships_as_control is off)");
    } else if (schema == "Control") {
      control(i, "controller", "controlled");
    } else if (schema == "UnknownLink") {
      bool speaks_of_control = false;
      for (const std::string& role : item.values("role"))
        speaks_of_control = speaks_of_control || lower(role).find("control") != std::string::npos;
      if (speaks_of_control)
        control(i, "subject", "object");
      else
        skip(item, "UnknownLink whose role does not speak of control");
    } else if (schema == "Sanction") {
      sanctions_.push_back(i);
    } else {
      skip(item, "schema " + schema +
                     " is neither an owner, an asset, ownership, control nor a sanction");
    }
  }

  void add_node(const entity& item, node_kind kind) {
    node_record node{.id = item.id};
    node.fields.kind = kind;
    node.fields.name = !item.caption.empty() ? item.caption : item.first("name");
    std::vector<std::string> countries = item.values("jurisdiction");
    for (const std::string& c : item.values("country"))
      if (std::find(countries.begin(), countries.end(), c) == countries.end())
        countries.push_back(c);
    for (const std::string& c : countries) {
      std::string code = c;
      for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (code.size() == 2 && is_country_code(code)) {
        node.fields.country = code;
        break;
      }
    }
    for (const std::string& topic : item.values("topics"))
      if (!topic.empty() && std::find(node.fields.tags.begin(), node.fields.tags.end(), topic) ==
                                node.fields.tags.end())
        node.fields.tags.push_back(topic);
    ordered_json attrs = {{"ftm_id", item.id}, {"ftm_schema", item.schema}};
    std::vector<std::string> names;
    for (const char* field : {"name", "alias", "previousName", "weakAlias"})
      for (const std::string& name : item.values(field))
        if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end())
          names.push_back(name);
    if (!names.empty()) attrs["names"] = names;
    if (!countries.empty()) attrs["countries"] = countries;
    if (!item.datasets.empty()) attrs["datasets"] = item.datasets;
    node.fields.attrs = attrs.dump();
    (kind == node_kind::person ? report_.persons : report_.firms) += 1;
    node_of_[item.id] = nodes_.size();
    nodes_.push_back(std::move(node));
    node_lines_.push_back(item.line);
  }

  /// The earliest start and latest end the entity gives; false (and skipped) when unreadable
  /// or inverted.
  bool dates(const entity& item, edge_fields& fields) {
    for (const auto& [property, last] :
         {std::pair{"startDate", false}, std::pair{"endDate", true}}) {
      std::optional<day_number>& bound = last ? fields.end_date : fields.start_date;
      for (const std::string& text : item.values(property)) {
        std::optional<day_number> day = ftm_date(text, last);
        if (!day || *day < first_day || *day > last_day) {
          skip(item, "a date that is not YYYY, YYYY-MM or YYYY-MM-DD",
               std::string(property) + " '" + text + "'");
          return false;
        }
        bound = !bound ? *day : last ? std::max(*bound, *day) : std::min(*bound, *day);
      }
    }
    if (fields.start_date && fields.end_date && *fields.end_date < *fields.start_date) {
      skip(item, "ends before it starts",
           format_date(*fields.start_date) + " to " + format_date(*fields.end_date));
      return false;
    }
    return true;
  }

  /// The two ends of a link; false (and skipped) when one is missing.
  bool ends(const entity& item, const char* from, const char* to, pending_link& link) {
    link.source = item.first(from);
    link.target = item.first(to);
    if (link.source.empty() || link.target.empty()) {
      skip(item, std::string("no ") + (link.source.empty() ? from : to));
      return false;
    }
    return true;
  }

  ordered_json link_attrs(const entity& item) const {
    ordered_json attrs = {{"ftm_id", item.id}};
    if (const auto& roles = item.values("role"); !roles.empty())
      attrs["role"] = roles.size() == 1 ? ordered_json(roles[0]) : ordered_json(roles);
    return attrs;
  }

  void ownership(std::size_t i) {
    const entity& item = entities_[i];
    pending_link link{.entity = i};
    link.fields.kind = edge_kind::owns;
    if (!ends(item, "owner", "asset", link) || !dates(item, link.fields)) return;
    ordered_json attrs = link_attrs(item);
    if (const auto& counts = item.values("sharesCount"); !counts.empty())
      attrs["shares_count"] = counts[0];
    std::optional<double> stake;
    const auto& given = item.values("percentage");
    for (const std::string& text : given)
      if (auto value = percentage(text); value && !stake) stake = value;
    if (given.size() > 1) ++several_percentages_;
    if (stake && !(*stake > 0.0 && *stake <= 100.0)) {
      skip(item, "a percentage outside (0,100]", given.front());
      return;
    }
    if (!stake) {
      if (!options_.unknown_stake) {
        skip(item,
             given.empty() ? "no percentage: the stake is unknown" : "an unreadable percentage",
             given.empty() ? std::string() : given.front());
        return;
      }
      ++report_.unknown_stakes;
      attrs["stake_unknown"] = true;
    }
    link.fields.share = stake ? *stake / 100.0 : *options_.unknown_stake;
    link.fields.attrs = attrs.dump();
    links_.push_back(std::move(link));
  }

  void control(std::size_t i, const char* from, const char* to) {
    const entity& item = entities_[i];
    pending_link link{.entity = i};
    link.fields.kind = edge_kind::controls;
    if (!ends(item, from, to, link) || !dates(item, link.fields)) return;
    ordered_json attrs = link_attrs(item);
    attrs["ftm_schema"] = item.schema;
    link.fields.attrs = attrs.dump();
    links_.push_back(std::move(link));
  }

  /// A node the file defines as a firm or person, or skips the entity naming the missing end.
  bool known(const entity& item, const std::string& id, const char* role) {
    if (node_of_.count(id) != 0) return true;
    skip(item, std::string(role) + " is not an imported firm or person", id);
    return false;
  }

  ftm_import build() {
    // Listings: tags on the sanctioned entity.
    std::set<std::string> listed_ids;
    for (std::size_t i : sanctions_) {
      const entity& item = entities_[i];
      const std::string target = item.first("entity");
      if (target.empty()) {
        skip(item, "no entity");
        continue;
      }
      if (!known(item, target, "the sanctioned entity")) continue;
      std::vector<std::string>& tags = nodes_[node_of_[target]].fields.tags;
      auto tag = [&tags](std::string value) {
        if (std::find(tags.begin(), tags.end(), value) == tags.end())
          tags.push_back(std::move(value));
      };
      tag("listed");
      for (const std::string& country : item.values("country"))
        if (!country.empty()) tag("listed:" + lower(country));
      for (const std::string& program : item.values("programId"))
        if (!program.empty()) tag("listed:" + lower(program));
      ++report_.sanctions;
      listed_ids.insert(target);
    }
    report_.listed_entities = listed_ids.size();

    graph_builder builder;
    builder.reserve(nodes_.size(), links_.size());
    for (std::size_t k = 0; k < nodes_.size(); ++k) {
      try {
        builder.add_node(nodes_[k]);
      } catch (const build_error& e) {
        fail(node_lines_[k], e.where().field, e.problem());
      }
    }
    for (pending_link& link : links_) {
      const entity& item = entities_[link.entity];
      const bool owns = link.fields.kind == edge_kind::owns;
      if (!known(item, link.source, owns ? "the owner" : "the controller") ||
          !known(item, link.target, owns ? "the asset" : "the controlled entity"))
        continue;
      if (link.fields.start_date || link.fields.end_date) ++report_.dated_edges;
      (owns ? report_.owns_edges : report_.controls_edges) += 1;
      try {
        builder.add_edge(link.source, link.target, link.fields);
      } catch (const build_error& e) {
        fail(item.line, e.where().field, e.problem());
      }
    }

    std::map<std::string, std::size_t> counts;
    for (const ftm_skipped_entity& s : report_.skipped) ++counts[s.reason];
    report_.skipped_by_reason.assign(counts.begin(), counts.end());
    std::stable_sort(report_.skipped_by_reason.begin(), report_.skipped_by_reason.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::sort(
        report_.skipped.begin(), report_.skipped.end(),
        [](const ftm_skipped_entity& a, const ftm_skipped_entity& b) { return a.line < b.line; });
    if (several_percentages_ != 0)
      report_.notes.push_back(
          "ownerships giving several percentages (the first readable one was used): " +
          std::to_string(several_percentages_));
    if (report_.unknown_stakes != 0)
      report_.notes.push_back("ownerships without a percentage given the assumed stake " +
                              std::to_string(*options_.unknown_stake) + ": " +
                              std::to_string(report_.unknown_stakes));
    builder.set_metadata(metadata().dump());
    return {builder.freeze(), std::move(report_)};
  }

  ordered_json metadata() {
    std::set<std::string> datasets;
    for (const entity& item : entities_)
      datasets.insert(item.datasets.begin(), item.datasets.end());
    const bool opensanctions = !datasets.empty();
    report_.license = !options_.license.empty() ? options_.license
                      : opensanctions           ? "CC BY-NC 4.0"
                                                : "not stated in the data";
    report_.attribution =
        !options_.attribution.empty() ? options_.attribution
        : opensanctions
            ? "OpenSanctions (https://www.opensanctions.org), licensed under CC BY-NC 4.0; "
              "commercial use requires a data licence from OpenSanctions"
            : "";
    const fs::path path(file_);
    ordered_json out = {{"name", "FollowTheMoney entities from " + path.filename().string()},
                        {"ftm_file", path.filename().string()},
                        {"license", report_.license}};
    if (opensanctions) out["license_url"] = "https://creativecommons.org/licenses/by-nc/4.0/";
    if (!report_.attribution.empty()) out["attribution"] = report_.attribution;
    std::error_code ec;
    const fs::path notice = path.parent_path() / ("LICENSE-" + path.filename().string() + ".txt");
    if (fs::is_regular_file(notice, ec)) {
      std::istringstream lines(detail::read_file(notice));
      std::string first;
      while (std::getline(lines, first) && first.find_first_not_of(" \t\r") == std::string::npos) {
      }
      out["license_file"] = notice.filename().string();
      out["license_file_title"] = first;
    }
    if (opensanctions) out["datasets"] = std::vector<std::string>(datasets.begin(), datasets.end());
    out["changes"] =
        "Converted by micgraph's FtM importer: firms and persons as nodes, Ownership as owns edges "
        "(percentage / 100 as the stake), directorships and control as controls edges, sanctions "
        "as "
        "listed tags; entities of other schemata and unusable links skipped (see the import "
        "report)";
    return out;
  }

  std::string file_;
  const ftm_import_options& options_;
  std::vector<entity> entities_;
  std::vector<node_record> nodes_;
  std::vector<std::size_t> node_lines_;
  std::unordered_map<std::string, std::size_t> node_of_;
  std::vector<pending_link> links_;
  std::vector<std::size_t> sanctions_;
  std::size_t several_percentages_ = 0;
  ftm_import_report report_;
};

}  // namespace

ftm_import import_ftm_text(std::string_view text, std::string_view name,
                           const ftm_import_options& options) {
  return ftm_reader(std::string(name), options).read(text);
}

ftm_import import_ftm(const std::filesystem::path& file, const ftm_import_options& options) {
  return ftm_reader(file.string(), options).read(detail::read_file(file));
}

}  // namespace micgraph::io
