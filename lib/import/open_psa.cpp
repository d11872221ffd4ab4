// Open-PSA MEF fault trees read as supply graphs, and a target's upstream cone written as one
// (see include/micgraph/import/open_psa.hpp for the correspondence).

#include "micgraph/import/open_psa.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "micgraph/analysis/availability.hpp"
#include "../io/read_file.hpp"
#include "micgraph/builder.hpp"
#include "micgraph/detail/text.hpp"

namespace micgraph::io {

namespace {

// ---- reading

enum class event_type { gate, basic_event, house_event };

std::string_view type_name(event_type t) {
  switch (t) {
    case event_type::gate: return "gate";
    case event_type::basic_event: return "basic event";
    case event_type::house_event: return "house event";
  }
  return "";
}

struct document {
  std::string name;
  std::string text;
  pugi::xml_document xml;
  std::vector<std::size_t> line_starts;  // offset of each line's first character
};

struct definition {
  event_type type;
  std::string id;         // node id: the name, or container.name when private
  std::size_t document;   // index into the documents
  pugi::xml_node element;  // the define-* element (a CCF group's member for its basic events)
  std::string container;   // the fault tree / component path it sits in; empty in model-data
  bool value = false;      // house events: true when the event always occurs
};

// A node or edge made from a formula, kept until the top gates are known.
struct pending_edge {
  std::string source, target;
  edge_kind kind;
};
struct pending_node {
  std::string id;
  std::string category;
};

constexpr std::size_t max_depth = 200;  // nested formulas (each level a node of its own)

constexpr std::string_view non_coherent[] = {"not", "xor", "nand", "nor", "iff", "imply",
                                             "cardinality"};

class importer {
 public:
  void add(std::string name, std::string text) {
    auto& d = documents_.emplace_back(std::make_unique<document>());
    d->name = std::move(name);
    d->text = std::move(text);
    d->line_starts.push_back(0);
    for (std::size_t i = 0; i < d->text.size(); ++i)
      if (d->text[i] == '\n') d->line_starts.push_back(i + 1);
    // Node ids must be UTF-8, as JSON is, so that every imported graph converts.
    if (std::size_t bad = micgraph::detail::invalid_utf8_at(d->text); bad != std::string::npos) {
      static constexpr char hex[] = "0123456789ABCDEF";
      const auto byte = static_cast<unsigned char>(d->text[bad]);
      throw parse_error(locate(*d, bad), std::string("invalid UTF-8 (byte 0x") + hex[byte >> 4] +
                                             hex[byte & 15] + "): expected UTF-8 text");
    }
    pugi::xml_parse_result parsed =
        d->xml.load_buffer(d->text.data(), d->text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) {
      source_location where = locate(*d, static_cast<std::size_t>(parsed.offset));
      throw parse_error(where, std::string("malformed XML: ") + parsed.description());
    }
    report_.files.push_back(d->name);
  }

  open_psa_import run() {
    for (std::size_t i = 0; i < documents_.size(); ++i) {
      document& d = *documents_[i];
      pugi::xml_node root = d.xml.document_element();
      if (std::string_view(root.name()) != "opsa-mef")
        throw parse_error(at(i, root, root.name()),
                          "expected the root element opsa-mef of an Open-PSA MEF document");
      collect(i, root, "", false);
    }
    for (std::size_t i = 0; i < definitions_.size(); ++i)
      if (definitions_[i].type == event_type::gate) build_gate(i);

    graph_builder builder;
    std::set<std::string> referenced;
    for (const pending_edge& e : edges_) referenced.insert(e.source);
    for (const definition& def : definitions_) {
      node_fields fields;
      fields.kind = node_kind::component;
      std::string label = def.element.child_value("label");
      fields.name = label;
      switch (def.type) {
        case event_type::gate: {
          const bool top = !referenced.count(def.id);
          if (top) fields.kind = node_kind::product, report_.top_gates.push_back(def.id);
          fields.category = "open-psa/gate/" + connective_of(def);
          fields.tags = {"open-psa:gate"};
          if (top) fields.tags.push_back("open-psa:top");
          break;
        }
        case event_type::basic_event:
          fields.category = "open-psa/basic-event";
          fields.tags = {open_psa_basic_event_tag};
          break;
        case event_type::house_event:
          fields.category = def.value ? "open-psa/house-event/true" : "open-psa/house-event/false";
          fields.tags = {"open-psa:house-event"};
          break;
      }
      builder.add_node(def.id, fields);
      if (def.type == event_type::house_event && def.value)
        builder.add_edge(def.id, def.id, {.kind = edge_kind::component_of});
    }
    for (const pending_node& n : nodes_) {
      node_fields fields;
      fields.kind = node_kind::component;
      fields.category = n.category;
      fields.tags = {n.id.starts_with("constant:") ? "open-psa:constant" : "open-psa:intermediate"};
      builder.add_node(n.id, fields);
      if (n.id == "constant:true")
        builder.add_edge(n.id, n.id, {.kind = edge_kind::component_of});
    }
    for (const pending_edge& e : edges_) builder.add_edge(e.source, e.target, {.kind = e.kind});
    open_psa_import out{builder.freeze(), std::move(report_)};
    check_acyclic(out.graph);
    return out;
  }

