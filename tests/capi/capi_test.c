/* The C interface (conforme.h) from a C program linked against libconforme_c.so only, as a
 * photo-booth vendor's program would use it: encoded JPEG bytes, and the same photo as raw
 * pixels (BGR with a padded stride, BGRA as cameras deliver, grey), decoded here with libjpeg.
 * Usage: capi_test SAMPLES_DIR VERSION. Exits 0 when every assertion holds. */
#include <conforme/conforme.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

static int failures = 0;
#define EXPECT(cond, ...)                                        \
  do {                                                           \
    if (!(cond)) {                                               \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                              \
      fprintf(stderr, "\n");                                     \
      ++failures;                                                \
    }                                                            \
  } while (0)

static unsigned char* read_file(const char* dir, const char* name, size_t* size) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE* f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  *size = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char* data = malloc(*size);
  if (fread(data, 1, *size, f) != *size) exit(2);
  fclose(f);
  return data;
}

/* Decodes a JPEG to `channels` (1 grey, 3 BGR, 4 BGRA) with rows of `stride` bytes. */
static unsigned char* decode(const unsigned char* jpeg, size_t size, int channels, size_t pad, int* w, int* h,
                             size_t* stride) {
  struct jpeg_decompress_struct cinfo;
  struct jpeg_error_mgr jerr;
  cinfo.err = jpeg_std_error(&jerr);
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, jpeg, (unsigned long)size);
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = channels == 1 ? JCS_GRAYSCALE : channels == 3 ? JCS_EXT_BGR : JCS_EXT_BGRA;
  jpeg_start_decompress(&cinfo);
  *w = (int)cinfo.output_width;
  *h = (int)cinfo.output_height;
  *stride = (size_t)*w * (size_t)channels + pad;
  unsigned char* pixels = calloc((size_t)*h, *stride);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = pixels + (size_t)cinfo.output_scanline * *stride;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return pixels;
}

