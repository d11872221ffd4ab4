// Graphviz: DOT through cgraph, SVG/PNG/PDF through gvc.

#include "micgraph/render/dot.hpp"

#include <fmt/core.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "micgraph/error.hpp"

namespace micgraph::io {

namespace {

// ---- Graphviz handles and global state

/// Graphviz keeps global state (error handler, scanner, plugin registry): one caller at a time.
std::mutex graphviz_mutex;

struct graph_closer {
  void operator()(Agraph_t* g) const noexcept { agclose(g); }
};
using graph_handle = std::unique_ptr<Agraph_t, graph_closer>;

/// A layout of a graph; freed (gvFreeLayout) before the graph is closed.
struct layout_freer {
  GVC_t* context;
  void operator()(Agraph_t* g) const noexcept { gvFreeLayout(context, g); }
};
using layout_handle = std::unique_ptr<Agraph_t, layout_freer>;

struct render_data_freer {
  void operator()(char* data) const noexcept { gvFreeRenderData(data); }
};
using render_data_handle = std::unique_ptr<char, render_data_freer>;

/// The rendering context (plugins, fonts) of the process, made on first use and kept to the
/// end. One context serves every render, as in Graphviz's own `dot` program: the text layout
/// plugin (pango, Graphviz 2.42/2.43) keeps a font name owned by the context from one call to the
/// next, so a context freed and made again would leave it reading freed memory; and freeing it
/// at exit unloads the plugins while their font caches are still held. Call with graphviz_mutex
/// held.
GVC_t* rendering_context() {
  static GVC_t* const context = gvContext();
  return context;
}

/// Graphviz's messages while one of ours runs, kept instead of printed.
std::string* captured_messages = nullptr;

int capture_message(char* text) {
  if (captured_messages != nullptr && text != nullptr) captured_messages->append(text);
  return 0;
}

class message_capture {
 public:
  message_capture()
      : previous_handler_(agseterrf(capture_message)), previous_level_(agseterr(AGWARN)) {
    captured_messages = &text_;
    agreseterrors();
  }
  ~message_capture() {
    captured_messages = nullptr;
    agseterrf(previous_handler_);
    agseterr(previous_level_);
  }
  message_capture(const message_capture&) = delete;
  message_capture& operator=(const message_capture&) = delete;

  /// The messages on one line, or `fallback` when Graphviz said nothing.
  std::string one_line(std::string_view fallback) const {
    std::string out;
    bool space = false;
    for (char c : text_) {
      if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
        space = !out.empty();
        continue;
      }
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
    return out.empty() ? std::string(fallback) : out;
  }

