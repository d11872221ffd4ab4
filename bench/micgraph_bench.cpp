// Benchmarks on generated supply graphs. Every time is meant to be read as a ratio to
// BM_BareBfs on the same graph in the same run (the memory-bound limit of one traversal).
// Sizes are benchmark arguments: micgraph_bench --benchmark_filter='/100000$'
// `--snapshot=FILE` adds BM_BareBfs, BM_Propagate and BM_Impact on a graph loaded from FILE
// (named `.../snapshot`: --benchmark_filter=snapshot runs those alone), to compare sizes too
// large to generate inside the benchmark, e.g. the 1M and 10M snapshots of bench/commands.sh.

#include <benchmark/benchmark.h>

#include "hub_ban.hpp"

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <micgraph/analysis/chokepoints.hpp>
#include <micgraph/analysis/cut_sets.hpp>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/analysis/structure.hpp>
#include <micgraph/analysis/timeline.hpp>
#include <micgraph/analysis/uncertainty.hpp>
#include <micgraph/generate.hpp>
#include <micgraph/io/binary.hpp>
#include <micgraph/io/json.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/scenario.hpp>
#include <unistd.h>

namespace {

using namespace micgraph;

// One generated graph per size, built once and shared by every benchmark.
const graph& graph_of_size(std::int64_t nodes) {
  static std::map<std::int64_t, std::unique_ptr<graph>> cache;
  auto& slot = cache[nodes];
  if (!slot)
    slot = std::make_unique<graph>(generate({.nodes = static_cast<std::size_t>(nodes), .seed = 42}));
  return *slot;
}

// Every product node: the default targets of the chokepoint analyses.
std::vector<node_index> products_of(const graph& g) {
  std::vector<node_index> products;
  const auto kinds = g.node_kinds();
  for (node_index v : g.nodes())
    if (kinds[v] == node_kind::product) products.push_back(v);
  return products;
}

void bare_bfs(benchmark::State& state, const graph& g) {
  const auto& rowstart = g.forward().m_forward.m_rowstart;
  const auto& column = g.forward().m_forward.m_column;
  const std::size_t n = g.node_count();
  std::vector<std::uint8_t> seen(n);
  std::vector<node_index> queue(n);
  for (auto _ : state) {
    std::fill(seen.begin(), seen.end(), 0);
    std::size_t head = 0, tail = 0;
    for (node_index v = 0; v < n; ++v) {  // every node that no edge reaches is a root
      if (g.slots(v).empty()) {
        seen[v] = 1;
        queue[tail++] = v;
      }
    }
    while (head < tail) {
      node_index v = queue[head++];
      for (auto i = rowstart[v]; i < rowstart[v + 1]; ++i) {
        node_index t = column[i];
        if (!seen[t]) {
          seen[t] = 1;
          queue[tail++] = t;
        }
      }
    }
    benchmark::DoNotOptimize(tail);
  }
  state.counters["edges/s"] = benchmark::Counter(static_cast<double>(g.edge_count()),
                                                 benchmark::Counter::kIsIterationInvariantRate);
}
void BM_BareBfs(benchmark::State& state) { bare_bfs(state, graph_of_size(state.range(0))); }

void BM_CompileScenario(benchmark::State& state) {
  const graph& g = graph_of_size(state.range(0));
  scenario s = bench::hub_ban(g);
  for (auto _ : state) benchmark::DoNotOptimize(compile(g, s));
}

void propagate(benchmark::State& state, const graph& g) {
  compiled_scenario cs = compile(g, bench::hub_ban(g));
  for (auto _ : state) benchmark::DoNotOptimize(scenario_capacity(g, cs));
  state.counters["edges/s"] = benchmark::Counter(static_cast<double>(g.edge_count()),
                                                 benchmark::Counter::kIsIterationInvariantRate);
}
void BM_Propagate(benchmark::State& state) { propagate(state, graph_of_size(state.range(0))); }

void impact_of_hub_ban(benchmark::State& state, const graph& g) {
  compiled_scenario cs = compile(g, bench::hub_ban(g));
  for (auto _ : state) benchmark::DoNotOptimize(impact(g, cs, {.attribute = false}));
}
void BM_Impact(benchmark::State& state) { impact_of_hub_ban(state, graph_of_size(state.range(0))); }

// One more scenario on a loaded graph: the baseline (same evidence filters) is computed once and
// shared, so the evaluation is one propagation plus the ranking.
void BM_ImpactSharedBaseline(benchmark::State& state) {
  const graph& g = graph_of_size(state.range(0));
  compiled_scenario cs = compile(g, bench::hub_ban(g));
  const std::vector<double> baseline = baseline_capacity(g, cs);
  for (auto _ : state)
    benchmark::DoNotOptimize(impact(g, cs, {.attribute = false, .baseline = baseline}));
}

// The single points of failure of every product: one bottom-up pass of critical sets over the
// products' upstream cone.
// Second argument: threads (BM_SinglePointsThreads: wall time).
void BM_SinglePoints(benchmark::State& state) {
  const graph& g = graph_of_size(state.range(0));
  const std::vector<node_index> products = products_of(g);
  const auto threads = static_cast<unsigned>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(single_points(g, products, {.threads = threads}));
  state.counters["targets"] = static_cast<double>(products.size());
  state.counters["edges/s"] = benchmark::Counter(static_cast<double>(g.edge_count()),
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

// Minimal cut sets of every product, counted (analysis/cut_sets.hpp). Arguments: nodes, order.
// Wall time: the diagrams are built on a thread of their own (a stack for deep recursion).
void BM_MinimalCutSets(benchmark::State& state) {
  const graph& g = graph_of_size(state.range(0));
  const std::vector<node_index> products = products_of(g);
  const auto order = static_cast<std::size_t>(state.range(1));
  cut_sets_result r;
  for (auto _ : state) r = minimal_cut_sets(g, products, {.max_order = order, .count_only = true});
  state.counters["targets"] = static_cast<double>(products.size());
  double sets = 0;
  for (std::uint64_t c : r.count_by_order) sets += static_cast<double>(c);
  state.counters["sets"] = sets;
}

// Betweenness estimated from 64 sampled sources: 64 Brandes searches over the simple
// dependency graph, plus building that graph.
// Second argument: threads (BM_Betweenness64Threads: wall time).
void BM_Betweenness64(benchmark::State& state) {
  const graph& g = graph_of_size(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  for (auto _ : state)
    benchmark::DoNotOptimize(betweenness(g, {.samples = 64, .seed = 1, .threads = threads}));
}

// Articulation points and bridges of the undirected dependency graph (one depth-first search
// over the whole graph).
void BM_StructurePoints(benchmark::State& state) {
  const graph& g = graph_of_size(state.range(0));
  std::size_t points = 0, bridges = 0;
  for (auto _ : state) {
    structure_result r = structure_points(g);
    points = r.articulation_points.size();
    bridges = r.bridges.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["points"] = static_cast<double>(points);
  state.counters["bridges"] = static_cast<double>(bridges);
}

// Loading the generated graph from node-link JSON and from a .mgb snapshot (written once to
// the temporary directory), to be read against each other and against BM_BareBfs.
std::filesystem::path graph_file(std::int64_t nodes, const char* extension) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
      ("micgraph-bench-" + std::to_string(getpid()) + "-" + std::to_string(nodes) + extension);
  if (!std::filesystem::exists(path)) {
    if (std::string_view(extension) == ".json")
      io::write_json(graph_of_size(nodes), path);
    else
      io::write_binary(graph_of_size(nodes), path);
  }
  return path;
}

void load_benchmark(benchmark::State& state, const char* extension) {
  const std::filesystem::path path = graph_file(state.range(0), extension);
  for (auto _ : state) benchmark::DoNotOptimize(io::load_graph(path));
  state.counters["bytes"] = static_cast<double>(std::filesystem::file_size(path));
  std::filesystem::remove(path);
}
void BM_LoadJson(benchmark::State& state) { load_benchmark(state, ".json"); }
void BM_LoadBinary(benchmark::State& state) { load_benchmark(state, ".mgb"); }

// The ranking of the products' single points of failure and the 1,000 other nodes with the
// largest downstream cones by the product capacity their loss removes (single points computed
// once, outside the loop), on one thread: CPU time of the engine, comparable across runs.
// BM_RankChokepointsThreads: wall time on 1 and 2 threads.
void BM_RankChokepoints(benchmark::State& state) {
  const graph& g = graph_of_size(state.range(0));
  const std::vector<node_index> products = products_of(g);
  const single_points_result spof = single_points(g, products);
  const auto threads = static_cast<unsigned>(state.range(1));
  std::size_t ranked = 0;
  for (auto _ : state) {
    ranking_result ranking = rank_chokepoints(g, products, spof, {.threads = threads});
    ranked = ranking.ranking.size();
    benchmark::DoNotOptimize(ranking);
  }
  state.counters["ranked"] = static_cast<double>(ranked);
}

// 36 months after the hub ban, services wearing out over 18 months, the products recorded: to be
// read against 36 x BM_Impact of the same size.
// Second argument 0: every node every month (timeline_options::incremental = false).
void BM_Timeline36(benchmark::State& state) {
  const graph& g = graph_of_size(state.range(0));
  compiled_scenario cs = compile(g, bench::hub_ban(g));
  std::vector<node_index> products;
  for (node_index v : g.nodes())
    if (g.node_kinds()[v] == node_kind::product) products.push_back(v);
  for (auto _ : state)
    benchmark::DoNotOptimize(timeline(g, cs, {.months = 36, .mean_life_months = 18, .record = products,
                                              .incremental = state.range(1) != 0}));
}

// 1,000 Monte Carlo samples of the hub ban, products recorded; threads as the second argument.
void BM_MonteCarlo1000(benchmark::State& state) {
  const graph& g = graph_of_size(state.range(0));
  scenario s = bench::hub_ban(g);
  s.rules[0].enforcement_range = std::pair{0.6, 0.95};
  compiled_scenario cs = compile(g, s);
  std::vector<node_index> products;
  for (node_index v : g.nodes())
    if (g.node_kinds()[v] == node_kind::product) products.push_back(v);
  for (auto _ : state)
    benchmark::DoNotOptimize(monte_carlo(
        g, cs, {.samples = 1000, .threads = static_cast<unsigned>(state.range(1)), .record = products}));
  state.counters["samples/s"] = benchmark::Counter(1000.0, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(BM_BareBfs)
    ->Arg(100'000)
    ->Arg(200'000)
    ->Arg(400'000)
    ->Arg(800'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Propagate)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Impact)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ImpactSharedBaseline)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompileScenario)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SinglePoints)
    ->Args({100'000, 1})
    ->Args({200'000, 1})
    ->Args({400'000, 1})
    ->Args({800'000, 1})
    ->Args({1'000'000, 1})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SinglePoints)->Name("BM_SinglePointsThreads")->Args({1'000'000, 1})->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MinimalCutSets)->Args({100'000, 3})->Args({100'000, 4})->Args({1'000'000, 3})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Betweenness64)->Args({100'000, 1})->Args({1'000'000, 1})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Betweenness64)->Name("BM_Betweenness64Threads")->Args({1'000'000, 1})->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StructurePoints)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadJson)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_LoadBinary)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_RankChokepoints)
    ->Args({100'000, 1})
    ->Args({1'000'000, 1})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RankChokepoints)
    ->Name("BM_RankChokepointsThreads")
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

BENCHMARK(BM_Timeline36)
    ->Args({100'000, 1})
    ->Args({100'000, 0})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 0})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);
BENCHMARK(BM_MonteCarlo1000)->Args({100'000, 1})->Args({100'000, 2})->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

int main(int argc, char** argv) {
  // --snapshot=FILE (or --snapshot FILE), taken out before the benchmark library reads the rest.
  std::string snapshot;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--snapshot=")) {
      snapshot = arg.substr(11);
    } else if (arg == "--snapshot" && i + 1 < argc) {
      snapshot = argv[++i];
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  argv[argc] = nullptr;
  std::unique_ptr<graph> loaded;
  if (!snapshot.empty()) {
    try {
      loaded = std::make_unique<graph>(io::load_graph(snapshot));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "micgraph_bench: %s\n", e.what());
      return 2;
    }
    const graph& g = *loaded;
    benchmark::RegisterBenchmark("BM_BareBfs/snapshot", [&g](benchmark::State& s) { bare_bfs(s, g); })
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Propagate/snapshot", [&g](benchmark::State& s) { propagate(s, g); })
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Impact/snapshot", [&g](benchmark::State& s) { impact_of_hub_ban(s, g); })
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
