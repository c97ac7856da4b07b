# Fails when an object file built for a wider instruction set defines a weak or
# unique function: an inline function or template the linker may merge with another
# file's copy, handing AVX2 code to a processor without AVX2 (core/x86/cpu_features.h).
# Shared constants are data, the same bytes on every processor, and pass.
# Usage: cmake -DOBJDUMP=<objdump> -DOBJECTS=<a.o;b.o;...> [-DMATCH=<regex>] -P check_no_shared_inline_code.cmake
# With MATCH, only the objects whose path matches it are read.
cmake_minimum_required(VERSION 3.25)

set(read 0)
set(problems "")
foreach(object IN LISTS OBJECTS)
  if(DEFINED MATCH AND NOT object MATCHES "${MATCH}")
    continue()
  endif()
  math(EXPR read "${read} + 1")
  execute_process(COMMAND ${OBJDUMP} -t -C ${object} OUTPUT_VARIABLE symbols RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${OBJDUMP} failed on ${object}")
  endif()
  string(REPLACE ";" "," symbols "${symbols}")
  string(REPLACE "\n" ";" lines "${symbols}")
  foreach(line IN LISTS lines)
    # address, seven flag characters (1: l g u !, 2: w for weak, 7: F for a
    # function), section, size, name.
    if(line MATCHES "^[0-9a-fA-F]+ (.)(.)....(.) [^\t]+\t[0-9a-fA-F]+ +(.*)$")
      if((CMAKE_MATCH_1 STREQUAL "u" OR CMAKE_MATCH_2 STREQUAL "w") AND CMAKE_MATCH_3 STREQUAL "F")
        list(APPEND problems "${object}: ${CMAKE_MATCH_4}")
      endif()
    endif()
  endforeach()
endforeach()
if(read EQUAL 0)
  message(FATAL_ERROR "no object to read")
endif()
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "code the linker may share with other files:\n  ${text}")
endif()
message(STATUS "${read} object(s), no weak or unique functions")
