// libFuzzer target: Open-PSA MEF documents through io::import_open_psa. Bad input may only be a
// one-line parse_error; an imported graph must survive the JSON and binary round trips, and each
// top gate's cone written back with write_open_psa must import to the same cut sets.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <micgraph/analysis/cut_sets.hpp>
#include <micgraph/import/open_psa.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_support.hpp"

namespace {

using namespace micgraph;

bool is_basic_event(const graph& g, node_index v) {
  const std::uint32_t tag = g.tag_id(io::open_psa_basic_event_tag);
  for (std::uint32_t t : g.node_tag_ids(v))
    if (t == tag) return true;
  return false;
}

/// Cut sets of up to three basic events of a gate, as sorted lists of event names.
std::vector<std::vector<std::string>> cut_sets_by_name(const graph& g, node_index gate,
                                                       const std::vector<std::string>* names) {
  std::vector<node_index> target{gate};
  cut_sets_result r = minimal_cut_sets(
      g, target,
      {.max_order = 3, .cuttable = [&](node_index v) { return is_basic_event(g, v); }});
  std::vector<std::vector<std::string>> out;
  for (const cut_set& s : r.sets) {
    std::vector<std::string> members;
    for (node_index v : s.members) members.push_back(names ? (*names)[v] : std::string(g.node(v).id()));
    std::sort(members.begin(), members.end());
    out.push_back(members);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<io::open_psa_document> docs{{"fuzzed.xml", std::string(fuzz::bytes_of(data, size))}};
  std::optional<io::open_psa_import> imported;
  try {
    imported = io::import_open_psa(docs);
  } catch (const parse_error& e) {
    fuzz::check_rejection("open_psa", e);
    return 0;
  }
  const graph& g = imported->graph;
  fuzz::check_round_trips("open_psa", g);
  std::size_t checked = 0;
  for (const std::string& top : imported->report.top_gates) {
    if (++checked > 3) break;
    const node_index t = g.find(top);
    if (t == no_index) fuzz::fail("open_psa", "a top gate without a node: " + top);
    std::ostringstream written;
    io::open_psa_export cone;
    try {
      // Only the basic events are cuttable in the fault tree; the export makes the rest house
      // events, so the written tree has the same cut sets.
      cone = io::write_open_psa(written, g, t, {.cuttable = [&](node_index v) { return is_basic_event(g, v); }});
    } catch (const error&) {
      continue;  // the top occurs with no failure at all: unavailable, nothing to write
    }
    std::vector<io::open_psa_document> again{{"rewritten.xml", written.str()}};
    try {
      io::open_psa_import back = io::import_open_psa(again);
      const node_index top_back = back.graph.find(cone.top_gate);
      if (top_back == no_index) fuzz::fail("open_psa", "the written top gate is missing");
      // Event names of the export map to the original nodes' ids.
      std::vector<std::string> ids(g.node_count());
      for (node_index v : g.nodes()) ids[v] = cone.event_names[v];
      if (cut_sets_by_name(g, t, &ids) != cut_sets_by_name(back.graph, top_back, nullptr))
        fuzz::fail("open_psa", "the written cone has other cut sets than " + top);
    } catch (const parse_error& e) {
      fuzz::fail("open_psa", std::string("the written cone does not read back: ") + e.what());
    }
  }
  return 0;
}
