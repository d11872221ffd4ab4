#pragma once
/// \file import/ftm.hpp
/// Importer for FollowTheMoney (FtM) entity files, the format of OpenSanctions and Aleph: one
/// JSON entity per line, `{"id", "schema", "properties": {"name": [..], ...}}`. It reads who
/// owns and controls whom, with stakes and dates, and who is sanctioned, into the ownership part
/// of a supply graph (analysis/ownership.hpp). Implemented in lib/import/ftm.cpp (micgraph::io).
///
/// Entities:
/// - `Company`, `Organization`, `LegalEntity`, `PublicBody` -> a `firm` (a company, state body or
///   state corporation); `Person` -> a `person` (people own and direct firms; a person never
///   produces, so no supply analysis treats one as a source of anything). Node id: the FtM id.
///   Name: the entity's `caption`, else its first `name`; every name and alias in
///   `attrs.names`. Country: the first `jurisdiction` (firms) or `country` that is a two-letter
///   code, in capitals; all of them in `attrs.countries`. Tags: the `topics` as they are
///   (`sanction`, `sanction.linked`, `poi`, `debarment`, ...). `attrs` also keeps `ftm_id`,
///   `ftm_schema` and OpenSanctions' `datasets`.
/// - `Sanction` (`entity`, `authority`, `programId`, `country`) -> listing tags on its entity:
///   `listed` and `listed:<authority country>` (e.g. `listed:us`, `listed:eu`, `listed:gb`) and
///   `listed:<programId>` in lower case (e.g. `listed:us-rushar`, `listed:eu-ukr`). A scenario
///   selects a listing by these tags.
/// - `Ownership` (`owner` -> `asset`) -> `owns`, `share` = `percentage` / 100, `start_date` /
///   `end_date` from `startDate` / `endDate`; `role`, `sharesCount` and the record id in `attrs`.
///   An ownership without a usable percentage has an unknown stake: it is skipped (and counted),
///   unless `ftm_import_options::unknown_stake` gives the share to assume (then `attrs` marks it
///   `stake_unknown`).
/// - `Directorship` (`director` -> `organization`), `Control` (`controller` -> `controlled`), and
///   `UnknownLink` (`subject` -> `object`) whose `role` speaks of control -> `controls`, with
///   dates and role. A directorship is imported as control because a director runs the firm;
///   whether that is *control* in a sanctions authority's sense (EU: the power to appoint the
///   board, a dominant influence) is a judgement the data does not record: set
///   `directorships_as_control = false` to leave directors out.
/// - Dates: FtM gives `2015`, `2015-11` or `2015-11-25` (a time of day is ignored); a start is the
///   first day of that period, an end its last day. Several values: the earliest start, the
///   latest end.
/// - Everything else (addresses, passports, family and associate links, memberships, vessels...)
///   is skipped with its reason, as is a link whose ends were not imported, a percentage outside
///   (0,100], a range that ends before it starts, an entity id given twice. Nothing is silent:
///   ftm_import_report counts every skip by reason and lists each one with its line.
/// - The graph metadata names the file, the licence and attribution (OpenSanctions data, which
///   carries `datasets`, is CC BY-NC 4.0 with attribution to OpenSanctions; a
///   `LICENSE-<file name>.txt` beside the file is named too), and what the conversion changed.
///
/// Bad input -- a line that is not a JSON object, an entity without `id` or `schema`, properties
/// that are not lists of strings -- throws parse_error naming the file, the line and the field.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"

namespace micgraph::io {

struct ftm_import_options {
  /// The share to give an ownership whose percentage is missing or unreadable, in (0,1]; none:
  /// skip such ownerships (the default: an unknown stake is not guessed).
  std::optional<double> unknown_stake;
  /// Import directorships as `controls` edges (see the file comment).
  bool directorships_as_control = true;
  /// Licence and attribution for the metadata when the data does not reveal them.
  std::string license;
  std::string attribution;
};

/// An entity the import left out, and why.
struct ftm_skipped_entity {
  std::size_t line = 0;  ///< line of the file it is on
  std::string id;        ///< its FtM id
  std::string schema;
  std::string reason;  ///< one fixed sentence per kind of skip
  std::string detail;  ///< e.g. the id of a missing owner; may be empty
};

/// What an import read, built and skipped.
struct ftm_import_report {
  std::size_t lines = 0;  ///< non-empty lines read
  std::size_t firms = 0;
  std::size_t persons = 0;
  std::size_t owns_edges = 0;
  std::size_t controls_edges = 0;
  std::size_t sanctions = 0;        ///< Sanction entities applied as listing tags
  std::size_t listed_entities = 0;  ///< firms and persons with a `listed` tag
  std::size_t unknown_stakes = 0;   ///< ownerships given `unknown_stake` for lack of a percentage
  std::size_t dated_edges = 0;
  std::vector<std::pair<std::string, std::size_t>> skipped_by_reason;  ///< largest count first
  std::vector<ftm_skipped_entity> skipped;                             ///< in file order
  std::vector<std::string> notes;
  std::string license;
  std::string attribution;
};

/// A frozen graph and the report of how it was made.
struct ftm_import {
  micgraph::graph graph;
  ftm_import_report report;
};

/// Reads an FtM entity file (JSON lines) into a graph, as described above. O(size of the file)
/// plus the freeze. Throws parse_error (file, line, field) on bad input.
ftm_import import_ftm(const std::filesystem::path& file, const ftm_import_options& options = {});

/// The same, from text held in memory; `name` stands for the file in messages and metadata.
ftm_import import_ftm_text(std::string_view text, std::string_view name = "<memory>",
                           const ftm_import_options& options = {});

}  // namespace micgraph::io
