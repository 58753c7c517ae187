"""The Python module `conforme` on real values: generated ID photos of samples/ (made from a
public-domain portrait, labelled in samples/labels.csv) as numpy arrays in every layout a caller
may hold, as encoded bytes and as paths; bad input raises, never crashes.

Run by ctest (python.module) with PYTHONPATH set to the built module and CONFORME_SAMPLES to
samples/. Without numpy or the module it is skipped (77), except under CI=true, where it fails."""
import os
import sys
import threading
import unittest

CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")
try:
    import numpy as np
    import conforme
except ImportError as e:  # pybind11-dev, python3-dev, python3-numpy: scripts/setup --test
    print(f"{'FAIL' if CI else 'SKIP'} cannot import the module or numpy: {e}")
    sys.exit(1 if CI else 77)

SAMPLES = os.environ["CONFORME_SAMPLES"]


def sample(name):
    return os.path.join(SAMPLES, name)


def values(record, check_id):
    return next(c for c in record["checks"] if c["id"] == check_id)["values"]


class ConformeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.checker = conforme.Checker("fr-ants")
        with open(sample("S001183_ok.jpg"), "rb") as f:
            cls.ok_bytes = f.read()
        cls.ok_bgr, cls.ok_dpi = conforme.decode_image(cls.ok_bytes)

    def test_encoded_bytes_of_a_compliant_photo_pass(self):
        r = self.checker.check(self.ok_bytes)
        self.assertEqual(r["status"], "pass", r["failed"])
        self.assertEqual(r["failed"], [])
        self.assertEqual(r["profile"]["name"], "fr-ants")
        self.assertEqual(r["version"], conforme.__version__)
        self.assertEqual(r["dpi"], self.ok_dpi)
        self.assertEqual(len(r["checks"]), len(self.checker.check(sample("S001183_ok.jpg"))["checks"]))

    def test_the_decoders_warnings_are_in_the_record(self):
        # Three stray bytes before the frame header: libjpeg warns, the photo is still judged.
        frame = self.ok_bytes.find(b"\xff\xc0")
        r = self.checker.check(self.ok_bytes[:frame] + b"\x00\x00\x00" + self.ok_bytes[frame:])
        self.assertEqual(r["status"], "pass", r["failed"])
        self.assertEqual(r["warnings"], ["Corrupt JPEG data: 3 extraneous bytes before marker 0xc0"])
        self.assertNotIn("warnings", self.checker.check(self.ok_bytes))

    def test_decode_image_gives_bgr_uint8(self):
        h, w = self.ok_bgr.shape[:2]
        self.assertEqual(self.ok_bgr.shape, (h, w, 3))
        self.assertEqual(self.ok_bgr.dtype, np.uint8)
        r = self.checker.check(self.ok_bytes)
        self.assertEqual((r["width"], r["height"]), (w, h))

    def test_every_pixel_layout_measures_the_same_photo(self):
        reference = self.checker.check(self.ok_bgr, dpi=self.ok_dpi)
        self.assertEqual(reference["status"], "pass", reference["failed"])
        bg = values(reference, "bg.colour")
        alpha = np.full(self.ok_bgr.shape[:2] + (1,), 255, np.uint8)
        layouts = {
            "BGRA (a camera's frame)": np.concatenate([self.ok_bgr, alpha], axis=2),
            "uint16": self.ok_bgr.astype(np.uint16) * 257,
            "float in [0, 1]": self.ok_bgr.astype(np.float32) / 255,
            "a strided view": np.pad(self.ok_bgr, ((0, 0), (0, 5), (0, 0)))[:, : self.ok_bgr.shape[1]],
        }
        for name, image in layouts.items():
            with self.subTest(name):
                r = self.checker.check(image, dpi=self.ok_dpi)
                self.assertEqual(r["status"], "pass", r["failed"])
                self.assertEqual(values(r, "bg.colour"), bg)

    def test_grey_array_fails_colour(self):
        grey = self.ok_bgr.mean(axis=2).round().astype(np.uint8)
        r = self.checker.check(grey, dpi=self.ok_dpi)
        self.assertEqual(r["failed"], ["colour.is_colour"])

    def test_labelled_failures(self):
        white = self.checker.check(sample("S001183_bg-white.jpg"))
        self.assertIn("bg.colour", white["failed"])
        self.assertGreater(values(white, "bg.colour")["lightness"]["value"], 97)
        two = self.checker.check(sample("S001183_two-faces.jpg"))
        self.assertEqual(values(two, "face.count")["faces"]["value"], 2)
        self.assertEqual(two["input"], sample("S001183_two-faces.jpg"))

    def test_icao_profile_allows_white(self):
        icao = conforme.Checker("icao-9303")
        self.assertEqual(icao.profile, "icao-9303")
        self.assertNotIn("bg.colour", icao.check(sample("S001183_bg-white.jpg"))["failed"])

    def test_bad_input_raises(self):
        with self.assertRaisesRegex(conforme.InputError, "^not_an_image: "):
            self.checker.check(b"this is not an image")
        with self.assertRaisesRegex(conforme.InputError, "^truncated: "):
            self.checker.check(self.ok_bytes[: len(self.ok_bytes) // 2])
        with self.assertRaisesRegex(conforme.InputError, "^not_found: "):
            self.checker.check(sample("no-such-photo.jpg"))
        with self.assertRaisesRegex(ValueError, "empty"):
            self.checker.check(np.zeros((0, 0, 3), np.uint8))
        with self.assertRaisesRegex(ValueError, "dtype int32"):
            self.checker.check(np.zeros((10, 10, 3), np.int32))
        with self.assertRaisesRegex(ValueError, "5 channels"):
            self.checker.check(np.zeros((10, 10, 5), np.uint8))
        with self.assertRaises(TypeError):
            self.checker.check(42)
        with self.assertRaisesRegex(conforme.ProfileError, "no-such-profile"):
            conforme.Checker("no-such-profile")

    def test_threads_share_one_checker(self):
        results = [None] * 4
        names = ["S001183_ok.jpg", "S001183_bg-white.jpg"] * 2

        def run(i):
            results[i] = self.checker.check(sample(names[i]))["failed"]

        threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results[0], results[2])
        self.assertEqual(results[1], results[3])
        self.assertEqual(results[0], [])
        self.assertIn("bg.colour", results[1])


if __name__ == "__main__":
    unittest.main()
