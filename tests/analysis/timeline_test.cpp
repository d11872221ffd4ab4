// The timeline against a month-by-month brute-force oracle on random graphs with stocks,
// wearing services, substitutes and cycles; the static impact when nothing is timed; and hand
// cases from the seeds with closed forms.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/analysis/timeline.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/io/attributes.hpp>
#include <micgraph/scenario.hpp>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/graph_copies.hpp"
#include "support/graph_queries.hpp"
#include "support/random_cuts.hpp"
#include "support/random_graph.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_timeline_test_cases {

namespace {

/// The timeline with the edges' own mean lives and ramps read from their attributes, as the
/// command line runs it.
timeline_result timeline_from_attributes(const graph& g, const compiled_scenario& s,
                                         timeline_options options = {}) {
  io::read_timeline_attributes(g, options);
  return timeline(g, s, options);
}

/// Random cuts by id: node listings and supply-edge bans from chosen suppliers, enforced fully or
/// in tenths; a quarter of the scenarios with an evidence threshold.
scenario random_cuts(const graph& g, std::uint64_t seed) {
  std::mt19937_64 rng(seed * 31 + 7);
  scenario s = random_id_cuts(g, rng, [](std::mt19937_64& draw) {
    return draw() % 2 == 0 ? 1.0 : static_cast<double>(draw() % 10) / 10.0;
  });
  if (rng() % 4 == 0) s.min_confidence = 0.5;
  return s;
}

/// The same graph without stocks, lead times and attributes.
graph untimed(const graph& g) {
  return edited_copy(
      g,
      [](node_record& r) {
        r.fields.stock_months = 0.0;
        r.fields.attrs.clear();
      },
      [](edge_record& r) {
        r.fields.lead_time_months.reset();
        r.fields.attrs.clear();
      });
}

/// Oracle: each month, every node swept in node order from zero until nothing moves (the least
/// fixpoint of the whole graph at once), with the stock, wear and substitute rules written out
/// per edge from the edge's own fields; then the month's stock draws and service levels.
std::vector<std::vector<double>> brute_timeline(const graph& g, const compiled_scenario& s,
                                                std::size_t months, double mean_life,
                                                double default_ramp) {
  const std::size_t n = g.node_count();
  std::vector<double> base_w(g.edge_count(), 0.0), cut_w(g.edge_count(), 0.0);
  for (edge_index e : g.edges()) {
    if (!is_dependency(g.edge(e).kind()) || !s.edge_present(e)) continue;
    base_w[e] = g.edge(e).share() * g.edge(e).quality();
    cut_w[e] = base_w[e] * s.edge_cut(e);
  }
  auto attribute = [&](edge_index e, const char* name, double fallback) {
    std::string text(g.edge(e).attrs());
    if (text.empty()) return fallback;
    nlohmann::json attrs = nlohmann::json::parse(text);
    return attrs.contains(name) ? attrs[name].get<double>() : fallback;
  };
  auto fixpoint = [&](auto&& value_of) {
    std::vector<double> cap(n, 0.0);
    for (int sweep = 0; sweep < 1'000'000; ++sweep) {
      double moved = 0.0;
      for (node_index v : g.nodes()) {
        double next = value_of(v, cap);
        moved = std::max(moved, std::abs(next - cap[v]));
        cap[v] = next;
      }
      if (moved <= 1e-15) break;
    }
    return cap;
  };
  // Month 0.
  std::vector<double> base = fixpoint([&](node_index v, const std::vector<double>& cap) {
    double w = 1.0;
    for (slot_index sl : g.slots(v)) {
      double sum = 0.0;
      for (edge_index e : g.slot_edges(sl)) sum += base_w[e] * cap[g.edge(e).source()];
      w = std::min(w, sum);
    }
    return w;
  });
  // Substitutes' baseline use and the services' last levels.
  std::vector<double> in_use(g.edge_count(), 0.0), level(g.edge_count(), 0.0);
  for (slot_index sl = 0; sl < g.slot_count(); ++sl) {
    double others = 0.0, subs = 0.0;
    for (edge_index e : g.slot_edges(sl)) {
      double x = base_w[e] * base[g.edge(e).source()];
      (g.edge(e).lead_time_months() ? subs : others) += x;
    }
    for (edge_index e : g.slot_edges(sl))
      if (g.edge(e).lead_time_months() && subs > 0)
        in_use[e] = base_w[e] * base[g.edge(e).source()] *
                    std::max(0.0, std::min(1.0, others + subs) - others) / subs;
  }
  for (edge_index e : g.edges()) level[e] = base_w[e] * base[g.edge(e).source()];
  std::vector<double> stock(n);
  for (node_index v : g.nodes()) stock[v] = g.node(v).stock_months() * base[v];

  std::vector<std::vector<double>> out = {base};
  for (std::size_t t = 1; t <= months; ++t) {
    auto delivered = [&](edge_index e, const std::vector<double>& cap) {
      double x = cut_w[e] * cap[g.edge(e).source()];
      double life = g.edge(e).kind() == edge_kind::services
                        ? attribute(e, "mean_life_months", mean_life)
                        : 0.0;
      if (life > 0 && x < level[e]) x = x + (level[e] - x) * std::exp(-1.0 / life);
      if (auto lead = g.edge(e).lead_time_months(); lead && x > in_use[e]) {
        double ramp = attribute(e, "ramp_months", default_ramp);
        double ready = static_cast<double>(t) < *lead ? 0.0
                       : ramp == 0                    ? 1.0
                                  : std::min(1.0, (static_cast<double>(t) - *lead) / ramp);
        x = in_use[e] + (x - in_use[e]) * ready;
      }
      return x;
    };
    auto inputs = [&](node_index v, const std::vector<double>& cap) {
      double w = 1.0;
      for (slot_index sl : g.slots(v)) {
        double sum = 0.0;
        for (edge_index e : g.slot_edges(sl)) sum += delivered(e, cap);
        w = std::min(w, sum);
      }
      return w;
    };
    std::vector<double> cap = fixpoint([&](node_index v, const std::vector<double>& c) {
      double w = inputs(v, c);
      double got = stock[v] > 0 ? std::min(base[v], w + stock[v]) : w;
      return s.node_alive()[v] * got;
    });
    for (node_index v : g.nodes()) {
      double w = inputs(v, cap);
      if (stock[v] > 0) stock[v] = std::max(0.0, stock[v] - (std::min(base[v], w + stock[v]) - w));
    }
    for (edge_index e : g.edges())
      if (is_dependency(g.edge(e).kind()) && s.edge_present(e)) level[e] = delivered(e, cap);
    out.push_back(cap);
  }
  return out;
}

}  // namespace

