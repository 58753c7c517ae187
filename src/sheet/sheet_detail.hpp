#pragma once
// Internal steps of the sheet splitter (sheet.hpp), each a pure function tested through
// analyse_layout. Coordinates: pixel centres on integers (OpenCV's convention); "work" images
// are the sheet reduced to about 100 dpi, where the layout is found; borders are then refined
// on the full-resolution image.
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "sheet/sheet.hpp"

namespace conforme::sheet_detail {

// ISO/IEC 19794-5 and the French rules print the photo 35 mm wide and 45 mm high.
inline constexpr double copy_width_mm = 35, copy_height_mm = 45;
inline constexpr double copy_aspect = copy_width_mm / copy_height_mm;
// With a dpi, copies from 75 % to 125 % of that size are searched, so that a wrong-size print
// (30x40 mm) is still found and photo.size_mm, not the splitter, rejects it.
inline constexpr double size_search_low = 0.75, size_search_high = 1.25;
// Aspect range searched around 35:45: photo.size_mm's 35+-1 x 45+-1 mm spans +-5 %.
inline constexpr double aspect_tolerance = 0.05;
// A gap between copies narrower than this (work pixels, half a millimetre) is copies touching.
inline constexpr int touching_px = 2;

struct WorkImage {
  cv::Mat grey;          // 8-bit, the sheet at the working scale
  double scale = 1;      // work pixels per image pixel
  double px_per_mm = 0;  // work pixels per millimetre; 0 when the dpi is unknown
  // Work pixels per millimetre if known, else the scale a 10x15 cm sheet filling the image has:
  // lengths that must be physical (line lengths, gutters, rings) use it.
  double mm() const;
};
// Image pixels per work pixel: the dpi over the working 100 dpi, or what brings the long side to
// at most 640 px when the dpi is unknown.
int work_factor(cv::Size image, std::optional<double> dpi);
// The image reduced by halves (cv::resize's fast 2x2 INTER_AREA path) while the result keeps
// at least 1.5 pixels per working pixel with and without the dpi.
ReducedImage reduce_for_layout(const cv::Mat& bgr, std::optional<double> dpi);
// The grey work image, each pixel the mean of a whole work_factor block of the image (the last
// rows and columns short of a block are dropped), computed from the reduced image.
// requires: reduced.factor <= work_factor(reduced.image, dpi).
WorkImage make_work_image(const ReducedImage& reduced, std::optional<double> dpi);

// The sheet's rotation in degrees, counter-clockwise as displayed, from the long straight edges
// of the copies (cv::HoughLines on Canny edges, each line refitted with cv::fitLine), the angle
// on which the most edge pixels agree (within 0.3 degrees); 0 when there are none within +-5
// degrees.
double estimate_skew(const cv::Mat& grey, double min_line_px);

// grey rotated by -skew about its centre, so copy edges run along rows and columns.
cv::Mat deskew(const cv::Mat& grey, double skew_deg);

// Straight-edge evidence of a deskewed sheet: for each column, the mean over rows of the
// gradient across the column averaged along a line_px run (a matched filter for a straight step);
// likewise for each row. A copy border is a long straight step, so it peaks; photo content,
// whose edges are short and curved, averages out. The polarity is kept: paper is the lightest
// thing on a sheet, so brightness falls into a copy at its start (left, top) border and rises at
// its end border. That tells the bottom of one copy from the top of the next when the top has no
// edge of its own (a white background on white paper). On cream or tinted paper a white
// background is lighter than the paper: the profiles are then taken on off_paper(deskewed),
// where paper is the lightest thing again.
struct BorderProfiles {
  std::vector<float> column_starts, column_ends, row_starts, row_ends;
};
BorderProfiles border_profiles(const cv::Mat& deskewed, int line_px);

// The bounding box of the paper in a deskewed image: the largest light connected region, which
// the gutters join into one. A phone picture shows the table around the sheet; a scanner with a
// white lid gives the whole image.
cv::Rect paper_region(const cv::Mat& deskewed);

// 255 where the deskewed sheet looks like paper: light (at least paper_light_level) and flat.
cv::Mat paper_mask(const cv::Mat& deskewed);
// The sheet seen as its distance from the paper: 255 - |grey - paper level|, the paper's level
// fitted as a plane (a lamp dims one side of a scan) to the largest connected region of
// `paper_pixels` (paper_mask), which the margins and gutters join into one. A copy then darkens
// at its start border whether its picture is darker or lighter than the paper: a white
// background on cream or tinted paper has a top border as a dark one does. Where that region
// is the copies' own white backgrounds (copies touching on a sheet with thin margins), the level
// is theirs and the evidence is what the grey itself gives. `level`, when given, receives the
// plane (grey = a + b x + c y), and stays empty when no region was large enough to fit one.
cv::Mat off_paper(const cv::Mat& deskewed, const cv::Mat& paper_pixels, std::optional<cv::Vec3d>* level = nullptr);

// The grey level from which a pixel is light enough to be paper: a share of the sheet's white.
double paper_light_level(const cv::Mat& grey8);

// The area in pixels of the largest 8-connected region of `mask` (8-bit, non-zero = in) that
// touches none of its four edges, 0 when there is none. What reaches the edge is the scanner bed
// or the paper's own edge (a light lid next to tinted paper), not a picture printed on the paper.
int largest_inner_region(const cv::Mat& mask);

// One axis of a grid: `count` copies of `size` pixels, copy i starting at starts[i]. Copies on
// one sheet share a size; the gutters between them may differ (0 when copies touch).
struct AxisGrid {
  int size = 0;
  std::vector<int> starts;  // first pixel of each copy, increasing
  double score = 0;
  int count() const { return int(starts.size()); }
  int start(int i) const { return starts[i]; }        // first pixel of copy i
  int end(int i) const { return starts[i] + size; }   // one past its last pixel
};
struct AxisSearch {
  int min_size = 0, max_size = 0;  // copy extent along the axis, work pixels
  int max_gutter = 0;              // paper between two copies, work pixels
  // The narrowest gap, work pixels; 0 lets copies touch. Without a dpi the copies' size is not
  // known, and touching copies cannot be told from one photo split in four: 5 (1.25 mm).
  int min_gutter = 0;
  int max_count = 4;               // a planche holds at most 4 copies along an axis
  double nominal_size = 0;         // > 0: among equal scores, prefer the size nearest to it
  int keep = 1;                    // grids kept per count
  // Per position along the axis, the share of paper across the sheet (1: a line of paper from
  // edge to edge, as a gutter is). Empty: gutters cost nothing. Otherwise every pixel of a gutter
  // costs (1 - paper) times gutter_cost: a gutter is paper, and a "gutter" through the photos
  // is how a grid of too-small copies fits their inner edges.
  std::vector<float> paper;
  double gutter_cost = 0;
};
// The best `keep` grids, no two alike, for each count 1..max_count, scoring each start border
// by starts[i] - tau_start and each end border by ends[i] - tau_end, so borders that are only
// noise lower the score. Every gutter from 0 (copies touching: one copy's end and the next one's
// start on the same pixel) to max_gutter is tried, each gap on its own (dynamic programming over
// the copies' positions), so unequal gutters are found as well as equal ones.
std::vector<AxisGrid> fit_axis(const std::vector<float>& starts, const std::vector<float>& ends,
                               const AxisSearch& search, double tau_start, double tau_end);

// Position and strength of the strongest straight step across a border, on the full-resolution
// image (BGR or grey), in the deskewed frame whose map to the image is `to_image`. The border
// runs along the deskewed y axis (vertical) or x axis, over [from, to] of that coordinate; the
// step is searched for between `low` and `high` of the other coordinate.
struct BorderFix {
  double position = 0;
  double strength = 0;  // mean step gradient, grey levels per pixel
  double contrast = 0;  // strength over the median of the search range
};
BorderFix refine_border(const cv::Mat& image, const cv::Matx23d& to_image, bool vertical, double low, double high,
                        double from, double to);

// The grid of copies found on a sheet, before refinement.
struct FoundGrid {
  std::vector<cv::Rect> cells;  // work pixels, deskewed frame, reading order
  std::vector<bool> empty;      // per cell: paper only (a copy missing from the grid)
  std::string unclear;          // non-empty: the layout cannot be decided, and why
  // Non-empty: a grid holding more copies fits the borders better but fails on the image (a
  // copy of it over-exposed, or a grid through the pictures), and why. Copies of a known size
  // (the dpi) cannot be merged or split by the reading found, so it stands when it explains the
  // whole sheet (layout_inconsistency: a copy it dropped is a picture left outside its boxes);
  // without the dpi, copies of any size could be, and the layout is unclear.
  std::string doubt;
  int columns = 0, rows = 0;
  double skew_deg = 0;  // counter-clockwise as displayed
  WorkImage work;
  cv::Mat deskewed;  // the work image turned by -skew_deg
  cv::Rect paper;    // the paper's bounding box on it (paper_region)
};

// Why a grid's copies, refined to `boxes` (work pixels, deskewed frame, reading order, one per
// cell of grid), cannot be the sheet's copies; empty when they can. A reading is only given when
// it explains the sheet: no picture left outside the boxes, no two boxes overlapping, every box on
// the paper, and the boxes of one row at one height and of one column at one place, as a grid is
// printed. A wrong count or a box a millimetre off fails one of these on its own.
std::string layout_inconsistency(const FoundGrid& grid, const std::vector<cv::Rect2d>& boxes);
// The best-scoring regular grid whose cells all look like printed copies (paper around, a
// picture inside, no gutter across), or nullopt. Without a dpi, copies are sized from the 35:45
// aspect and the layout alone.
std::optional<FoundGrid> find_grid(const ReducedImage& reduced, std::optional<double> dpi);

// Grey level below which a share q of the pixels lie (8-bit image).
double percentile(const cv::Mat& grey8, double q);

}  // namespace conforme::sheet_detail
