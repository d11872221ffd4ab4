// The C++ side of bench/python/overhead.py: one impact evaluation of a scenario on a graph file,
// the call `g.impact(s)` makes from Python, timed by Google Benchmark.
// Usage: micgraph_python_overhead GRAPH SCENARIO [--benchmark_* options]

#include <benchmark/benchmark.h>

#include <cstdio>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/io/scenario.hpp>
#include <optional>

namespace {

std::optional<micgraph::graph> loaded;
std::optional<micgraph::compiled_scenario> ban;

// Argument: 1 with the losses attributed to countries and categories (the default of impact()
// and of g.impact(s)), 0 without.
void BM_ImpactOfFile(benchmark::State& state) {
  const micgraph::impact_options options{.attribute = state.range(0) != 0};
  for (auto _ : state) benchmark::DoNotOptimize(micgraph::impact(*loaded, *ban, options));
}
BENCHMARK(BM_ImpactOfFile)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s GRAPH SCENARIO [--benchmark_* options]\n", argv[0]);
    return 2;
  }
  loaded = micgraph::io::load_graph(argv[1]);
  ban = micgraph::compile(*loaded, micgraph::io::read_scenario(argv[2]));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
