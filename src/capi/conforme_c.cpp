// The C interface (conforme.h) over the C++ library: every exception is caught here and becomes
// a status code and a message; nothing else of the C++ library is visible from libconforme_c.so
// (-fvisibility=hidden and capi/conforme_c.map).
#include "conforme/conforme.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "conforme/build_info.hpp"
#include "conforme/conforme.hpp"

struct conforme_checker {
  std::unique_ptr<conforme::Checker> checker;
};
struct conforme_analyser {
  const conforme_checker* owner;
  conforme::FaceAnalyser analyser;
};

namespace {

thread_local std::string last_error;

conforme_status fail(conforme_status status, std::string message) {
  last_error = std::move(message);
  return status;
}

// Runs `body`, turning every exception into its status code and message.
template <class Body>
conforme_status guarded(Body&& body) noexcept {
  try {
    last_error.clear();
    return body();
  } catch (const conforme::InputError& e) {
    return fail(CONFORME_INPUT_ERROR, e.code + ": " + e.what());
  } catch (const conforme::ProfileError& e) {
    return fail(CONFORME_PROFILE_ERROR, e.what());
  } catch (const conforme::ModelError& e) {
    return fail(CONFORME_MODEL_ERROR, e.what());
  } catch (const std::invalid_argument& e) {
    return fail(CONFORME_INVALID_ARGUMENT, e.what());
  } catch (const std::bad_alloc&) {
    return fail(CONFORME_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return fail(CONFORME_INTERNAL_ERROR, e.what());
  } catch (...) {
    return fail(CONFORME_INTERNAL_ERROR, "unknown error");
  }
}

char* copy_string(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (!out) throw std::bad_alloc();
  std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

// The record as one line of the JSONL report, without its newline.
char* record(const conforme_checker* checker, const conforme::PhotoReport& report) {
  std::string line = conforme::json_line(conforme::to_json(report, checker->checker->identity()));
  while (!line.empty() && line.back() == '\n') line.pop_back();
  return copy_string(line);
}

conforme_status check_args(const conforme_checker* checker, const conforme_analyser* analyser, char** json_out) {
  if (!json_out) return fail(CONFORME_INVALID_ARGUMENT, "json_out is NULL");
  *json_out = nullptr;
  if (!checker || !analyser) return fail(CONFORME_INVALID_ARGUMENT, "checker or analyser is NULL");
  if (analyser->owner != checker)
    return fail(CONFORME_INVALID_ARGUMENT, "the analyser was created for another checker");
  return CONFORME_OK;
}

}  // namespace

extern "C" {

const char* conforme_version(void) { return conforme::build::version; }

const char* conforme_last_error(void) { return last_error.c_str(); }

conforme_status conforme_checker_create(const char* profile, const char* models_dir, conforme_checker** out) {
  return guarded([&] {
    if (!out) return fail(CONFORME_INVALID_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!profile || !*profile) return fail(CONFORME_INVALID_ARGUMENT, "no profile given (a name such as \"fr-ants\" or a .toml path)");
    auto made = std::make_unique<conforme_checker>();
    made->checker = std::make_unique<conforme::Checker>(conforme::load_profile(profile),
                                                        conforme::FaceModels::load(models_dir ? models_dir : ""));
    *out = made.release();
    return CONFORME_OK;
  });
}

void conforme_checker_destroy(conforme_checker* checker) { delete checker; }

const char* conforme_checker_profile(const conforme_checker* checker) {
  return checker ? checker->checker->profile().name.c_str() : "";
}

conforme_status conforme_analyser_create(const conforme_checker* checker, conforme_analyser** out) {
  return guarded([&] {
    if (!out) return fail(CONFORME_INVALID_ARGUMENT, "out is NULL");
    *out = nullptr;
    if (!checker) return fail(CONFORME_INVALID_ARGUMENT, "checker is NULL");
    *out = new conforme_analyser{checker, conforme::FaceAnalyser(checker->checker->models())};
    return CONFORME_OK;
  });
}

void conforme_analyser_destroy(conforme_analyser* analyser) { delete analyser; }

conforme_status conforme_check_encoded(const conforme_checker* checker, conforme_analyser* analyser,
                                       const void* data, size_t size, double dpi, char** json_out) {
  return guarded([&] {
    if (const auto s = check_args(checker, analyser, json_out); s != CONFORME_OK) return s;
    if (!data || size == 0) return fail(CONFORME_INVALID_ARGUMENT, "no image bytes (data is NULL or size is 0)");
    const auto* p = static_cast<const std::uint8_t*>(data);
    const conforme::DecodedImage image = conforme::decode_image(std::vector<std::uint8_t>(p, p + size));
    conforme::PhotoReport report = checker->checker->check_photo(
        image, analyser->analyser, dpi > 0 ? std::optional<double>(dpi) : std::nullopt);
    report.input = "(memory)";
    *json_out = record(checker, report);
    return CONFORME_OK;
  });
}

conforme_status conforme_check_pixels(const conforme_checker* checker, conforme_analyser* analyser,
                                      const uint8_t* pixels, int width, int height, size_t stride, int channels,
                                      double dpi, char** json_out) {
  return guarded([&] {
    if (const auto s = check_args(checker, analyser, json_out); s != CONFORME_OK) return s;
    if (!pixels) return fail(CONFORME_INVALID_ARGUMENT, "pixels is NULL");
    if (width <= 0 || height <= 0)
      return fail(CONFORME_INVALID_ARGUMENT,
                  "image of " + std::to_string(width) + " x " + std::to_string(height) + " pixels: nothing to check");
    if (channels != 1 && channels != 3 && channels != 4)
      return fail(CONFORME_INVALID_ARGUMENT, "channels is " + std::to_string(channels) +
                                                 "; 1 (grey), 3 (BGR) or 4 (BGRA) are accepted");
    if (stride < static_cast<size_t>(width) * static_cast<size_t>(channels))
      return fail(CONFORME_INVALID_ARGUMENT, "stride of " + std::to_string(stride) + " bytes is less than a row (" +
                                                 std::to_string(width) + " x " + std::to_string(channels) + ")");
    const cv::Mat image(height, width, CV_8UC(channels), const_cast<uint8_t*>(pixels), stride);
    conforme::PhotoReport report = checker->checker->check_photo(
        image, dpi > 0 ? std::optional<double>(dpi) : std::nullopt, analyser->analyser);
    report.input = "(memory)";
    *json_out = record(checker, report);
    return CONFORME_OK;
  });
}

void conforme_free_string(char* s) { std::free(s); }

}  // extern "C"