TEST(Timeline, AgreesWithMonthByMonthOracle) {
  std::size_t graphs = 0, timed_graphs = 0, cyclic = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    graph g = micgraph::testing::random_graph(seed, {.max_nodes = 25});
    compiled_scenario s = compile(g, random_cuts(g, seed));
    const double life = seed % 3 == 0 ? 0.0 : 9.0;
    const double ramp = seed % 4 == 0 ? 0.0 : 4.0;
    timeline_result r = timeline_from_attributes(
        g, s, {.months = 14, .mean_life_months = life, .ramp_months = ramp});
    auto expected = brute_timeline(g, s, 14, life, ramp);
    ASSERT_EQ(r.nodes.size(), g.node_count());
    for (std::size_t i = 0; i < r.nodes.size(); ++i)
      for (std::size_t t = 0; t <= 14; ++t)
        ASSERT_NEAR(r.series(i)[t], expected[t][r.nodes[i]], 1e-9)
            << "seed " << seed << " node " << g.node(r.nodes[i]).id() << " month " << t;
    bool timed = false;
    for (node_index v : g.nodes()) timed = timed || g.node(v).stock_months() > 0;
    for (edge_index e : g.edges()) timed = timed || g.edge(e).lead_time_months().has_value();
    timed_graphs += timed;
    cyclic += has_cycle(g);
    ++graphs;
  }
  std::printf("[ oracle   ] timeline: %zu graphs (%zu with stocks or substitutes, %zu with cycles), 14 months\n",
              graphs, timed_graphs, cyclic);
  EXPECT_GE(timed_graphs, 300u);
  EXPECT_GE(cyclic, 100u);
}