 private:
  // ---- locations

  source_location locate(const document& d, std::size_t offset) const {
    auto it = std::upper_bound(d.line_starts.begin(), d.line_starts.end(), offset);
    std::size_t line = static_cast<std::size_t>(it - d.line_starts.begin());
    return {.file = d.name, .line = line, .column = offset - d.line_starts[line - 1] + 1};
  }
  source_location at(std::size_t doc, pugi::xml_node element, std::string what) const {
    source_location where = locate(*documents_[doc], static_cast<std::size_t>(element.offset_debug()));
    where.element = std::move(what);
    return where;
  }
  static std::string describe(pugi::xml_node element) {
    std::string out = element.name();
    if (const char* name = element.attribute("name").value(); *name)
      out += std::string(" \"") + name + "\"";
    return out;
  }

  // ---- definitions

  void collect(std::size_t doc, pugi::xml_node parent, const std::string& container,
               bool private_default) {
    for (pugi::xml_node child : parent.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view tag = child.name();
      if (tag == "define-fault-tree" || tag == "define-component") {
        if (tag == "define-fault-tree") ++report_.fault_trees;
        const std::string name = required_name(doc, child);
        const std::string path = container.empty() ? name : container + "." + name;
        collect(doc, child, path, role_private(doc, child, private_default));
      } else if (tag == "model-data") {
        collect(doc, child, container, private_default);
      } else if (tag == "define-gate") {
        define(doc, child, event_type::gate, container, private_default);
        ++report_.gates;
      } else if (tag == "define-basic-event") {
        define(doc, child, event_type::basic_event, container, private_default);
        ++report_.basic_events;
      } else if (tag == "define-house-event") {
        std::size_t i = define(doc, child, event_type::house_event, container, private_default);
        ++report_.house_events;
        pugi::xml_node constant = child.child("constant");
        if (constant) {
          std::string_view value = constant.attribute("value").value();
          if (value != "true" && value != "false")
            throw parse_error(at(doc, constant, describe(child) + " constant"),
                              "value must be true or false, not \"" + std::string(value) + "\"");
          definitions_[i].value = value == "true";
        }
      } else if (tag == "define-CCF-group") {
        note(tag, "CCF groups read past: their members are independent basic events (as SCRAM "
                  "without --ccf)");
        for (pugi::xml_node member : child.child("members").children("basic-event")) {
          if (by_key_.count(key_for(member.attribute("name").value(), container, private_default)))
            continue;  // also defined elsewhere
          define(doc, member, event_type::basic_event, container, private_default);
          ++report_.basic_events;
        }
      } else if (tag == "define-substitution") {
        throw parse_error(at(doc, child, describe(child)),
                          "substitutions rewrite cut sets and are not supported");
      } else if (tag == "label" || tag == "attributes") {
        continue;
      } else if (tag == "define-parameter") {
        note(tag, "parameters read past: probabilities do not change minimal cut sets");
      } else {
        note(tag, std::string(tag) + " read past: only the fault-tree layer is imported");
      }
    }
  }

  void note(std::string_view tag, std::string text) {
    if (noted_.insert(std::string(tag)).second) report_.notes.push_back(std::move(text));
  }

  std::string required_name(std::size_t doc, pugi::xml_node element) const {
    std::string name = element.attribute("name").value();
    if (name.empty()) throw parse_error(at(doc, element, element.name()), "missing attribute name");
    return name;
  }

