// source_views: how much of Russia's defence output depends on China, according to Western,
// Russian and Chinese sources? The same Chinese export halt is evaluated once per body of
// sources (the edges tagged with each `view`), side by side: what each view records of the
// cooperation, what the halt leaves of each Russian product, and the same weighted by each
// view's confidence in its own evidence (Monte Carlo over the evidence).
//
//   source_views DATASET [ENFORCEMENT]      (default enforcement: 1.0; the dataset is
//                                            data/china-russia-cooperation.json or one like it)

#include <fmt/core.h>

#include <algorithm>
#include <micgraph/micgraph.hpp>
#include <string>
#include <vector>

using namespace micgraph;

namespace {

const std::vector<std::string> views = {"western", "russian", "chinese"};

// Chinese (and Hong Kong) supply of every kind into Russia stops, at `enforcement`.
scenario chinese_halt(double enforcement) {
  return scenario{.name = "China halts supply to Russian defence industry",
                  .rules = {{.select = scenario_rule::selection::edges,
                             .name = "Chinese and Hong Kong supply into Russia",
                             .from = {.countries = {"CN", "HK"}},
                             .to = {.countries = {"RU"}},
                             .enforcement = enforcement}}};
}

bool chinese_link(const graph& g, edge_index e) {
  const std::string_view from = g.node(g.edge_sources()[e]).country();
  return (from == "CN" || from == "HK") && g.node(g.edge_targets()[e]).country() == "RU";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    fmt::print(stderr, "usage: source_views DATASET [ENFORCEMENT]\n");
    return 2;
  }
  try {
    graph g = io::load_graph(argv[1]);
    const double enforcement = argc == 3 ? std::stod(argv[2]) : 1.0;
    if (!(enforcement >= 0.0 && enforcement <= 1.0)) {
      fmt::print(stderr, "source_views: enforcement must be within [0, 1], not {}\n", argv[2]);
      return 2;
    }

    // What each body of sources records of the Chinese supply into Russia.
    fmt::print("Chinese supply links into Russia as each body of sources records them:\n");
    fmt::print("  {:<10} {:>6} {:>16} {:>16}\n", "view", "links", "mean confidence",
               "mean share");
    for (const std::string& view : views) {
      std::size_t links = 0;
      double confidence = 0.0, share = 0.0;
      for (edge_index e : g.edges()) {
        if (g.edge(e).view() != view || !chinese_link(g, e)) continue;
        ++links;
        confidence += g.edge_confidences()[e];
        share += g.edge_shares()[e];
      }
      fmt::print("  {:<10} {:>6} {:>16.2f} {:>16.2f}\n", view, links,
                 links ? confidence / links : 0.0, links ? share / links : 0.0);
    }

    // The Russian products: what the halt leaves of each, view by view.
    std::vector<node_index> products;
    for (node_index v : g.nodes())
      if (g.node_kinds()[v] == node_kind::product && g.node(v).country() == "RU")
        products.push_back(v);
    if (products.empty()) {
      fmt::print(stderr, "source_views: {} has no Russian product\n", argv[1]);
      return 2;
    }
    const scenario halt = chinese_halt(enforcement);
    std::vector<view_impact> by_view = compare_views(g, halt, views);

    // The same with every edge kept with its confidence: each view's own doubt about its evidence.
    std::vector<monte_carlo_result> doubted;
    for (const std::string& view : views) {
      scenario one = halt;
      one.views = {view};
      doubted.push_back(monte_carlo(g, compile(g, one),
                                    {.samples = 2000, .seed = 7, .threads = 1, .record = products}));
    }

    fmt::print("\nChina halts its supply to Russia ({:.0f}% enforced): output left, by view\n",
               100 * enforcement);
    fmt::print("  {:<26} {:>9} {:>9} {:>9}   {}\n", "product", "western", "russian", "chinese",
               "(expected with each view's confidence: W / R / C)");
    std::vector<double> mean_left(views.size(), 0.0);
    for (std::size_t i = 0; i < products.size(); ++i) {
      const node_index v = products[i];
      fmt::print("  {:<26}", std::string(g.node(v).id()).substr(0, 26));
      for (std::size_t k = 0; k < views.size(); ++k) {
        const double left = by_view[k].baseline[v] > 0 ? by_view[k].capacity[v] / by_view[k].baseline[v] : 0.0;
        mean_left[k] += left / static_cast<double>(products.size());
        fmt::print(" {:>8.1f}%", 100 * left);
      }
      fmt::print("   ");
      for (std::size_t k = 0; k < views.size(); ++k) {
        const capacity_distribution& d = doubted[k].distributions[i];
        fmt::print("{}{:.0f}%", k ? " / " : "", d.baseline_mean > 0 ? 100 * d.mean / d.baseline_mean : 0.0);
      }
      fmt::print("\n");
    }

    fmt::print("\nDependence of Russian defence output on China (mean output lost over {} products):\n",
               products.size());
    for (std::size_t k = 0; k < views.size(); ++k)
      fmt::print("  {:<8} sources: {:5.1f}% lost\n", views[k], 100 * (1 - mean_left[k]));
    const auto most = std::max_element(mean_left.begin(), mean_left.end(),
                                       [](double a, double b) { return a > b; }) - mean_left.begin();
    const auto least = std::max_element(mean_left.begin(), mean_left.end()) - mean_left.begin();
    fmt::print("The {} sources see the most dependence, the {} sources the least ({:.1f} points "
               "apart).\n",
               views[static_cast<std::size_t>(most)], views[static_cast<std::size_t>(least)],
               100 * (mean_left[static_cast<std::size_t>(least)] -
                      mean_left[static_cast<std::size_t>(most)]));
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "source_views: {}\n", e.what());
    return 2;
  }
}