/* The JSON text of one check's "values" object in a record (crude, enough for our records). */
static char* check_values(const char* json, const char* id) {
  char key[128];
  snprintf(key, sizeof key, "\"id\":\"%s\"", id);
  const char* at = strstr(json, key);
  if (!at) return NULL;
  const char* values = strstr(at, "\"values\":");
  const char* end = values ? strstr(values, ",\"limits\"") : NULL;
  if (!end) return NULL;
  char* out = malloc((size_t)(end - values) + 1);
  memcpy(out, values, (size_t)(end - values));
  out[end - values] = 0;
  return out;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: capi_test SAMPLES_DIR VERSION\n");
    return 2;
  }
  const char* samples = argv[1];
  EXPECT(strcmp(conforme_version(), argv[2]) == 0, "version %s", conforme_version());

  /* A profile that does not exist: a status and a message naming it, no exception. */
  conforme_checker* checker = (conforme_checker*)1;
  EXPECT(conforme_checker_create("no-such-profile", NULL, &checker) == CONFORME_PROFILE_ERROR, "%s",
         conforme_last_error());
  EXPECT(checker == NULL, "checker not reset");
  EXPECT(strstr(conforme_last_error(), "no-such-profile") != NULL, "%s", conforme_last_error());
  EXPECT(conforme_checker_create("fr-ants", "/nonexistent", &checker) == CONFORME_MODEL_ERROR, "%s",
         conforme_last_error());

  if (conforme_checker_create("fr-ants", NULL, &checker) != CONFORME_OK) {
    fprintf(stderr, "FAIL checker: %s\n", conforme_last_error());
    return 1;
  }
  EXPECT(strcmp(conforme_checker_profile(checker), "fr-ants") == 0, "%s", conforme_checker_profile(checker));
  conforme_analyser* analyser;
  EXPECT(conforme_analyser_create(checker, &analyser) == CONFORME_OK, "%s", conforme_last_error());

  /* A compliant generated ID photo (samples/labels.csv: every check passes), as JPEG bytes. */
  size_t ok_size;
  unsigned char* ok = read_file(samples, "S001183_ok.jpg", &ok_size);
  char* json = NULL;
  EXPECT(conforme_check_encoded(checker, analyser, ok, ok_size, 0, &json) == CONFORME_OK, "%s", conforme_last_error());
  EXPECT(json && strstr(json, "\"status\":\"pass\""), "%s", json);
  EXPECT(json && strstr(json, "\"failed\":[]"), "%s", json);
  EXPECT(json && strstr(json, "\"input\":\"(memory)\""), "%s", json);
  EXPECT(json && strstr(json, "\"profile\":{\"name\":\"fr-ants\""), "%s", json);
  char* encoded_bg = json ? check_values(json, "bg.colour") : NULL;
  EXPECT(encoded_bg != NULL, "no bg.colour values");

  /* The same photo as pixels: BGR with padded rows, and BGRA (a camera's frame) — the same
   * background measured, so the same verdict; grey fails colour.is_colour. */
  const int channel_cases[3] = {3, 4, 1};
  for (int i = 0; i < 3; ++i) {
    int w, h;
    size_t stride;
    unsigned char* px = decode(ok, ok_size, channel_cases[i], 13, &w, &h, &stride);
    char* out = NULL;
    EXPECT(conforme_check_pixels(checker, analyser, px, w, h, stride, channel_cases[i], 600, &out) == CONFORME_OK,
           "%d channels: %s", channel_cases[i], conforme_last_error());
    if (channel_cases[i] == 1) {
      EXPECT(out && strstr(out, "\"failed\":[\"colour.is_colour\"]"), "grey: %s", out);
    } else {
      EXPECT(out && strstr(out, "\"status\":\"pass\""), "%d channels: %s", channel_cases[i], out);
      char* bg = out ? check_values(out, "bg.colour") : NULL;
      EXPECT(bg && encoded_bg && strcmp(bg, encoded_bg) == 0, "%d channels: bg.colour %s, encoded %s",
             channel_cases[i], bg, encoded_bg);
      free(bg);
    }
    conforme_free_string(out);
    /* Rows shorter than the width, a channel count that cannot be, no pixels: refused. */
    out = (char*)1;
    EXPECT(conforme_check_pixels(checker, analyser, px, w, h, (size_t)w, 3, 0, &out) == CONFORME_INVALID_ARGUMENT,
           "short stride");
    EXPECT(out == NULL, "json_out not reset");
    EXPECT(strstr(conforme_last_error(), "stride") != NULL, "%s", conforme_last_error());
    free(px);
  }
  free(encoded_bg);
  conforme_free_string(json);

  /* A white background fails bg.colour (fr-ants: "le fond blanc est interdit"); two faces give
   * face.count = 2. */
  size_t size;
  unsigned char* white = read_file(samples, "S001183_bg-white.jpg", &size);
  EXPECT(conforme_check_encoded(checker, analyser, white, size, 0, &json) == CONFORME_OK, "%s", conforme_last_error());
  EXPECT(json && strstr(json, "\"status\":\"fail\"") && strstr(json, "\"failed\":[\"bg.colour\"]"), "%s", json);
  conforme_free_string(json);
  free(white);
  unsigned char* two = read_file(samples, "S001183_two-faces.jpg", &size);
  EXPECT(conforme_check_encoded(checker, analyser, two, size, 0, &json) == CONFORME_OK, "%s", conforme_last_error());
  char* faces = json ? check_values(json, "face.count") : NULL;
  EXPECT(faces && strcmp(faces, "\"values\":{\"faces\":{\"value\":2.0,\"unit\":\"count\"}}") == 0, "%s", faces);
  free(faces);
  conforme_free_string(json);
  free(two);

  /* Bad input: status codes and messages, never a crash. */
  const char garbage[] = "this is not an image at all";
  EXPECT(conforme_check_encoded(checker, analyser, garbage, sizeof garbage, 0, &json) == CONFORME_INPUT_ERROR, "garbage");
  EXPECT(json == NULL, "json_out not reset");
  EXPECT(strncmp(conforme_last_error(), "not_an_image: ", 14) == 0, "%s", conforme_last_error());
  EXPECT(conforme_check_encoded(checker, analyser, ok, ok_size / 2, 0, &json) == CONFORME_INPUT_ERROR, "half a JPEG");
  EXPECT(strncmp(conforme_last_error(), "truncated: ", 11) == 0, "%s", conforme_last_error());
  EXPECT(conforme_check_encoded(checker, analyser, NULL, 10, 0, &json) == CONFORME_INVALID_ARGUMENT, "NULL data");
  EXPECT(conforme_check_encoded(NULL, analyser, ok, ok_size, 0, &json) == CONFORME_INVALID_ARGUMENT, "NULL checker");
  EXPECT(conforme_check_encoded(checker, analyser, ok, ok_size, 0, NULL) == CONFORME_INVALID_ARGUMENT, "NULL out");
  unsigned char pixel[4] = {0};
  EXPECT(conforme_check_pixels(checker, analyser, pixel, 0, 0, 0, 3, 0, &json) == CONFORME_INVALID_ARGUMENT, "empty");
  EXPECT(conforme_check_pixels(checker, analyser, pixel, 1, 1, 4, 2, 0, &json) == CONFORME_INVALID_ARGUMENT,
         "2 channels");
  EXPECT(strstr(conforme_last_error(), "channels") != NULL, "%s", conforme_last_error());
  /* A 1 x 1 image is checked (no face found), not a crash. */
  EXPECT(conforme_check_pixels(checker, analyser, pixel, 1, 1, 3, 3, 0, &json) == CONFORME_OK, "%s",
         conforme_last_error());
  EXPECT(json && strstr(json, "\"status\":\"fail\"") && strstr(json, "face.count"), "%s", json);
  conforme_free_string(json);
  conforme_free_string(NULL);

  free(ok);
  conforme_analyser_destroy(analyser);
  conforme_checker_destroy(checker);
  if (failures) fprintf(stderr, "%d failure(s)\n", failures);
  else printf("capi: all assertions hold\n");
  return failures ? 1 : 0;
}
