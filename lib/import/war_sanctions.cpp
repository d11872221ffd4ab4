// The War & Sanctions components data (GUR, CC BY 4.0) as a supply graph.

#include "micgraph/import/war_sanctions.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "micgraph/builder.hpp"
#include "micgraph/error.hpp"
#include "micgraph/io/csv.hpp"
#include "../io/json_message.hpp"
#include "../io/read_file.hpp"

namespace micgraph::io {

namespace {

namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

constexpr std::string_view default_attribution =
    "Awesome Drone Warfare OSINT Contributors (2026). Awesome Drone Warfare OSINT. CC BY 4.0.";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

/// Runs of ASCII white space collapsed to one space, ends trimmed, ASCII letters in lower case:
/// the form in which names and markings are compared.
std::string comparable(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

/// A maker the data does not identify ("Not identified").
bool is_unidentified_maker(std::string_view name) {
  std::string s = comparable(name);
  return s.empty() || s == "not identified" || s == "unidentified" || s == "unknown" || s == "n/a";
}

/// A marking or part number that does not identify a part ("(unspecified)").
bool is_unspecified_marking(std::string_view marking) {
  std::string s = comparable(marking);
  return s.empty() || s == "(unspecified)" || s == "unspecified" || s == "not identified" ||
         s == "unidentified" || s == "unknown" || s == "n/a";
}

/// One CSV file of the data set: rows parsed by parse_csv, header names resolved to columns.
class data_file {
 public:
  data_file(const fs::path& directory, std::string name, std::initializer_list<std::string_view> required)
      : name_(std::move(name)), path_((directory / name_).string()) {
    rows_ = parse_csv(detail::read_file(directory / name_), path_);
    if (rows_.empty()) throw parse_error({.file = path_, .line = 1}, "empty file: expected a header row");
    const csv_row& header = rows_.front();
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
      std::string column(trim(header.fields[c]));
      if (column.empty()) continue;
      if (!columns_.emplace(column, c).second)
        throw parse_error({.file = path_, .line = header.line, .column = c + 1, .field = column},
                          "column given twice in the header");
    }
    for (std::string_view column : required)
      if (!has(column))
        throw parse_error({.file = path_, .line = header.line, .field = std::string(column)},
                          "missing required column '" + std::string(column) + "'");
    for (std::size_t r = 1; r < rows_.size(); ++r)
      if (rows_[r].fields.size() != header.fields.size())
        throw parse_error({.file = path_, .line = rows_[r].line},
                          std::string("expected ")
                              .append(std::to_string(header.fields.size()))
                              .append(" fields as in the header, got ")
                              .append(std::to_string(rows_[r].fields.size())));
  }

  const std::string& name() const { return name_; }
  std::size_t size() const { return rows_.size() - 1; }
  std::size_t line(std::size_t r) const { return rows_[r + 1].line; }
  const std::vector<std::string>& fields(std::size_t r) const { return rows_[r + 1].fields; }
  bool has(std::string_view column) const { return columns_.find(std::string(column)) != columns_.end(); }

  /// The trimmed cell of a column; empty when the column is absent.
  std::string_view cell(std::size_t r, std::string_view column) const {
    auto found = columns_.find(std::string(column));
    return found == columns_.end() ? std::string_view() : trim(rows_[r + 1].fields[found->second]);
  }

  [[noreturn]] void fail(std::size_t r, std::string_view column, std::string problem) const {
    auto found = columns_.find(std::string(column));
    throw parse_error({.file = path_, .line = line(r),
                       .column = found == columns_.end() ? 0 : found->second + 1,
                       .field = std::string(column)},
                      std::move(problem));
  }

  /// A cell holding a JSON list of strings (an empty cell is an empty list).
  std::vector<std::string> list(std::size_t r, std::string_view column) const {
    std::vector<std::string> out;
    std::string_view text = cell(r, column);
    if (text.empty()) return out;
    nlohmann::json value;
    try {
      value = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      fail(r, column, "expected a JSON list of strings: " + detail::json_problem(e));
    }
    if (!value.is_array())
      fail(r, column, std::string("expected a JSON list of strings, got a JSON ") + value.type_name());
    for (const auto& item : value) {
      if (!item.is_string())
        fail(r, column, std::string("expected a JSON list of strings, found a JSON ") + item.type_name() +
                            " in it");
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  /// A country cell: an ISO 3166-1 alpha-2 code, or empty for `UNK` and an empty cell.
  std::string country(std::size_t r, std::string_view column) const {
    std::string_view text = cell(r, column);
    if (text.empty() || text == "UNK") return {};
    if (!is_country_code(text))
      fail(r, column, "expected an ISO 3166-1 alpha-2 code (two capital letters) or UNK, got '" +
                          std::string(text) + "'");
    return std::string(text);
  }

  /// A cell holding a boolean (True/False, 1/0, yes/no, any case); false when empty.
  bool flag(std::size_t r, std::string_view column) const {
    std::string text = comparable(cell(r, column));
    if (text.empty() || text == "false" || text == "0" || text == "no") return false;
    if (text == "true" || text == "1" || text == "yes") return true;
    fail(r, column, "expected True or False, got '" + std::string(cell(r, column)) + "'");
  }

  /// A cell holding a whole number >= 0; nullopt when empty.
  std::optional<long long> count(std::size_t r, std::string_view column) const {
    std::string_view text = cell(r, column);
    if (text.empty()) return std::nullopt;
    long long out = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size() || out < 0)
      fail(r, column, "expected a whole number >= 0, got '" + std::string(text) + "'");
    return out;
  }

 private:
  std::string name_;
  std::string path_;
  std::vector<csv_row> rows_;
  std::unordered_map<std::string, std::size_t> columns_;
};

/// Remembers the first row of each key: a later row with the same key is skipped when identical
/// and is bad input (naming `column` and `shown`) when it differs.
class first_rows {
 public:
  /// True when row r repeats an earlier row exactly (and reports it as skipped).
  bool repeated(const data_file& file, std::size_t r, const std::string& key, std::string_view column,
                std::string_view shown, war_sanctions_report& report) {
    auto [at, inserted] = first_.emplace(key, r);
    if (inserted) return false;
    std::string first_line = std::to_string(file.line(at->second));
    if (file.fields(at->second) == file.fields(r)) {
      report.skipped.push_back({file.name(), file.line(r), "duplicate row: repeats an earlier row exactly",
                                std::string("same as line ").append(first_line)});
      return true;
    }
    file.fail(r, column,
              std::string("'").append(shown).append("' given twice with different fields (first on line ")
                  .append(first_line)
                  .append(")"));
  }

 private:
  std::unordered_map<std::string, std::size_t> first_;
};

/// Appends `item` unless empty or already present.
void add_unique(std::vector<std::string>& items, std::string_view item) {
  if (item.empty()) return;
  if (std::find(items.begin(), items.end(), item) == items.end()) items.emplace_back(item);
}

std::string key_of(std::string_view a, std::string_view b) {
  std::string out(a);
  out.push_back('\x1f');
  out.append(b);
  return out;
}

/// The attribution the licence requires: the quoted text after "Required attribution:" in
/// LICENSE-DATA, white space collapsed; the data set's published line when that is absent.
std::string attribution_of(const fs::path& directory) {
  std::error_code ec;
  fs::path licence = directory / "LICENSE-DATA";
  if (!fs::is_regular_file(licence, ec)) return std::string(default_attribution);
  std::string text = detail::read_file(licence);
  std::size_t at = text.find("Required attribution:");
  if (at == std::string::npos) return std::string(default_attribution);
  std::size_t open = text.find('"', at);
  std::size_t close = open == std::string::npos ? open : text.find('"', open + 1);
  if (close == std::string::npos) return std::string(default_attribution);
  std::string out;
  for (char c : trim(std::string_view(text).substr(open + 1, close - open - 1))) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

struct firm_entry {
  std::string id;
  node_fields fields;
  bool from_manufacturers = false;
  bool used = false;
};

struct component_entry {
  std::string id;
  node_fields fields;
  std::size_t firm = 0;
  std::vector<std::string> records;  // GUR component ids
  std::vector<std::string> part_numbers;
  std::vector<std::string> dates;
  std::vector<std::string> sources;
  std::string sanctions_status;
  bool dual_use = false;
  std::vector<std::size_t> uses;  // into use_entries
};

struct use_entry {
  std::size_t product;
  std::vector<std::string> sources;
};

/// Ids unique across the whole graph: a taken id gets `~2`, `~3`, ... appended.
class id_set {
 public:
  std::string claim(std::string id) {
    if (taken_.insert(id).second) return id;
    for (std::size_t n = 2;; ++n) {
      std::string candidate = id + "~" + std::to_string(n);
      if (taken_.insert(candidate).second) return candidate;
    }
  }

 private:
  std::unordered_set<std::string> taken_;
};

}  // namespace

war_sanctions_import import_war_sanctions(const fs::path& directory) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    throw parse_error({.file = directory.string()},
                      "not a directory: expected the folder holding drones.csv and components.csv");
  war_sanctions_report report;
  id_set ids;

  // Weapons.
  data_file drones(directory, "drones.csv", {"id", "display_name", "role", "manufacturer_country"});
  report.weapon_rows = drones.size();
  std::vector<std::pair<std::string, node_fields>> products;
  std::unordered_map<std::string, std::size_t> product_by_weapon;
  {
    first_rows first;
    for (std::size_t r = 0; r < drones.size(); ++r) {
      std::string weapon(drones.cell(r, "id"));
      if (weapon.empty()) drones.fail(r, "id", "expected a weapon id");
      if (first.repeated(drones, r, weapon, "id", weapon, report)) continue;
      node_fields fields;
      fields.kind = node_kind::product;
      fields.name = std::string(drones.cell(r, "display_name"));
      if (fields.name.empty()) fields.name = weapon;
      std::string role(drones.cell(r, "role"));
      if (role.empty()) role = "unknown";
      fields.category = "weapon/" + role;
      fields.country = drones.country(r, "manufacturer_country");
      if (fields.country.empty()) fields.tags.push_back("unknown_country");
      ordered_json attrs = ordered_json::object();
      attrs["role"] = role;
      for (const char* column : {"aka", "operators"})
        if (auto items = drones.list(r, column); !items.empty()) attrs[column] = items;
      if (auto propulsion = drones.cell(r, "propulsion"); !propulsion.empty())
        attrs["propulsion"] = propulsion;
      if (auto documented = drones.count(r, "total_components_documented"))
        attrs["components_documented"] = *documented;
      std::vector<std::string> sources;
      add_unique(sources, drones.cell(r, "primary_source_url"));
      for (const std::string& source : drones.list(r, "secondary_sources")) add_unique(sources, trim(source));
      if (!sources.empty()) attrs["sources"] = sources;
      if (auto verified = drones.cell(r, "last_verified"); !verified.empty()) attrs["last_verified"] = verified;
      fields.attrs = attrs.dump();
      product_by_weapon.emplace(weapon, products.size());
      products.emplace_back(ids.claim("weapon:" + weapon), std::move(fields));
    }
  }

  // Manufacturers.
  std::vector<firm_entry> firms;
  std::unordered_map<std::string, std::size_t> firm_by_key;  // comparable name + country
  auto derived_firm_id = [&](std::string_view name, std::string_view country) {
    return ids.claim(std::string("manufacturer:")
                         .append(name)
                         .append(" (")
                         .append(country.empty() ? "UNK" : country)
                         .append(")"));
  };
  const bool have_manufacturers = fs::exists(directory / "manufacturers.csv", ec);
  if (have_manufacturers) {
    data_file makers(directory, "manufacturers.csv", {"name", "country"});
    report.manufacturer_rows = makers.size();
    first_rows first;
    std::vector<std::size_t> kept;
    std::unordered_map<std::string, std::size_t> id_uses;
    for (std::size_t r = 0; r < makers.size(); ++r) {
      std::string_view name = makers.cell(r, "name");
      std::string country = makers.country(r, "country");
      if (is_unidentified_maker(name)) {
        report.skipped.push_back({makers.name(), makers.line(r),
                                  "names no manufacturer: unidentified makers become placeholder firms",
                                  std::string(name)});
        continue;
      }
      if (first.repeated(makers, r, key_of(comparable(name), country), "name", name, report)) continue;
      kept.push_back(r);
      ++id_uses[std::string(makers.cell(r, "manufacturer_id"))];
    }
    for (std::size_t r : kept) {
      firm_entry firm;
      firm.from_manufacturers = true;
      std::string_view name = makers.cell(r, "name");
      firm.fields.kind = node_kind::firm;
      firm.fields.name = std::string(name);
      firm.fields.country = makers.country(r, "country");
      firm.fields.category = "firm/manufacturer";
      if (firm.fields.country.empty()) firm.fields.tags.push_back("unknown_country");
      std::string maker_id(makers.cell(r, "manufacturer_id"));
      if (!maker_id.empty() && id_uses[maker_id] == 1) {
        firm.id = ids.claim("manufacturer:" + maker_id);
      } else {
        firm.id = derived_firm_id(name, firm.fields.country);
        ++report.renamed_firm_ids;
      }
      ordered_json attrs = ordered_json::object();
      if (!maker_id.empty()) attrs["manufacturer_id"] = maker_id;
      for (const char* column : {"headquarters_city", "parent_company", "opensanctions_id", "sanctions_status"})
        if (auto value = makers.cell(r, column); !value.empty() && comparable(value) != "unknown")
          attrs[column] = value;
      if (auto source = makers.cell(r, "source_url"); !source.empty())
        attrs["sources"] = ordered_json::array({source});
      firm.fields.attrs = attrs.empty() ? std::string() : attrs.dump();
      firm_by_key.emplace(key_of(comparable(name), firm.fields.country), firms.size());
      firms.push_back(std::move(firm));
    }
    if (report.renamed_firm_ids != 0)
      report.notes.push_back(
          std::string("manufacturers whose manufacturer_id another name shares, or who have none "
                      "(ids made from name and country): ")
              .append(std::to_string(report.renamed_firm_ids)));
  } else {
    report.notes.emplace_back("manufacturers.csv absent: firms come from the makers components.csv names");
  }

  // Components.
  data_file parts(directory, "components.csv",
                  {"component_id", "name_marking", "manufacturer", "manufacturer_country",
                   "found_in_drones", "source_url"});
  report.component_rows = parts.size();
  std::vector<component_entry> components;
  std::vector<use_entry> uses;
  std::unordered_map<std::string, std::size_t> component_by_key;
  std::unordered_map<std::string, std::size_t> use_by_key;
  std::size_t rows_without_source = 0;
  {
    first_rows first;
    for (std::size_t r = 0; r < parts.size(); ++r) {
      std::string record(parts.cell(r, "component_id"));
      if (record.empty()) parts.fail(r, "component_id", "expected a component id");
      if (first.repeated(parts, r, record, "component_id", record, report)) continue;
      std::string_view maker = parts.cell(r, "manufacturer");
      std::string country = parts.country(r, "manufacturer_country");
      std::vector<std::string> weapons = parts.list(r, "found_in_drones");
      std::vector<std::size_t> found_in;
      for (const std::string& weapon : weapons) {
        auto product = product_by_weapon.find(std::string(trim(weapon)));
        if (product == product_by_weapon.end()) {
          report.skipped.push_back({parts.name(), parts.line(r),
                                    "found_in_drones names a weapon that drones.csv lacks: reference "
                                    "dropped",
                                    weapon});
          continue;
        }
        if (std::find(found_in.begin(), found_in.end(), product->second) == found_in.end())
          found_in.push_back(product->second);
      }
      if (weapons.empty())
        report.skipped.push_back(
            {parts.name(), parts.line(r), "found_in_drones names no weapon: nothing depends on it", record});
      if (found_in.empty()) continue;

      // The maker.
      std::size_t firm = 0;
      const bool unidentified = is_unidentified_maker(maker);
      if (unidentified) {
        std::string key = key_of("\x1f" "unidentified", country);
        auto found = firm_by_key.find(key);
        if (found == firm_by_key.end()) {
          firm_entry entry;
          std::string lower_country = comparable(country);
          entry.id = ids.claim(country.empty() ? std::string("manufacturer:unidentified")
                                               : "manufacturer:unidentified-" + lower_country);
          entry.fields.kind = node_kind::firm;
          entry.fields.name = country.empty() ? std::string("Unidentified manufacturer")
                                              : "Unidentified manufacturer (" + country + ")";
          entry.fields.country = country;
          entry.fields.category = "firm/manufacturer";
          entry.fields.tags.push_back("unknown");
          if (country.empty()) entry.fields.tags.push_back("unknown_country");
          entry.fields.attrs =
              R"({"placeholder":"stands for the makers the data gives as not identified"})";
          found = firm_by_key.emplace(key, firms.size()).first;
          firms.push_back(std::move(entry));
          ++report.unidentified_firms;
        }
        firm = found->second;
      } else {
        std::string key = key_of(comparable(maker), country);
        auto found = firm_by_key.find(key);
        if (found == firm_by_key.end()) {
          firm_entry entry;
          entry.id = derived_firm_id(maker, country);
          entry.fields.kind = node_kind::firm;
          entry.fields.name = std::string(maker);
          entry.fields.country = country;
          entry.fields.category = "firm/manufacturer";
          if (country.empty()) entry.fields.tags.push_back("unknown_country");
          found = firm_by_key.emplace(key, firms.size()).first;
          firms.push_back(std::move(entry));
          ++report.firms_from_components;
        }
        firm = found->second;
      }
      firms[firm].used = true;

      // The part.
      std::string_view marking = parts.cell(r, "name_marking");
      std::string_view part_number = parts.cell(r, "oem_part_number");
      std::string identity;
      if (!is_unspecified_marking(marking))
        identity = "marking:" + comparable(marking);
      else if (!is_unspecified_marking(part_number))
        identity = "part number:" + comparable(part_number);
      std::string category(parts.cell(r, "category"));
      if (category.empty()) category = "unknown";
      std::string_view source = parts.cell(r, "source_url");
      if (source.empty()) ++rows_without_source;

      std::size_t at = components.size();
      bool merged = false;
      if (!identity.empty() && !unidentified) {
        auto [found, inserted] = component_by_key.emplace(key_of(firms[firm].id, identity), at);
        if (!inserted) {
          at = found->second;
          merged = true;
        }
      }
      if (merged) {
        ++report.merged_records;
        component_entry& part = components[at];
        if (part.fields.category == "component/unknown" && category != "unknown") {
          part.fields.category = "component/" + category;
        } else if (category != "unknown" && part.fields.category != "component/" + category) {
          report.notes.push_back(std::string("component ")
                                     .append(part.id)
                                     .append(": category '")
                                     .append(category)
                                     .append("' of ")
                                     .append(record)
                                     .append(" differs from the one kept, '")
                                     .append(part.fields.category)
                                     .append("'"));
        }
      } else {
        component_entry part;
        part.id = ids.claim("component:" + record);
        part.firm = firm;
        part.fields.kind = node_kind::component;
        if (!is_unspecified_marking(marking))
          part.fields.name = std::string(marking);
        else if (!is_unspecified_marking(part_number))
          part.fields.name = std::string(part_number);
        else
          part.fields.name = "unspecified part by " + firms[firm].fields.name;
        part.fields.country = country;
        part.fields.category = "component/" + category;
        if (identity.empty()) {
          part.fields.tags.push_back("unidentified_part");
          ++report.unmarked_parts;
        } else if (unidentified) {
          ++report.parts_of_unidentified_makers;
        }
        if (country.empty()) part.fields.tags.push_back("unknown_country");
        components.push_back(std::move(part));
      }
      component_entry& part = components[at];
      part.records.push_back(record);
      add_unique(part.part_numbers, part_number);
      add_unique(part.dates, parts.cell(r, "production_date"));
      add_unique(part.sources, source);
      if (auto status = parts.cell(r, "sanctions_status"); !status.empty() && comparable(status) != "unknown")
        part.sanctions_status = std::string(status);
      part.dual_use = part.dual_use || parts.flag(r, "is_dual_use");

      // Its uses.
      for (std::size_t product : found_in) {
        auto [found, inserted] =
            use_by_key.emplace(std::to_string(at).append(":").append(std::to_string(product)), uses.size());
        if (inserted) {
          uses.push_back({product, {}});
          part.uses.push_back(found->second);
        } else {
          ++report.repeated_uses;
        }
        add_unique(uses[found->second].sources, source);
      }
    }
  }
  if (rows_without_source != 0)
    report.notes.push_back(std::string("component rows without a source_url (their edges cite no record): ")
                               .append(std::to_string(rows_without_source)));

  // Relations: read, reported, not imported (see the header).
  if (fs::exists(directory / "supply_chain_edges.csv", ec)) {
    data_file relations(directory, "supply_chain_edges.csv", {"source_entity", "target_entity", "relation"});
    report.relation_rows = relations.size();
    for (std::size_t r = 0; r < relations.size(); ++r) {
      std::string relation(relations.cell(r, "relation"));
      std::string reason =
          relation == "found_inside"
              ? "found_inside not imported: a firm-level claim with no part, naming the weapon "
                "informally (no drones.csv id); components.csv gives these links part by part"
              : "'" + relation + "' not imported: a trade link between entities named informally, "
                "with no manufacturers.csv or drones.csv id";
      report.skipped.push_back({relations.name(), relations.line(r), std::move(reason),
                                std::string(relations.cell(r, "source_entity"))
                                    .append(" -> ")
                                    .append(relations.cell(r, "target_entity"))});
    }
  }
  if (fs::exists(directory / "teardowns.csv", ec))
    report.notes.emplace_back("teardowns.csv not read: it lists published reports, not dependencies");

  // The graph: products, firms, components, then each component's edges.
  graph_builder builder;
  builder.reserve(products.size() + firms.size() + components.size(), components.size() + uses.size());
  for (const auto& [id, fields] : products) builder.add_node(id, fields);
  std::vector<bool> has_parts(products.size(), false);
  for (const use_entry& use : uses) has_parts[use.product] = true;
  const auto weapons_without_parts =
      static_cast<std::size_t>(std::count(has_parts.begin(), has_parts.end(), false));
  for (const firm_entry& firm : firms) {
    builder.add_node(firm.id, firm.fields);
    if (firm.from_manufacturers && !firm.used) ++report.firms_without_components;
  }
  for (component_entry& part : components) {
    ordered_json attrs = ordered_json::object();
    attrs["gur_records"] = part.records;
    if (!part.part_numbers.empty()) attrs["oem_part_numbers"] = part.part_numbers;
    if (!part.dates.empty()) attrs["production_dates"] = part.dates;
    if (!part.sanctions_status.empty()) attrs["sanctions_status"] = part.sanctions_status;
    part.fields.attrs = attrs.dump();
    if (part.dual_use) part.fields.tags.push_back("dual_use");
    builder.add_node(part.id, part.fields);
  }
  edge_fields fields;
  for (const component_entry& part : components) {
    fields.kind = edge_kind::produces;
    fields.sources = part.sources;
    builder.add_edge(firms[part.firm].id, part.id, fields);
    fields.kind = edge_kind::component_of;
    for (std::size_t use : part.uses) {
      fields.sources = uses[use].sources;
      builder.add_edge(part.id, products[uses[use].product].first, fields);
    }
  }
  if (weapons_without_parts != 0)
    report.notes.push_back(std::string("weapons with no part in components.csv (products with no requirement): ")
                               .append(std::to_string(weapons_without_parts)));

  report.products = products.size();
  report.firms = firms.size();
  report.components = components.size();
  report.produces_edges = components.size();
  report.component_of_edges = uses.size();
  report.attribution = attribution_of(directory);

  ordered_json metadata = ordered_json::object();
  metadata["name"] = "War & Sanctions: foreign components found in weapons used against Ukraine";
  metadata["attribution"] = report.attribution;
  metadata["license"] = "CC BY 4.0";
  metadata["license_url"] = "https://creativecommons.org/licenses/by/4.0/";
  metadata["primary_source"] =
      "Defence Intelligence of Ukraine (GUR), War & Sanctions portal, "
      "https://war-sanctions.gur.gov.ua/en; each edge's sources cite the portal's records";
  metadata["upstream_repository"] = "https://github.com/cognis-digital/awesome-drone-warfare-osint";
  metadata["changes"] =
      "Converted by micgraph import war-sanctions: rows repeated exactly dropped; sightings of one "
      "part (same maker and marking) merged into one component; unidentified makers and UNK "
      "countries made explicit; supply_chain_edges.csv not imported";
  builder.set_metadata(metadata.dump());

  return {builder.freeze(), std::move(report)};
}

}  // namespace micgraph::io
