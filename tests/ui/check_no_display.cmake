# The GUI started with no display and no Qt platform: one clear line and status 2,
# not Qt's abort. Run as cmake -DPROGRAM=... -P check_no_display.cmake.
unset(ENV{DISPLAY})
unset(ENV{WAYLAND_DISPLAY})
unset(ENV{QT_QPA_PLATFORM})
execute_process(COMMAND ${PROGRAM} --no-settings RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_VARIABLE out
                TIMEOUT 30)
if(NOT status EQUAL 2)
  message(FATAL_ERROR "expected exit status 2, got '${status}'\n${err}")
endif()
if(NOT err MATCHES "^poolscope: no display[^\n]*\n$")
  message(FATAL_ERROR "expected one line naming the missing display, got:\n${err}")
endif()
