#pragma once
// A saved session: which input, the conv and pool parameters and where the
// animation stood, as a small JSON document a teacher can prepare before class
// and hand to students. Reading checks every field on its own (core/json_fields.h),
// so a damaged or hostile file changes only what is valid and says what it ignored.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/document/json_fields.h"
#include "core/shape/cell_rect.h"
#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"

namespace poolscope {

struct SessionFile {
    static constexpr int kVersion = 1;
    static constexpr std::size_t kMaxBytes = 1 << 20; // larger is not a session
    static constexpr std::size_t kMaxPathLength = 4096;

    // The input: an embedded sample's name, or else a file (an image or .npy; a
    // relative path is relative to the session file's folder). Both empty: none saved
    // (e.g. a pasted image).
    std::string sample;
    std::string file;
    bool conv_enabled = true;
    ConvSpec conv;
    PoolSpec pool;
    int channel = 0;    // the focused channel
    long long step = 0; // the animation step (counted inside the region when there is one)
    // The region of interest in pool-input cells; none: the whole map.
    std::optional<CellRect> region;
    std::string lab = "none"; // the lab's view over the stage: "none" or "coverage"
    double speed = 4.0;       // steps per second
};

std::string write_session(const SessionFile& session);

// Reads a session over `defaults`. Throws InputError when the text is larger than
// kMaxBytes, not JSON, not an object or not a PoolScope session; every other
// problem (unknown version, a bad or unknown field) is one line in `problems`.
SessionFile read_session(std::string_view text, const SessionFile& defaults, Problems& problems);

} // namespace poolscope