TEST(Timeline, IncrementalMonthsAreBitForBitEveryNodeEveryMonth) {
  // Evaluating only the nodes whose inputs moved must give exactly what evaluating every node
  // every month gives, stocks running out, services wearing out and substitutes ramping alike.
  std::size_t graphs = 0, moved_late = 0;
  for (std::uint64_t seed = 1; seed <= 500; ++seed) {
    graph g = micgraph::testing::random_graph(seed, {.max_nodes = seed % 5 == 0 ? 80u : 25u});
    compiled_scenario s = compile(g, random_cuts(g, seed));
    const double life = seed % 3 == 0 ? 0.0 : 2.0 + static_cast<double>(seed % 7);
    const double ramp = seed % 4 == 0 ? 0.0 : static_cast<double>(seed % 5);
    timeline_options options{.months = 30, .mean_life_months = life, .ramp_months = ramp};
    timeline_result fast = timeline_from_attributes(g, s, options);
    options.incremental = false;
    timeline_result full = timeline_from_attributes(g, s, options);
    ASSERT_EQ(fast.capacity.size(), full.capacity.size());
    for (std::size_t i = 0; i < fast.capacity.size(); ++i)
      ASSERT_EQ(fast.capacity[i], full.capacity[i]) << "seed " << seed << " entry " << i;
    bool late = false;  // some node still moving after month 3: the later months are exercised
    for (std::size_t i = 0; i < full.nodes.size(); ++i)
      for (std::size_t t = 4; t <= 30; ++t) late = late || full.series(i)[t] != full.series(i)[t - 1];
    moved_late += late;
    ++graphs;
  }
  std::printf("[ oracle   ] incremental timeline: %zu graphs bit for bit, %zu still moving after month 3\n",
              graphs, moved_late);
  EXPECT_GE(moved_late, 150u);
}

TEST(Timeline, MonthZeroIsTheBaselineAndUntimedMonthsAreTheStaticImpact) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    graph timed = micgraph::testing::random_graph(seed);
    compiled_scenario st = compile(timed, random_cuts(timed, seed));
    timeline_result rt = timeline_from_attributes(timed, st, {.months = 3, .mean_life_months = 12});
    std::vector<double> base = baseline_capacity(timed, st);
    for (std::size_t i = 0; i < rt.nodes.size(); ++i) ASSERT_EQ(rt.series(i)[0], base[rt.nodes[i]]);

    graph g = untimed(timed);
    compiled_scenario s = compile(g, random_cuts(g, seed));
    std::vector<double> static_capacity = scenario_capacity(g, s);
    timeline_result r = timeline_from_attributes(g, s, {.months = 5});
    for (std::size_t i = 0; i < r.nodes.size(); ++i)
      for (std::size_t t = 1; t <= 5; ++t)
        ASSERT_EQ(r.series(i)[t], static_capacity[r.nodes[i]]) << seed;  // bit for bit
  }
}

TEST(Timeline, NoCutKeepsTheBaselineEveryMonth) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    graph g = micgraph::testing::random_graph(seed);
    compiled_scenario s = compile(g, scenario{});
    timeline_result r = timeline_from_attributes(
        g, s, {.months = 12, .mean_life_months = 6, .ramp_months = 2});
    for (std::size_t i = 0; i < r.nodes.size(); ++i)
      for (std::size_t t = 1; t <= 12; ++t)
        ASSERT_NEAR(r.series(i)[t], r.series(i)[0], 1e-12) << seed;
  }
}

