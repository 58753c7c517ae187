#pragma once
// The public API of libconforme, in one include:
//
//   auto checker = conforme::Checker(conforme::load_profile("fr-ants"), conforme::FaceModels::load());
//   conforme::FaceAnalyser analyser(checker.models());         // one per thread
//   conforme::PhotoReport report = checker.check_photo(bgr, dpi, analyser);
//
// Checker, Profile and FaceModels are loaded once and shared read-only by every thread.
#include "core/report.hpp"
#include "face/models.hpp"
#include "pipeline/checker.hpp"
#include "pipeline/pipeline.hpp"
#include "profile/profile.hpp"
#include "report/writers.hpp"
