// The Python module `conforme` (pybind11): a Checker loaded once, checking numpy images, encoded
// bytes or files, each report returned as a dict equal to the command's JSONL record.
//
//   import conforme
//   checker = conforme.Checker("fr-ants")
//   report = checker.check(open("photo.jpg", "rb").read())   # report["status"] == "pass"
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "conforme/build_info.hpp"
#include "conforme/conforme.hpp"

namespace py = pybind11;

namespace {

// One Checker, shared by every Python thread; each check borrows a FaceAnalyser (one thread's
// detector state) from a pool, so threads that release the GIL check photos side by side.
class PyChecker {
 public:
  PyChecker(const std::string& profile, const std::optional<std::string>& models_dir)
      : checker_(conforme::load_profile(profile), conforme::FaceModels::load(models_dir.value_or(""))) {}

  py::dict check(const py::object& image, std::optional<double> dpi) const {
    if (py::isinstance<py::bytes>(image) || py::isinstance<py::bytearray>(image) ||
        py::isinstance<py::memoryview>(image))
      return check_encoded(image, dpi);
    if (py::isinstance<py::str>(image) || py::hasattr(image, "__fspath__")) return check_path(image, dpi);
    if (py::isinstance<py::array>(image)) return check_array(py::reinterpret_borrow<py::array>(image), dpi);
    throw py::type_error("check() takes a numpy array (BGR, grey or BGRA), encoded image bytes or a file path, not " +
                         std::string(py::str(py::type::of(image).attr("__name__"))));
  }

  std::string profile() const { return checker_.profile().name; }

 private:
  py::dict check_encoded(const py::object& image, std::optional<double> dpi) const {
    const py::buffer_info buf = py::buffer(image).request();
    const auto* p = static_cast<const std::uint8_t*>(buf.ptr);
    std::vector<std::uint8_t> bytes(p, p + buf.size * buf.itemsize);
    return run("(memory)", [&] { return conforme::decode_image(bytes); }, dpi);
  }

  py::dict check_path(const py::object& image, std::optional<double> dpi) const {
    const std::string path = py::str(py::module_::import("os").attr("fspath")(image));
    return run(path, [&] {
      const conforme::DecodeLimits limits;
      return conforme::decode_image(conforme::read_file_bytes(path, limits), path, limits);
    }, dpi);
  }

  py::dict check_array(const py::array& array, std::optional<double> dpi) const {
    const int depth = array.dtype().is(py::dtype::of<std::uint8_t>())    ? CV_8U
                      : array.dtype().is(py::dtype::of<std::uint16_t>()) ? CV_16U
                      : array.dtype().is(py::dtype::of<float>())         ? CV_32F
                      : array.dtype().is(py::dtype::of<double>())        ? CV_64F
                                                                         : -1;
    if (depth < 0)
      throw py::value_error("image dtype " + std::string(py::str(array.dtype())) +
                            ": uint8, uint16, or float32/float64 in [0, 1] are accepted");
    if (array.ndim() != 2 && array.ndim() != 3)
      throw py::value_error("image of " + std::to_string(array.ndim()) +
                            " dimensions: (height, width) or (height, width, channels) is expected");
    const int channels = array.ndim() == 3 ? static_cast<int>(array.shape(2)) : 1;
    if (channels < 1 || channels > 4)
      throw py::value_error("image of " + std::to_string(channels) +
                            " channels: 1 (grey), 3 (BGR, as OpenCV reads) or 4 (BGRA) are accepted");
    // Rows packed, pixels contiguous: a copy only when the array is a strided view.
    const py::array packed = py::array::ensure(array, py::array::c_style);
    const cv::Mat mat(static_cast<int>(packed.shape(0)), static_cast<int>(packed.shape(1)), CV_MAKETYPE(depth, channels),
                      const_cast<void*>(packed.data()));
    // to_bgr8 (inside check_photo) converts and refuses as it does for C++ callers.
    return run("(memory)", [&] { return conforme::DecodedImage{mat, std::nullopt, std::nullopt, {}, {}, {}}; }, dpi);
  }

