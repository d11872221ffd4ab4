// Ownership propagation (analysis/ownership.hpp) on generated ownership graphs: entities (10%
// persons), three `owns` or `controls` edges per entity, 1% or 30% of the entities listed (a
// sanctions list, and a whole sector listed at once). Every time is read as a ratio to
// BM_OwnershipBareBfs on the same graph and listing in the same run: a plain breadth-first
// traversal of the same edges from the same listed entities.
// Arguments are entities / percent listed [/ rule]:
//   micgraph_ownership_bench --benchmark_filter='/1000000/'

#include <benchmark/benchmark.h>

#include <iterator>
#include <map>
#include <memory>
#include <micgraph/analysis/ownership.hpp>
#include <micgraph/generate.hpp>
#include <utility>

namespace {

using namespace micgraph;

struct ownership_case {
  graph g;
  std::vector<node_index> listed;
};

// One generated graph per size (entities; edges three times as many) and share listed (in
// percent, drawn with repetition), built once.
const ownership_case& case_of(std::int64_t entities, std::int64_t percent_listed) {
  static std::map<std::pair<std::int64_t, std::int64_t>, std::unique_ptr<ownership_case>> cache;
  auto& slot = cache[{entities, percent_listed}];
  if (!slot) {
    const auto n = static_cast<std::size_t>(entities);
    slot = std::make_unique<ownership_case>(
        ownership_case{generate_ownership({.entities = n, .edges = 3 * n, .seed = 42}), {}});
    detail::generator_rng rng(7);
    for (std::size_t k = 0; k < n * static_cast<std::size_t>(percent_listed) / 100; ++k)
      slot->listed.push_back(static_cast<node_index>(rng.below(n)));
  }
  return *slot;
}

void BM_OwnershipBareBfs(benchmark::State& state) {
  const ownership_case& c = case_of(state.range(0), state.range(1));
  const graph& g = c.g;
  const auto& rowstart = g.forward().m_forward.m_rowstart;
  const auto& column = g.forward().m_forward.m_column;
  std::vector<std::uint8_t> seen(g.node_count());
  std::vector<node_index> queue(g.node_count());
  std::size_t reached = 0;
  for (auto _ : state) {
    std::fill(seen.begin(), seen.end(), 0);
    std::size_t head = 0, tail = 0;
    for (node_index v : c.listed)
      if (!seen[v]) seen[v] = 1, queue[tail++] = v;
    while (head < tail) {
      const node_index v = queue[head++];
      for (auto i = rowstart[v]; i < rowstart[v + 1]; ++i) {
        const node_index t = column[i];
        if (!seen[t]) seen[t] = 1, queue[tail++] = t;
      }
    }
    reached = tail;
    benchmark::DoNotOptimize(tail);
  }
  state.counters["reached"] = static_cast<double>(reached);
  state.counters["edges/s"] = benchmark::Counter(static_cast<double>(g.edge_count()),
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

// The presets in ownership_rule::preset_names order, then OFAC as of 2015-01-01, then two
// custom rules that block more: aggregated stakes of 5% or more, and more than 20% or control.
ownership_rule rule_of(std::int64_t which) {
  const auto presets = static_cast<std::int64_t>(std::size(ownership_rule::preset_names));
  if (which < presets) return *ownership_rule::preset(ownership_rule::preset_names[which]);
  if (which == presets) {
    ownership_rule dated = ownership_rule::ofac();
    dated.as_of = days_from_civil(2015, 1, 1);
    return dated;
  }
  if (which == presets + 1) return {.threshold = 0.05, .inclusive = true, .aggregate = true};
  return {.threshold = 0.2, .inclusive = false, .aggregate = false, .control = true};
}

void BM_OwnershipBlocked(benchmark::State& state) {
  const ownership_case& c = case_of(state.range(0), state.range(1));
  const ownership_rule rule = rule_of(state.range(2));
  std::size_t blocked = 0;
  for (auto _ : state) {
    ownership_result r = ownership_blocked(c.g, c.listed, rule);
    blocked = r.blocked.size();
    benchmark::DoNotOptimize(r.blocked.data());
  }
  state.counters["blocked"] = static_cast<double>(blocked);
}

void BM_OwnershipReasons(benchmark::State& state) {
  const ownership_case& c = case_of(state.range(0), 1);
  const ownership_result r = ownership_blocked(c.g, c.listed, ownership_rule::ofac());
  for (auto _ : state) {
    std::vector<ownership_reason> reasons = ownership_reasons(c.g, r);
    benchmark::DoNotOptimize(reasons.data());
  }
}

}  // namespace

BENCHMARK(BM_OwnershipBareBfs)
    ->ArgsProduct({{100000, 1000000}, {1, 30}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OwnershipBlocked)
    ->ArgsProduct({{100000, 1000000}, {1, 30}, {0, 1, 2, 3, 4, 5, 6, 7}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OwnershipReasons)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