 private:
  std::string text_;
  agusererrf previous_handler_;
  agerrlevel_t previous_level_;
};

// cgraph writes through this discipline into a std::ostream.
int put_to_stream(void* channel, const char* text) {
  auto* out = static_cast<std::ostream*>(channel);
  out->write(text, static_cast<std::streamsize>(std::strlen(text)));
  return out->good() ? 0 : EOF;
}
int flush_stream(void* channel) {
  static_cast<std::ostream*>(channel)->flush();
  return 0;
}
int read_nothing(void*, char*, int) { return 0; }
Agiodisc_t stream_io = {read_nothing, put_to_stream, flush_stream};

// Object ids in the order names are first seen. cgraph's own discipline makes a name's id the
// address of its interned string, and writes subgraphs (the country clusters) in id order: the
// DOT text then depended on where the allocator put the names, and differed from one call to
// the next in a process (the Python package calls twice and gets two texts). Here named objects
// get even ids 2, 4, 6, ... in creation order and anonymous ones odd ids, as cgraph expects, so
// subgraphs are written in the order they were created.
struct ordered_ids {
  Agraph_t* root = nullptr;
  std::unordered_map<std::string, IDTYPE> ids;
  std::unordered_map<IDTYPE, char*> names;  // interned in the root graph, freed with it
  IDTYPE next_named = 2;
  IDTYPE next_anonymous = 1;
};

void* open_ids(Agraph_t* g, Agdisc_t*) {
  auto* state = new ordered_ids;
  state->root = g;
  return state;
}
long map_id(void* state, int, char* name, IDTYPE* id, int create) {
  auto* ids = static_cast<ordered_ids*>(state);
  if (name == nullptr) {
    *id = ids->next_anonymous;
    ids->next_anonymous += 2;
    return 1;
  }
  if (auto found = ids->ids.find(name); found != ids->ids.end()) {
    *id = found->second;
    return 1;
  }
  if (create == 0) return 0;
  *id = ids->next_named;
  ids->next_named += 2;
  ids->ids.emplace(name, *id);
  ids->names.emplace(*id, agstrdup(ids->root, name));
  return 1;
}
long allocate_id(void*, int, IDTYPE) { return 0; }  // ids requested by number: never
void free_id(void*, int, IDTYPE) {}                  // names live as long as the graph
char* print_id(void* state, int, IDTYPE id) {
  auto* ids = static_cast<ordered_ids*>(state);
  auto found = ids->names.find(id);
  return found == ids->names.end() ? nullptr : found->second;
}
void close_ids(void* state) { delete static_cast<ordered_ids*>(state); }
void register_id(void*, int, void*) {}
Agiddisc_t ordered_id_discipline = {open_ids, map_id,    allocate_id, free_id,
                                    print_id, close_ids, register_id};
Agdisc_t stream_discipline = {&AgMemDisc, &ordered_id_discipline, &stream_io};

// ---- styles

struct node_style {
  const char* shape;
  const char* style;
  const char* fill;
};
// Indexed by node_kind.
constexpr std::array<node_style, node_kind_count> node_styles = {{
    {"box", "rounded,filled", "#b3cde3"},  // firm
    {"house", "filled", "#decbe4"},        // facility
    {"doubleoctagon", "filled", "#fbb4ae"},  // product
    {"ellipse", "filled", "#ccebc5"},      // component
    {"hexagon", "filled", "#fed9a6"},      // machine_tool
    {"cylinder", "filled", "#e5d8bd"},     // material
    {"note", "filled", "#ffffcc"},         // service
    {"oval", "filled", "#f2f2f2"},         // person
}};

struct edge_style {
  const char* color;
  const char* style;
  const char* penwidth;
  const char* arrowhead;
};
// Indexed by edge_kind.
constexpr std::array<edge_style, edge_kind_count> edge_styles = {{
    {"#525252", "solid", "1.2", "normal"},   // produces
    {"#2171b5", "solid", "1.2", "normal"},   // supplies
    {"#238b45", "solid", "1.2", "normal"},   // component_of
    {"#d94801", "bold", "2.2", "normal"},    // tooling
    {"#6a51a3", "dashed", "1.4", "normal"},  // services
    {"#969696", "dotted", "1.2", "odot"},    // owns
    {"#969696", "dashed", "1.2", "diamond"}, // controls
}};

constexpr const char* font = "Helvetica,Arial,sans-serif";
constexpr const char* border_colour = "#525252";
constexpr const char* cut_colour = "#e31a1c";
constexpr const char* absent_colour = "#bdbdbd";
constexpr const char* unavailable_fill = "#d9d9d9";
constexpr const char* single_point_penwidth = "4.5";

/// Fill for the fraction of baseline capacity lost: white, yellow, orange, red, dark red.
std::string loss_fill(double fraction) {
  struct stop {
    double at;
    int r, g, b;
  };
  static constexpr stop stops[] = {{0.0, 255, 255, 255}, {0.2, 255, 226, 138}, {0.45, 253, 174, 97},
                                   {0.7, 244, 109, 67},  {1.0, 165, 0, 38}};
  fraction = std::clamp(fraction, 0.0, 1.0);
  std::size_t i = 1;
  while (i + 1 < std::size(stops) && fraction > stops[i].at) ++i;
  const stop& a = stops[i - 1];
  const stop& b = stops[i];
  double t = (fraction - a.at) / (b.at - a.at);
  auto mix = [t](int x, int y) {
    return static_cast<int>(std::lround(x + t * static_cast<double>(y - x)));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b));
}

std::string percent(double fraction) {
  double value = 100.0 * fraction;
  if (std::abs(value - std::round(value)) < 0.05) return fmt::format("{:.0f}%", value);
  return fmt::format("{:.1f}%", value);
}

std::string number(double value) { return fmt::format("{}", value); }

/// Text for Graphviz's escString attributes (label, tooltip): backslashes doubled so `\N`,
/// `\G`, `\n` in data stay literal; line breaks and tabs in data become spaces.
std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\')
      out.append("\\\\");
    else if (c == '\n' || c == '\r' || c == '\t')
      out.push_back(' ');
    else
      out.push_back(c);
  }
  return out;
}

/// Words of `text` in lines of about `width` characters (UTF-8 aware), joined by `\n`
/// (Graphviz's line break); the text is escaped.
std::string wrapped(std::string_view text, std::size_t width) {
  std::string out, line;
  std::size_t line_length = 0;
  auto length = [](std::string_view word) {
    std::size_t count = 0;
    for (char c : word) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
  };
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find_first_of(" \n\t", at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    std::size_t word_length = length(word);
    if (line_length > 0 && line_length + 1 + word_length > width) {
      out.append(escaped(line)).append("\\n");
      line.clear();
      line_length = 0;
    }
    if (line_length > 0) line.push_back(' '), ++line_length;
    line.append(word);
    line_length += word_length;
  }
  out.append(escaped(line));
  return out;
}