  bool role_private(std::size_t doc, pugi::xml_node element, bool inherited) const {
    std::string_view role = element.attribute("role").value();
    if (role.empty()) return inherited;
    if (role != "private" && role != "public")
      throw parse_error(at(doc, element, describe(element)),
                        "role must be private or public, not \"" + std::string(role) + "\"");
    return role == "private";
  }

  static std::string key_for(const std::string& name, const std::string& container, bool is_private) {
    return is_private && !container.empty() ? container + "." + name : name;
  }

  std::size_t define(std::size_t doc, pugi::xml_node element, event_type type,
                     const std::string& container, bool private_default) {
    const std::string name = required_name(doc, element);
    if (name.find(':') != std::string::npos)
      throw parse_error(at(doc, element, describe(element)), "a name may not contain ':'");
    const bool is_private = role_private(doc, element, private_default);
    const std::string key = key_for(name, container, is_private);
    auto [it, added] = by_key_.try_emplace(key, definitions_.size());
    if (!added) {
      const definition& first = definitions_[it->second];
      source_location before = at(first.document, first.element, "");
      throw parse_error(at(doc, element, describe(element)),
                        "\"" + key + "\" is defined twice (first as a " +
                            std::string(type_name(first.type)) + " at " + before.file + ":" +
                            std::to_string(before.line) + ")");
    }
    definitions_.push_back({type, key, doc, element, container});
    return definitions_.size() - 1;
  }

  // The definition a reference names, looked up in its container, then each enclosing one,
  // then among public names.
  const definition& resolve(std::size_t doc, pugi::xml_node reference, const definition& gate,
                            std::optional<event_type> expected) {
    const std::string name = reference.attribute("name").value();
    if (name.empty())
      throw parse_error(at(doc, reference, "define-gate \"" + gate.id + "\" " + reference.name()),
                        "missing attribute name");
    std::string path = gate.container;
    const definition* found = nullptr;
    while (true) {
      std::string key = path.empty() ? name : path + "." + name;
      if (auto it = by_key_.find(key); it != by_key_.end()) {
        found = &definitions_[it->second];
        break;
      }
      if (path.empty()) break;
      auto dot = path.rfind('.');
      path = dot == std::string::npos ? "" : path.substr(0, dot);
    }
    if (!found)
      throw parse_error(at(doc, reference, "define-gate \"" + gate.id + "\""),
                        "no file defines the " +
                            std::string(expected ? type_name(*expected) : "event") + " \"" + name +
                            "\"");
    if (expected && found->type != *expected)
      throw parse_error(at(doc, reference, "define-gate \"" + gate.id + "\""),
                        "\"" + name + "\" is a " + std::string(type_name(found->type)) +
                            ", referenced as a " + std::string(type_name(*expected)));
    return *found;
  }

  // ---- formulas

  static bool is_reference(std::string_view tag) {
    return tag == "event" || tag == "gate" || tag == "basic-event" || tag == "house-event";
  }

  static pugi::xml_node formula_of(pugi::xml_node gate) {
    for (pugi::xml_node child : gate.children()) {
      if (child.type() != pugi::node_element) continue;
      std::string_view tag = child.name();
      if (tag != "label" && tag != "attributes") return child;
    }
    return {};
  }

  std::string connective_of(const definition& gate) const {
    pugi::xml_node f = formula_of(gate.element);
    return f && !is_reference(f.name()) ? f.name() : "pass";
  }

  void build_gate(std::size_t index) {
    const definition& gate = definitions_[index];
    pugi::xml_node formula = formula_of(gate.element);
    if (!formula)
      throw parse_error(at(gate.document, gate.element, describe(gate.element)),
                        "the gate has no formula");
    connect(gate.id, formula, gate, gate.id, 0);
  }

