#include "rss.h"

#include <fstream>
#include <sstream>
#include <string>

namespace poolscope::bench {

MemoryStatus readMemoryStatus()
{
    MemoryStatus m;
    std::ifstream in("/proc/self/status");
    std::string line;
    int found = 0;
    while (std::getline(in, line)) {
        // Lines look like "VmRSS:     123456 kB".
        const auto kib = [&line] {
            std::istringstream s(line.substr(line.find(':') + 1));
            double v = 0;
            s >> v;
            return v / 1024.0;
        };
        if (line.rfind("VmRSS:", 0) == 0) {
            m.rssMiB = kib();
            ++found;
        } else if (line.rfind("VmHWM:", 0) == 0) {
            m.hwmMiB = kib();
            ++found;
        }
    }
    m.ok = found == 2;
    return m;
}

} // namespace poolscope::bench
