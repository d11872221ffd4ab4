// libFuzzer target: scenario files through io::read_scenario_text, then compiled against the tiny
// cruise-missile chain (tests/data/tiny.json) and run through impact. Reading and compiling may
// only fail with scenario_error; whatever reads must read again after write_scenario.

#include <cstddef>
#include <cstdint>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/io/scenario.hpp>
#include <sstream>
#include <string>

#include "fuzz_support.hpp"

namespace {

const micgraph::graph& tiny_chain() {
  static const micgraph::graph g = micgraph::io::read_json(MICGRAPH_SOURCE_DIR "/tests/data/tiny.json");
  return g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace micgraph;
  const graph& g = tiny_chain();
  scenario s;
  try {
    s = io::read_scenario_text(fuzz::bytes_of(data, size), "fuzzed-scenario.json");
  } catch (const scenario_error& e) {
    fuzz::check_rejection("scenario", e);
    return 0;
  }
  std::ostringstream written;
  io::write_scenario(s, written);
  try {
    io::read_scenario_text(written.str(), "rewritten-scenario.json");
  } catch (const scenario_error& e) {
    fuzz::fail("scenario", std::string("the scenario round trip failed: ") + e.what());
  }
  try {
    const compiled_scenario cuts = compile(g, s);  // unknown ids and views are scenario_errors
    if (impact(g, cuts).capacity.size() != g.node_count()) fuzz::fail("scenario", "impact lost nodes");
  } catch (const scenario_error& e) {
    fuzz::check_rejection("scenario", e);
  }
  return 0;
}
