#pragma once
// The bad-input corpus (tests/data/bad) and the code its README expects for each file.
#include <fstream>
#include <string>
#include <vector>

namespace conforme::test {

struct CorpusCase {
  std::string name;      // file name in tests/data/bad
  std::string expected;  // an error code, or "report WxH"
};

// The README's table rows: | `name` | expected | what it is |
inline std::vector<CorpusCase> bad_corpus(const std::string& dir) {
  std::ifstream in(dir + "/README.md");
  std::vector<CorpusCase> cases;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    const auto name_end = line.find("` |", 3);
    const auto expected_end = line.find(" |", name_end + 3);
    cases.push_back({line.substr(3, name_end - 3), line.substr(name_end + 4, expected_end - name_end - 4)});
  }
  return cases;
}

}  // namespace conforme::test
