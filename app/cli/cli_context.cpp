#include "app/cli/cli_context.h"

#include <cmath>
#include <iomanip>
#include <sstream>
#include <string>

#include "app/cli/cli_errors.h"

namespace poolscope::cli {

void CliContext::note(std::string_view text) const
{
    if (!quiet)
        err << "poolscope-cli: " << text << '\n';
}

void CliContext::require_memory(double bytes, std::string_view what) const
{
    const double cap = double(max_memory_mb) * 1024.0 * 1024.0;
    if (bytes <= cap)
        return;
    std::ostringstream amount;
    amount << std::setprecision(15) << std::ceil(bytes / (1024.0 * 1024.0)) << " MiB";
    throw ArgError("refusing to allocate " + amount.str() + " for " + std::string(what) +
                   ": more than --max-memory-mb " + std::to_string(max_memory_mb));
}

} // namespace poolscope::cli
