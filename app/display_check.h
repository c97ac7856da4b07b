#pragma once
// Qt ends the process with an abort when its platform plugin finds no display. On
// Linux, with neither a display nor a platform chosen, the GUI says so in one line
// and exits with status 2 before Qt tries.
#include <optional>
#include <string>

namespace poolscope::app {

// Why the GUI cannot start here, or nothing when a display or a Qt platform
// (QT_QPA_PLATFORM, -platform) is given.
std::optional<std::string> missingDisplay(int argc, char** argv);

} // namespace poolscope::app