/// JSON text that DOT can hold: the same JSON value with every quote inside a string written
/// `\u0022` instead of `\"` (Graphviz's reader takes a backslash before a quote as an escaped
/// quote). Compact JSON has no raw line breaks and ends with `}`, so nothing else is at risk.
std::string json_for_dot(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string && c == '\\' && i + 1 < json.size()) {
      if (json[i + 1] == '"')
        out.append("\\u0022");
      else
        out.push_back(c), out.push_back(json[i + 1]);
      ++i;
      continue;
    }
    if (c == '"') in_string = !in_string;
    out.push_back(c);
  }
  return out;
}

std::string kind_words(node_kind kind) {
  std::string out(micgraph::to_string(kind));
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

template <class Strings>
std::string joined(const Strings& items, std::string_view separator) {
  std::string out;
  bool first = true;
  for (std::string_view item : items) {
    if (!first) out.append(separator);
    first = false;
    out.append(item);
  }
  return out;
}

// ---- the drawing

/// Builds the cgraph graph of a view: model fields as attributes, styles, clusters, legend.
/// With `lossless`, every string set must read back unchanged from the DOT text cgraph writes.
class drawing {
 public:
  drawing(const graph& g, const export_view& view, const dot_options& options, bool lossless)
      : g_(g), view_(view), options_(options), lossless_(lossless) {
    check_view();
    std::string name = "micgraph";
    root_.reset(agopen(name.data(), Agdirected, &stream_discipline));
    if (!root_) throw error("Graphviz could not open a graph");
    declare_attributes();
    add_nodes();
    add_edges();
    if (options_.legend) add_legend();
  }

  Agraph_t* root() const { return root_.get(); }

  /// Graph attributes for a layout engine other than dot.
  void prepare_for(std::string_view layout) {
    if (layout != "dot") {
      set(root(), "overlap", "prism");
      set(root(), "splines", "true");
    }
  }

 private:
  // ---- checks and precomputed highlights
  void check_view() {
    const std::size_t n = g_.node_count();
    in_view_.assign(n, 0);
    if (view_.nodes.empty()) {
      for (node_index v : g_.nodes()) nodes_.push_back(v);
    } else {
      for (node_index v : view_.nodes) {
        if (v >= n) throw error("export: node number " + std::to_string(v) + " is not a node");
        if (in_view_[v])
          throw error("export: node '" + std::string(g_.node(v).id()) + "' given twice");
        in_view_[v] = 1;
      }
      nodes_.assign(view_.nodes.begin(), view_.nodes.end());
      std::sort(nodes_.begin(), nodes_.end());
    }
    for (node_index v : nodes_) in_view_[v] = 1;
    shaded_ = !view_.baseline.empty() || !view_.capacity.empty();
    if (shaded_ && (view_.baseline.size() != n || view_.capacity.size() != n))
      throw error(fmt::format(
          "export: capacities for {} and {} nodes given for a graph of {} nodes",
          view_.baseline.size(), view_.capacity.size(), n));
    if (view_.scenario != nullptr && view_.scenario->node_alive().size() != n)
      throw error("export: the scenario was compiled against another graph");
    single_point_of_.assign(n, {});
    for (const target_single_points& target : view_.single_points) {
      if (target.target >= n) throw error("export: a single-point target is not a node");
      for (node_index v : target.single_points) {
        if (v >= n) throw error("export: a single point of failure is not a node");
        single_point_of_[v].push_back(target.target);
      }
    }
    for (node_index v : view_.focus)
      if (v >= n) throw error("export: a focus node is not a node");
    focus_.assign(n, 0);
    for (node_index v : view_.focus) focus_[v] = 1;
  }

  // ---- cgraph helpers (cgraph takes char*: names and values are copied into buffers)
  Agsym_t* declare(int kind, std::string_view name, std::string_view default_value) {
    std::string key(name), value(default_value);
    Agsym_t* symbol = agattr(root(), kind, key.data(), value.data());
    if (symbol == nullptr) throw error("Graphviz could not declare the attribute " + key);
    symbols_[{kind, key}] = symbol;
    return symbol;
  }
  Agsym_t* symbol(int kind, std::string_view name) const {
    auto it = symbols_.find({kind, std::string(name)});
    return it == symbols_.end() ? nullptr : it->second;
  }
  int kind_of(void* object) const { return AGTYPE(object) == AGINEDGE ? AGOUTEDGE : AGTYPE(object); }

  void set(void* object, std::string_view name, std::string_view value) {
    Agsym_t* sym = symbol(kind_of(object), name);
    if (sym == nullptr) sym = declare(kind_of(object), name, "");
    if (lossless_ && !dot_representable(value))
      throw error(fmt::format("DOT cannot hold {}{}: Graphviz's reader would not give it back "
                              "(a backslash before a quote, a line break or the end, or a line "
                              "break between quotes or backslashes); export GraphML or JSON "
                              "instead",
                              describe(object), name));
    std::string buffer(value);
    agxset(object, sym, buffer.data());
  }

  std::string describe(void* object) const {
    switch (AGTYPE(object)) {
      case AGNODE: return fmt::format("node '{}' field ", agnameof(object));
      case AGOUTEDGE:
      case AGINEDGE: {
        auto* e = static_cast<Agedge_t*>(object);
        return fmt::format("edge '{}' -> '{}' field ", agnameof(agtail(e)), agnameof(aghead(e)));
      }
      default: return "graph attribute ";
    }
  }

  template <class Strings>
  std::string list(const Strings& items, std::string_view where, std::string_view field) {
    if (lossless_)
      for (std::string_view item : items)
        if (item.find(';') != std::string_view::npos)
          throw error(fmt::format("DOT: {} {}: the item '{}' contains ';', the list separator; "
                                  "export JSON instead",
                                  where, field, item));
    return joined(items, ";");
  }

  Agnode_t* add_node(Agraph_t* parent, std::string_view name) {
    if (lossless_ && !dot_representable(name))
      throw error(fmt::format("DOT cannot hold the node id '{}': Graphviz's reader would not give "
                              "it back (a backslash before a quote, a line break or the end); "
                              "export GraphML or JSON instead",
                              name));
    std::string buffer(name);
    Agnode_t* node = agnode(parent, buffer.data(), 1);
    if (node == nullptr) throw error("Graphviz could not add the node '" + buffer + "'");
    return node;
  }

  Agedge_t* add_edge(Agnode_t* tail, Agnode_t* head) {
    Agedge_t* edge = agedge(root(), tail, head, nullptr, 1);
    if (edge == nullptr) throw error("Graphviz could not add an edge");
    return edge;
  }

  // ---- graph
  void declare_attributes() {
    // Defaults shared by every node and edge are declared once (`node [...]` in the DOT text).
    declare(AGRAPH, "linelength", "0");  // no line continuations: they can eat line breaks
    declare(AGRAPH, "rankdir", "LR");
    declare(AGRAPH, "newrank", "true");
    declare(AGRAPH, "nodesep", "0.22");
    declare(AGRAPH, "ranksep", "0.55");
    declare(AGRAPH, "fontname", font);
    declare(AGNODE, "fontname", font);
    declare(AGNODE, "fontsize", "11");
    declare(AGNODE, "margin", "0.08,0.04");
    declare(AGNODE, "color", border_colour);
    declare(AGEDGE, "arrowsize", "0.7");
    declare(AGEDGE, "fontname", font);
    if (!options_.title.empty()) {
      // The title's own line breaks stay line breaks.
      std::string title;
      for (std::size_t at = 0; at <= options_.title.size();) {
        std::size_t end = std::min(options_.title.find('\n', at), options_.title.size());
        title.append(title.empty() && at == 0 ? "" : "\\n")
            .append(escaped(std::string_view(options_.title).substr(at, end - at)));
        at = end + 1;
      }
      set(root(), "label", title);
      set(root(), "labelloc", "t");
      set(root(), "fontsize", "16");
    }
    if (!g_.metadata().empty()) set(root(), "metadata", json_for_dot(g_.metadata()));
    if (view_.scenario != nullptr) set(root(), "scenario", view_.scenario->definition().name);
  }

  Agraph_t* cluster_of(node_index v) {
    if (!options_.cluster_by_country) return root();
    std::string_view country = g_.node(v).country();
    if (country.empty()) return root();
    auto it = clusters_.find(std::string(country));
    if (it != clusters_.end()) return it->second;
    std::string name = "cluster_" + std::string(country);
    Agraph_t* cluster = agsubg(root(), name.data(), 1);
    if (cluster == nullptr) throw error("Graphviz could not add the cluster " + name);
    set(cluster, "label", escaped(country));
    set(cluster, "style", "rounded,filled");
    set(cluster, "fillcolor", "#f5f5f5");
    set(cluster, "color", "#bdbdbd");
    set(cluster, "fontsize", "13");
    set(cluster, "labeljust", "l");
    clusters_.emplace(std::string(country), cluster);
    return cluster;
  }

  void add_nodes() {
    agnodes_.assign(g_.node_count(), nullptr);
    // Clusters in country order, so the DOT text does not depend on the order of the nodes.
    if (options_.cluster_by_country) {
      std::vector<std::pair<std::string_view, node_index>> by_country;
      for (node_index v : nodes_) by_country.emplace_back(g_.node(v).country(), v);
      std::stable_sort(by_country.begin(), by_country.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [country, v] : by_country)
        if (!country.empty()) cluster_of(v);
    }
    for (node_index v : nodes_) {
      node_view node = g_.node(v);
      Agnode_t* n = add_node(cluster_of(v), node.id());
      agnodes_[v] = n;
      kinds_seen_[static_cast<std::size_t>(node.kind())] = true;
      std::string where = "node '" + std::string(node.id()) + "'";
      // The model, field by field.
      set(n, "kind", micgraph::to_string(node.kind()));
      if (!node.name().empty()) set(n, "name", node.name());
      if (!node.country().empty()) set(n, "country", node.country());
      if (!node.category().empty()) set(n, "category", node.category());
      if (!node.tags().empty()) set(n, "tags", list(node.tags(), where, "tags"));
      set(n, "capacity", number(node.capacity()));
      set(n, "stock_months", number(node.stock_months()));
      if (!node.attrs().empty()) set(n, "attrs", json_for_dot(node.attrs()));
      style_node(n, v);
    }
  }

  void style_node(Agnode_t* n, node_index v) {
    node_view node = g_.node(v);
    const node_style& style = node_styles[static_cast<std::size_t>(node.kind())];
    set(n, "shape", style.shape);
    set(n, "style", style.style);
    std::string fill = style.fill;
    std::string label = wrapped(node.name().empty() ? node.id() : node.name(), 24);
    label += "\\n" + escaped(kind_words(node.kind()));
    if (!node.country().empty()) label += " · " + escaped(node.country());
    std::vector<std::string> tooltip;
    tooltip.push_back(escaped(node.id()) + " (" + escaped(kind_words(node.kind())) +
                      (node.country().empty() ? "" : ", " + escaped(node.country())) + ")");
    if (!node.name().empty()) tooltip.push_back(escaped(node.name()));
    if (!node.category().empty()) tooltip.push_back("category " + escaped(node.category()));
    if (!node.tags().empty()) tooltip.push_back("tags " + escaped(joined(node.tags(), ", ")));
    if (node.capacity() != 1.0 || node.stock_months() != 0.0)
      tooltip.push_back(fmt::format("capacity {} per year, stock {} months", node.capacity(),
                                    node.stock_months()));
    if (shaded_) {
      double base = view_.baseline[v], now = view_.capacity[v];
      set(n, "capacity_baseline", number(base));
      set(n, "capacity_scenario", number(now));
      set(n, "capacity_loss", number(base - now));
      if (base <= 0.0) {
        fill = unavailable_fill;
        label += "\\nnever available";
        tooltip.push_back("unavailable even without the cuts");
      } else {
        double lost = std::clamp((base - now) / base, 0.0, 1.0);
        fill = loss_fill(lost);
        if (lost > 0.7) set(n, "fontcolor", "white");
        if (base - now > 1e-9) label += "\\n" + percent(base) + " → " + percent(now);
        tooltip.push_back("capacity " + percent(base) + " without the cuts, " + percent(now) +
                          " under the scenario (" + percent(lost) + " of it lost)");
      }
    }
    if (view_.scenario != nullptr) {
      std::vector<std::uint32_t> rules = view_.scenario->rules_of_node(v);
      if (!rules.empty()) {
        std::vector<std::string> names;
        for (std::uint32_t r : rules) {
          const scenario& s = view_.scenario->definition();
          names.push_back(rule_label(s, r));
          tooltip.push_back("cut by " + escaped(rule_label(s, r)) + " (" +
                            percent(s.rules[r].enforcement) + " enforced)");
        }
        set(n, "cut_by", joined(names, "; "));
        set(n, "color", cut_colour);
        set(n, "penwidth", "2.5");
        node_cut_seen_ = true;
      }
    }
    if (!single_point_of_[v].empty()) {
      std::vector<std::string_view> targets;
      for (node_index t : single_point_of_[v]) targets.push_back(g_.node(t).id());
      set(n, "single_point_of", joined(targets, ";"));
      set(n, "penwidth", single_point_penwidth);
      tooltip.push_back("single point of failure of " + escaped(joined(targets, ", ")));
      single_point_seen_ = true;
    }
    if (focus_[v]) {
      set(n, "peripheries", node.kind() == node_kind::product ? "3" : "2");
      focus_seen_ = true;
    }
    set(n, "fillcolor", fill);
    set(n, "label", label);
    set(n, "tooltip", joined(tooltip, "\\n"));
  }

  void add_edges() {
    const auto targets = g_.edge_targets();
    for (node_index v : nodes_)
      for (edge_index e : g_.out_edges(v)) {
        if (!in_view_[targets[e]]) continue;
        edge_view edge = g_.edge(e);
        Agedge_t* a = add_edge(agnodes_[v], agnodes_[targets[e]]);
        edge_kinds_seen_[static_cast<std::size_t>(edge.kind())] = true;
        std::string where = "edge '" + std::string(g_.node(v).id()) + "' -> '" +
                            std::string(g_.node(targets[e]).id()) + "'";
        set(a, "kind", micgraph::to_string(edge.kind()));
        if (!edge.input().empty()) set(a, "input", edge.input());
        set(a, "share", number(edge.share()));
        set(a, "quality", number(edge.quality()));
        set(a, "confidence", number(edge.confidence()));
        if (!edge.view().empty()) set(a, "view", edge.view());
        if (!edge.sources().empty()) set(a, "sources", list(edge.sources(), where, "sources"));
        if (auto months = edge.lead_time_months()) set(a, "lead_time_months", number(*months));
        if (auto day = edge.start_date()) set(a, "start_date", format_date(*day));
        if (auto day = edge.end_date()) set(a, "end_date", format_date(*day));
        if (!edge.attrs().empty()) set(a, "attrs", json_for_dot(edge.attrs()));
        style_edge(a, e);
      }
  }

  void style_edge(Agedge_t* a, edge_index e) {
    edge_view edge = g_.edge(e);
    const edge_style& style = edge_styles[static_cast<std::size_t>(edge.kind())];
    std::string colour = style.color, line = style.style, width = style.penwidth;
    std::vector<std::string> tooltip;
    tooltip.push_back(escaped(g_.node(edge.source()).id()) + " → " +
                      escaped(g_.node(edge.target()).id()) + ": " +
                      escaped(micgraph::to_string(edge.kind())));
    std::vector<std::string> facts;
    if (!edge.input().empty()) facts.push_back("input '" + escaped(edge.input()) + "'");
    if (edge.share() != 1.0)
      facts.push_back(edge.kind() == edge_kind::owns ? "stake " + percent(edge.share())
                                                     : "share " + number(edge.share()));
    if (edge.quality() != 1.0) facts.push_back("quality " + number(edge.quality()));
    if (edge.confidence() != 1.0) facts.push_back("confidence " + number(edge.confidence()));
    if (!edge.view().empty()) facts.push_back("view " + escaped(edge.view()));
    if (auto months = edge.lead_time_months())
      facts.push_back("lead time " + number(*months) + " months");
    if (edge.start_date() || edge.end_date())
      facts.push_back("in force " + (edge.start_date() ? format_date(*edge.start_date()) : "") +
                      " to " + (edge.end_date() ? format_date(*edge.end_date()) : "now"));
    if (!facts.empty()) tooltip.push_back(joined(facts, ", "));
    if (!edge.sources().empty()) tooltip.push_back("sources: " + escaped(joined(edge.sources(), "; ")));
    if (is_ownership(edge.kind())) set(a, "constraint", "false");
    if (view_.scenario != nullptr && is_dependency(edge.kind())) {
      const compiled_scenario& s = *view_.scenario;
      bool present = s.edge_present(e);
      set(a, "present", present ? "true" : "false");
      std::vector<std::uint32_t> rules = s.rules_of_edge(e);
      if (!present) {
        colour = absent_colour;
        line = "dotted";
        width = "1";
        tooltip.insert(tooltip.begin() + 1,
                       "absent under the scenario's evidence filters (min_confidence, views)");
        absent_seen_ = true;
      } else if (!rules.empty()) {
        std::vector<std::string> names;
        for (std::uint32_t r : rules) names.push_back(rule_label(s.definition(), r));
        set(a, "cut_by", joined(names, "; "));
        set(a, "flow_kept", number(s.edge_cut(e)));
        tooltip.insert(tooltip.begin() + 1,
                       "cut by " + escaped(joined(names, ", ")) + ": " +
                           percent(1.0 - s.edge_cut(e)) + " of the flow stopped, " +
                           percent(s.edge_cut(e)) + " leaks through");
        colour = cut_colour;
        line = "dashed";
        width = "2.5";
        edge_cut_seen_ = true;
      }
    }
    set(a, "color", colour);
    set(a, "style", line);
    set(a, "penwidth", width);
    if (std::string_view(style.arrowhead) != "normal") set(a, "arrowhead", style.arrowhead);
    set(a, "tooltip", joined(tooltip, "\\n"));
  }

  // ---- legend
  /// A name for a legend node that no node of the graph has.
  std::string legend_name(std::string_view what) const {
    const std::string base = "legend: " + std::string(what);
    std::string prefix;
    while (g_.contains(prefix + base)) prefix.push_back('_');
    return prefix + base;
  }

  Agnode_t* legend_node(Agraph_t* legend, std::string_view what, std::string_view label) {
    Agnode_t* n = add_node(legend, legend_name(what));
    set(n, "legend", "true");
    set(n, "label", escaped(label));
    set(n, "tooltip", escaped(label));
    set(n, "fontsize", "10");
    return n;
  }

  void legend_edge(Agraph_t* legend, std::string_view what, std::string_view label,
                   const char* colour, const char* line, const char* width,
                   const char* arrowhead) {
    // An invisible start as tall as a label, so the samples stack as evenly as the labels.
    Agnode_t* from = legend_node(legend, std::string(what) + " from", "");
    set(from, "style", "invis");
    set(from, "shape", "none");
    set(from, "width", "0.1");
    set(from, "height", "0.3");
    Agnode_t* to = legend_node(legend, std::string(what) + " to", label);
    set(to, "shape", "plaintext");
    set(to, "margin", "0.1,0");
    Agedge_t* e = add_edge(from, to);
    set(e, "legend", "true");
    set(e, "color", colour);
    set(e, "style", line);
    set(e, "penwidth", width);
    set(e, "minlen", "1");
    if (std::string_view(arrowhead) != "normal") set(e, "arrowhead", arrowhead);
    legend_columns_[1].push_back(from);
  }

  void add_legend() {
    std::string name = "cluster_legend";
    Agraph_t* legend = agsubg(root(), name.data(), 1);
    if (legend == nullptr) throw error("Graphviz could not add the legend");
    set(legend, "label", "Legend");
    set(legend, "style", "rounded");
    set(legend, "color", "#969696");
    set(legend, "fontsize", "12");
    set(legend, "labeljust", "l");
    for (std::size_t k = 0; k < node_kind_count; ++k) {
      if (!kinds_seen_[k]) continue;
      const node_style& style = node_styles[k];
      auto kind = static_cast<node_kind>(k);
      Agnode_t* n = legend_node(legend, "kind " + std::string(micgraph::to_string(kind)),
                                kind_words(kind));
      set(n, "shape", style.shape);
      set(n, "style", style.style);
      set(n, "fillcolor", shaded_ ? "#ffffff" : style.fill);
      legend_columns_[0].push_back(n);
    }
    for (std::size_t k = 0; k < edge_kind_count; ++k) {
      if (!edge_kinds_seen_[k]) continue;
      const edge_style& style = edge_styles[k];
      std::string kind(micgraph::to_string(static_cast<edge_kind>(k)));
      legend_edge(legend, "edge " + kind, kind, style.color, style.style, style.penwidth,
                  style.arrowhead);
    }
    if (edge_cut_seen_)
      legend_edge(legend, "cut edge", "cut by a scenario rule", cut_colour, "dashed", "2.5",
                  "normal");
    if (absent_seen_)
      legend_edge(legend, "absent edge", "absent (evidence filter)", absent_colour, "dotted", "1",
                  "normal");
    if (shaded_) {
      for (double lost : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        Agnode_t* n = legend_node(legend, "loss " + percent(lost),
                                  lost == 0.0 ? "no capacity lost" : percent(lost) + " lost");
        set(n, "shape", "box");
        set(n, "style", "filled");
        set(n, "fillcolor", loss_fill(lost));
        if (lost > 0.7) set(n, "fontcolor", "white");
        legend_columns_[2].push_back(n);
      }
    }
    if (node_cut_seen_) {
      Agnode_t* n = legend_node(legend, "cut node", "cut by a scenario rule");
      set(n, "shape", "box");
      set(n, "color", cut_colour);
      set(n, "penwidth", "2.5");
      legend_columns_[2].push_back(n);
    }
    if (single_point_seen_) {
      Agnode_t* n = legend_node(legend, "single point", "single point of failure");
      set(n, "shape", "box");
      set(n, "penwidth", single_point_penwidth);
      legend_columns_[2].push_back(n);
    }
    if (focus_seen_) {
      Agnode_t* n = legend_node(legend, "focus", "focus");
      set(n, "shape", "box");
      set(n, "peripheries", "2");
      legend_columns_[2].push_back(n);
    }
    // Columns left to right: node kinds, edge samples (their starts, then their labels in the
    // next rank), highlights. Each column is one rank, its entries stacked top to bottom in the
    // order added by invisible edges (in a left-to-right layout a flat edge puts its head above
    // its tail); invisible edges between the columns' first entries order the columns.
    Agnode_t* previous_first = nullptr;
    for (std::size_t c = 0; c < legend_columns_.size(); ++c) {
      std::vector<Agnode_t*>& column = legend_columns_[c];
      if (column.empty()) continue;
      std::string same = "legend column " + std::to_string(c);
      Agraph_t* rank = agsubg(legend, same.data(), 1);
      set(rank, "rank", "same");
      for (Agnode_t* n : column) agsubnode(rank, n, 1);
      for (std::size_t i = column.size() - 1; i > 0; --i) invisible(column[i], column[i - 1], "0");
      if (previous_first != nullptr) invisible(previous_first, column.front(), c == 2 ? "2" : "1");
      previous_first = column.front();
    }
  }

  void invisible(Agnode_t* tail, Agnode_t* head, std::string_view minlen) {
    Agedge_t* e = add_edge(tail, head);
    set(e, "legend", "true");
    set(e, "style", "invis");
    if (minlen != "1") set(e, "minlen", minlen);
  }

  const graph& g_;
  const export_view& view_;
  const dot_options& options_;
  bool lossless_;
  graph_handle root_;
  std::map<std::pair<int, std::string>, Agsym_t*> symbols_;
  std::map<std::string, Agraph_t*> clusters_;
  std::vector<node_index> nodes_;
  std::vector<std::uint8_t> in_view_;
  std::vector<std::uint8_t> focus_;
  std::vector<std::vector<node_index>> single_point_of_;
  std::vector<Agnode_t*> agnodes_;
  std::array<std::vector<Agnode_t*>, 3> legend_columns_;
  std::array<bool, node_kind_count> kinds_seen_{};
  std::array<bool, edge_kind_count> edge_kinds_seen_{};
  bool shaded_ = false;
  bool edge_cut_seen_ = false;
  bool absent_seen_ = false;
  bool node_cut_seen_ = false;
  bool single_point_seen_ = false;
  bool focus_seen_ = false;
};

void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

bool dot_representable(std::string_view text) {
  std::size_t backslashes = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : '\0';
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    if (backslashes % 2 == 1 && (c == '"' || c == '\n' || c == '\0')) return false;
    backslashes = 0;
    if (c == '\n') {
      // The scanner drops a line break that starts a token and is followed by a quote, a
      // backslash or the end: cgraph writes `"` as `\"`, so both sides count.
      const bool left = i == 0 || text[i - 1] == '"' || text[i - 1] == '\\';
      const bool right = i + 1 == text.size() || text[i + 1] == '"' || text[i + 1] == '\\';
      if (left && right) return false;
    }
  }
  return true;
}