  // The node that stands for a formula argument: the event it names, a constant, or a new
  // intermediate node `<path>` with the formula's inputs.
  std::string node_for(pugi::xml_node formula, const definition& gate, const std::string& path,
                       std::size_t depth) {
    const std::string_view tag = formula.name();
    if (is_reference(tag)) {
      std::optional<event_type> expected;
      std::string_view type = tag == "event" ? formula.attribute("type").value() : tag;
      if (type == "gate") expected = event_type::gate;
      else if (type == "basic-event") expected = event_type::basic_event;
      else if (type == "house-event") expected = event_type::house_event;
      else if (!type.empty())
        throw parse_error(at(gate.document, formula, "define-gate \"" + gate.id + "\" event"),
                          "type must be gate, basic-event or house-event, not \"" +
                              std::string(type) + "\"");
      return resolve(gate.document, formula, gate, expected).id;
    }
    if (tag == "constant") {
      std::string_view value = formula.attribute("value").value();
      if (value != "true" && value != "false")
        throw parse_error(at(gate.document, formula, "define-gate \"" + gate.id + "\" constant"),
                          "value must be true or false");
      return constant(value == "true");
    }
    add_node(path, "open-psa/formula/" + std::string(tag));
    connect(path, formula, gate, path, depth);
    return path;
  }

  std::string constant(bool value) {
    std::string id = value ? "constant:true" : "constant:false";
    if (constants_.insert(id).second) nodes_.push_back({id, "open-psa/constant"});
    return id;
  }

  void add_node(const std::string& id, std::string category) {
    nodes_.push_back({id, std::move(category)});
    ++report_.intermediate_nodes;
  }

  // Gives node `id` the inputs of `formula`: one slot per input for `or`, one slot of every
  // input for `and`, the expansion of `atleast`, one edge for a lone event or constant.
  void connect(const std::string& id, pugi::xml_node formula, const definition& gate,
               const std::string& path, std::size_t depth) {
    const std::string_view tag = formula.name();
    auto fail = [&](std::string problem) -> void {
      throw parse_error(at(gate.document, formula, "define-gate \"" + gate.id + "\""),
                        std::move(problem));
    };
    if (is_reference(tag) || tag == "constant") {
      edges_.push_back({node_for(formula, gate, path, depth), id, edge_kind::component_of});
      return;
    }
    if (depth >= max_depth) fail("formulas nested deeper than " + std::to_string(max_depth));
    if (std::find(std::begin(non_coherent), std::end(non_coherent), tag) != std::end(non_coherent))
      fail("`" + std::string(tag) +
           "` is not coherent logic: supply availability is monotone (losing more never helps), "
           "so only and, or, atleast and events are imported");
    std::vector<std::string> inputs;
    std::size_t position = 0;
    for (pugi::xml_node arg : formula.children()) {
      if (arg.type() != pugi::node_element) continue;
      ++position;
      inputs.push_back(node_for(arg, gate, path + ":" + std::to_string(position), depth + 1));
    }
    if (inputs.empty()) fail("`" + std::string(tag) + "` has no arguments");
    if (tag == "or" || tag == "null") {
      if (tag == "null" && inputs.size() != 1) fail("`null` takes one argument");
      for (const std::string& in : inputs) edges_.push_back({in, id, edge_kind::component_of});
    } else if (tag == "and") {
      for (const std::string& in : inputs) edges_.push_back({in, id, edge_kind::supplies});
    } else if (tag == "atleast") {
      const std::string_view text = formula.attribute("min").value();
      std::size_t k = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), k);
      if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        fail("atleast needs an integer attribute min, not \"" + std::string(text) + "\"");
      if (k < 1 || k > inputs.size())
        fail("atleast min=" + std::to_string(k) + " of " + std::to_string(inputs.size()) +
             " arguments: min must be from 1 to the number of arguments");
      if (k == 1) {
        for (const std::string& in : inputs) edges_.push_back({in, id, edge_kind::component_of});
      } else if (k == inputs.size()) {
        for (const std::string& in : inputs) edges_.push_back({in, id, edge_kind::supplies});
      } else {
        if (static_cast<double>(k) * static_cast<double>(inputs.size() - k + 1) > 4e6)
          fail("atleast min=" + std::to_string(k) + " of " + std::to_string(inputs.size()) +
               " arguments needs more than 4,000,000 nodes to expand");
        ++report_.atleast_gates;
        expand_atleast(id, inputs, k, path);
      }
    } else {
      fail("unknown connective `" + std::string(tag) + "`");
    }
  }

