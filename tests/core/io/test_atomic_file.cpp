// Atomic writes: replacing, no temporary left behind, the reasons of failures, and
// the permissions of new and replaced files.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/io/atomic_file.h"
#include "core/io/file_bytes.h"
#include "core/tensor/errors.h"
#include "tests/support/tiny_disk.h"

namespace poolscope {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<unsigned char>;

class AtomicFile : public testing::Test {
protected:
    void SetUp() override
    {
        dir_ = fs::temp_directory_path() /
               (std::string("poolscope-atomic-") +
                testing::UnitTest::GetInstance()->current_test_info()->name() + "-" +
                std::to_string(::getpid())) /
               "文件夹 with spaces";
        fs::remove_all(dir_.parent_path());
        fs::create_directories(dir_);
    }
    void TearDown() override
    {
        fs::permissions(dir_, fs::perms::owner_all);
        fs::remove_all(dir_.parent_path());
    }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    long files() const { return long(std::distance(fs::directory_iterator(dir_), fs::directory_iterator{})); }
    fs::path dir_;
};

// The permission bits of a file.
mode_t mode_of(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return mode_t(-1);
    return st.st_mode & 07777;
}

// Sets the process's umask for the life of the object (tests run one at a time).
class ScopedUmask {
public:
    explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
    ~ScopedUmask() { ::umask(old_); }
    ScopedUmask(const ScopedUmask&) = delete;
    ScopedUmask& operator=(const ScopedUmask&) = delete;

private:
    mode_t old_;
};

TEST_F(AtomicFile, ReplacesAndLeavesNoTemporary)
{
    const std::string p = path("out 文件.bin");
    write_file_atomic(p, {1, 2, 3});
    write_file_atomic(p, {4, 5});
    EXPECT_EQ(read_file_bytes(p), (Bytes{4, 5}));
    EXPECT_EQ(files(), 1);
}

TEST_F(AtomicFile, WritesAnEmptyFile)
{
    write_file_atomic(path("empty"), {});
    EXPECT_EQ(fs::file_size(path("empty")), 0u);
    EXPECT_EQ(files(), 1);
}

TEST_F(AtomicFile, ReportsTheReason)
{
    try {
        write_file_atomic(path("missing/x.bin"), {1});
        ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos) << e.what();
    }
    fs::create_directories(path("taken"));
    EXPECT_THROW(write_file_atomic(path("taken"), {1}), InputError);
    EXPECT_EQ(files(), 1);
}

TEST(WriteFileAtomic, OnAFullDiskSaysSoAndLeavesNothing)
{
    const test::TinyDisk disk;
    if (!disk.mounted())
        GTEST_SKIP() << "mounting a small tmpfs needs root";
    const std::string path = disk.path() + "/big.bin";
    try {
        write_file_atomic(path, std::vector<unsigned char>(200 * 1024, 7));
        FAIL() << "200 KiB fitted on a 64 KiB disk";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("No space left on device"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(fs::is_empty(disk.path()));
}

TEST_F(AtomicFile, IntoAReadOnlyFolder)
{
    if (::geteuid() == 0)
        GTEST_SKIP() << "root writes into read-only folders";
    fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
    try {
        write_file_atomic(path("x.bin"), {1});
        ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("Permission denied"), std::string::npos) << e.what();
    }
}

// ---------------------------------------------------------------- permissions

// A new file is 0666 less the umask, as any program's open(O_CREAT, 0666) would make it.
TEST_F(AtomicFile, ANewFileFollowsTheUmask)
{
    for (const mode_t mask : {mode_t(022), mode_t(077), mode_t(002), mode_t(0)}) {
        const std::string p = path("new-" + std::to_string(mask));
        {
            const ScopedUmask scoped(mask);
            write_file_atomic(p, {1});
        }
        EXPECT_EQ(mode_of(p), 0666 & ~mask) << "umask " << std::oct << mask;
    }
}

// A replaced file keeps its permission bits, whatever the umask, and never shows its
// new contents with wider ones.
TEST_F(AtomicFile, AReplacedFileKeepsItsPermissions)
{
    for (const mode_t kept : {mode_t(0600), mode_t(0640), mode_t(0755), mode_t(0444)}) {
        for (const mode_t mask : {mode_t(022), mode_t(077)}) {
            const std::string p = path("kept-" + std::to_string(kept) + "-" + std::to_string(mask));
            write_file_atomic(p, {1});
            ASSERT_EQ(::chmod(p.c_str(), kept), 0);
            {
                const ScopedUmask scoped(mask);
                write_file_atomic(p, {2, 3});
            }
            EXPECT_EQ(mode_of(p), kept) << "mode " << std::oct << kept << ", umask " << mask;
            EXPECT_EQ(read_file_bytes(p), (Bytes{2, 3}));
        }
    }
}

// Set-user-ID, set-group-ID and sticky bits are not carried over to new contents.
TEST_F(AtomicFile, AReplacedFileLosesItsSpecialBits)
{
    const std::string p = path("special");
    write_file_atomic(p, {1});
    ASSERT_EQ(::chmod(p.c_str(), 04755), 0);
    write_file_atomic(p, {2});
    EXPECT_EQ(mode_of(p), 0755u);
}

} // namespace
} // namespace poolscope
