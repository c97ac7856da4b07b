#pragma once
// Reads a fuzz input front to back, one decision per byte, so that a seed can be
// written by hand (tests/fuzz/make_seeds.py) and a mutated byte changes one thing.
// Past the end every read gives 0: a short input is still a whole input.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace poolscope::fuzz {

class ByteReader {
public:
    ByteReader(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

    std::uint8_t byte() { return p_ < end_ ? *p_++ : 0; }
    // One of n choices, n in 1..256.
    int pick(int n) { return byte() % n; }
    // Little-endian, as Python's struct.pack("<I") writes it.
    std::uint32_t u32()
    {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v |= std::uint32_t(byte()) << (8 * i);
        return v;
    }
    std::size_t remaining() const { return std::size_t(end_ - p_); }
    std::vector<unsigned char> rest()
    {
        std::vector<unsigned char> v(p_, end_);
        p_ = end_;
        return v;
    }

private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

} // namespace poolscope::fuzz
