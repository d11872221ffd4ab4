#pragma once
/// \file import/open_psa.hpp
/// Open-PSA Model Exchange Format (MEF) interchange: fault trees read as supply graphs whose
/// cut sets are the fault tree's, and a target's upstream cone written as a fault tree whose
/// minimal cut sets (in SCRAM, XFTA or any MEF tool) are micgraph's. Implemented in
/// lib/import/open_psa.cpp (micgraph::io, with pugixml).
///
/// The correspondence: an event *occurs* (a gate fails) exactly when its node is *unavailable*.
/// micgraph's rule (a node needs every slot, a slot any one of its edges) is then
///   fail(v) = lost(v) OR (for some slot s: every source of s fails),
/// so an OR gate is a node with one requirement slot per input, an AND gate a node with one
/// slot holding every input, and a basic event a source node that a cut can lose.
///
/// **Import** (fault tree -> graph). Every `define-gate`, `define-basic-event` and
/// `define-house-event` (inside `define-fault-tree`, `define-component`, `model-data`, and
/// basic events named as members of a `define-CCF-group`) becomes one node, id = its name (a
/// private one, `role="private"`, is named by its container path: `tree.component.name`):
/// - basic event: a `component` node with no inputs, category `open-psa/basic-event`, tag
///   `open-psa:basic-event`; its `label` is the node's name.
/// - house event: a `component` node, tag `open-psa:house-event`; false (the default): a node with
///   no inputs, never lost; true: a node that needs itself (a self-loop), so it is never
///   available (the least fixpoint): an event that always occurs.
/// - gate: a `component` node (`product` when no other gate uses it: a top event), category
///   `open-psa/gate/<connective>`, tag `open-psa:gate`. `or`: one `component_of` edge from each
///   input (each its own slot: the gate fails when any input fails); `and`: one `supplies` edge
///   from each input (one shared slot: it fails when every input fails); `atleast` k of n
///   (1 < k < n) is expanded exactly through intermediate nodes: A(j, i), at least j of the
///   inputs i..n fail, is (input i AND A(j-1, i+1)) OR A(j, i+1), input i OR A(1, i+1) for
///   j = 1, input i AND A(j-1, i+1) when j is all that is left, the last input itself at the
///   end; nodes `<gate>:atleast-<j>-from-<i>` and `<gate>:with-<j>-from-<i>` (1-based i), each
///   with at most three inputs, O(k (n - k + 1)) of them (refused above 4,000,000); k = 1 is
///   OR, k = n is AND. A gate whose formula is a single
///   event passes it on (one `component_of` edge). A nested formula becomes an intermediate
///   node `<gate>:<position>` (1-based argument positions, nested `g:2:1`). `<constant
///   value="true|false"/>` in a formula is the node `constant:true` or `constant:false`.
/// - Names containing `:` are not MEF names, so intermediate ids never collide with events.
/// Then the minimal cut sets of a top gate T among the nodes tagged `open-psa:basic-event`
/// (minimal_cut_sets with that cuttable filter) are exactly the fault tree's minimal cut sets of
/// T; gates and house events are never cut.
///
/// Refused with a parse_error naming the file, line and gate: `not`, `xor`, `nand`, `nor`,
/// `iff`, `imply`, `cardinality` and any other non-coherent connective (supply availability is
/// monotone: losing more never helps), `atleast` with min outside 1..n, formulas nested more
/// than 200 deep, substitutions
/// (`define-substitution` rewrites products), a reference to an event that no file defines, a
/// typed reference to an event of another type, a name defined twice, a cycle of gates (MEF
/// trees are acyclic), and malformed XML. Parameters, probability expressions, CCF models,
/// event trees and the other elements of the event-tree layer are read past (listed in the
/// report's notes): they do not change minimal cut sets.
///
/// **Export** (graph -> fault tree): the upstream cone of one target over present edges from
/// sources available with no cuts, as one `define-fault-tree` whose top gate is the target's
/// failure. Each cone node v other than the target gets one event named after its id (ASCII
/// letters, digits, `_` and `-` kept, anything else `_`, made unique with a `_2`, `_3`
/// suffix): a basic event when it is cuttable, otherwise a house event set to false (a fault
/// tree user can set it true to model that loss); the target's own event is such a house event
/// too, as a cut set of T never holds T. Each node's gate `<name>-fails` is the OR of its event
/// and, per slot, the AND of its sources' gates (a lone term is passed on without OR or AND).
/// Cycles are unrolled exactly: a cyclic component of c cone members becomes c layers of gates
/// (`<name>-fails-round<i>` for i < c, the last is `<name>-fails`), layer i reading layer i - 1
/// of the members and the final gates of the inputs from outside; layer 0 is "failed" (dropped
/// from an AND; a slot whose sources are all failed at layer 0 fails). Availability needs at
/// most c rounds from "nothing derived", so layer c is exact: O(c * edges of the component)
/// gates.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"

