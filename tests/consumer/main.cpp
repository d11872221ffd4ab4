// A program outside the micgraph tree that links the installed (or embedded) library.

#include <fmt/core.h>

#include <algorithm>
#include <micgraph/micgraph.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: consumer GRAPH\n");
    return 2;
  }
  try {
    micgraph::graph g = micgraph::io::load_graph(argv[1]);
    auto available = micgraph::available_nodes(g);
    fmt::print("consumer: {} nodes, {} edges, {} available\n", g.node_count(), g.edge_count(),
               std::count(available.begin(), available.end(), true));
  } catch (const micgraph::error& e) {
    fmt::print(stderr, "consumer: {}\n", e.what());
    return 2;
  }
  return 0;
}
