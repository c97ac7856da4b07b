#include "core/io/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/tensor/errors.h"

namespace poolscope {
namespace {

namespace fs = std::filesystem;

// A temporary beside path, created as open(2) creates any new file: with mode 0666,
// which the kernel reduces by the umask (or the folder's default ACL). mkstemp()
// would create it 0600, and changing that afterwards would mean reading the umask,
// which umask(2) can only do by setting it: a race with every thread creating files.
// Returns the descriptor, or -1 with errno set.
int create_temporary(const std::string& path, std::string& tmp)
{
    static constexpr char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    thread_local std::mt19937_64 rng{std::random_device{}()};
    for (int attempt = 0; attempt < 100; ++attempt) {
        tmp = path + ".tmp-";
        for (int i = 0; i < 6; ++i)
            tmp += kLetters[rng() % (sizeof kLetters - 1)];
        const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

} // namespace

void write_file_atomic(const std::string& path, const std::vector<unsigned char>& bytes)
{
    std::string tmp;
    const auto fail = [&](int err, bool remove) {
        if (remove)
            ::unlink(tmp.c_str());
        throw InputError("cannot write '" + path + "': " + std::strerror(err));
    };
    const int fd = create_temporary(path, tmp);
    if (fd < 0)
        fail(errno, false);
    // A replaced file keeps its permission bits (set before any byte is written, so a
    // private file's new contents are never readable by others); a new one has those
    // open() gave it.
    struct stat old {};
    if (::stat(path.c_str(), &old) == 0 && S_ISREG(old.st_mode) && ::fchmod(fd, old.st_mode & 0777) != 0) {
        const int err = errno;
        ::close(fd);
        fail(err, true);
    }
    const unsigned char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            ::close(fd);
            fail(err, true);
        }
        p += n;
        left -= std::size_t(n);
    }
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        fail(err, true);
    }
    if (::close(fd) != 0)
        fail(errno, true);
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        fail(errno, true);
    // Make the rename itself durable; a failure here loses nothing already written.
    const fs::path dir = fs::path(path).parent_path();
    const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

} // namespace poolscope
