#pragma once
// What one run is and what it did: the identity every record repeats, and the counts the
// writers end with. Plain data shared by the pipeline, which fills them, and the report
// writers, which print them; neither depends on the other for them.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace conforme {

// A model a run used, as the reports name it.
struct ModelInfo {
  std::string name;    // "shape_predictor_68_face_landmarks"
  std::string path;
  std::string sha256;  // of the file as loaded
};

// What every record repeats about the run: profile, program and model identities.
struct RunIdentity {
  std::string version;
  std::string profile_name, profile_sha256;
  std::vector<ModelInfo> models;
  // The run's options that change verdicts: --resume and merge refuse to join records written
  // with others (a --dpi 300 run finished at --dpi 600 would judge half the batch differently).
  std::optional<double> dpi_override;  // --dpi; unset: each file's own resolution
  std::string kind = "auto";           // --kind: auto, photo or sheet
};

// What a run did, counted as the records reached the writers.
struct RunCounts {
  std::size_t inputs = 0, photos = 0, passed = 0, failed = 0, errors = 0;
  std::size_t passed_to_check = 0;  // of `passed`, those with a point to check (a warning)
  std::size_t drawings_failed = 0;  // annotations or thumbnails not made (see on_drawing_failure)
};

}  // namespace conforme
