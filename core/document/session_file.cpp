#include "core/document/session_file.h"

#include "core/document/spec_json.h"
#include "core/tensor/errors.h"

namespace poolscope {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::string_view kFormat = "poolscope-session";

void read_input(JsonFields& top, SessionFile& s, Problems& problems)
{
    const json* v = top.find("input");
    if (!v)
        return;
    JsonFields f(*v, "input", problems);
    std::string sample, file;
    f.text("sample", sample, 64);
    f.text("file", file, SessionFile::kMaxPathLength);
    f.report_unknown();
    if (!sample.empty() && !file.empty())
        problems.push_back("input: both a sample and a file; the sample is used");
    if (!sample.empty() || !file.empty()) {
        s.sample = sample;
        s.file = sample.empty() ? file : std::string();
    }
}

void read_version(JsonFields& top, Problems& problems)
{
    const json* v = top.find("version");
    if (!v) {
        problems.push_back("session.version: missing; read as version " +
                           std::to_string(SessionFile::kVersion));
        return;
    }
    if (!v->is_number_integer() || v->get<long long>() < 1) {
        top.reject("version", *v, "a version number");
        return;
    }
    if (v->get<long long>() > SessionFile::kVersion)
        problems.push_back("session.version: written by a newer PoolScope (version " + v->dump() +
                           "); only the fields this version knows are read");
}

} // namespace

std::string write_session(const SessionFile& s)
{
    ordered_json j;
    j["format"] = kFormat;
    j["version"] = SessionFile::kVersion;
    if (!s.sample.empty())
        j["input"] = {{"sample", s.sample}};
    else if (!s.file.empty())
        j["input"] = {{"file", s.file}};
    j["conv_enabled"] = s.conv_enabled;
    j["conv"] = conv_spec_json(s.conv);
    j["pool"] = pool_spec_json(s.pool);
    j["view"] = {{"channel", s.channel}, {"step", s.step}, {"speed", s.speed}, {"lab", s.lab}};
    if (s.region)
        j["view"]["region"] = {
            {"x", s.region->x}, {"y", s.region->y}, {"width", s.region->w}, {"height", s.region->h}};
    return j.dump(2) + "\n";
}

namespace {

// A region is used whole or not at all: half a rectangle is not the teacher's.
void read_region(const json& j, std::optional<CellRect>& out, Problems& problems)
{
    if (j.is_null()) {
        out.reset();
        return;
    }
    const std::size_t before = problems.size();
    JsonFields f(j, "view.region", problems);
    if (!f.is_object())
        return;
    constexpr limits::IntRange kCoordinate{0, 1'000'000}, kSize{1, 1'000'000};
    CellRect r{-1, -1, -1, -1};
    f.integer("x", r.x, kCoordinate);
    f.integer("y", r.y, kCoordinate);
    f.integer("width", r.w, kSize);
    f.integer("height", r.h, kSize);
    f.report_unknown();
    if (problems.size() == before && r.x >= 0 && r.y >= 0 && r.w > 0 && r.h > 0)
        out = r;
    else if (problems.size() == before)
        problems.push_back("view.region: needs x, y, width and height");
}

} // namespace

SessionFile read_session(std::string_view text, const SessionFile& defaults, Problems& problems)
{
    if (text.size() > SessionFile::kMaxBytes)
        throw InputError("a session file is at most " + std::to_string(SessionFile::kMaxBytes) +
                         " bytes; this one has " + std::to_string(text.size()));
    // Printing and comparing JSON recurse, so nesting is bounded while parsing.
    constexpr int kMaxDepth = 32;
    const json::parser_callback_t bounded = [](int depth, json::parse_event_t, json&) {
        if (depth > kMaxDepth)
            throw InputError("not a PoolScope session: nested deeper than " + std::to_string(kMaxDepth) +
                             " levels");
        return true;
    };
    json j;
    try {
        j = json::parse(text, bounded);
    } catch (const json::parse_error& e) {
        throw InputError("not a PoolScope session: invalid JSON at byte " + std::to_string(e.byte));
    } catch (const json::exception&) { // a number too large for a double
        throw InputError("not a PoolScope session: invalid JSON (a number out of range)");
    }
    const auto format = j.is_object() ? j.find("format") : j.end();
    if (!j.is_object() || format == j.end() || !format->is_string() ||
        format->get_ref<const std::string&>() != kFormat)
        throw InputError("not a PoolScope session (no \"format\": \"poolscope-session\")");

    SessionFile s = defaults;
    JsonFields top(j, "session", problems);
    top.find("format");
    read_version(top, problems);
    read_input(top, s, problems);
    top.boolean("conv_enabled", s.conv_enabled);
    if (const json* conv = top.find("conv"))
        read_conv_spec(*conv, s.conv, problems);
    if (const json* pool = top.find("pool"))
        read_pool_spec(*pool, s.pool, problems);
    if (const json* view = top.find("view")) {
        JsonFields f(*view, "view", problems);
        f.integer("channel", s.channel, {0, 65535});
        f.integer("step", s.step, 0, 2147483647);
        f.real("speed", s.speed, limits::kAnimationSpeed);
        f.name(
            "lab", s.lab,
            [](std::string_view v) -> std::optional<std::string> {
                if (v == "none" || v == "coverage")
                    return std::string(v);
                return std::nullopt;
            },
            "none, coverage");
        if (const json* region = f.find("region"))
            read_region(*region, s.region, problems);
        f.report_unknown();
    }
    top.report_unknown();
    return s;
}

} // namespace poolscope
