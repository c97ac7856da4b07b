# Fails when the compute core depends on Qt in any way we can see:
#   - a source under CORE_DIR includes a Qt header or uses a Qt macro;
#   - CORE_DIR/CMakeLists.txt mentions Qt outside comments;
#   - (with COMPILE_COMMANDS and TARGET_NAME) a compile line of that target has a
#     Qt include path or a QT_ define.
# Usage: cmake -DCORE_DIR=<dir> [-DCOMPILE_COMMANDS=<json> -DTARGET_NAME=<name>] -P check_core_has_no_qt.cmake
cmake_minimum_required(VERSION 3.25)

if(NOT IS_DIRECTORY "${CORE_DIR}")
  message(FATAL_ERROR "CORE_DIR '${CORE_DIR}' is not a directory")
endif()

set(problems "")

file(GLOB_RECURSE sources LIST_DIRECTORIES false
     "${CORE_DIR}/*.h" "${CORE_DIR}/*.hpp" "${CORE_DIR}/*.hh" "${CORE_DIR}/*.cpp"
     "${CORE_DIR}/*.cc" "${CORE_DIR}/*.cxx" "${CORE_DIR}/*.inl" "${CORE_DIR}/*.in")
if(NOT sources)
  message(FATAL_ERROR "no sources found under ${CORE_DIR}")
endif()
foreach(source IN LISTS sources)
  file(STRINGS "${source}" lines)
  foreach(line IN LISTS lines)
    # <QString>, <QtCore/...>, <qtconcurrentrun.h>; no standard header starts so.
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*[<\"](Q[A-Za-z]|qt)")
      list(APPEND problems "${source} includes a Qt header: ${line}")
    endif()
    if(line MATCHES "(^|[^A-Za-z0-9_])Q_(OBJECT|GADGET|NAMESPACE|PROPERTY|INVOKABLE|SIGNALS|SLOTS|EMIT|ENUM|DECLARE_[A-Z_]+)([^A-Za-z0-9_]|$)")
      list(APPEND problems "${source} uses a Qt macro: ${line}")
    endif()
  endforeach()
endforeach()

set(cmakelists "${CORE_DIR}/CMakeLists.txt")
if(NOT EXISTS "${cmakelists}")
  message(FATAL_ERROR "${cmakelists} does not exist")
endif()
file(STRINGS "${cmakelists}" lines)
foreach(line IN LISTS lines)
  string(REGEX REPLACE "#.*$" "" code "${line}") # comments may name Qt (to say it is not used)
  if(code MATCHES "(^|[^A-Za-z0-9_])(Qt|QT)([0-9]|::|_|[^A-Za-z]|$)|[Qq][Tt][56]|AUTO(MOC|UIC|RCC)")
    list(APPEND problems "${cmakelists} mentions Qt: ${line}")
  endif()
endforeach()

if(DEFINED COMPILE_COMMANDS)
  if(NOT EXISTS "${COMPILE_COMMANDS}")
    message(FATAL_ERROR "${COMPILE_COMMANDS} does not exist (configure with CMAKE_EXPORT_COMPILE_COMMANDS)")
  endif()
  file(READ "${COMPILE_COMMANDS}" json)
  string(JSON count LENGTH "${json}")
  set(checked 0)
  if(count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
      string(JSON file GET "${json}" ${i} file)
      string(JSON command ERROR_VARIABLE no_command GET "${json}" ${i} command)
      if(no_command)
        string(JSON command GET "${json}" ${i} arguments) # a JSON array; its text will do
      endif()
      # The object file names the target: -o <dir>/CMakeFiles/<target>.dir/<source>.o
      if(NOT command MATCHES "-o[ \"]+[^ \"]*(^|/)${TARGET_NAME}\\.dir/")
        continue()
      endif()
      math(EXPR checked "${checked} + 1")
      string(REGEX MATCHALL "(-I|-isystem|-iquote|-idirafter)[ ]*[^ ]+" include_flags "${command}")
      foreach(flag IN LISTS include_flags)
        if(flag MATCHES "[Qq][Tt][56]|/Qt[A-Za-z]*(/|\"|$)")
          list(APPEND problems "${file} compiles with a Qt include path: ${flag}")
        endif()
      endforeach()
      if(command MATCHES "-DQT_[A-Z_]+")
        list(APPEND problems "${file} compiles with a Qt define: ${CMAKE_MATCH_0}")
      endif()
    endforeach()
  endif()
  if(checked EQUAL 0)
    message(FATAL_ERROR "no compile command for target ${TARGET_NAME} in ${COMPILE_COMMANDS}")
  endif()
  message(STATUS "checked ${checked} compile commands of ${TARGET_NAME}")
endif()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "The core must not depend on Qt:\n  ${text}")
endif()
list(LENGTH sources n)
message(STATUS "core is Qt-free: ${n} sources and ${cmakelists} checked")
