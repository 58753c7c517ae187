# Installs the library's headers under <prefix>/include/conforme/ only, so a consumer's include
# path gets include/ and writes #include <conforme/conforme.hpp>: no generic core/, io/, report/
# folder lands on it. The sources include each other as "core/report.hpp"; the installed copies
# say "conforme/core/report.hpp". Run at install time with SRC (the source tree's src/), BUILD_INFO
# (the generated build_info.hpp) and DEST (<prefix>/include/conforme).
file(GLOB_RECURSE headers RELATIVE "${SRC}" "${SRC}/*.hpp")
set(modules core io face checks profile pipeline report eval sheet evidence)
string(REPLACE ";" "|" alternatives "${modules}")
foreach(header IN LISTS headers)
  if(header MATCHES "^(app|tools|capi|python|serve)/")
    continue()
  endif()
  file(READ "${SRC}/${header}" text)
  string(REGEX REPLACE "#include \"(${alternatives})/" "#include \"conforme/\\1/" text "${text}")
  # src/conforme/conforme.hpp becomes include/conforme/conforme.hpp.
  string(REGEX REPLACE "^conforme/" "" target "${header}")
  set(out "$ENV{DESTDIR}${DEST}/${target}")
  message(STATUS "Installing: ${out}")
  file(WRITE "${out}" "${text}")
endforeach()
file(INSTALL "${BUILD_INFO}" DESTINATION "$ENV{DESTDIR}${DEST}" MESSAGE_NEVER)
