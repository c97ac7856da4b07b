// Linking poolscope_ui leaves glibc's malloc as it is; configureMallocForInteractiveUse()
// is what sets it up. Run twice by CTest, each time in a fresh process (malloc's
// settings cannot be undone): "library" without the call, "configured" with it
// first thing in main(), as the program does. Each run checks what the settings
// do, not how they are stored:
// - arenas: a second thread's allocation makes malloc_info() list a second heap
//   (its own arena), in both runs: the GUI thread keeps the main arena to itself;
// - mmap threshold: a fresh 16 MiB block is mapped on its own by default (glibc's
//   threshold starts at 128 KiB), from the heap when it is raised;
// - trim threshold (configured): a 3 MiB block from the heap, freed, leaves a
//   free top past 2 MiB, which goes back to the system at once.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "ui/model/freed_memory.h"

namespace {

#if defined(__GLIBC__)

// The heaps (arenas) malloc_info() reports.
int arenaCount()
{
    char* text = nullptr;
    std::size_t size = 0;
    FILE* out = open_memstream(&text, &size);
    if (out == nullptr)
        return -1;
    malloc_info(0, out);
    std::fclose(out);
    int heaps = 0;
    for (const char* p = text; (p = std::strstr(p, "<heap nr=")) != nullptr; ++p)
        ++heaps;
    std::free(text);
    return heaps;
}

// Whether a fresh block of `bytes` is mapped on its own (not from the heap).
bool mappedOnItsOwn(std::size_t bytes)
{
    const std::size_t before = mallinfo2().hblkhd;
    void* volatile p = std::malloc(bytes);
    const bool mapped = mallinfo2().hblkhd >= before + bytes;
    std::free(p);
    return mapped;
}

// Whether the heap gives back the top a freed block of `bytes` leaves (the main
// arena's size, which mallinfo2() sums with the others', returns to where it was).
bool freedTopGivenBack(std::size_t bytes)
{
    const std::size_t before = mallinfo2().arena;
    void* volatile p = std::malloc(bytes);
    const std::size_t grown = mallinfo2().arena;
    std::free(p);
    const std::size_t after = mallinfo2().arena;
    return grown >= before + bytes && after < grown - bytes / 2;
}

#endif

int fail(const std::string& what)
{
    std::fprintf(stderr, "FAIL: %s\n", what.c_str());
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode != "library" && mode != "configured")
        return fail("usage: test_malloc_settings library|configured");
    const bool configured = mode == "configured";
    if (configured)
        poolscope::ui::configureMallocForInteractiveUse();
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
    std::puts("SKIP: not glibc's malloc");
    return 0;
#else
    // The main thread's arena exists once it has allocated.
    void* volatile mine = std::malloc(64);
    const bool mapped = mappedOnItsOwn(std::size_t(16) << 20);
    void* volatile theirs = nullptr;
    std::thread([&] { theirs = std::malloc(64); }).join();
    const int arenas = arenaCount();
    std::free(mine);
    std::free(theirs);
    std::printf("%s: %d arena(s), a 16 MiB block %s\n", mode.c_str(), arenas,
                mapped ? "mapped on its own" : "from the heap");
    if (arenas < 1)
        return fail("malloc_info() lists no heap");
    if (arenas < 2)
        return fail("a second thread allocates in the main arena: its trim would hold the GUI thread's lock");
    if (configured) {
        if (mapped)
            return fail("the configured process maps a 16 MiB block on its own");
        if (!freedTopGivenBack(std::size_t(3) << 20))
            return fail("the configured process keeps a freed 3 MiB top of its heap");
    } else if (!mapped) {
        return fail("linking the library raised malloc's mmap threshold");
    }
    std::puts("PASS");
    return 0;
#endif
}
