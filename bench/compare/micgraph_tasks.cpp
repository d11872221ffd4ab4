// micgraph's side of bench/compare/compare.py: loads one supply graph, times the tasks the
// comparison shares with NetworkX and python-igraph (CPU seconds, median of --repetitions) and
// prints them as one JSON document on stdout; with --details FILE it also writes every result
// the script checks against the other libraries (capacities, dominators, articulation points,
// betweenness, the flow value), node ids throughout. Everything runs on one thread, as NetworkX
// and python-igraph do.
//
//   micgraph_compare_tasks GRAPH [--repetitions R] [--details FILE]
//
// Tasks (compare.py's docstring says what the other libraries run for each):
//   bfs           breadth-first traversal from every node with no in-edge, over the forward CSR
//                 (the loop of BM_BareBfs; roots found outside the timing)
//   impact        compile the 1% hub ban (as micgraph_bench) and run impact(): baseline and
//                 scenario capacity of every node
//   dominators    single_points() of every node on the OR-only view of the graph (every
//                 dependency edge in one slot per target, built outside the timing): with a
//                 virtual root over the sources these are exactly the dominators; Boost's
//                 lengauer_tarjan_dominator_tree on an adjacency_list is timed beside it
//   articulation  structure_points(): articulation points and bridges of the undirected
//                 dependency projection, the projection built inside the call
//   betweenness   betweenness() from 64 sampled sources (seed 1), the simple dependency graph
//                 built inside the call
//   max_flow      Boost's boykov_kolmogorov_max_flow (the solver min_cut.hpp uses) from a
//                 super-source over the sources to a super-sink under the products, arcs the
//                 distinct dependency links with capacity the sum of share * quality of their
//                 edges (network built outside the timing)

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dominator_tree.hpp>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <micgraph/analysis/chokepoints.hpp>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/analysis/structure.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/scenario.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../hub_ban.hpp"

namespace {

using namespace micgraph;

/// CPU seconds of this process (the clock Python's time.process_time reads).
double cpu_now() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

/// Median CPU seconds of `repetitions` calls of work().
double median_seconds(std::size_t repetitions, const std::function<void()>& work) {
  std::vector<double> times;
  for (std::size_t i = 0; i < repetitions; ++i) {
    const double start = cpu_now();
    work();
    times.push_back(cpu_now() - start);
  }
  std::sort(times.begin(), times.end());
  const std::size_t middle = times.size() / 2;
  return times.size() % 2 ? times[middle] : 0.5 * (times[middle - 1] + times[middle]);
}

/// A JSON string literal.
std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

/// The ids of some nodes as a JSON array.
std::string id_list(const graph& g, const std::vector<node_index>& nodes) {
  std::string out = "[";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (i) out += ',';
    out += json_string(g.node(nodes[i]).id());
  }
  return out + "]";
}

/// The graph with every dependency edge of a target in one provider slot named `any` (and no
/// `owns` edges): availability there is reachability from the sources, so a node's single
/// points of failure are its dominators under a virtual root over the sources.
graph or_only_view(const graph& g) {
  graph_builder builder;
  builder.reserve(g.node_count(), g.edge_count());
  for (node_index v : g.nodes()) builder.add_node(g.node(v).id(), {.kind = g.node_kinds()[v]});
  const auto sources = g.edge_sources();
  const auto targets = g.edge_targets();
  const auto kinds = g.edge_kinds();
  for (edge_index e : g.edges())
    if (is_dependency(kinds[e]))
      builder.add_edge(g.node(sources[e]).id(), g.node(targets[e]).id(),
                       {.kind = kinds[e], .input = "any"});
  return builder.freeze();
}

/// Immediate dominators by Boost's Lengauer-Tarjan over the dependency edges, vertex n the
/// virtual root with an arc to every source; the full overload, as tests/analysis does (Boost
/// 1.74's short one mishandles unreachable vertices).
class boost_dominators {
 public:
  using dominator_graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
  using vertex = boost::graph_traits<dominator_graph>::vertex_descriptor;

  explicit boost_dominators(const graph& g) : network_(g.node_count() + 1) {
    const std::size_t root = g.node_count();
    const auto sources = g.edge_sources();
    const auto targets = g.edge_targets();
    const auto kinds = g.edge_kinds();
    for (node_index v : g.nodes())
      if (g.slots(v).empty()) boost::add_edge(root, v, network_);
    for (edge_index e : g.edges())
      if (is_dependency(kinds[e])) boost::add_edge(sources[e], targets[e], network_);
  }

