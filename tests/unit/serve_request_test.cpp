// conforme serve's request reading without a network (serve/request.hpp): the query options
// of POST /v1/check, multipart bodies as curl -F and browsers write them, the statuses.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "serve/request.hpp"

using namespace conforme::serve;

namespace {

std::vector<std::uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }

// What the call throws: "status code", or "none".
template <typename F>
std::string refusal(F f) {
  try {
    f();
  } catch (const RequestError& e) {
    return std::to_string(e.status) + " " + e.code;
  }
  return "none";
}

}  // namespace

TEST(ServeQuery, ReadsEveryOptionPercentDecoded) {
  const CheckQuery q = parse_check_query("/v1/check?profile=icao-9303&kind=sheet&dpi=300.5&lang=fr&format=json&name=Photo%20d%27identit%C3%A9+1.jpg");
  EXPECT_EQ(q.profile, "icao-9303");
  EXPECT_EQ(q.kind, "sheet");
  ASSERT_TRUE(q.dpi);
  EXPECT_DOUBLE_EQ(*q.dpi, 300.5);
  EXPECT_EQ(q.lang, "fr");
  EXPECT_EQ(q.format, "json");
  EXPECT_EQ(q.name, "Photo d'identité 1.jpg");
  EXPECT_EQ(target_path("/v1/check?dpi=300"), "/v1/check");
}

TEST(ServeQuery, DefaultsWithoutQuery) {
  const CheckQuery q = parse_check_query("/v1/check");
  EXPECT_EQ(q.kind, "auto");
  EXPECT_FALSE(q.dpi);
  EXPECT_EQ(q.format, "jsonl");
  EXPECT_EQ(q.lang, "en");
}

TEST(ServeQuery, RefusesWhatTheCliRefuses) {
  for (const char* target : {"/v1/check?dpi=9", "/v1/check?dpi=10001", "/v1/check?dpi=nan", "/v1/check?dpi=300dpi",
                             "/v1/check?kind=strip", "/v1/check?lang=de", "/v1/check?format=csv",
                             "/v1/check?colour=1", "/v1/check?dpi=300&dpi=600", "/v1/check?name=%zz"})
    EXPECT_EQ(refusal([&] { parse_check_query(target); }), "400 bad_option") << target;
}

TEST(ServeMultipart, BoundaryFromContentType) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=------abc"), "------abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_FALSE(multipart_boundary("image/jpeg"));
  EXPECT_EQ(refusal([] { multipart_boundary("multipart/form-data"); }), "400 bad_multipart");
}

TEST(ServeMultipart, FilesInOrderWithTheirNamesAndExactBytes) {
  // Bytes that look like a boundary without the CRLF before it, and CRLFs, stay in the file.
  const std::string first = std::string("\xff\xd8 --XYZ\r\n\r\n tail\0bin", 21);
  const std::string body = "preamble\r\n--XYZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"one.jpg\"\r\n"
                           "Content-Type: image/jpeg\r\n\r\n" + first +
                           "\r\n--XYZ\r\ncontent-disposition: form-data; name=b; filename=\"two \\\"x\\\".png\"\r\n\r\n"
                           "PNG\r\n--XYZ--\r\nepilogue";
  const auto uploads = parse_multipart(bytes(body), "XYZ", 16);
  ASSERT_EQ(uploads.size(), 2u);
  EXPECT_EQ(uploads[0].name, "one.jpg");
  EXPECT_EQ(std::string(uploads[0].bytes.begin(), uploads[0].bytes.end()), first);
  EXPECT_EQ(uploads[1].name, "two \"x\".png");
  EXPECT_EQ(std::string(uploads[1].bytes.begin(), uploads[1].bytes.end()), "PNG");
}

TEST(ServeMultipart, RefusesWhatCannotBeRead) {
  const std::string part = "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.jpg\"\r\n\r\nDATA";
  EXPECT_EQ(refusal([&] { parse_multipart(bytes(part), "B", 16); }), "400 bad_multipart");  // cut short
  EXPECT_EQ(refusal([&] { parse_multipart(bytes("no boundary here"), "B", 16); }), "400 bad_multipart");
  EXPECT_EQ(refusal([&] { parse_multipart(bytes("--B--\r\n"), "B", 16); }), "400 bad_multipart");  // no file
  const std::string field = "--B\r\nContent-Disposition: form-data; name=\"profile\"\r\n\r\nfr-ants\r\n--B--";
  EXPECT_EQ(refusal([&] { parse_multipart(bytes(field), "B", 16); }), "400 bad_multipart");  // not a file
  const std::string three = part + "\r\n" + part + "\r\n" + part + "\r\n--B--";
  EXPECT_EQ(refusal([&] { parse_multipart(bytes(three), "B", 2); }), "413 too_many_files");
  EXPECT_EQ(parse_multipart(bytes(three), "B", 3).size(), 3u);
}

TEST(ServeStatus, ErrorCodesToHttp) {
  EXPECT_EQ(status_for_error_code("too_large"), 413);
  EXPECT_EQ(status_for_error_code("truncated"), 422);
  EXPECT_EQ(status_for_error_code("not_an_image"), 422);
  EXPECT_EQ(status_for_error_code("sheet_layout_unclear"), 422);
  EXPECT_EQ(status_for_error_code("out_of_memory"), 503);
  EXPECT_EQ(status_for_error_code("analysis_failed"), 500);
}

TEST(ServeToken, ComparedWhole) {
  EXPECT_TRUE(equal_constant_time("s3cret", "s3cret"));
  EXPECT_FALSE(equal_constant_time("s3cre", "s3cret"));
  EXPECT_FALSE(equal_constant_time("s3cret!", "s3cret"));
  EXPECT_FALSE(equal_constant_time("S3cret", "s3cret"));
  EXPECT_FALSE(equal_constant_time("", "s3cret"));
}
