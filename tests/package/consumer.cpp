// Checks one photo through the installed library and prints "<status> <checks judged>".
#include <iostream>

#include <conforme/conforme.hpp>
#include <opencv2/imgcodecs.hpp>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const conforme::Checker checker(conforme::load_profile(argv[1]), conforme::FaceModels::load());
  conforme::FaceAnalyser analyser(checker.models());
  const conforme::PhotoReport report = checker.check_photo(cv::imread(argv[2]), std::nullopt, analyser);
  std::cout << conforme::to_string(report.status) << " " << report.checks.size() << "\n";
  return 0;
}
