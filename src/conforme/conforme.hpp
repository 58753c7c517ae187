#pragma once
// The public API of libconforme, in one include:
//
//   auto checker = conforme::Checker(conforme::load_profile("fr-ants"), conforme::FaceModels::load());
//   conforme::FaceAnalyser analyser(checker.models());         // one per thread
//   conforme::PhotoReport report = checker.check_photo(bgr, dpi, analyser);
//
//   // An encoded photo in memory (an upload, a camera's JPEG), decoded as the CLI decodes a file:
//   conforme::DecodedImage image = conforme::decode_image(bytes);  // throws InputError
//   report = checker.check_photo(image, analyser);  // with its dpi, JPEG quality and damage
//
// check_photo takes 8-bit BGR, and converts grey, BGRA (over white), 16-bit and float images as
// decoding does (conforme::to_bgr8); an empty or unsupported image is std::invalid_argument.
// Checker, Profile and FaceModels are loaded once and shared read-only by every thread.
// A program checking photo after photo can call conforme::keep_freed_photo_memory() once at its
// start, as the conforme command does (core/allocator.hpp).
// Installed under include/conforme/: consumers write #include <conforme/conforme.hpp>.
#include "core/allocator.hpp"
#include "core/report.hpp"
#include "face/models.hpp"
#include "io/decode.hpp"
#include "pipeline/checker.hpp"
#include "pipeline/pipeline.hpp"
#include "profile/profile.hpp"
#include "report/writers.hpp"
