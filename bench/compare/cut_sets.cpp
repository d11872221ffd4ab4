// micgraph's side of bench/compare/cut_sets.py (micgraph and SCRAM side by side on minimal cut
// sets). Each mode is one process that the script times whole with /usr/bin/time; the
// computation alone is timed inside and printed as `seconds` on stderr.
//
//   micgraph_compare_cut_sets mef ORDER OUT FILE...
//       import the Open-PSA files, minimal cut sets of at most ORDER basic events of every top
//       gate, written to OUT as lines `TOP<tab>EVENT EVENT ...` (events sorted by name)
//   micgraph_compare_cut_sets graph ORDER OUT GRAPH TARGET...
//       load a graph (.mgb, .json, ...), minimal cut sets of the targets (every node cuttable;
//       the target `--products`: every product), written to OUT as `TARGET<tab>ID ID ...`; OUT
//       `-` counts only (nothing written)
//   micgraph_compare_cut_sets generate NODES SEED GRAPH DIR COUNT
//       generate a supply graph (micgraph::generate), write it to GRAPH (.mgb), and export the
//       upstream cones of the COUNT products with the largest cones to DIR/<id>.xml (Open-PSA);
//       prints the product ids, one a line

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <micgraph/analysis/cut_sets.hpp>
#include <micgraph/generate.hpp>
#include <micgraph/import/open_psa.hpp>
#include <micgraph/io/binary.hpp>
#include <micgraph/io/load.hpp>
#include <string>
#include <vector>

using namespace micgraph;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Writes every listed set as `TARGET<tab>MEMBER MEMBER ...`, members by name; prints the
/// counts per order (distinct over the targets) on stderr.
void write_sets(const graph& g, const cut_sets_result& r, const std::string& out,
                const std::function<std::string(node_index)>& name) {
  std::fprintf(stderr, "counts");
  for (std::size_t order = 1; order <= r.max_order; ++order)
    std::fprintf(stderr, " %llu", static_cast<unsigned long long>(r.count_by_order[order]));
  std::fprintf(stderr, "\ndiagram_nodes %zu\n", r.diagram_nodes);
  if (out == "-") return;
  std::ofstream file(out);
  for (const cut_set& s : r.sets) {
    std::vector<std::string> members;
    for (node_index v : s.members) members.push_back(name(v));
    std::sort(members.begin(), members.end());
    std::string line;
    for (const std::string& m : members) line += (line.empty() ? "" : " ") + m;
    for (node_index t : s.targets) file << g.node(t).id() << '\t' << line << '\n';
  }
}

int run_mef(std::size_t order, const std::string& out, std::vector<std::filesystem::path> files) {
  const auto start = std::chrono::steady_clock::now();
  io::open_psa_import imported = io::import_open_psa(files);
  const graph& g = imported.graph;
  std::vector<node_index> tops;
  for (const std::string& top : imported.report.top_gates) tops.push_back(g.find(top));
  const std::uint32_t basic = g.tag_id(io::open_psa_basic_event_tag);
  cut_sets_result r = minimal_cut_sets(
      g, tops,
      {.max_order = order,
       .cuttable =
           [&](node_index v) {
             auto tags = g.node_tag_ids(v);
             return std::find(tags.begin(), tags.end(), basic) != tags.end();
           },
       .max_sets = 0});
  std::fprintf(stderr, "seconds %.6f\n", seconds_since(start));
  write_sets(g, r, out, [&](node_index v) { return std::string(g.node(v).id()); });
  return 0;
}

int run_graph(std::size_t order, const std::string& out, const std::filesystem::path& file,
              const std::vector<std::string>& ids) {
  const auto start = std::chrono::steady_clock::now();
  graph g = io::load_graph(file);
  const double loaded = seconds_since(start);
  std::vector<node_index> targets;
  for (const std::string& id : ids) {
    if (id == "--products") {
      for (node_index v : g.nodes())
        if (g.node_kinds()[v] == node_kind::product) targets.push_back(v);
      continue;
    }
    node_index t = g.find(id);
    if (t == no_index) throw error("no node " + id);
    targets.push_back(t);
  }
  const auto solve = std::chrono::steady_clock::now();
  cut_sets_result r = minimal_cut_sets(
      g, targets, {.max_order = order, .max_sets = 0, .count_only = out == "-"});
  std::fprintf(stderr, "load_seconds %.6f\nseconds %.6f\n", loaded, seconds_since(solve));
  write_sets(g, r, out, [&](node_index v) { return std::string(g.node(v).id()); });
  return 0;
}

int run_generate(std::size_t nodes, std::uint64_t seed, const std::filesystem::path& graph_file,
                 const std::filesystem::path& dir, std::size_t count) {
  graph g = generate({.nodes = nodes, .seed = seed});
  io::write_binary(g, graph_file);
  // Products by upstream cone size (every edge, available sources).
  std::vector<std::pair<std::size_t, node_index>> by_cone;
  std::vector<node_index> stamp(g.node_count(), no_index), stack;
  for (node_index p : g.nodes()) {
    if (g.node_kinds()[p] != node_kind::product) continue;
    std::size_t size = 0;
    stack.push_back(p);
    stamp[p] = p;
    while (!stack.empty()) {
      node_index v = stack.back();
      stack.pop_back();
      ++size;
      for (edge_index e : g.in_edges(v))
        if (node_index u = g.edge_sources()[e]; stamp[u] != p) stamp[u] = p, stack.push_back(u);
    }
    by_cone.push_back({size, p});
  }
  std::sort(by_cone.begin(), by_cone.end(), [](auto x, auto y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  std::filesystem::create_directories(dir);
  for (std::size_t i = 0; i < count && i < by_cone.size(); ++i) {
    const node_index p = by_cone[i].second;
    std::ofstream out(dir / (std::string(g.node(p).id()) + ".xml"));
    io::open_psa_export written = io::write_open_psa(out, g, p);
    std::printf("%s\t%zu\t%s\t%zu\n", std::string(g.node(p).id()).c_str(), by_cone[i].first,
                written.top_gate.c_str(), written.gates);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() >= 4 && args[0] == "mef")
      return run_mef(std::stoul(args[1]), args[2], {args.begin() + 3, args.end()});
    if (args.size() >= 5 && args[0] == "graph")
      return run_graph(std::stoul(args[1]), args[2], args[3], {args.begin() + 4, args.end()});
    if (args.size() == 6 && args[0] == "generate")
      return run_generate(std::stoul(args[1]), std::stoull(args[2]), args[3], args[4],
                          std::stoul(args[5]));
    std::cerr << "usage: micgraph_compare_cut_sets mef ORDER OUT FILE... | graph ORDER OUT GRAPH "
                 "TARGET... | generate NODES SEED GRAPH DIR COUNT\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}
