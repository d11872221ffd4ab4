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
};
inline constexpr std::size_t node_kind_count = 7;

/// How two nodes relate. Every kind but `owns` is a dependency: the target needs the source.
enum class edge_kind : std::uint8_t {
  produces,      ///< maker -> item
  supplies,      ///< seller/distributor -> buyer or item
  component_of,  ///< part -> assembly/product
  tooling,       ///< machine tool -> plant/firm/item that runs it
  services,      ///< servicer/spare parts/software -> what it keeps running
  owns,          ///< owner -> owned; structural, never propagated
};
inline constexpr std::size_t edge_kind_count = 6;

inline constexpr std::array<std::string_view, node_kind_count> node_kind_names = {
    "firm", "facility", "product", "component", "machine_tool", "material", "service"};
inline constexpr std::array<std::string_view, edge_kind_count> edge_kind_names = {
    "produces", "supplies", "component_of", "tooling", "services", "owns"};

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

/// True for every edge kind that makes the target need the source (all but `owns`).
constexpr bool is_dependency(edge_kind kind) { return kind != edge_kind::owns; }

/// True for the kinds whose edges, with no `input`, share one provider slot at their target
/// (`produces`, `supplies`: the providers are alternatives). Other dependency edges without
/// `input` are each a requirement slot of their own.
constexpr bool shares_provider_slot(edge_kind kind) {
  return kind == edge_kind::produces || kind == edge_kind::supplies;
}

/// The fields of a node other than its id (DESIGN §2).
struct node_fields {
  node_kind kind = node_kind::firm;
  std::string name;
  std::string country;             ///< ISO 3166-1 alpha-2 (two capital letters) or empty
  std::string category;            ///< slash path, e.g. `microelectronics/fpga`
  std::vector<std::string> tags;   ///< e.g. `dual_use`, `sanctioned:us-sdn`
  double capacity = 1.0;           ///< units per year, finite and >= 0
  double stock_months = 0.0;       ///< inventory on hand, finite and >= 0
  std::string attrs;               ///< any other data, as the text of a JSON object; empty for none

  friend bool operator==(const node_fields&, const node_fields&) = default;
};

/// The fields of an edge other than its endpoints (DESIGN §2).
struct edge_fields {
  edge_kind kind = edge_kind::produces;
  std::string input;                       ///< requirement slot at the target; empty: by kind
  double share = 1.0;                      ///< fraction of the slot's need it can cover, (0,1]
  double quality = 1.0;                    ///< how well it substitutes, (0,1]
  double confidence = 1.0;                 ///< credence that the link exists, [0,1]
  std::string view;                        ///< body of sources asserting it; empty: untagged
  std::vector<std::string> sources;        ///< citations
  std::optional<double> lead_time_months;  ///< months before a substitute delivers, >= 0
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
