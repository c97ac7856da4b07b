#pragma once
// A disk that fills up: a 64 KiB tmpfs mounted over a fresh temporary folder, for
// tests that a full disk is reported as such and leaves no partial file. Mounting
// needs root (CAP_SYS_ADMIN); where it is refused, mounted() is false and the test
// skips. Unmounted and removed when destroyed.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <sys/mount.h>

namespace poolscope::test {

class TinyDisk {
public:
    TinyDisk()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "poolscope-full-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            return;
        path_ = pattern;
        mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, "size=64k") == 0;
    }
    ~TinyDisk()
    {
        if (mounted_)
            ::umount2(path_.c_str(), MNT_DETACH);
        if (!path_.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(path_, ignored);
        }
    }
    TinyDisk(const TinyDisk&) = delete;
    TinyDisk& operator=(const TinyDisk&) = delete;

    bool mounted() const { return mounted_; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    bool mounted_ = false;
};

} // namespace poolscope::test