namespace micgraph::io {

/// What an Open-PSA import read and built.
struct open_psa_report {
  std::vector<std::string> files;
  std::size_t fault_trees = 0;
  std::size_t gates = 0;          ///< define-gate elements
  std::size_t basic_events = 0;   ///< defined basic events (CCF members included)
  std::size_t house_events = 0;
  std::size_t atleast_gates = 0;  ///< `atleast` formulas expanded (1 < k < n)
  std::size_t intermediate_nodes = 0;  ///< nodes made for nested formulas and atleast expansions
  std::vector<std::string> top_gates;  ///< gates no formula uses (the `product` nodes), in file order
  std::vector<std::string> notes;      ///< elements read past, one line each
};

/// A frozen graph and the report of how it was made.
struct open_psa_import {
  micgraph::graph graph;
  open_psa_report report;
};

/// One MEF document held in memory; `name` stands for its file in errors and in the report.
struct open_psa_document {
  std::string name;
  std::string text;
};

/// Reads one or more MEF files (definitions may refer across files) into one graph, as
/// described above. O(size of the files + sum over atleast gates of k n), plus the freeze.
/// Throws parse_error (file, line, column, element, problem) on bad or unsupported input.
open_psa_import import_open_psa(std::span<const std::filesystem::path> files);
/// The same from documents in memory.
open_psa_import import_open_psa(std::span<const open_psa_document> documents);

/// The node tag of basic events (the cuttable nodes of an imported fault tree).
inline constexpr const char* open_psa_basic_event_tag = "open-psa:basic-event";

struct open_psa_export_options {
  /// Dependency edges that count (e.g. a scenario's evidence filter); empty: every edge.
  std::function<bool(edge_index)> edge_present;
  /// The nodes written as basic events; the others become house events. Empty: every node.
  std::function<bool(node_index)> cuttable;
};

/// What an export wrote.
struct open_psa_export {
  std::string fault_tree;  ///< the define-fault-tree's name (the target's event name)
  std::string top_gate;    ///< the target's gate, whose minimal cut sets are the target's
  /// The event name of each node written (empty for the others: outside the cone, or only in
  /// layers of a cycle that nothing reads); for mapping a MEF
  /// tool's cut sets back to nodes.
  std::vector<std::string> event_names;
  std::size_t gates = 0, basic_events = 0, house_events = 0;
};

/// Writes the upstream cone of `target` as an Open-PSA MEF document (described above) whose
/// top gate's minimal cut sets are the target's minimal cut sets under the same filters.
/// O(n + m) for availability and the cone, plus the unrolled gates of cyclic components.
/// Throws micgraph::error when the target is out of range or unavailable with no cuts.
open_psa_export write_open_psa(std::ostream& out, const graph& g, node_index target,
                               const open_psa_export_options& options = {});

}  // namespace micgraph::io