  /// idom per vertex; null_vertex() for the root and for vertices it does not reach.
  std::vector<vertex> run() const {
    const std::size_t size = boost::num_vertices(network_);
    const vertex none = boost::graph_traits<dominator_graph>::null_vertex();
    auto index = boost::get(boost::vertex_index, network_);
    std::vector<std::size_t> dfnum(size, std::numeric_limits<std::size_t>::max());
    std::vector<vertex> parent(size, none), by_dfnum(size, none), idom(size, none);
    boost::lengauer_tarjan_dominator_tree(network_, static_cast<vertex>(size - 1), index,
                                          boost::make_iterator_property_map(dfnum.begin(), index),
                                          boost::make_iterator_property_map(parent.begin(), index),
                                          by_dfnum,
                                          boost::make_iterator_property_map(idom.begin(), index));
    return idom;
  }

 private:
  dominator_graph network_;
};

/// The s-t flow network of the max_flow task: vertex n the super-source (an unbounded arc to
/// every source), n + 1 the super-sink (an unbounded arc from every product), one arc per
/// distinct dependency link (self-loops and `owns` left out) with capacity the sum of
/// share * quality over its edges; "unbounded" is the total of those capacities plus one.
class supply_flow_network {
 public:
  explicit supply_flow_network(const graph& g) {
    const std::size_t n = g.node_count();
    const auto sources = g.edge_sources();
    const auto targets = g.edge_targets();
    const auto kinds = g.edge_kinds();
    const auto& shares = g.edge_shares();
    const auto& qualities = g.edge_qualities();
    struct link {
      std::size_t from, to;
      double capacity;
    };
    std::vector<link> links;
    for (edge_index e : g.edges())
      if (is_dependency(kinds[e]) && sources[e] != targets[e])
        links.push_back({sources[e], targets[e], shares[e] * qualities[e]});
    std::sort(links.begin(), links.end(), [](const link& a, const link& b) {
      return a.from != b.from ? a.from < b.from : a.to < b.to;
    });
    std::vector<link> merged;
    double total = 0.0;
    for (const link& l : links) {
      total += l.capacity;
      if (!merged.empty() && merged.back().from == l.from && merged.back().to == l.to)
        merged.back().capacity += l.capacity;
      else
        merged.push_back(l);
    }
    unbounded_ = total + 1.0;
    source_ = n;
    sink_ = n + 1;
    for (node_index v : g.nodes()) {
      if (g.slots(v).empty()) merged.push_back({source_, v, unbounded_});
      if (g.node_kinds()[v] == node_kind::product) merged.push_back({v, sink_, unbounded_});
    }
    arcs_ = merged.size();

    // Each link and its reverse (capacity 0) at 2j and 2j + 1, then sorted by tail for the CSR.
    const std::size_t vertices = n + 2, m = 2 * merged.size();
    std::vector<std::size_t> offsets(vertices + 1, 0), place(m);
    for (const link& l : merged) ++offsets[l.from + 1], ++offsets[l.to + 1];
    for (std::size_t x = 0; x < vertices; ++x) offsets[x + 1] += offsets[x];
    std::vector<std::pair<std::size_t, std::size_t>> ends(m);
    capacity_.resize(m);
    {
      std::vector<std::size_t> fill(offsets.begin(), offsets.end() - 1);
      for (std::size_t j = 0; j < merged.size(); ++j) {
        place[2 * j] = fill[merged[j].from]++;
        place[2 * j + 1] = fill[merged[j].to]++;
        ends[place[2 * j]] = {merged[j].from, merged[j].to};
        ends[place[2 * j + 1]] = {merged[j].to, merged[j].from};
        capacity_[place[2 * j]] = merged[j].capacity;
        capacity_[place[2 * j + 1]] = 0.0;
      }
    }
    network_ = flow_graph(boost::edges_are_sorted, ends.begin(), ends.end(), vertices);
    std::vector<flow_graph::edge_descriptor> descriptor(m);
    for (auto [it, end] = boost::edges(network_); it != end; ++it)
      descriptor[boost::get(boost::edge_index, network_, *it)] = *it;
    reverse_.resize(m);
    for (std::size_t k = 0; k < m; ++k) reverse_[place[k]] = descriptor[place[k ^ 1]];
    residual_.resize(m);
  }

  /// The maximum flow value. Boykov-Kolmogorov sets every residual from the capacities first,
  /// so repeated calls solve the same network.
  double run() {
    const auto edge_number = boost::get(boost::edge_index, network_);
    return boost::boykov_kolmogorov_max_flow(
        network_, boost::make_iterator_property_map(capacity_.begin(), edge_number),
        boost::make_iterator_property_map(residual_.begin(), edge_number),
        boost::make_iterator_property_map(reverse_.begin(), edge_number),
        boost::get(boost::vertex_index, network_), source_, sink_);
  }

  std::size_t arcs() const noexcept { return arcs_; }
  double unbounded() const noexcept { return unbounded_; }

