#pragma once
// Errors as the tests compare them: the message a call throws, and the bad fixtures in
// tests/data/bad each rejected with a one-line parse_error that starts with the fixture's path.

#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <micgraph/error.hpp>
#include <string>
#include <string_view>

namespace micgraph::testing {

/// What `run` throws as an `Error`: its what(); "no error" when it returns. Anything else
/// propagates.
template <class Error, class Run>
std::string error_message(Run&& run) {
  try {
    run();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

/// Loads every fixture in tests/data/bad whose name starts with `prefix` through `load(path)`;
/// each must throw a parse_error of one line that starts with the fixture's path. Returns how
/// many fixtures there were.
template <class Load>
std::size_t expect_bad_fixtures_rejected(std::string_view prefix, Load&& load) {
  std::size_t fixtures = 0;
  const std::filesystem::path bad = MICGRAPH_SOURCE_DIR "/tests/data/bad";
  for (const auto& entry : std::filesystem::directory_iterator(bad)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    ++fixtures;
    SCOPED_TRACE(name);
    try {
      load(entry.path());
      ADD_FAILURE() << "no error";
    } catch (const parse_error& e) {
      std::string message = e.what();
      EXPECT_EQ(message.rfind(entry.path().string(), 0), 0u) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos);
    }
  }
  return fixtures;
}

}  // namespace micgraph::testing
