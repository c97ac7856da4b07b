#pragma once
// What fuzz_pool makes of its bytes: a bounded PoolSpec (every op, valid and invalid
// parameters), a small input tensor and one output cell to trace. The byte layout is
// listed in pool_input.cpp; tests/fuzz/make_seeds.py writes seeds in it.
#include <cstdint>

#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"
#include "tests/fuzz/fuzz_bytes.h"

namespace poolscope::fuzz {

struct PoolCase {
    PoolSpec spec;
    Tensor input;
    // Channel, row and column of the cell to trace, each taken modulo the output's size.
    std::uint8_t cell_c = 0, cell_y = 0, cell_x = 0;
};

PoolCase read_pool_case(ByteReader& bytes);

} // namespace poolscope::fuzz