 private:
  using flow_graph = boost::compressed_sparse_row_graph<boost::directedS>;
  flow_graph network_;
  std::vector<double> capacity_, residual_;
  std::vector<flow_graph::edge_descriptor> reverse_;
  std::size_t source_ = 0, sink_ = 0, arcs_ = 0;
  double unbounded_ = 0.0;
};

int run(int argc, char** argv) {
  std::string graph_path, details_path;
  std::size_t repetitions = 5;
  for (int i = 1; i < argc; ++i) {
    std::string_view argument = argv[i];
    if (argument == "--repetitions" && i + 1 < argc) {
      repetitions = std::max(1, std::atoi(argv[++i]));
    } else if (argument == "--details" && i + 1 < argc) {
      details_path = argv[++i];
    } else if (graph_path.empty() && !argument.starts_with("-")) {
      graph_path = argument;
    } else {
      fmt::print(stderr,
                 "usage: micgraph_compare_tasks GRAPH [--repetitions R] [--details FILE]\n");
      return 2;
    }
  }
  if (graph_path.empty()) {
    fmt::print(stderr, "usage: micgraph_compare_tasks GRAPH [--repetitions R] [--details FILE]\n");
    return 2;
  }

  double start = cpu_now();
  const graph g = io::load_graph(graph_path);
  const double load_seconds = cpu_now() - start;
  const std::size_t n = g.node_count();
  std::string tasks, details;
  auto add_task = [&](std::string_view name, double seconds, const std::string& result) {
    tasks += fmt::format("{}\n  {}: {{\"seconds\": {:.9g}, \"result\": {}}}",
                         tasks.empty() ? "" : ",", json_string(name), seconds, result);
  };

  // bfs: from every node no edge reaches, over every edge (`owns` included), as the Python side.
  {
    const auto& rowstart = g.forward().m_forward.m_rowstart;
    const auto& column = g.forward().m_forward.m_column;
    std::vector<std::uint8_t> has_in_edge(n, 0);
    for (node_index t : column) has_in_edge[t] = 1;
    std::vector<node_index> roots;
    for (node_index v = 0; v < n; ++v)
      if (!has_in_edge[v]) roots.push_back(v);
    std::vector<std::uint8_t> seen(n);
    std::vector<node_index> queue(n);
    std::size_t visited = 0;
    const double seconds = median_seconds(repetitions, [&] {
      std::fill(seen.begin(), seen.end(), 0);
      std::size_t head = 0, tail = 0;
      for (node_index v : roots) seen[v] = 1, queue[tail++] = v;
      while (head < tail) {
        const node_index v = queue[head++];
        for (auto i = rowstart[v]; i < rowstart[v + 1]; ++i)
          if (!seen[column[i]]) seen[column[i]] = 1, queue[tail++] = column[i];
      }
      visited = tail;
    });
    add_task("bfs", seconds,
             fmt::format("{{\"roots\": {}, \"visited\": {}}}", roots.size(), visited));
  }

  // impact: scenario compiled and evaluated (no attribution), as an analyst's one call would be.
  {
    const scenario ban = bench::hub_ban(g);
    impact_result result;
    const double seconds = median_seconds(repetitions, [&] {
      const compiled_scenario compiled = compile(g, ban);
      result = impact(g, compiled, {.attribute = false});
    });
    const compiled_scenario compiled = compile(g, ban);
    const double impact_only =
        median_seconds(repetitions, [&] { result = impact(g, compiled, {.attribute = false}); });
    double product_loss = 0.0;
    for (node_index v : result.ranked) product_loss += result.loss(v);
    add_task(
        "impact", seconds,
        fmt::format("{{\"banned_suppliers\": {}, \"enforcement\": 0.9, \"product_loss\": {:.17g}, "
                    "\"impact_only_seconds\": {:.9g}}}",
                    ban.rules[0].from.ids.size(), product_loss, impact_only));
    details += fmt::format("\"banned_suppliers\": [");
    for (std::size_t i = 0; i < ban.rules[0].from.ids.size(); ++i) {
      if (i) details += ',';
      details += json_string(ban.rules[0].from.ids[i]);
    }
    details += "],\n\"capacity\": {";
    for (node_index v : g.nodes())
      details += fmt::format("{}{}: [{:.17g}, {:.17g}]", v ? ",\n" : "\n",
                             json_string(g.node(v).id()), result.baseline[v], result.capacity[v]);
    details += "}";
  }

  // dominators: single points of every node on the OR-only view; Boost Lengauer-Tarjan beside.
  {
    const graph or_only = or_only_view(g);
    std::vector<node_index> everyone(or_only.node_count());
    for (node_index v : or_only.nodes()) everyone[v] = v;
    single_points_result result;
    const double seconds = median_seconds(
        repetitions, [&] { result = single_points(or_only, everyone, {.threads = 1}); });
    std::size_t cells = 0;
    details += ",\n\"dominators\": {";
    for (std::size_t i = 0; i < result.targets.size(); ++i) {
      const auto& entry = result.targets[i];
      cells += entry.single_points.size();
      details +=
          fmt::format("{}{}: {}", i ? ",\n" : "\n", json_string(or_only.node(entry.target).id()),
                      id_list(or_only, entry.single_points));
    }
    details += "}";

    const boost_dominators lengauer_tarjan(g);
    std::vector<boost_dominators::vertex> idom;
    const double boost_seconds = median_seconds(repetitions, [&] { idom = lengauer_tarjan.run(); });
    // Boost's tree against single_points: the same number of dominators for every node.
    const auto none = boost::graph_traits<boost_dominators::dominator_graph>::null_vertex();
    std::vector<std::size_t> depth(n + 1, std::numeric_limits<std::size_t>::max());
    depth[n] = 0;
    std::function<std::size_t(std::size_t)> depth_of = [&](std::size_t v) -> std::size_t {
      if (depth[v] == std::numeric_limits<std::size_t>::max())
        depth[v] = idom[v] == n ? 0 : 1 + depth_of(idom[v]);
      return depth[v];
    };
    std::size_t reached = 0, boost_cells = 0;
    for (node_index v = 0; v < n; ++v)
      if (idom[v] != none) ++reached, boost_cells += depth_of(v);
    add_task(
        "dominators", seconds,
        fmt::format("{{\"reachable\": {}, \"dominator_entries\": {}, \"boost_seconds\": {:.9g}, "
                    "\"boost_reachable\": {}, \"boost_dominator_entries\": {}}}",
                    result.targets.size(), cells, boost_seconds, reached, boost_cells));
  }

  // articulation: articulation points and bridges of the undirected dependency projection.
  {
    structure_result result;
    const double seconds = median_seconds(repetitions, [&] { result = structure_points(g); });
    add_task("articulation", seconds,
             fmt::format("{{\"articulation_points\": {}, \"bridges\": {}}}",
                         result.articulation_points.size(), result.bridges.size()));
    details += ",\n\"articulation_points\": " + id_list(g, result.articulation_points);
  }

  // betweenness: 64 sampled sources; the sources and scores (nonzero) go to the details.
  {
    constexpr std::size_t samples = 64;
    constexpr std::uint64_t seed = 1;
    betweenness_result result;
    const double seconds = median_seconds(repetitions, [&] {
      result = betweenness(g, {.samples = samples, .seed = seed, .threads = 1});
    });
    details += ",\n\"betweenness_sources\": " + id_list(g, detail::sample_nodes(n, samples, seed));
    details += fmt::format(",\n\"betweenness_scale\": {:.17g},\n\"betweenness\": {{",
                           static_cast<double>(n) / static_cast<double>(samples));
    bool first = true;
    double total = 0.0;
    for (node_index v : g.nodes()) {
      total += result.score[v];
      if (result.score[v] == 0.0) continue;
      details += fmt::format("{}{}: {:.17g}", first ? "\n" : ",\n", json_string(g.node(v).id()),
                             result.score[v]);
      first = false;
    }
    details += "}";
    add_task("betweenness", seconds,
             fmt::format("{{\"samples\": {}, \"seed\": {}, \"score_sum\": {:.17g}}}", samples, seed,
                         total));
  }

  // max_flow: super-source over the sources to super-sink under the products.
  {
    supply_flow_network network(g);
    double value = 0.0;
    const double seconds = median_seconds(repetitions, [&] { value = network.run(); });
    add_task("max_flow", seconds,
             fmt::format("{{\"value\": {:.17g}, \"arcs\": {}, \"unbounded\": {:.17g}}}", value,
                         network.arcs(), network.unbounded()));
  }

  fmt::print(
      "{{\"graph\": {}, \"nodes\": {}, \"edges\": {}, \"repetitions\": {}, \"load_seconds\": "
      "{:.9g},\n\"tasks\": {{{}}}}}\n",
      json_string(graph_path), n, g.edge_count(), repetitions, load_seconds, tasks);
  if (!details_path.empty()) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(details_path.c_str(), "w"),
                                                        &std::fclose);
    if (!out) {
      fmt::print(stderr, "micgraph_compare_tasks: cannot write {}\n", details_path);
      return 2;
    }
    fmt::print(out.get(), "{{{}}}\n", details);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& failure) {
    fmt::print(stderr, "micgraph_compare_tasks: {}\n", failure.what());
    return 2;
  }
}
