#include "io/colour_profile.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <lcms2.h>

namespace conforme {
namespace {

// Profiles seen in photos are a few hundred bytes (matrix and curves) to a few hundred kilobytes
// (tables); anything larger is not read.
constexpr std::size_t max_profile_bytes = 4u << 20;

bool is_sof(std::uint8_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

struct ProfileCloser {
  void operator()(void* p) const { cmsCloseProfile(p); }
};
using Profile = std::unique_ptr<void, ProfileCloser>;

std::string description(cmsHPROFILE profile) {
  const auto* mlu = static_cast<const cmsMLU*>(cmsReadTag(profile, cmsSigProfileDescriptionTag));
  if (!mlu) return {};
  std::array<char, 256> text{};
  cmsMLUgetASCII(mlu, "en", "US", text.data(), static_cast<cmsUInt32Number>(text.size()));
  // Printable ASCII only: the name goes into records and pages as it is.
  std::string s;
  for (const char* c = text.data(); *c; ++c) s += std::isprint(static_cast<unsigned char>(*c)) ? *c : '?';
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

// Whether `transform` leaves every colour of a 16 x 16 x 16 grid within one level of itself: the
// profile it converts from is sRGB in effect (an sRGB profile whose curves are tables differs from
// Little CMS's own by rounding only), whatever its name.
bool leaves_colours_as_they_are(cmsHTRANSFORM transform) {
  std::vector<std::uint8_t> grid;
  for (int b = 0; b < 256; b += 17)
    for (int g = 0; g < 256; g += 17)
      for (int r = 0; r < 256; r += 17) grid.insert(grid.end(), {std::uint8_t(b), std::uint8_t(g), std::uint8_t(r)});
  std::vector<std::uint8_t> out(grid.size());
  cmsDoTransform(transform, grid.data(), out.data(), static_cast<cmsUInt32Number>(grid.size() / 3));
  for (std::size_t i = 0; i < grid.size(); ++i)
    if (std::abs(int(out[i]) - int(grid[i])) > 1) return false;
  return true;
}

// The transforms made on this thread, for the last few profiles met: a batch of photos from one
// studio carries the same profile, and making a transform costs more than applying it to a small
// photo.
struct CachedTransform {
  std::vector<std::uint8_t> icc;
  cmsHTRANSFORM transform = nullptr;  // null: a profile that is not converted
  std::string description;
  std::string not_applied;  // why a profile that is not sRGB in effect was not applied
};
struct TransformCache {
  std::vector<CachedTransform> entries;  // most recent last
  ~TransformCache() {
    for (auto& e : entries)
      if (e.transform) cmsDeleteTransform(e.transform);
  }
  const CachedTransform& get(const std::vector<std::uint8_t>& icc) {
    for (std::size_t i = 0; i < entries.size(); ++i)
      if (entries[i].icc == icc) {
        std::rotate(entries.begin() + static_cast<long>(i), entries.begin() + static_cast<long>(i) + 1, entries.end());
        return entries.back();
      }
    if (entries.size() == 4) {
      if (entries.front().transform) cmsDeleteTransform(entries.front().transform);
      entries.erase(entries.begin());
    }
    CachedTransform made{icc, nullptr, {}, {}};
    const Profile source(cmsOpenProfileFromMem(icc.data(), static_cast<cmsUInt32Number>(icc.size())));
    if (!source)
      made.not_applied = "Little CMS cannot read it";
    else if (cmsGetColorSpace(source.get()) != cmsSigRgbData)
      made.not_applied = "it is not an RGB profile";
    if (source && made.not_applied.empty()) {
      const Profile srgb(cmsCreate_sRGBProfile());
      made.transform = cmsCreateTransform(source.get(), TYPE_BGR_8, srgb.get(), TYPE_BGR_8, INTENT_PERCEPTUAL, 0);
      if (!made.transform) {
        made.not_applied = "Little CMS cannot convert from it";
      } else if (leaves_colours_as_they_are(made.transform)) {
        cmsDeleteTransform(made.transform);
        made.transform = nullptr;
      } else {
        const std::string name = description(source.get());
        made.description = name.empty() ? "an unnamed RGB profile" : name;
      }
    }
    entries.push_back(std::move(made));
    return entries.back();
  }
};

}  // namespace

std::vector<std::uint8_t> jpeg_colour_profile(const std::vector<std::uint8_t>& bytes) {
  if (bytes.size() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) return {};
  std::vector<std::vector<std::uint8_t>> parts;
  int components = 0;
  std::size_t at = 2;
  while (at + 4 <= bytes.size()) {
    if (bytes[at] != 0xFF) return {};
    const std::uint8_t marker = bytes[at + 1];
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {  // no length
      at += 2;
      continue;
    }
    if (marker == 0xDA || marker == 0xD9) break;  // the first scan, or the end
    const std::size_t length = (std::size_t{bytes[at + 2]} << 8) | bytes[at + 3];
    if (length < 2 || at + 2 + length > bytes.size()) return {};
    const std::uint8_t* segment = bytes.data() + at + 4;
    const std::size_t size = length - 2;
    if (marker == 0xE2 && size > 14 && std::memcmp(segment, "ICC_PROFILE\0", 12) == 0) {
      const std::size_t sequence = segment[12], count = segment[13];
      if (sequence == 0 || count == 0 || sequence > count) return {};
      if (parts.empty()) parts.resize(count);
      if (parts.size() != count || !parts[sequence - 1].empty()) return {};
      parts[sequence - 1].assign(segment + 14, segment + size);
    } else if (is_sof(marker) && size >= 6) {
      components = segment[5];
    }
    at += 2 + length;
  }
  if (parts.empty() || components != 3) return {};
  std::vector<std::uint8_t> icc;
  for (const auto& part : parts) {
    if (part.empty() || icc.size() + part.size() > max_profile_bytes) return {};
    icc.insert(icc.end(), part.begin(), part.end());
  }
  return icc;
}

std::vector<std::uint8_t> webp_colour_profile(const std::vector<std::uint8_t>& bytes) {
  if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 || std::memcmp(bytes.data() + 8, "WEBP", 4) != 0)
    return {};
  std::size_t at = 12;
  while (at + 8 <= bytes.size()) {
    const std::size_t size = bytes[at + 4] | (std::size_t{bytes[at + 5]} << 8) | (std::size_t{bytes[at + 6]} << 16) |
                             (std::size_t{bytes[at + 7]} << 24);
    if (size > bytes.size() - at - 8) return {};
    if (std::memcmp(bytes.data() + at, "ICCP", 4) == 0) {
      if (size > max_profile_bytes) return {};
      return std::vector<std::uint8_t>(bytes.begin() + static_cast<long>(at + 8),
                                       bytes.begin() + static_cast<long>(at + 8 + size));
    }
    at += 8 + size + (size & 1);
  }
  return {};
}

std::string convert_to_srgb(cv::Mat& bgr, const std::vector<std::uint8_t>& icc, std::string* not_applied) {
  if (icc.empty() || bgr.empty() || bgr.type() != CV_8UC3) return {};
  if (icc.size() > max_profile_bytes) {
    if (not_applied) *not_applied = "it is over " + std::to_string(max_profile_bytes >> 20) + " MB";
    return {};
  }
  thread_local TransformCache cache;
  const CachedTransform& t = cache.get(icc);
  if (not_applied) *not_applied = t.not_applied;
  if (!t.transform) return {};
  if (bgr.isContinuous()) {
    cmsDoTransform(t.transform, bgr.data, bgr.data, static_cast<cmsUInt32Number>(bgr.total()));
  } else {
    for (int y = 0; y < bgr.rows; ++y)
      cmsDoTransform(t.transform, bgr.ptr(y), bgr.ptr(y), static_cast<cmsUInt32Number>(bgr.cols));
  }
  return t.description;
}

}  // namespace conforme