  // Node `id` fails when at least k of the n inputs fail (1 < k < n), built bottom-up: A(j, i),
  // at least j of inputs[i..] fail, is (inputs[i] AND A(j-1, i+1)) OR A(j, i+1), or
  // inputs[i] OR A(1, i+1) for j = 1, or inputs[i] AND A(j-1, i+1) when j = n - i; A(1, n-1)
  // is the last input itself. Every node has at most three inputs: O(k (n - k + 1)) nodes.
  void expand_atleast(const std::string& id, const std::vector<std::string>& inputs, std::size_t k,
                      const std::string& path) {
    const std::size_t n = inputs.size();
    auto name = [&](std::size_t j, std::size_t i) {
      if (i == 0) return id;
      if (i == n - 1) return inputs[i];
      return path + ":atleast-" + std::to_string(j) + "-from-" + std::to_string(i + 1);
    };
    for (std::size_t i = n - 1; i-- > 0;) {
      for (std::size_t j = std::max<std::size_t>(1, k > i ? k - i : 1); j <= std::min(k, n - i); ++j) {
        const std::string target = name(j, i);
        if (i > 0)
          add_node(target, j == 1 ? "open-psa/formula/or"
                           : j == n - i ? "open-psa/formula/and" : "open-psa/formula/atleast");
        if (j == 1) {
          edges_.push_back({inputs[i], target, edge_kind::component_of});
          edges_.push_back({name(1, i + 1), target, edge_kind::component_of});
        } else if (j == n - i) {
          edges_.push_back({inputs[i], target, edge_kind::supplies});
          edges_.push_back({name(j - 1, i + 1), target, edge_kind::supplies});
        } else {
          const std::string with = path + ":with-" + std::to_string(j) + "-from-" + std::to_string(i + 1);
          add_node(with, "open-psa/formula/and");
          edges_.push_back({inputs[i], with, edge_kind::supplies});
          edges_.push_back({name(j - 1, i + 1), with, edge_kind::supplies});
          edges_.push_back({with, target, edge_kind::component_of});
          edges_.push_back({name(j, i + 1), target, edge_kind::component_of});
        }
      }
    }
  }

  // MEF trees are acyclic; a cycle through gates has no Boolean meaning.
  void check_acyclic(const graph& g) const {
    for (std::uint32_t c = 0; c < g.component_count(); ++c) {
      if (!g.component_is_cyclic(c)) continue;
      for (node_index v : g.component_nodes(c)) {
        std::string id(g.node(v).id());
        if (id == "constant:true") continue;
        auto it = by_key_.find(id);
        if (it != by_key_.end() && definitions_[it->second].type == event_type::house_event) continue;
        std::string gate = id.substr(0, id.find(':'));
        auto def = by_key_.find(gate);
        source_location where;
        if (def != by_key_.end()) {
          const definition& d = definitions_[def->second];
          where = at(d.document, d.element, describe(d.element));
        }
        throw parse_error(where, "gate \"" + gate + "\" is on a cycle of gates (a fault tree must be acyclic)");
      }
    }
  }

  std::vector<std::unique_ptr<document>> documents_;
  std::vector<definition> definitions_;
  std::unordered_map<std::string, std::size_t> by_key_;
  std::vector<pending_node> nodes_;
  std::vector<pending_edge> edges_;
  std::set<std::string> constants_;
  std::set<std::string> noted_;
  open_psa_report report_;
};

// ---- writing

/// An MEF identifier from a node id: ASCII letters, digits, `_` and single inner `-` kept,
/// everything else `_`; starts with a letter or `_`.
std::string identifier(std::string_view id) {
  std::string out;
  for (char c : id) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (word)
      out.push_back(c);
    else if (c == '-' && !out.empty() && out.back() != '-')
      out.push_back('-');
    else
      out.push_back('_');
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(0, "n");
  return out;
}

/// Text for a one-line XML label: markup characters as entities, control characters as spaces.
std::string escape(std::string_view text) {
  static constexpr std::string_view markup = "&<>\"", entities[] = {"&amp;", "&lt;", "&gt;", "&quot;"};
  std::string out;
  for (char c : text) {
    if (auto at = markup.find(c); at != std::string_view::npos)
      out += entities[at];
    else
      out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  }
  return out;
}

class unique_names {
 public:
  std::string take(std::string base) {
    std::string name = base;
    for (std::size_t n = 2; !used_.insert(name).second; ++n) name = base + "_" + std::to_string(n);
    return name;
  }

 private:
  std::unordered_set<std::string> used_;
};

}  // namespace

open_psa_import import_open_psa(std::span<const std::filesystem::path> files) {
  importer reader;
  for (const std::filesystem::path& file : files) reader.add(file.string(), detail::read_file(file));
  return reader.run();
}

