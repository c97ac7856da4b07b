#include "core/document/spec_json.h"

namespace poolscope {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json pair_json(Size2 v)
{
    return ordered_json::array({v.h, v.w});
}

template <class T> ordered_json optional_json(const std::optional<T>& v, ordered_json (*f)(T))
{
    return v ? f(*v) : ordered_json(nullptr);
}

std::string names_of_pool_ops()
{
    std::string s;
    for (PoolOp op : kAllPoolOps)
        s += (s.empty() ? "" : ", ") + std::string(pool_op_name(op));
    return s;
}

// output_ratio: a number for both axes or [h, w], each in the limits; null clears.
void read_output_ratio(JsonFields& f, std::optional<std::array<double, 2>>& out)
{
    const json* v = f.find("output_ratio");
    if (!v)
        return;
    if (v->is_null()) {
        out.reset();
        return;
    }
    auto in = [](const json& x) { return x.is_number() && limits::kOutputRatio.contains(x.get<double>()); };
    if (in(*v))
        out = std::array<double, 2>{v->get<double>(), v->get<double>()};
    else if (v->is_array() && v->size() == 2 && in((*v)[0]) && in((*v)[1]))
        out = std::array<double, 2>{(*v)[0].get<double>(), (*v)[1].get<double>()};
    else
        f.reject("output_ratio", *v, "null, a number or [height, width] in 0.01..0.99");
}

// fractional_samples: [[u_w, u_h], ...] with every u in [0, 1).
void read_fractional_samples(JsonFields& f, std::vector<std::array<double, 2>>& out)
{
    const json* v = f.find("fractional_samples");
    if (!v)
        return;
    auto unit = [](const json& x) { return x.is_number() && x.get<double>() >= 0 && x.get<double>() < 1; };
    std::vector<std::array<double, 2>> samples;
    bool ok = v->is_array() && v->size() <= std::size_t(limits::kMaxFractionalSamples);
    for (std::size_t i = 0; ok && i < v->size(); ++i) {
        const json& s = (*v)[i];
        ok = s.is_array() && s.size() == 2 && unit(s[0]) && unit(s[1]);
        if (ok)
            samples.push_back({s[0].get<double>(), s[1].get<double>()});
    }
    if (ok)
        out = std::move(samples);
    else
        f.reject("fractional_samples", *v,
                 "a list of at most " + std::to_string(limits::kMaxFractionalSamples) +
                     " [u_w, u_h] pairs with 0 <= u < 1");
}

// presets: a list of 1..16 preset names.
void read_presets(JsonFields& f, std::vector<KernelPreset>& out)
{
    const json* v = f.find("presets");
    if (!v)
        return;
    std::vector<KernelPreset> presets;
    bool ok = v->is_array() && !v->empty() && v->size() <= std::size_t(limits::kConvOutChannels.hi);
    for (std::size_t i = 0; ok && i < v->size(); ++i) {
        const auto k =
            (*v)[i].is_string() ? parse_kernel_preset((*v)[i].get_ref<const std::string&>()) : std::nullopt;
        ok = k.has_value();
        if (ok)
            presets.push_back(*k);
    }
    if (ok)
        out = std::move(presets);
    else
        f.reject("presets", *v,
                 "a list of 1 to 16 of identity, box, gaussian, sharpen, sobel-x, sobel-y, laplacian, "
                 "emboss, outline, random");
}

// padding: an integer, [h, w] or PyTorch's "same" (the same as padding_same: true).
void read_conv_padding(JsonFields& f, ConvSpec& spec)
{
    const json* v = f.find("padding");
    if (!v)
        return;
    if (v->is_string() && v->get_ref<const std::string&>() == "same") {
        spec.padding_same = true;
        return;
    }
    if (auto p = JsonFields::as_pair(*v, limits::kConvPadding)) {
        spec.padding = *p;
    } else {
        f.reject("padding", *v, "\"same\", an integer or [height, width] in 0..9");
    }
}

} // namespace

