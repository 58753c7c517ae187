// Build-time tool: writes dlib's frontal face detector, serialised as dlib::deserialize reads it,
// to the file named on the command line. dlib ships the detector compressed and decodes it at
// every get_frontal_face_detector() call, which took half of conforme's start-up CPU (0.3-0.5 s);
// CMake embeds this file into libconforme instead (cmake/embed_file.cmake), and deserialising it
// takes a few milliseconds. The tool runs on the build machine, so the bytes are always those
// of the dlib being built against.
#include <fstream>
#include <iostream>

#include <dlib/image_processing/frontal_face_detector.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: conforme-detector-blob OUTPUT\n";
    return 2;
  }
  std::ofstream out(argv[1], std::ios::binary);
  dlib::serialize(dlib::get_frontal_face_detector(), out);
  out.close();
  if (!out) {
    std::cerr << argv[1] << ": cannot write the serialised detector\n";
    return 1;
  }
  return 0;
}
