#pragma once
/// \file model.hpp
/// The typed vocabulary of a supply graph (DESIGN §2): node kinds, edge kinds, and the records
/// a GraphBuilder takes.

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace micgraph {

using node_index = std::uint32_t;  ///< dense node number, in topological order of the condensation
using edge_index = std::uint32_t;  ///< dense edge number, edges sorted by source
using slot_index = std::uint32_t;  ///< dense requirement-slot number
inline constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

/// What a node is.
enum class node_kind : std::uint8_t {
  firm,          ///< a company or state corporation (maker, distributor, integrator)
  facility,      ///< a plant or site of a firm
  product,       ///< an end item or assembly: a missile, drone, tank, radar
  component,     ///< a part type: an FPGA, MCU, GNSS module, bearing, engine
  machine_tool,  ///< a machine-tool type or installed base
  material,      ///< a material: carbon fibre, titanium sponge, explosives precursor
  service,       ///< spare parts, expendables, software licences/updates, maintenance
  person,        ///< a natural person: an owner, director or beneficiary of firms (never produces)
};
inline constexpr std::size_t node_kind_count = 8;

/// How two nodes relate. Every kind but `owns` and `controls` is a dependency: the target needs
/// the source.
enum class edge_kind : std::uint8_t {
  produces,      ///< maker -> item
  supplies,      ///< seller/distributor -> buyer or item
  component_of,  ///< part -> assembly/product
  tooling,       ///< machine tool -> plant/firm/item that runs it
  services,      ///< servicer/spare parts/software -> what it keeps running
  owns,          ///< owner -> owned, `share` the stake; structural, never propagated
  controls,      ///< controller -> controlled without majority ownership (director, voting
                 ///< agreement, trust); structural, never propagated
};
inline constexpr std::size_t edge_kind_count = 7;

inline constexpr std::array<std::string_view, node_kind_count> node_kind_names = {
    "firm", "facility", "product", "component", "machine_tool", "material", "service", "person"};
inline constexpr std::array<std::string_view, edge_kind_count> edge_kind_names = {
    "produces", "supplies", "component_of", "tooling", "services", "owns", "controls"};

/// The name of a node kind as it appears in files.
constexpr std::string_view to_string(node_kind kind) {
  return node_kind_names[static_cast<std::size_t>(kind)];
}
/// The name of an edge kind as it appears in files.
constexpr std::string_view to_string(edge_kind kind) {
  return edge_kind_names[static_cast<std::size_t>(kind)];
}
/// Parses a node kind name; nullopt when unknown.
constexpr std::optional<node_kind> parse_node_kind(std::string_view name) {
  for (std::size_t i = 0; i < node_kind_count; ++i)
    if (node_kind_names[i] == name) return static_cast<node_kind>(i);
  return std::nullopt;
}
/// Parses an edge kind name; nullopt when unknown.
constexpr std::optional<edge_kind> parse_edge_kind(std::string_view name) {
  for (std::size_t i = 0; i < edge_kind_count; ++i)
    if (edge_kind_names[i] == name) return static_cast<edge_kind>(i);
  return std::nullopt;
}

/// True for the structural kinds of ownership and control (`owns`, `controls`): the only edges
/// that may carry dates.
constexpr bool is_ownership(edge_kind kind) {
  return kind == edge_kind::owns || kind == edge_kind::controls;
}

/// True for every edge kind that makes the target need the source (all but `owns` and
/// `controls`).
constexpr bool is_dependency(edge_kind kind) { return !is_ownership(kind); }

/// True for the kinds whose edges, with no `input`, share one provider slot at their target
/// (`produces`, `supplies`: the providers are alternatives). Other dependency edges without
/// `input` are each a requirement slot of their own.
constexpr bool shares_provider_slot(edge_kind kind) {
  return kind == edge_kind::produces || kind == edge_kind::supplies;
}

/// A calendar day: days since 1970-01-01 in the proleptic Gregorian calendar (how edge dates
/// are stored; files spell them ISO 8601, `YYYY-MM-DD`).
using day_number = std::int32_t;

/// The day number of a calendar date (any year, month 1-12, day 1-31; not checked). O(1).
constexpr day_number days_from_civil(int year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int>(day_of_era) - 719468;
}

/// The first and last days a file can name: 0001-01-01 and 9999-12-31.
inline constexpr day_number first_day = days_from_civil(1, 1, 1);
inline constexpr day_number last_day = days_from_civil(9999, 12, 31);

/// Parses an ISO 8601 calendar date `YYYY-MM-DD` (years 0001-9999, a day that exists in its
/// month); nullopt for anything else.
constexpr std::optional<day_number> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t first, std::size_t count) -> int {
    int value = 0;
    for (std::size_t i = first; i < first + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return std::nullopt;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > lengths[month - 1] + (month == 2 && leap ? 1 : 0)) return std::nullopt;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

/// The ISO 8601 text `YYYY-MM-DD` of a day in [first_day, last_day]. O(1).
inline std::string format_date(day_number day) {
  const day_number z = day + 719468;
  const day_number era = (z >= 0 ? z : z - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(z - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;
  const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const unsigned month_day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const int year = static_cast<int>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  std::string out(10, '-');
  auto put = [&out](std::size_t at, std::size_t count, unsigned value) {
    for (std::size_t i = at + count; i-- > at; value /= 10) out[i] = static_cast<char>('0' + value % 10);
  };
  put(0, 4, static_cast<unsigned>(year));
  put(5, 2, month);
  put(8, 2, month_day);
  return out;
}

/// True when an edge dated [start, end] (either bound may be absent: open) is in force on `day`.
constexpr bool in_force(std::optional<day_number> start, std::optional<day_number> end,
                        day_number day) {
  return (!start || *start <= day) && (!end || day <= *end);
}

/// The largest capacity a node may have, in units per year. Beyond it a number is a slip in the
/// data (a unit or an exponent), not a plant: every reader and the builder refuse it.
inline constexpr double max_capacity = 1e12;
/// The largest number of months a stock, a lead time, a service life or a ramp-up may take: a
/// century. Beyond it, as for max_capacity, the number is refused.
inline constexpr double max_months = 1200;

/// The fields of a node other than its id (DESIGN §2).
struct node_fields {
  node_kind kind = node_kind::firm;
  std::string name;
  std::string country;             ///< ISO 3166-1 alpha-2 (two capital letters) or empty
  std::string category;            ///< slash path, e.g. `microelectronics/fpga`
  std::vector<std::string> tags;   ///< e.g. `dual_use`, `sanctioned:us-sdn`
  double capacity = 1.0;           ///< units per year, in [0, max_capacity]
  double stock_months = 0.0;       ///< months of inventory on hand, in [0, max_months]
  std::string attrs;               ///< any other data, as the text of a JSON object; empty for none

  friend bool operator==(const node_fields&, const node_fields&) = default;
};

/// The fields of an edge other than its endpoints (DESIGN §2).
struct edge_fields {
  edge_kind kind = edge_kind::produces;
  std::string input;                       ///< requirement slot at the target; empty: by kind
  double share = 1.0;  ///< fraction of the slot's need it can cover, (0,1]; on `owns` the stake
                       ///< (fraction of the asset held); on `controls` always 1
  double quality = 1.0;                    ///< how well it substitutes, (0,1]
  double confidence = 1.0;                 ///< credence that the link exists, [0,1]
  std::string view;                        ///< body of sources asserting it; empty: untagged
  std::vector<std::string> sources;        ///< citations
  std::optional<double> lead_time_months;  ///< months before a substitute delivers, [0, max_months]
  /// `owns` and `controls` only: the first and the last day the stake or control is in force
  /// (both inclusive; absent: open-ended). No other kind may carry dates.
  std::optional<day_number> start_date;
  std::optional<day_number> end_date;
  std::string attrs;                       ///< any other data, as the text of a JSON object

  friend bool operator==(const edge_fields&, const edge_fields&) = default;
};

/// A whole node, as read from or written to a file.
struct node_record {
  std::string id;
  node_fields fields;
  friend bool operator==(const node_record&, const node_record&) = default;
};

/// A whole edge, endpoints by id.
struct edge_record {
  std::string source;
  std::string target;
  edge_fields fields;
  friend bool operator==(const edge_record&, const edge_record&) = default;
};

/// True when `code` is empty or two ASCII capital letters (an ISO 3166-1 alpha-2 shape).
constexpr bool is_country_code(std::string_view code) {
  return code.empty() ||
         (code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z');
}

}  // namespace micgraph