std::string_view to_string(image_format format) {
  switch (format) {
    case image_format::svg: return "svg";
    case image_format::png: return "png";
    case image_format::pdf: return "pdf";
  }
  return "svg";
}

void write_dot(const graph& g, std::ostream& out, const export_view& view,
               const dot_options& options) {
  std::lock_guard lock(graphviz_mutex);
  message_capture messages;
  drawing picture(g, view, options, true);
  if (agwrite(picture.root(), &out) == EOF || !out)
    throw error("cannot write DOT: " + messages.one_line("the output stream failed"));
}

void write_dot(const graph& g, const std::filesystem::path& path, const export_view& view,
               const dot_options& options) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
  write_dot(g, out, view, options);
  out.flush();
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
}

std::string render(const graph& g, const export_view& view, const render_options& options) {
  std::lock_guard lock(graphviz_mutex);
  message_capture messages;
  GVC_t* context = rendering_context();
  if (context == nullptr) throw error("Graphviz could not create a rendering context");
  // Freed in reverse: render data, layout, then the graph.
  drawing picture(g, view, options.drawing, false);
  picture.prepare_for(options.layout);
  if (gvLayout(context, picture.root(), options.layout.c_str()) != 0)
    throw error(fmt::format("Graphviz could not lay the graph out with '{}': {} (the layout "
                            "plugins come with the graphviz package, registered by `dot -c`)",
                            options.layout, messages.one_line("no message")));
  layout_handle layout(picture.root(), layout_freer{context});
  char* data = nullptr;
  unsigned int length = 0;
  const std::string format(to_string(options.format));
  if (gvRenderData(context, picture.root(), format.c_str(), &data, &length) != 0 ||
      data == nullptr) {
    if (data != nullptr) gvFreeRenderData(data);
    throw error(fmt::format("Graphviz could not render {}: {} (the render plugins come with the "
                            "graphviz package, registered by `dot -c`)",
                            format, messages.one_line("no message")));
  }
  render_data_handle bytes(data);
  return std::string(bytes.get(), length);
}

