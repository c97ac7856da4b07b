# Each manual page formats with no warning from groff (an unknown macro, a broken
# font change, a line that cannot be set) and has the sections a reader looks for.
foreach(page IN LISTS PAGES)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env LC_ALL=C.UTF-8 ${GROFF} -man -ww -Tutf8 -P-cbou ${page}
                  RESULT_VARIABLE status OUTPUT_VARIABLE text ERROR_VARIABLE err)
  if(NOT status EQUAL 0 OR NOT err STREQUAL "")
    message(FATAL_ERROR "groff warns about ${page}:\n${err}")
  endif()
  if(NOT text MATCHES "NAME.*SYNOPSIS.*DESCRIPTION.*OPTIONS.*EXIT STATUS.*SEE ALSO")
    message(FATAL_ERROR "${page} lacks a section:\n${text}")
  endif()
endforeach()
message(STATUS "manual pages render cleanly")
