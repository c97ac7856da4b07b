# `cmake --install` into a temporary prefix puts every file where Debian expects it,
# and the installed programs run and print the project's version.
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "cmake --install failed:\n${err}")
endif()

set(expected
  bin/poolscope
  bin/poolscope-cli
  share/applications/${APP_ID}.desktop
  share/metainfo/${APP_ID}.metainfo.xml
  share/mime/packages/${APP_ID}.xml
  share/icons/hicolor/scalable/apps/${APP_ID}.svg
  share/man/man1/poolscope.1.gz
  share/man/man1/poolscope-cli.1.gz)
foreach(size 16 24 32 48 64 128 256)
  list(APPEND expected share/icons/hicolor/${size}x${size}/apps/${APP_ID}.png)
endforeach()
file(GLOB_RECURSE installed RELATIVE ${PREFIX} ${PREFIX}/*)
list(SORT installed)
list(SORT expected)
if(NOT installed STREQUAL expected)
  string(REPLACE ";" "\n  " installed "${installed}")
  string(REPLACE ";" "\n  " expected "${expected}")
  message(FATAL_ERROR "installed:\n  ${installed}\nexpected:\n  ${expected}")
endif()

# Each PNG is the size its folder names.
foreach(size 16 24 32 48 64 128 256)
  file(READ ${PREFIX}/share/icons/hicolor/${size}x${size}/apps/${APP_ID}.png header LIMIT 24 HEX)
  string(SUBSTRING "${header}" 32 16 dims)
  string(SUBSTRING "${dims}" 0 8 wide)
  string(SUBSTRING "${dims}" 8 8 high)
  math(EXPR wide "0x${wide}")
  math(EXPR high "0x${high}")
  if(NOT wide EQUAL size OR NOT high EQUAL size)
    message(FATAL_ERROR "the ${size}x${size} icon is ${wide}x${high}")
  endif()
endforeach()

# The metadata has a release of this version.
file(READ ${PREFIX}/share/metainfo/${APP_ID}.metainfo.xml metainfo)
if(NOT metainfo MATCHES "<release version=\"${VERSION}\"")
  message(FATAL_ERROR "the metainfo has no release ${VERSION}")
endif()

# The installed tree as a software centre reads it: the metadata finds the desktop
# entry it launches.
if(APPSTREAMCLI)
  execute_process(COMMAND ${APPSTREAMCLI} validate-tree --no-net --no-color ${PREFIX}
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "appstreamcli validate-tree refuses the installed tree:\n${out}${err}")
  endif()
endif()

string(REPLACE "." "\\." version_pattern "${VERSION}")
# --version needs no display: it must answer where the window could not open.
foreach(program poolscope poolscope-cli)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY --unset=QT_QPA_PLATFORM
                          ${PREFIX}/bin/${program} --version
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 30)
  if(NOT status EQUAL 0 OR NOT out MATCHES "^[A-Za-z-]+ ${version_pattern}\n$")
    message(FATAL_ERROR "${program} --version: status ${status}, printed '${out}' '${err}', expected the version ${VERSION}")
  endif()
endforeach()
message(STATUS "install layout complete")
