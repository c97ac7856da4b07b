#pragma once
// PoolSpec and ConvSpec as JSON objects with PyTorch's argument names, and back.
// Reading goes field by field (core/json_fields.h): a document written by hand, by
// another version or by an attacker changes only the fields that are valid and
// within the controls' limits, and says what it ignored.
#include <nlohmann/json.hpp>

#include "core/document/json_fields.h"
#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"

namespace poolscope {

nlohmann::ordered_json pool_spec_json(const PoolSpec& spec);
// Custom conv weights are not written: only presets can be saved.
nlohmann::ordered_json conv_spec_json(const ConvSpec& spec);

// Reads the fields present in `object` over `spec`; see JsonFields for the rules.
void read_pool_spec(const nlohmann::json& object, PoolSpec& spec, Problems& problems,
                    std::string where = "pool");
void read_conv_spec(const nlohmann::json& object, ConvSpec& spec, Problems& problems,
                    std::string where = "conv");

} // namespace poolscope