void render(const graph& g, const std::filesystem::path& path, const export_view& view,
            const render_options& options) {
  write_file(path, render(g, view, options));
}

}  // namespace micgraph::io

#if defined(__SANITIZE_ADDRESS__)
// Under LeakSanitizer: memory that Graphviz's layout (virtual edges of dot's cluster layout),
// its text layout (pango, harfbuzz, fontconfig, cairo caches) and its plugin listing keep or
// lose is theirs, not ours; our graphs, layouts and render data are freed (RAII above). Weak, so
// a program's own suppressions take precedence. libcgraph is listed because dot's cluster layout
// allocates graphs it never closes through agalloc, and Debian's libcgraph has no frame pointers:
// LeakSanitizer's fast unwinder stops at agalloc (seen on the partners and microelectronics
// reports); with fast_unwind_on_malloc=0 the same leaks unwind into libgvplugin_dot_layout.
extern "C" __attribute__((weak, used, visibility("default"))) const char*
__lsan_default_suppressions() {
  return "leak:libgvc.so\n"
         "leak:libcgraph.so\n"
         "leak:libgvplugin_dot_layout.so\n"
         "leak:libgvplugin_neato_layout.so\n"
         "leak:libgvplugin_pango.so\n"
         "leak:libpango\n"
         "leak:libharfbuzz.so\n"
         "leak:libfontconfig.so\n"
         "leak:libcairo.so\n"
         "leak:libexpat.so\n"
         "leak:libglib-2.0.so\n"
         "leak:libgobject-2.0.so\n";
}

// Their table of suppressed leaks would follow every rendering command's output on stderr,
// where a failing command owes one line; LSAN_OPTIONS=print_suppressions=1 shows it again.
extern "C" __attribute__((weak, used, visibility("default"))) const char*
__lsan_default_options() {
  return "print_suppressions=0";
}
#endif
