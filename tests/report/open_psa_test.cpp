// The text and JSON report of an Open-PSA import: counts, top gates, notes.

#include <gtest/gtest.h>

#include <micgraph/import/open_psa.hpp>
#include <micgraph/report/open_psa.hpp>
#include <string>
#include <vector>

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace report_open_psa_test_cases {

TEST(OpenPsaReport, TextAndJsonOfAnImport) {
  std::vector<io::open_psa_document> docs{
      {"plant.xml",
       "<opsa-mef><define-fault-tree name=\"t\"><define-gate name=\"no-missiles\"><atleast "
       "min=\"2\"><basic-event name=\"a\"/><basic-event name=\"b\"/><basic-event "
       "name=\"c\"/></atleast></define-gate></define-fault-tree><model-data><define-basic-event "
       "name=\"a\"/><define-basic-event name=\"b\"/><define-basic-event name=\"c\"/>"
       "<define-parameter name=\"p\"><float value=\"0.1\"/></define-parameter></model-data></opsa-mef>"}};
  io::open_psa_import imported = io::import_open_psa(docs);
  std::string text = io::to_text(imported.report, imported.graph, "plant.json", 0.01);
  EXPECT_NE(text.find("imported "), std::string::npos) << text;
  EXPECT_NE(text.find("1 gates, 3 basic events (tag open-psa:basic-event), 0 house events; 1 "
                      "atleast gates expanded"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("top gates (products): 1\n  no-missiles\n"), std::string::npos) << text;
  EXPECT_NE(text.find("note: parameters read past"), std::string::npos) << text;
  nlohmann::ordered_json j;
  io::to_json(j, imported.report);
  EXPECT_EQ(j["top_gates"], nlohmann::ordered_json::array({"no-missiles"}));
  EXPECT_EQ(j["basic_events"], 3);
  EXPECT_EQ(j["files"], nlohmann::ordered_json::array({"plant.xml"}));
}

}  // namespace report_open_psa_test_cases
