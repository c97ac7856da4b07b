#pragma once
// Runs the poolscope-cli binary as a separate process, as a user would, and
// captures what it prints.
#include <filesystem>
#include <string>
#include <vector>

namespace poolscope::cli_test {

struct CliRun {
    int exit_code = -1;   // -1 when the process did not exit normally
    bool crashed = false; // killed by a signal (abort, segfault, ...)
    std::string out, err;
};

CliRun run_cli(const std::vector<std::string>& args);

// A fresh folder under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// Every entry of a folder (names only), sorted.
std::vector<std::string> list_dir(const std::filesystem::path& dir);

} // namespace poolscope::cli_test