ordered_json pool_spec_json(const PoolSpec& p)
{
    ordered_json j;
    j["op"] = std::string(pool_op_name(p.op));
    j["kernel_size"] = pair_json(p.kernel);
    j["stride"] = optional_json<Size2>(p.stride, pair_json);
    j["padding"] = pair_json(p.padding);
    j["dilation"] = pair_json(p.dilation);
    j["ceil_mode"] = p.ceil_mode;
    j["count_include_pad"] = p.count_include_pad;
    j["divisor_override"] = p.divisor_override ? ordered_json(*p.divisor_override) : ordered_json(nullptr);
    j["norm_type"] = p.norm_type;
    j["alpha"] = p.alpha;
    j["seed"] = p.seed;
    j["train"] = p.train;
    j["output_size"] = optional_json<Size2>(p.output_size, pair_json);
    j["output_ratio"] = p.output_ratio ? ordered_json::array({(*p.output_ratio)[0], (*p.output_ratio)[1]})
                                       : ordered_json(nullptr);
    ordered_json samples = ordered_json::array();
    for (const auto& s : p.fractional_samples)
        samples.push_back(ordered_json::array({s[0], s[1]}));
    j["fractional_samples"] = std::move(samples);
    j["blur_size"] = p.blur_size;
    return j;
}

ordered_json conv_spec_json(const ConvSpec& c)
{
    ordered_json j;
    j["out_channels"] = c.out_channels;
    j["kernel_size"] = pair_json(c.kernel);
    j["stride"] = pair_json(c.stride);
    // The numbers are kept with padding_same, so switching 'same' off restores them.
    j["padding"] = pair_json(c.padding);
    j["padding_same"] = c.padding_same;
    j["dilation"] = pair_json(c.dilation);
    j["padding_mode"] = std::string(padding_mode_name(c.padding_mode));
    ordered_json presets = ordered_json::array();
    for (KernelPreset k : c.presets)
        presets.push_back(std::string(kernel_preset_name(k)));
    j["presets"] = std::move(presets);
    j["seed"] = c.seed;
    j["bias"] = c.bias;
    j["activation"] = std::string(activation_name(c.activation));
    j["negative_slope"] = c.negative_slope;
    return j;
}

void read_pool_spec(const json& object, PoolSpec& p, Problems& problems, std::string where)
{
    JsonFields f(object, std::move(where), problems);
    f.name("op", p.op, parse_pool_op, names_of_pool_ops());
    f.pair("kernel_size", p.kernel, limits::kPoolKernel);
    f.optional_pair("stride", p.stride, limits::kPoolStride);
    f.pair("padding", p.padding, limits::kPoolPadding);
    f.pair("dilation", p.dilation, limits::kPoolDilation);
    f.boolean("ceil_mode", p.ceil_mode);
    f.boolean("count_include_pad", p.count_include_pad);
    f.optional_integer("divisor_override", p.divisor_override, limits::kDivisorOverride);
    f.real("norm_type", p.norm_type, limits::kNormType);
    f.real("alpha", p.alpha, limits::kAlpha);
    f.seed("seed", p.seed);
    f.boolean("train", p.train);
    f.optional_pair("output_size", p.output_size, limits::kPoolOutputSize);
    read_output_ratio(f, p.output_ratio);
    read_fractional_samples(f, p.fractional_samples);
    f.integer("blur_size", p.blur_size, limits::kBlurSize);
    f.report_unknown();
}

void read_conv_spec(const json& object, ConvSpec& c, Problems& problems, std::string where)
{
    JsonFields f(object, std::move(where), problems);
    f.integer("out_channels", c.out_channels, limits::kConvOutChannels);
    f.pair("kernel_size", c.kernel, limits::kConvKernel);
    f.pair("stride", c.stride, limits::kConvStride);
    read_conv_padding(f, c);
    f.boolean("padding_same", c.padding_same);
    f.pair("dilation", c.dilation, limits::kConvDilation);
    f.name("padding_mode", c.padding_mode, parse_padding_mode, "zeros, reflect, replicate, circular");
    read_presets(f, c.presets);
    f.seed("seed", c.seed);
    f.real("bias", c.bias, limits::kConvBias);
    f.name("activation", c.activation, parse_activation, "none, relu, leaky-relu, sigmoid, tanh, abs");
    f.real("negative_slope", c.negative_slope, limits::kNegativeSlope);
    f.report_unknown();
}

} // namespace poolscope
