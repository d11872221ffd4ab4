// The C++ side of bench/python/overhead.py: loads a graph and compiles a scenario once, then for
// each line read on stdin ("1": with the losses attributed to countries and categories, the
// default of impact() and of g.impact(s); "0": without; "2": through find_impact, the compiled
// report function the Python module calls) runs one impact evaluation, the call `g.impact(s)`
// makes from Python, and prints its wall time in nanoseconds. The Python side
// alternates one call of its own with one of these, so that both see the same load on a shared
// machine.
//
//   micgraph_python_overhead GRAPH SCENARIO

#include <chrono>
#include <cstdio>
#include <iostream>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/io/scenario.hpp>
#include <micgraph/report/impact.hpp>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s GRAPH SCENARIO\n", argv[0]);
    return 2;
  }
  const micgraph::graph g = micgraph::io::load_graph(argv[1]);
  const micgraph::compiled_scenario ban = micgraph::compile(g, micgraph::io::read_scenario(argv[2]));
  std::printf("ready\n");
  std::fflush(stdout);
  double sink = 0.0;
  for (std::string line; std::getline(std::cin, line);) {
    const auto start = std::chrono::steady_clock::now();
    if (line == "2") {
      micgraph::impact_report_options options;
      sink += micgraph::find_impact(g, ban, options).result.total_loss;
    } else {
      const micgraph::impact_options options{.attribute = line == "1"};
      sink += micgraph::impact(g, ban, options).total_loss;
    }
    const auto stop = std::chrono::steady_clock::now();
    std::printf("%lld\n", static_cast<long long>(
                              std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start).count()));
    std::fflush(stdout);
  }
  return sink < 0.0 ? 1 : 0;
}
