#include "display_check.h"

#include <cstdlib>
#include <string_view>

namespace poolscope::app {

namespace {

bool set(const char* name)
{
    const char* v = std::getenv(name);
    return v && *v;
}

} // namespace

std::optional<std::string> missingDisplay(int argc, char** argv)
{
#ifdef __linux__
    if (set("DISPLAY") || set("WAYLAND_DISPLAY") || set("QT_QPA_PLATFORM"))
        return std::nullopt;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "-platform" || a == "--platform" || a.starts_with("-platform=") ||
            a.starts_with("--platform="))
            return std::nullopt;
    }
    return "no display to show the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
           "run it in a desktop session, or use poolscope-cli";
#else
    (void)argc;
    (void)argv;
    return std::nullopt;
#endif
}

} // namespace poolscope::app
