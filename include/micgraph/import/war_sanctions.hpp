#pragma once
/// \file import/war_sanctions.hpp
/// Importer for the "War & Sanctions" components data of the Defence Intelligence of Ukraine
/// (GUR), as mirrored in CSV by the Awesome Drone Warfare OSINT project (CC BY 4.0): the foreign
/// components found in Russian and Iranian-designed weapons. Implemented in
/// lib/import/war_sanctions.cpp (micgraph::io).
///
/// Files read from the directory (RFC 4180 CSV with a header row, columns in any order, unknown
/// columns ignored; list cells hold JSON lists of strings):
/// - `drones.csv` (required; columns id, display_name, role, manufacturer_country): one `product`
///   per weapon (missiles, drones, radios, vehicles despite the name), id `weapon:<id>`, category
///   `weapon/<role>`, the other columns in `attrs`.
/// - `manufacturers.csv` (optional; columns name, country): one `firm` per manufacturer, id
///   `manufacturer:<manufacturer_id>`, category `firm/manufacturer`. Where several names share one
///   manufacturer_id (the data slugs Cyrillic names down to the country code) or the id is empty,
///   the id is `manufacturer:<name> (<country or UNK>)`, as for makers only components.csv names.
/// - `components.csv` (required; columns component_id, name_marking, manufacturer,
///   manufacturer_country, found_in_drones, source_url): one row per part sighted in a weapon.
/// - `supply_chain_edges.csv` (optional): read and reported, not imported (see below).
///
/// The graph, in the recommended providers -> item -> consumers shape (DESIGN §2):
/// - A part is identified by its maker and its marking (or, without a marking, its OEM part number),
///   compared with runs of ASCII white space collapsed and ASCII letters in lower case. Sightings
///   of one part, in one or several weapons, become one `component` (id `component:<first
///   component_id>`, category `component/<category>`, country of its maker, every GUR record id in
///   `attrs.gur_records`). A sighting without a marking or part number (`(unspecified)`), or by an
///   unidentified maker, cannot be matched to another and is a component of its own.
/// - `produces` firm -> component: the part's maker; a component has exactly one, so its provider
///   slot is met by that firm alone.
/// - `component_of` component -> weapon, one edge per part and weapon. With no `input`, each
///   component_of edge is a requirement slot of its own: a weapon needs every distinct part found in
///   it (AND), and a part listed twice in one weapon is still one requirement. The data documents
///   what was found, not alternatives, so no slot has substitutes.
/// - Each edge's `sources` are the `source_url`s (GUR records) of the rows that assert it.
/// - Unknowns stay explicit. A maker given as "Not identified" becomes a placeholder firm
///   `manufacturer:unidentified` (no country) or `manufacturer:unidentified-<cc>` when the row
///   gives the maker's country, tagged `unknown`: it stands for unknown firms, not for one firm.
///   The country `UNK` becomes an empty country and the tag `unknown_country`; a part without a
///   marking is tagged `unidentified_part`; `is_dual_use` true gives the tag `dual_use`.
/// - supply_chain_edges.csv is not imported: its `found_inside` rows are firm-level claims with no
///   part, naming weapons informally ("Shahed-136" fits 17 drones.csv entries, "Palianytsia"
///   none) and makers by other spellings than manufacturers.csv; components.csv holds these links
///   part by part, so a firm -> weapon edge would duplicate a requirement or invent one. Its
///   `ships_via`/`sells_to` rows link resellers and shell companies named nowhere else. Each row
///   is listed as skipped with its reason; curated datasets cite these facts by hand.
/// - The graph metadata holds the licence's attribution line (from LICENSE-DATA when present),
///   the licence, the primary source (GUR) and a description of the changes made.
///
/// Rows that repeat an earlier row exactly (components.csv repeats some rows hundreds of times)
/// are skipped and reported. Bad input -- a missing file or column, a row with the wrong number of
/// fields, a malformed JSON list, a country that is neither an ISO 3166-1 alpha-2 code nor `UNK`,
/// a key given twice with different fields -- throws parse_error naming file, line and field.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"

namespace micgraph::io {

/// A data row (or one reference in it) that the import left out, and why.
struct war_sanctions_skipped_row {
  std::string file;    ///< file name within the directory, e.g. `components.csv`
  std::size_t line = 0;  ///< line on which the row starts
  std::string reason;  ///< why, one fixed sentence per kind of skip
  std::string detail;  ///< e.g. the weapon id that drones.csv lacks; may be empty
};

/// What an import read, built, merged and skipped.
struct war_sanctions_report {
  // Data rows read (header rows not counted).
  std::size_t weapon_rows = 0;        ///< drones.csv
  std::size_t manufacturer_rows = 0;  ///< manufacturers.csv (0 when absent)
  std::size_t component_rows = 0;     ///< components.csv
  std::size_t relation_rows = 0;      ///< supply_chain_edges.csv (0 when absent)

  // The graph.
  std::size_t products = 0;
  std::size_t firms = 0;  ///< every firm node, placeholders included
  std::size_t components = 0;
  std::size_t produces_edges = 0;
  std::size_t component_of_edges = 0;

  // How firms were formed.
  std::size_t firms_from_components = 0;  ///< makers that only components.csv names
  std::size_t unidentified_firms = 0;     ///< placeholder firms for "Not identified" makers
  std::size_t renamed_firm_ids = 0;       ///< manufacturer_id shared or empty: id made from the name
  std::size_t firms_without_components = 0;  ///< in manufacturers.csv, named by no component

  // How components were formed.
  std::size_t merged_records = 0;   ///< sightings folded into a part seen before (same maker + marking)
  std::size_t repeated_uses = 0;    ///< a part sighted again in a weapon that already has it
  std::size_t unmarked_parts = 0;   ///< components without a marking or part number
  std::size_t parts_of_unidentified_makers = 0;  ///< marked components whose maker is unidentified

  std::vector<war_sanctions_skipped_row> skipped;  ///< in file order
  std::vector<std::string> notes;                  ///< what else the reader should know

  std::string attribution;  ///< the licence's attribution line, as put into the metadata
};

/// A frozen graph and the report of how it was made.
struct war_sanctions_import {
  micgraph::graph graph;
  war_sanctions_report report;
};

/// Reads the War & Sanctions CSV files in `directory` into a graph, as described above.
/// O(rows) expected time plus the freeze. Throws parse_error (file, line, field) on bad input.
war_sanctions_import import_war_sanctions(const std::filesystem::path& directory);

}  // namespace micgraph::io