TEST(Timeline, WithoutSubstitutesCapacityNeverRises) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    graph g = micgraph::testing::random_graph(seed);
    // The same graph without lead times (stocks and wear kept).
    graph plain =
        edited_copy(g, keep_record{}, [](edge_record& r) { r.fields.lead_time_months.reset(); });
    compiled_scenario s = compile(plain, random_cuts(plain, seed));
    timeline_result r = timeline_from_attributes(plain, s, {.months = 18, .mean_life_months = 5});
    for (std::size_t i = 0; i < r.nodes.size(); ++i)
      for (std::size_t t = 1; t <= 18; ++t)
        ASSERT_LE(r.series(i)[t], r.series(i)[t - 1] + 1e-12) << seed;
  }
}

namespace {

// A missile plant on imported 5-axis centres that need the maker's servicing, with a Chinese
// substitute centre (share 1, quality 0.5) and some stock of finished airframes.
struct missile_chain {
  graph g;
  compiled_scenario cut;
};

missile_chain make_chain(double plant_stock, std::optional<double> substitute_lead,
                         double servicing_life, double enforcement) {
  graph_builder b;
  b.add_node("de-maker", {.kind = node_kind::firm, .country = "DE"});
  b.add_node("servicing", {.kind = node_kind::service, .country = "DE"});
  b.add_node("de-5axis", {.kind = node_kind::machine_tool, .country = "DE"});
  b.add_node("plant", {.kind = node_kind::facility, .country = "RU", .stock_months = plant_stock});
  b.add_node("missile", {.kind = node_kind::product, .country = "RU"});
  b.add_edge("de-maker", "servicing", {.kind = edge_kind::produces});
  b.add_edge("de-maker", "de-5axis", {.kind = edge_kind::produces});
  edge_fields service{.kind = edge_kind::services};
  if (servicing_life > 0) service.attrs = R"({"mean_life_months":)" + std::to_string(servicing_life) + "}";
  b.add_edge("servicing", "de-5axis", service);
  b.add_edge("de-5axis", "plant", {.kind = edge_kind::tooling, .input = "machining"});
  if (substitute_lead) {
    b.add_node("cn-5axis", {.kind = node_kind::machine_tool, .country = "CN"});
    b.add_edge("cn-5axis", "plant",
               {.kind = edge_kind::tooling,
                .input = "machining",
                .quality = 0.5,
                .lead_time_months = substitute_lead,
                .attrs = R"({"ramp_months":3})"});
  }
  b.add_edge("plant", "missile", {.kind = edge_kind::produces});
  missile_chain out{b.freeze(), {}};
  scenario s{.rules = {{.select = scenario_rule::selection::edges,
                        .from = {.ids = {"servicing"}},
                        .enforcement = enforcement}}};
  out.cut = compile(out.g, s);
  return out;
}

std::vector<double> missile_series(const missile_chain& c, std::size_t months) {
  timeline_result r = timeline_from_attributes(
      c.g, c.cut, {.months = months, .record = {c.g.find("missile")}});
  auto s = r.series(0);
  return {s.begin(), s.end()};
}

}  // namespace

TEST(TimelineHandCases, StockDelaysTheDropByItsMonths) {
  // Servicing cut entirely; the plant holds 3 months of output: months 1-3 at 100%, then 0.
  auto series = missile_series(make_chain(3.0, std::nullopt, 0.0, 1.0), 6);
  EXPECT_EQ(series, (std::vector<double>{1, 1, 1, 1, 0, 0, 0}));
  // Half the servicing cut: the 3 months of stock cover a shortfall of 0.5 for 6 months.
  series = missile_series(make_chain(3.0, std::nullopt, 0.0, 0.5), 8);
  EXPECT_EQ(series, (std::vector<double>{1, 1, 1, 1, 1, 1, 1, 0.5, 0.5}));
}

