/* conforme.h — the C interface of conforme (libconforme_c.so), for programs not written in C++
 * (photo booths, studio software, other languages through their C FFI).
 *
 *   conforme_checker* checker;
 *   if (conforme_checker_create("fr-ants", NULL, &checker) != CONFORME_OK) { puts(conforme_last_error()); ... }
 *   conforme_analyser* analyser;
 *   conforme_analyser_create(checker, &analyser);             one per thread
 *   char* json;
 *   if (conforme_check_encoded(checker, analyser, jpeg, jpeg_size, 0, &json) == CONFORME_OK) {
 *     ... json is the report record: {"input": ..., "status": "pass"|"fail", "checks": [...]} ...
 *     conforme_free_string(json);
 *   }
 *   conforme_analyser_destroy(analyser);
 *   conforme_checker_destroy(checker);
 *
 * No C++ exception crosses this interface: every failure is a status code, with its message in
 * conforme_last_error(). A checker is read-only once created and may be shared by threads; an
 * analyser belongs to one thread at a time. Strings are UTF-8. */
#ifndef CONFORME_H
#define CONFORME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CONFORME_API __attribute__((visibility("default")))
#else
#define CONFORME_API
#endif

typedef enum conforme_status {
  CONFORME_OK = 0,
  CONFORME_INVALID_ARGUMENT = 1, /* a null pointer, a size or stride that cannot be, an empty image */
  CONFORME_PROFILE_ERROR = 2,    /* the profile is not found or not valid (the message names file and key) */
  CONFORME_MODEL_ERROR = 3,      /* the landmark model is missing or unreadable */
  CONFORME_INPUT_ERROR = 4,      /* the bytes are not an image that can be decoded (the message starts with its code:
                                    "corrupt: ...", "not_an_image: ...", "too_large: ...") */
  CONFORME_OUT_OF_MEMORY = 5,
  CONFORME_INTERNAL_ERROR = 6    /* anything else; the message says what */
} conforme_status;

typedef struct conforme_checker conforme_checker;   /* a profile and the models, loaded once */
typedef struct conforme_analyser conforme_analyser; /* one thread's face detector state */

/* The library's version, "0.1.0". Static string. */
CONFORME_API const char* conforme_version(void);

/* The message of the last failure on the calling thread ("" if none). Valid until the thread's
 * next call into conforme. */
CONFORME_API const char* conforme_last_error(void);

/* Loads a profile, by name ("fr-ants", "icao-9303") or by path to a .toml file, and the face
 * models from models_dir (NULL: the installed or Debian libdlib-data ones). Takes about a second.
 * On success *out is a checker to release with conforme_checker_destroy. */
CONFORME_API conforme_status conforme_checker_create(const char* profile, const char* models_dir,
                                                     conforme_checker** out);
CONFORME_API void conforme_checker_destroy(conforme_checker* checker);

/* The profile's name as the records give it. Valid as long as the checker. */
CONFORME_API const char* conforme_checker_profile(const conforme_checker* checker);

/* One per thread that checks photos; cheap. Must not outlive its checker. */
CONFORME_API conforme_status conforme_analyser_create(const conforme_checker* checker, conforme_analyser** out);
CONFORME_API void conforme_analyser_destroy(conforme_analyser* analyser);

/* Checks one photo held encoded in memory (JPEG, PNG, TIFF, BMP, WebP), decoded with the limits
 * of the command line. dpi > 0 overrides the resolution the file states; dpi <= 0 uses the file's
 * (none: millimetre checks are "not measurable"). On CONFORME_OK, *json_out is the report record,
 * one JSON object as a line of the command's JSONL report ("input" is "(memory)"), to release with
 * conforme_free_string. On failure *json_out is NULL. A photo that fails the rules is CONFORME_OK
 * with "status": "fail". */
CONFORME_API conforme_status conforme_check_encoded(const conforme_checker* checker, conforme_analyser* analyser,
                                                    const void* data, size_t size, double dpi, char** json_out);

/* Checks one photo given as pixels: 8-bit samples, `channels` 1 (grey), 3 (B, G, R) or 4 (B, G, R,
 * A; composited over white), rows of `stride` bytes (>= width * channels). dpi <= 0: unknown. The
 * pixels are only read, and not kept after the call. */
CONFORME_API conforme_status conforme_check_pixels(const conforme_checker* checker, conforme_analyser* analyser,
                                                   const uint8_t* pixels, int width, int height, size_t stride,
                                                   int channels, double dpi, char** json_out);

/* Releases a string returned by conforme. NULL is allowed. */
CONFORME_API void conforme_free_string(char* s);

#ifdef __cplusplus
}
#endif

#endif /* CONFORME_H */