open_psa_import import_open_psa(std::span<const open_psa_document> documents) {
  importer reader;
  for (const open_psa_document& d : documents) reader.add(d.name, d.text);
  return reader.run();
}

open_psa_export write_open_psa(std::ostream& out, const graph& g, node_index target,
                               const open_psa_export_options& options) {
  const std::size_t n = g.node_count();
  if (target >= n)
    throw error("open-psa export: target node number " + std::to_string(target) +
                " out of range (" + std::to_string(n) + " nodes)");
  std::vector<std::uint8_t> present(g.edge_count(), 1);
  if (options.edge_present)
    for (edge_index e : g.edges()) present[e] = options.edge_present(e) ? 1 : 0;
  const std::vector<bool> available = available_nodes(
      g, [&](edge_index e) { return present[e] != 0; }, [](node_index) { return true; });
  if (!available[target])
    throw error("open-psa export: " + std::string(g.node(target).id()) +
                " is unavailable even with no cuts; it has no cut sets");

  // The cone over present edges from available sources, ascending.
  auto counts = [&](edge_index e) {
    return present[e] != 0 && g.edge_slots()[e] != no_index && available[g.edge_sources()[e]];
  };
  std::vector<std::uint8_t> in_cone(n, 0);
  std::vector<node_index> cone{target}, stack{target};
  in_cone[target] = 1;
  while (!stack.empty()) {
    node_index v = stack.back();
    stack.pop_back();
    for (edge_index e : g.in_edges(v)) {
      node_index u = g.edge_sources()[e];
      if (!counts(e) || in_cone[u]) continue;
      in_cone[u] = 1;
      cone.push_back(u);
      stack.push_back(u);
    }
  }
  std::sort(cone.begin(), cone.end());

  open_psa_export result;
  result.event_names.assign(n, "");
  unique_names names;
  for (node_index v : cone) result.event_names[v] = names.take(identifier(g.node(v).id()));
  auto is_basic = [&](node_index v) {
    return v != target && (!options.cuttable || options.cuttable(v));
  };
  // Rounds of each cyclic component: members derivable after i rounds from "nothing derived"
  // with no losses; a member not derivable at round i fails there whatever is lost.
  std::vector<std::string> gate(n);
  std::vector<std::uint32_t> rounds(n, 0);  // cyclic members: layers written
  std::vector<std::vector<std::uint8_t>> derived(n);
  std::vector<std::vector<std::string>> layer_gate(n);  // cyclic members: gate of each layer
  for (node_index v : cone) gate[v] = names.take(result.event_names[v] + "-fails");

  // Gates as they are made; only those the top gate reaches are written (a layer of a cycle
  // that no later layer reads, or a member whose final gate only its own layers read, is not).
  struct made_gate {
    std::string name, formula;
    std::vector<std::string> inputs;  // gates referenced
    node_index event;                 // the node whose event the formula holds
  };
  std::vector<made_gate> made;
  auto reference = [&](node_index v, std::uint32_t layer) {
    // layer 0 of a cyclic member is never referenced (it is "failed")
    return layer == 0 || layer == rounds[v] ? gate[v] : layer_gate[v][layer];
  };
  // Makes the gate of v reading cyclic members of its component at `layer - 1` (layer 0: a
  // node outside cycles); false (nothing made) when it fails whatever is lost. Repeated terms
  // (two slots with the same sources) are written once.
  auto make_gate = [&](node_index v, std::uint32_t layer, const std::string& name) {
    const std::uint32_t c = g.component(v);
    made_gate out{name, "", {}, v};
    std::vector<std::string> terms{std::string(is_basic(v) ? "<basic-event" : "<house-event") +
                                   " name=\"" + result.event_names[v] + "\"/>"};
    for (slot_index s : g.slots(v)) {
      std::set<std::string> inputs;
      bool slot_fails = true;
      for (edge_index e : g.slot_edges(s)) {
        if (!counts(e)) continue;
        node_index u = g.edge_sources()[e];
        if (layer > 0 && g.component(u) == c) {
          if (layer == 1 || !derived[u][layer - 1]) continue;  // failed at layer - 1: dropped
          inputs.insert(reference(u, layer - 1));
        } else {
          inputs.insert(reference(u, 0));
        }
        slot_fails = false;
      }
      if (slot_fails) return false;  // every source failed: so does v
      std::string term = inputs.size() == 1 ? "" : "<and>";
      for (const std::string& in : inputs) {
        term += "<gate name=\"" + in + "\"/>";
        out.inputs.push_back(in);
      }
      if (inputs.size() > 1) term += "</and>";
      if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
    }
    if (terms.size() == 1) {
      out.formula = terms[0];
    } else {
      out.formula = "<or>";
      for (const std::string& t : terms) out.formula += t;
      out.formula += "</or>";
    }
    made.push_back(std::move(out));
    return true;
  };
  std::uint32_t done = no_index;
  for (node_index v : cone) {
    const std::uint32_t c = g.component(v);
    if (!g.component_is_cyclic(c)) {
      make_gate(v, 0, gate[v]);
      continue;
    }
    if (c == done) continue;
    done = c;
    std::vector<node_index> members;
    for (node_index u : g.component_nodes(c))
      if (in_cone[u]) members.push_back(u);
    const auto layers = static_cast<std::uint32_t>(members.size());
    for (node_index u : members) {
      derived[u].assign(layers + 1, 0);
      rounds[u] = layers;
      layer_gate[u].assign(layers + 1, "");
      for (std::uint32_t layer = 1; layer < layers; ++layer)
        layer_gate[u][layer] = names.take(gate[u] + "-round" + std::to_string(layer));
      layer_gate[u][layers] = gate[u];
    }
    for (std::uint32_t layer = 1; layer <= layers; ++layer)
      for (node_index u : members) {
        bool all_met = true;
        for (slot_index s : g.slots(u)) {
          bool met = false;
          for (edge_index e : g.slot_edges(s)) {
            if (!counts(e)) continue;
            node_index x = g.edge_sources()[e];
            if (g.component(x) != c || (layer > 1 && derived[x][layer - 1])) met = true;
          }
          all_met = all_met && met;
        }
        derived[u][layer] = all_met ? 1 : 0;
      }
    for (std::uint32_t layer = 1; layer <= layers; ++layer)
      for (node_index u : members) {
        if (!derived[u][layer]) continue;
        make_gate(u, layer, layer_gate[u][layer]);
      }
  }

  result.top_gate = gate[target];
  result.fault_tree = names.take(result.event_names[target] + "-cone");
  // The gates the top reaches, and the events they hold.
  std::unordered_map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < made.size(); ++i) by_name.emplace(made[i].name, i);
  std::vector<std::uint8_t> reached(made.size(), 0), used(n, 0);
  std::vector<std::size_t> work{by_name.at(result.top_gate)};
  reached[work[0]] = 1;
  while (!work.empty()) {
    const made_gate& m = made[work.back()];
    work.pop_back();
    used[m.event] = 1;
    for (const std::string& in : m.inputs)
      if (std::size_t i = by_name.at(in); !reached[i]) reached[i] = 1, work.push_back(i);
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<!-- Written by micgraph: the upstream cone of " << escape(g.node(target).id())
      << ". A gate fails when its node is unavailable; its basic events are the losses a cut "
         "can make, its house events (false) the nodes that may not be cut. -->\n"
      << "<opsa-mef>\n  <define-fault-tree name=\"" << result.fault_tree << "\">\n";
  for (std::size_t i = 0; i < made.size(); ++i) {
    if (!reached[i]) continue;
    out << "    <define-gate name=\"" << made[i].name << "\">\n      " << made[i].formula
        << "\n    </define-gate>\n";
    ++result.gates;
  }
  out << "  </define-fault-tree>\n  <model-data>\n";
  for (node_index v : cone) {
    if (!used[v]) {
      result.event_names[v].clear();
      continue;
    }
    const bool basic = is_basic(v);
    out << (basic ? "    <define-basic-event" : "    <define-house-event") << " name=\""
        << result.event_names[v] << "\">";
    std::string label = escape(g.node(v).name().empty() ? g.node(v).id() : g.node(v).name());
    if (label.find_first_not_of(' ') != std::string::npos) out << "<label>" << label << "</label>";
    out << (basic ? "</define-basic-event>\n" : "<constant value=\"false\"/></define-house-event>\n");
    ++(basic ? result.basic_events : result.house_events);
  }
  out << "  </model-data>\n</opsa-mef>\n";
  return result;
}

}  // namespace micgraph::io
