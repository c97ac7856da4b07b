#pragma once
// Error types the core throws. Messages are written for a student: they name
// the parameter and the numbers, so they can be shown as they are.
#include <stdexcept>
#include <string>

namespace poolscope {

// A parameter combination that the operation does not accept (CLI exit 2).
class ParamError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// An input file or buffer that cannot be read or is not valid (CLI exit 3).
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace poolscope