TEST(TimelineHandCases, UnservicedMachinesWearOutExponentially) {
  // Servicing cut entirely, machines with a mean life of 12 months: exp(-t/12) in month t.
  auto series = missile_series(make_chain(0.0, std::nullopt, 12.0, 1.0), 24);
  for (std::size_t t = 0; t <= 24; ++t)
    EXPECT_NEAR(series[t], std::exp(-static_cast<double>(t) / 12.0), 1e-12) << t;
  // At 90% enforcement the level tends to the 10% that leaks: 0.1 + 0.9 exp(-t/12).
  series = missile_series(make_chain(0.0, std::nullopt, 12.0, 0.9), 24);
  for (std::size_t t = 0; t <= 24; ++t)
    EXPECT_NEAR(series[t], 0.1 + 0.9 * std::exp(-static_cast<double>(t) / 12.0), 1e-12) << t;
}

TEST(TimelineHandCases, SubstitutesArriveAfterTheirLeadTime) {
  // The Chinese centre (quality 0.5) was not needed in the baseline (the German one covered the
  // slot): after the cut it delivers nothing for 6 months, then ramps over 3 months to 0.5,
  // the static impact.
  missile_chain c = make_chain(0.0, 6.0, 0.0, 1.0);
  auto series = missile_series(c, 12);
  std::vector<double> expected = {1, 0, 0, 0, 0, 0, 0, 0.5 / 3, 0.5 * 2 / 3, 0.5, 0.5, 0.5, 0.5};
  for (std::size_t t = 0; t <= 12; ++t) EXPECT_NEAR(series[t], expected[t], 1e-12) << t;
  EXPECT_NEAR(scenario_capacity(c.g, c.cut)[c.g.find("missile")], 0.5, 1e-12);
}

TEST(TimelineHandCases, BadAttributesAreErrors) {
  graph_builder b;
  b.add_node("service", {.kind = node_kind::service});
  b.add_node("machine", {.kind = node_kind::machine_tool});
  b.add_edge("service", "machine", {.kind = edge_kind::services, .attrs = R"({"mean_life_months":-4})"});
  graph g = b.freeze();
  EXPECT_THROW(timeline_from_attributes(g, compile_baseline(g)), parse_error);
  EXPECT_THROW(timeline_from_attributes(g, compile_baseline(g), {.mean_life_months = -1}), error);
}

// A structural edge (owns, controls) running against the node order must not send a node that
// is already final this month back for evaluation: it would draw its stock twice.
TEST(Timeline, OwnershipEdgesBackwardsDoNotDrawStockTwice) {
  for (edge_kind structural : {edge_kind::owns, edge_kind::controls}) {
    graph_builder b;
    b.add_node("supplier", {.kind = node_kind::firm});
    b.add_node("plant", {.kind = node_kind::facility, .stock_months = 1});
    b.add_node("missile", {.kind = node_kind::product});
    b.add_edge("supplier", "plant", {.kind = edge_kind::component_of});
    b.add_edge("plant", "missile", {.kind = edge_kind::produces});
    b.add_edge("supplier", "missile", {.kind = edge_kind::component_of});
    b.add_edge("missile", "plant", {.kind = structural});
    const graph g = b.freeze();
    const compiled_scenario s = compile(g, scenario{.rules = {{.nodes = {.ids = {"supplier"}}}}});
    for (bool incremental : {true, false}) {
      const timeline_result r =
          timeline(g, s, {.months = 2, .record = {g.find("plant")}, .incremental = incremental});
      EXPECT_DOUBLE_EQ(r.series(0)[1], 1.0) << to_string(structural);  // the stock covers month 1
      EXPECT_DOUBLE_EQ(r.series(0)[2], 0.0) << to_string(structural);
    }
  }
}

}  // namespace analysis_timeline_test_cases