  template <class Decode>
  py::dict run(const std::string& input, Decode&& decode, std::optional<double> dpi) const {
    conforme::PhotoReport report;
    {
      py::gil_scoped_release unlocked;
      const conforme::DecodedImage image = decode();
      auto analyser = borrow();
      report = checker_.check_photo(image, *analyser, dpi);
      give_back(std::move(analyser));
    }
    report.input = input;
    std::string line = conforme::json_line(conforme::to_json(report, checker_.identity()));
    return py::module_::import("json").attr("loads")(line);
  }

  std::unique_ptr<conforme::FaceAnalyser> borrow() const {
    {
      std::lock_guard lock(mutex_);
      if (!pool_.empty()) {
        auto a = std::move(pool_.back());
        pool_.pop_back();
        return a;
      }
    }
    return std::make_unique<conforme::FaceAnalyser>(checker_.models());
  }
  void give_back(std::unique_ptr<conforme::FaceAnalyser> analyser) const {
    std::lock_guard lock(mutex_);
    pool_.push_back(std::move(analyser));
  }

  conforme::Checker checker_;
  mutable std::mutex mutex_;
  mutable std::vector<std::unique_ptr<conforme::FaceAnalyser>> pool_;
};

}  // namespace

PYBIND11_MODULE(conforme, m) {
  m.doc() = "conforme: checks identity photos (French ANTS rules, ICAO 9303) and returns each report as a dict";
  m.attr("__version__") = conforme::build::version;

  // Errors: a profile or model that cannot be loaded, an input that cannot be decoded (its code
  // first: "corrupt: ..."); an image of the wrong shape or type is ValueError.
  static py::exception<conforme::ProfileError> profile_error(m, "ProfileError", PyExc_ValueError);
  static py::exception<conforme::ModelError> model_error(m, "ModelError", PyExc_OSError);
  static py::exception<conforme::InputError> input_error(m, "InputError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const conforme::InputError& e) {
      PyErr_SetString(input_error.ptr(), (e.code + ": " + e.what()).c_str());
    } catch (const conforme::ProfileError& e) {
      PyErr_SetString(profile_error.ptr(), e.what());
    } catch (const conforme::ModelError& e) {
      PyErr_SetString(model_error.ptr(), e.what());
    } catch (const std::invalid_argument& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });

  m.def(
      "decode_image",
      [](const py::bytes& data) {
        const std::string bytes = data;
        conforme::DecodedImage image;
        {
          py::gil_scoped_release unlocked;
          image = conforme::decode_image(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
        }
        const cv::Mat& bgr = image.bgr;
        py::array_t<std::uint8_t> out({bgr.rows, bgr.cols, 3});
        for (int y = 0; y < bgr.rows; ++y)
          std::memcpy(out.mutable_data(y), bgr.ptr(y), static_cast<std::size_t>(bgr.cols) * 3);
        return py::make_tuple(out, image.dpi ? py::object(py::float_(*image.dpi)) : py::object(py::none()));
      },
      py::arg("data"),
      "Decodes an encoded image (JPEG, PNG, TIFF, BMP, WebP) as the command line decodes a file: returns "
      "(H x W x 3 BGR uint8 array, dpi stated by the file or None). Raises InputError.");

  py::class_<PyChecker>(m, "Checker",
                        "A profile and the face models, loaded once (about a second); share it between threads.")
      .def(py::init<const std::string&, const std::optional<std::string>&>(), py::arg("profile") = "fr-ants",
           py::arg("models_dir") = py::none(),
           "profile: a name (fr-ants, icao-9303) or a .toml path; models_dir: where the landmark model is "
           "(None: the installed or Debian libdlib-data one)")
      .def("check", &PyChecker::check, py::arg("image"), py::arg("dpi") = py::none(),
           "Checks one photo: a numpy array (H x W x 3 BGR as cv2.imread gives, H x W grey, H x W x 4 BGRA; "
           "uint8, uint16 or float in [0, 1]), encoded bytes (JPEG, PNG, TIFF, BMP, WebP) or a file path. "
           "dpi overrides the file's resolution (None: the file's; arrays have none). Returns the report "
           "record as a dict: status, checks (id, values, limits, verdict, messages), profile, models.")
      .def_property_readonly("profile", &PyChecker::profile, "the profile's name");
}
