#!/usr/bin/python3
"""Writes the golden cases: small inputs and PyTorch's outputs, as .npy files plus manifest.json.

Run with Debian's interpreter, whose python3-torch is PyTorch 1.13 (the version the
product follows):

    /usr/bin/python3 tests/golden/generate_goldens.py

The files it writes are committed; the tests read them and never need torch.
Every input is drawn from a fixed torch.manual_seed, so a rerun writes the same bytes.
"""

import json
import math
import pathlib
import sys
import warnings

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.exit(
        f"generate_goldens.py needs PyTorch 1.13 and NumPy ({error}).\n"
        "Install Debian's python3-torch and run it with /usr/bin/python3."
    )

HERE = pathlib.Path(__file__).resolve().parent
C, H, W = 3, 9, 11  # default input: small, odd, not square


class Writer:
    """Collects cases, writes their arrays and the manifest."""

    def __init__(self, folder):
        self.folder = folder
        self.cases = []
        self.names = set()

    def save(self, name, tensor, dtype):
        array = tensor.detach().cpu().numpy().astype(dtype)
        np.save(self.folder / name, np.ascontiguousarray(array))
        return name

    def add(self, name, op, params, inputs, output, indices=None, extra=None):
        assert name not in self.names, name
        self.names.add(name)
        case = {"name": name, "op": op, "params": params}
        case["input"] = self.save(f"{name}.in.npy", inputs, "<f4")
        case["output"] = self.save(f"{name}.out.npy", output, "<f4")
        case["indices"] = self.save(f"{name}.idx.npy", indices, "<i8") if indices is not None else None
        case.update(extra or {})
        self.cases.append(case)

    def finish(self):
        stale = {p.name for p in self.folder.glob("*.npy")} - {
            f for c in self.cases for f in c.values() if isinstance(f, str) and f.endswith(".npy")
        }
        for name in stale:
            (self.folder / name).unlink()
        # One case per line: readable diffs when a case changes.
        header = json.dumps({"generator": "tests/golden/generate_goldens.py", "torch": torch.__version__})
        lines = ",\n  ".join(json.dumps(case) for case in self.cases)
        text = header[:-1] + ',\n "cases": [\n  ' + lines + "\n ]\n}\n"
        json.loads(text)  # the manifest must stay valid JSON
        (self.folder / "manifest.json").write_text(text)


def seeded(seed, *shape, low=-1.0, high=1.0):
    torch.manual_seed(seed)
    return torch.rand(*shape, dtype=torch.float32) * (high - low) + low


def with_ties(seed, shape=(1, C, H, W)):
    """Small integers: many equal values inside one window."""
    torch.manual_seed(seed)
    return torch.randint(0, 3, shape).to(torch.float32)


def with_nans(seed, shape=(1, C, H, W)):
    x = seeded(seed, *shape)
    x[0, 0, 1, 2] = float("nan")
    x[0, 1, 4, 4] = float("nan")
    x[0, 1, 4, 6] = float("nan")
    x[0, 2, 8, 10] = float("nan")
    return x


def pair(v):
    return [v, v] if isinstance(v, int) else list(v)


def max_pool_cases(w):
    cases = [
        ("max_k2", seeded(1, 1, C, H, W), dict(kernel=2)),
        ("max_k3_s2_p1", seeded(2, 1, C, H, W), dict(kernel=3, stride=2, padding=1)),
        ("max_k3_s2_ceil", seeded(3, 1, C, H, W), dict(kernel=3, stride=2, ceil_mode=True)),
        ("max_k3_s1_d2_p1", seeded(4, 1, C, H, W), dict(kernel=3, stride=1, padding=1, dilation=2)),
        ("max_k2_s1_d3_p1", seeded(13, 1, C, H, W), dict(kernel=2, stride=1, padding=1, dilation=3)),
        ("max_k3_s2_d2_p1_ceil", seeded(5, 1, C, H, W), dict(kernel=3, stride=2, padding=1, dilation=2, ceil_mode=True)),
        ("max_k2x3_s1x2_p1", seeded(6, 1, C, H, W), dict(kernel=(2, 3), stride=(1, 2), padding=(1, 1))),
        ("max_k4x1_s3x1_ceil", seeded(7, 1, C, H, W), dict(kernel=(4, 1), stride=(3, 1), ceil_mode=True)),
        ("max_nan_k3_s2_p1", with_nans(8), dict(kernel=3, stride=2, padding=1)),
        ("max_nan_k2", with_nans(9), dict(kernel=2)),
        ("max_ties_k3_s1_p1", with_ties(10), dict(kernel=3, stride=1, padding=1)),
        ("max_ties_k2x3_s2_d2_ceil", with_ties(11), dict(kernel=(2, 3), stride=2, dilation=(2, 1), ceil_mode=True)),
        ("max_1x1_input_k1", seeded(12, 1, C, 1, 1), dict(kernel=1)),
    ]
    for name, x, p in cases:
        params = {
            "kernel": pair(p["kernel"]),
            "stride": pair(p.get("stride", p["kernel"])),
            "padding": pair(p.get("padding", 0)),
            "dilation": pair(p.get("dilation", 1)),
            "ceil_mode": p.get("ceil_mode", False),
        }
        y, idx = F.max_pool2d(
            x, params["kernel"], params["stride"], params["padding"], params["dilation"],
            ceil_mode=params["ceil_mode"], return_indices=True,
        )
        w.add(name, "max_pool2d", params, x, y, idx)


def avg_pool_cases(w):
    cases = [
        ("avg_k2", seeded(21, 1, C, H, W), dict(kernel=2)),
        ("avg_k3_s2_p1_incl", seeded(22, 1, C, H, W), dict(kernel=3, stride=2, padding=1)),
        ("avg_k3_s2_p1_excl", seeded(22, 1, C, H, W), dict(kernel=3, stride=2, padding=1, count_include_pad=False)),
        ("avg_k3_s2_p1_div3", seeded(23, 1, C, H, W), dict(kernel=3, stride=2, padding=1, divisor_override=3)),
        ("avg_h5_k2_s2_ceil", seeded(24, 1, C, 5, 7), dict(kernel=2, stride=2, ceil_mode=True)),
        ("avg_k3_s2_p1_ceil_excl", seeded(25, 1, C, H, W), dict(kernel=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)),
        ("avg_k3_s2_p1_ceil_incl", seeded(25, 1, C, H, W), dict(kernel=3, stride=2, padding=1, ceil_mode=True)),
        ("avg_k2x4_s1x3_p1x2", seeded(26, 1, C, H, W), dict(kernel=(2, 4), stride=(1, 3), padding=(1, 2))),
        ("avg_k5_s1_p2_excl", seeded(27, 1, C, H, W), dict(kernel=5, stride=1, padding=2, count_include_pad=False)),
        ("avg_k3_s3_ceil_div5", seeded(28, 1, C, H, W), dict(kernel=3, stride=3, ceil_mode=True, divisor_override=5)),
    ]
    for name, x, p in cases:
        params = {
            "kernel": pair(p["kernel"]),
            "stride": pair(p.get("stride", p["kernel"])),
            "padding": pair(p.get("padding", 0)),
            "ceil_mode": p.get("ceil_mode", False),
            "count_include_pad": p.get("count_include_pad", True),
            "divisor_override": p.get("divisor_override"),
        }
        y = F.avg_pool2d(
            x, params["kernel"], params["stride"], params["padding"], params["ceil_mode"],
            params["count_include_pad"], params["divisor_override"],
        )
        w.add(name, "avg_pool2d", params, x, y)


def lp_specials():
    """Hand-made 2x2 windows: an average that underflows to -0 (lp_pool2d's sign() makes it
    +0), signed zeros, NaN of both signs, both infinities, and windows whose sum of x^p is
    negative (-1.5 at p = 1, NaN at p = 3)."""
    tiny = float(np.array([1], dtype="<u4").view("<f4")[0])  # the smallest subnormal
    nan, inf = float("nan"), float("inf")
    rows = [
        [-tiny, 0.0, 0.0, -0.0, nan, 1.0, -inf, 2.0, -1.0, -2.0],
        [0.0, 0.0, -0.0, -0.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.25],
        [-1.0, 2.0, 1.0, -nan, inf, 0.0, -8.0, 0.0, 3.0, -3.0],
        [-3.0, 0.5, -2.0, 1.0, 0.0, 0.0, 0.0, 0.0, -0.0, 0.0],
    ]
    return torch.tensor([[rows, [[-v for v in row] for row in rows]]], dtype=torch.float32)


def lp_pool_cases(w):
    # PyTorch raises x itself to p, not |x|: the first cases are non-negative (as after a
    # ReLU), the signed ones have windows whose sum of x^p is negative, which gives a
    # negative result at p = 1 and NaN at an odd or fractional p.
    cases = [
        ("lp_p1_k2", 1.0, seeded(31, 1, C, H, W, low=0.0), dict(kernel=2)),
        ("lp_p2_k3_s2", 2.0, seeded(32, 1, C, H, W, low=0.0), dict(kernel=3, stride=2)),
        ("lp_p3_k2x3_s1x2", 3.0, seeded(33, 1, C, H, W, low=0.0), dict(kernel=(2, 3), stride=(1, 2))),
        ("lp_p2_k3_s1", 2.0, seeded(34, 1, C, H, W, low=0.0), dict(kernel=3, stride=1)),
        ("lp_p2_h5_k2_s2_ceil", 2.0, seeded(35, 1, C, 5, 7, low=0.0), dict(kernel=2, stride=2, ceil_mode=True)),
        ("lp_signed_p1_k2", 1.0, seeded(36, 1, C, H, W), dict(kernel=2)),
        ("lp_signed_p1_k3_s2_ceil", 1.0, seeded(37, 1, C, H, W), dict(kernel=3, stride=2, ceil_mode=True)),
        ("lp_signed_p2_k3_s2_ceil", 2.0, seeded(38, 1, C, H, W), dict(kernel=3, stride=2, ceil_mode=True)),
        ("lp_signed_p3_k2", 3.0, seeded(39, 1, C, H, W), dict(kernel=2)),
        ("lp_signed_p3_k2x3_s1x2_ceil", 3.0, seeded(40, 1, C, H, W), dict(kernel=(2, 3), stride=(1, 2), ceil_mode=True)),
        ("lp_signed_p1_5_k2_ceil", 1.5, seeded(51, 1, C, H, W, low=-0.25), dict(kernel=2, ceil_mode=True)),
        ("lp_signed_p1_5_k3_s1", 1.5, seeded(52, 1, C, H, W, low=-0.1), dict(kernel=3, stride=1)),
        ("lp_specials_p1_k2", 1.0, lp_specials(), dict(kernel=2)),
        ("lp_specials_p2_k2", 2.0, lp_specials(), dict(kernel=2)),
        ("lp_specials_p3_k2", 3.0, lp_specials(), dict(kernel=2)),
        ("lp_specials_p1_5_k2", 1.5, lp_specials(), dict(kernel=2)),
    ]
    for name, p_norm, x, p in cases:
        params = {
            "norm_type": p_norm,
            "kernel": pair(p["kernel"]),
            "stride": pair(p.get("stride", p["kernel"])),
            "ceil_mode": p.get("ceil_mode", False),
        }
        y = F.lp_pool2d(x, p_norm, params["kernel"], params["stride"], params["ceil_mode"])
        if "signed" in name:  # the cases must show what they are for
            assert (y < 0).any() if p_norm == 1.0 else True, name
            assert torch.isnan(y).any() if p_norm in (3.0, 1.5) else True, name
            assert (torch.isfinite(y) & (y > 0)).any(), name
        w.add(name, "lp_pool2d", params, x, y)


def adaptive_cases(w):
    sizes = [(4, 5), (5, 3), (1, 1), (9, 11), (12, 4), (2, 7)]
    for i, (oh, ow) in enumerate(sizes):
        x = seeded(41 + i, 1, C, H, W)
        y, idx = F.adaptive_max_pool2d(x, (oh, ow), return_indices=True)
        w.add(f"adaptive_max_{oh}x{ow}", "adaptive_max_pool2d", {"output_size": [oh, ow]}, x, y, idx)
        y = F.adaptive_avg_pool2d(x, (oh, ow))
        w.add(f"adaptive_avg_{oh}x{ow}", "adaptive_avg_pool2d", {"output_size": [oh, ow]}, x, y)
    x = with_ties(49)
    y, idx = F.adaptive_max_pool2d(x, (4, 3), return_indices=True)
    w.add("adaptive_max_ties_4x3", "adaptive_max_pool2d", {"output_size": [4, 3]}, x, y, idx)
    x = with_nans(50)
    y, idx = F.adaptive_max_pool2d(x, (3, 4), return_indices=True)
    w.add("adaptive_max_nan_3x4", "adaptive_max_pool2d", {"output_size": [3, 4]}, x, y, idx)


def fractional_cases(w):
    cases = [
        ("fractional_k2_out4x5", 2, dict(output_size=(4, 5))),
        ("fractional_k3_ratio", 3, dict(output_ratio=(0.5, 0.7))),
        ("fractional_k2_out8x10", 2, dict(output_size=(8, 10))),
        ("fractional_k2x3_out5x6", (2, 3), dict(output_size=(5, 6))),
        ("fractional_k1_out7x7", 1, dict(output_size=(7, 7))),
    ]
    for i, (name, k, p) in enumerate(cases):
        x = seeded(61 + i, 1, C, H, W)
        torch.manual_seed(71 + i)
        samples = torch.rand(1, C, 2, dtype=torch.float32)  # [n][c] = {u_w, u_h}
        y, idx = F.fractional_max_pool2d(x, k, return_indices=True, _random_samples=samples, **p)
        params = {"kernel": pair(k), "samples": samples[0].tolist()}
        if "output_size" in p:
            params["output_size"] = list(p["output_size"])
        else:
            params["output_ratio"] = list(p["output_ratio"])
        w.add(name, "fractional_max_pool2d", params, x, y, idx)
    # PyTorch computes the interval starts in the input's dtype (float32). These samples
    # sit where float32 and float64 arithmetic pick different starts; a strictly
    # increasing input makes each window's argmax reveal its start.
    rounding = [
        ("fractional_float_starts_out3x3", (3, 3), [[0.555555522441864, 0.9999999403953552], [0.9999999403953552, 0.9999999403953552]]),
        ("fractional_float_starts_out4x4", (4, 4), [[0.6666666269302368, 0.2857142984867096], [0.33333316445350647, 0.1428571492433548]]),
    ]
    for name, size, samples in rounding:
        x = torch.arange(2 * H * W, dtype=torch.float32).reshape(1, 2, H, W)
        samples = torch.tensor([samples], dtype=torch.float32)
        y, idx = F.fractional_max_pool2d(x, 2, output_size=size, return_indices=True, _random_samples=samples)
        params = {"kernel": [2, 2], "samples": samples[0].tolist(), "output_size": list(size)}
        w.add(name, "fractional_max_pool2d", params, x, y, idx)


def unpool_cases(w):
    cases = [
        ("unpool_k2", dict(kernel=2), None, seeded(81, 1, C, 8, 10)),
        ("unpool_k2_size", dict(kernel=2), (9, 11), seeded(86, 1, C, H, W)),
        ("unpool_k3_s2_p1_size", dict(kernel=3, stride=2, padding=1), (10, 12), seeded(82, 1, C, H, W)),
        ("unpool_k3_s2_p1", dict(kernel=3, stride=2, padding=1), None, seeded(83, 1, C, H, W)),
        ("unpool_k2x3_s1x2_size", dict(kernel=(2, 3), stride=(1, 2)), (9, 11), seeded(84, 1, C, H, W)),
        ("unpool_ties_k3_s1_p1", dict(kernel=3, stride=1, padding=1), None, with_ties(85)),
        ("unpool_k2x3_s2x1_p1_size", dict(kernel=(2, 3), stride=(2, 1), padding=1), (9, 11), seeded(87, 1, C, H, W)),
    ]
    for name, p, size, x in cases:
        k, s, pad = pair(p["kernel"]), pair(p.get("stride", p["kernel"])), pair(p.get("padding", 0))
        pooled, idx = F.max_pool2d(x, k, s, pad, return_indices=True)
        y = F.max_unpool2d(pooled, idx, k, s, pad, output_size=size)
        params = {"kernel": k, "stride": s, "padding": pad, "output_size": list(size) if size else None}
        w.add(name, "max_unpool2d", params, pooled, y, idx)


def conv_cases(w):
    cases = [
        ("conv_k3_p1_bias", dict(kernel=3, padding=1, bias=True)),
        ("conv_k3_s2", dict(kernel=3, stride=2)),
        ("conv_k3_d2_p2", dict(kernel=3, dilation=2, padding=2)),
        ("conv_k2x3_s2x1_p1x0", dict(kernel=(2, 3), stride=(2, 1), padding=(1, 0), bias=True)),
        ("conv_k5_same", dict(kernel=5, padding="same")),
        ("conv_k4_same", dict(kernel=4, padding="same", bias=True)),
        ("conv_k2x4_d2_same", dict(kernel=(2, 4), dilation=2, padding="same")),
        ("conv_k3_reflect_p1", dict(kernel=3, padding=1, mode="reflect")),
        ("conv_k3_replicate_p2", dict(kernel=3, padding=2, mode="replicate", bias=True)),
        ("conv_k3_circular_p1", dict(kernel=3, padding=1, mode="circular")),
        ("conv_k3_s2_reflect_p2_d2", dict(kernel=3, stride=2, padding=2, dilation=2, mode="reflect")),
        ("conv_k1_out4", dict(kernel=1, out_channels=4, bias=True)),
    ]
    for i, (name, p) in enumerate(cases):
        k = pair(p["kernel"])
        out_channels = p.get("out_channels", 2)
        x = seeded(101 + i, 1, C, H, W)
        weight = seeded(201 + i, out_channels, C, *k, low=-0.5, high=0.5)
        bias = seeded(301 + i, out_channels) if p.get("bias") else torch.zeros(out_channels)
        stride, dilation = pair(p.get("stride", 1)), pair(p.get("dilation", 1))
        mode = p.get("mode", "zeros")
        padding = p.get("padding", 0)
        # The expected values are computed in float64, then rounded once.
        xd, wd, bd = x.double(), weight.double(), bias.double()
        if mode == "zeros":
            y = F.conv2d(xd, wd, bd, stride, padding if padding == "same" else pair(padding), dilation)
        else:
            ph, pw = pair(padding)
            y = F.conv2d(F.pad(xd, (pw, pw, ph, ph), mode=mode), wd, bd, stride, 0, dilation)
        params = {
            "kernel": k,
            "stride": stride,
            "padding": "same" if padding == "same" else pair(padding),
            "dilation": dilation,
            "padding_mode": mode,
            "out_channels": out_channels,
            "bias": bias.tolist(),
        }
        # Stored as (out*in, kh, kw): .npy readers of images take one batch at most.
        params["weights_shape"] = list(weight.shape)
        flat = weight.reshape(out_channels * C, *k)
        w.add(name, "conv2d", params, x, y.float(), extra={"weights": w.save(f"{name}.w.npy", flat, "<f4")})


def activation_cases(w):
    x = seeded(401, 1, C, H, W, low=-4.0, high=4.0)
    x[0, 0, 0, :4] = torch.tensor([0.0, -0.0, 20.0, -20.0])
    w.add("relu", "relu", {}, x, F.relu(x))
    w.add("leaky_relu_001", "leaky_relu", {"negative_slope": 0.01}, x, F.leaky_relu(x, 0.01))
    w.add("leaky_relu_02", "leaky_relu", {"negative_slope": 0.2}, x, F.leaky_relu(x, 0.2))
    w.add("sigmoid", "sigmoid", {}, x, torch.sigmoid(x))
    w.add("tanh", "tanh", {}, x, torch.tanh(x))
    w.add("abs", "abs", {}, x, torch.abs(x))


# The backward pass: x.requires_grad, y = op(x), y.backward(g); the case's output is
# x.grad. Where PyTorch has no op, its formula is written here in torch and autograd
# differentiates that. Params use the core's names (PoolSpec), op the CLI's.


def window_columns(x, k, s, p, d):
    """Every sliding window's taps, (N, C, kh*kw, L), and which of them lie inside."""
    n, c = x.shape[:2]
    cols = F.unfold(x, k, dilation=d, padding=p, stride=s).reshape(n, c, k[0] * k[1], -1)
    inside = F.unfold(torch.ones_like(x), k, dilation=d, padding=p, stride=s).reshape(n, c, k[0] * k[1], -1) > 0
    return cols, inside


def softpool2d(x, k, s, p, d):
    cols, inside = window_columns(x, k, s, p, d)
    weights = torch.softmax(cols.masked_fill(~inside, float("-inf")), dim=2)
    return (weights * cols).sum(2)


def stochastic_eval2d(x, k, s, p, d):
    cols, _ = window_columns(x, k, s, p, d)
    a = F.relu(cols)
    total = a.sum(2)
    return (a * a).sum(2) / torch.where(total > 0, total, torch.ones_like(total))


def blurpool2d(x, k, s, p, d, blur_size):
    m = F.max_pool2d(x, k, 1, p, d)
    row = torch.tensor([float(math.comb(blur_size - 1, i)) for i in range(blur_size)], dtype=torch.float64)
    row = (row / row.sum()).float()
    before = (blur_size - 1) // 2
    after = blur_size - 1 - before
    padded = F.pad(m, (before, after, before, after), mode="reflect")
    channels = x.shape[1]
    filt = (row[:, None] * row[None, :]).expand(channels, 1, blur_size, blur_size)
    return F.conv2d(padded, filt, groups=channels)[:, :, :: s[0], :: s[1]]


def lp_zero_windows(seed):
    """Signed values with 2x2 windows whose sum of x^p is 0 at every p (all zeros, or
    x and -x for odd p) and windows whose sum is negative."""
    x = seeded(seed, 1, C, H, W)
    x[0, 0, 0:2, 0:2] = 0.0
    x[0, 1, 2:4, 2:4] = torch.tensor([[0.5, -0.5], [0.25, -0.25]])
    x[0, 2, 4:6, 4:6] = torch.tensor([[-1.0, -0.5], [0.25, -0.75]])
    return x


def backward_case(w, name, op, params, x, forward):
    x = x.clone().requires_grad_(True)
    y = forward(x)
    g = seeded(500 + len(w.cases), *y.shape)
    y.backward(g)
    w.add(name, op, params, x, x.grad, extra={"grad_output": w.save(f"{name}.gout.npy", g, "<f4")})


def sliding_params(p, **defaults):
    out = {
        "kernel": pair(p["kernel"]),
        "stride": pair(p.get("stride", p["kernel"])),
        "padding": pair(p.get("padding", 0)),
        "dilation": pair(p.get("dilation", 1)),
        "ceil_mode": p.get("ceil_mode", False),
    }
    out.update(defaults)
    return out


def backward_cases(w):
    maxes = [
        ("max_k2", seeded(601, 1, C, H, W), dict(kernel=2)),
        ("max_k3_s2_p1", seeded(602, 1, C, H, W), dict(kernel=3, stride=2, padding=1)),
        ("max_k3_s1_overlap", seeded(603, 1, C, H, W), dict(kernel=3, stride=1)),
        ("max_k3_s2_ceil", seeded(604, 1, C, H, W), dict(kernel=3, stride=2, ceil_mode=True)),
        ("max_k3_s1_d2_p1", seeded(605, 1, C, H, W), dict(kernel=3, stride=1, padding=1, dilation=2)),
        ("max_nan_k3_s2_p1", with_nans(606), dict(kernel=3, stride=2, padding=1)),
        ("max_ties_k3_s1_p1", with_ties(607), dict(kernel=3, stride=1, padding=1)),
    ]
    for name, x, p in maxes:
        q = sliding_params(p)
        backward_case(w, name, "max", q, x, lambda t, q=q: F.max_pool2d(
            t, q["kernel"], q["stride"], q["padding"], q["dilation"], q["ceil_mode"]))
    for name, x, p in [("min_k3_s2_p1", seeded(611, 1, C, H, W), dict(kernel=3, stride=2, padding=1)),
                       ("min_ties_k2", with_ties(612), dict(kernel=2))]:
        q = sliding_params(p)
        backward_case(w, name, "min", q, x, lambda t, q=q: -F.max_pool2d(
            -t, q["kernel"], q["stride"], q["padding"], q["dilation"], q["ceil_mode"]))
    avgs = [
        ("avg_k2", seeded(621, 1, C, H, W), dict(kernel=2)),
        ("avg_k3_s2_p1_incl", seeded(622, 1, C, H, W), dict(kernel=3, stride=2, padding=1)),
        ("avg_k3_s2_p1_excl", seeded(622, 1, C, H, W), dict(kernel=3, stride=2, padding=1, count_include_pad=False)),
        ("avg_k3_s2_p1_div3", seeded(623, 1, C, H, W), dict(kernel=3, stride=2, padding=1, divisor_override=3)),
        ("avg_h5_k2_s2_ceil", seeded(624, 1, C, 5, 7), dict(kernel=2, stride=2, ceil_mode=True)),
        ("avg_k3_s2_p1_ceil_excl", seeded(625, 1, C, H, W), dict(kernel=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)),
        ("avg_k3_s2_p1_ceil_incl", seeded(625, 1, C, H, W), dict(kernel=3, stride=2, padding=1, ceil_mode=True)),
        ("avg_k3_s1_p1_overlap", seeded(626, 1, C, H, W), dict(kernel=3, stride=1, padding=1)),
    ]
    for name, x, p in avgs:
        q = sliding_params(p, count_include_pad=p.get("count_include_pad", True),
                           divisor_override=p.get("divisor_override"))
        backward_case(w, name, "avg", q, x, lambda t, q=q: F.avg_pool2d(
            t, q["kernel"], q["stride"], q["padding"], q["ceil_mode"], q["count_include_pad"], q["divisor_override"]))
    for i, (oh, ow) in enumerate([(4, 5), (5, 3), (2, 7)]):
        x = seeded(631 + i, 1, C, H, W)
        backward_case(w, f"adaptive_max_{oh}x{ow}", "adaptive-max", {"output_size": [oh, ow]}, x,
                      lambda t, s=(oh, ow): F.adaptive_max_pool2d(t, s))
        backward_case(w, f"adaptive_avg_{oh}x{ow}", "adaptive-avg", {"output_size": [oh, ow]}, x,
                      lambda t, s=(oh, ow): F.adaptive_avg_pool2d(t, s))
    backward_case(w, "adaptive_max_ties_4x3", "adaptive-max", {"output_size": [4, 3]}, with_ties(635),
                  lambda t: F.adaptive_max_pool2d(t, (4, 3)))
    backward_case(w, "adaptive_max_nan_3x4", "adaptive-max", {"output_size": [3, 4]}, with_nans(636),
                  lambda t: F.adaptive_max_pool2d(t, (3, 4)))
    backward_case(w, "global_max", "global-max", {}, seeded(637, 1, C, H, W), lambda t: F.adaptive_max_pool2d(t, 1))
    backward_case(w, "global_avg", "global-avg", {}, seeded(638, 1, C, H, W), lambda t: F.adaptive_avg_pool2d(t, 1))
    for i, (name, k, size) in enumerate([("fractional_k2_out4x5", 2, (4, 5)), ("fractional_k3_out5x6", 3, (5, 6))]):
        torch.manual_seed(641 + i)
        samples = torch.rand(1, C, 2, dtype=torch.float32)
        params = {"kernel": pair(k), "output_size": list(size), "samples": samples[0].tolist()}
        backward_case(w, name, "fractional-max", params, seeded(643 + i, 1, C, H, W),
                      lambda t, k=k, size=size, samples=samples: F.fractional_max_pool2d(
                          t, k, output_size=size, _random_samples=samples))
    lps = [
        ("lp_signed_p1_k2", 1.0, seeded(651, 1, C, H, W), dict(kernel=2)),
        ("lp_signed_p2_k3_s2_ceil", 2.0, seeded(652, 1, C, H, W), dict(kernel=3, stride=2, ceil_mode=True)),
        ("lp_signed_p3_k2", 3.0, seeded(653, 1, C, H, W), dict(kernel=2)),
        ("lp_p2_k3_s1_overlap", 2.0, seeded(654, 1, C, H, W, low=0.0), dict(kernel=3, stride=1)),
        ("lp_p3_k2x3_s1x2_ceil", 3.0, seeded(655, 1, C, H, W, low=0.0), dict(kernel=(2, 3), stride=(1, 2), ceil_mode=True)),
        ("lp_zero_p1_k2", 1.0, lp_zero_windows(656), dict(kernel=2)),
        ("lp_zero_p2_k2", 2.0, lp_zero_windows(656), dict(kernel=2)),
        ("lp_zero_p3_k2", 3.0, lp_zero_windows(656), dict(kernel=2)),
    ]
    for name, norm, x, p in lps:
        q = sliding_params(p, norm_type=norm)
        backward_case(w, name, "lp", q, x, lambda t, q=q: F.lp_pool2d(
            t, q["norm_type"], q["kernel"], q["stride"], q["ceil_mode"]))
    mixed = [
        ("mixed_a03_k3_s2_p1_excl", 0.3, seeded(661, 1, C, H, W), dict(kernel=3, stride=2, padding=1, count_include_pad=False)),
        ("mixed_a07_k2_ceil", 0.7, seeded(662, 1, C, 5, 7), dict(kernel=2, stride=2, ceil_mode=True)),
        ("mixed_a05_k3_s1_p1_overlap", 0.5, seeded(663, 1, C, H, W), dict(kernel=3, stride=1, padding=1)),
    ]
    for name, alpha, x, p in mixed:
        q = sliding_params(p, alpha=alpha, count_include_pad=p.get("count_include_pad", True), divisor_override=None)
        backward_case(w, name, "mixed", q, x, lambda t, q=q: q["alpha"] * F.max_pool2d(
            t, q["kernel"], q["stride"], q["padding"], 1, q["ceil_mode"]) + (1 - q["alpha"]) * F.avg_pool2d(
            t, q["kernel"], q["stride"], q["padding"], q["ceil_mode"], q["count_include_pad"]))
    windows = [
        ("k2", seeded(671, 1, C, H, W, low=-2.0, high=2.0), dict(kernel=2)),
        ("k3_s1_p1_overlap", seeded(672, 1, C, H, W, low=-2.0, high=2.0), dict(kernel=3, stride=1, padding=1)),
        ("k3_s2_d2_p1", seeded(673, 1, C, H, W, low=-2.0, high=2.0), dict(kernel=3, stride=2, padding=1, dilation=2)),
    ]
    for suffix, x, p in windows:
        q = sliding_params(p)
        out_size = lambda t, q=q: [int(v) for v in F.max_pool2d(t, q["kernel"], q["stride"], q["padding"], q["dilation"]).shape[2:]]
        for op, fn in (("softpool", softpool2d), ("stochastic", stochastic_eval2d)):
            def forward(t, q=q, fn=fn):
                size = out_size(t.detach())
                return fn(t, q["kernel"], q["stride"], q["padding"], q["dilation"]).reshape(1, C, *size)
            params = dict(q, train=False) if op == "stochastic" else q
            backward_case(w, f"{op}_{suffix}", op, params, x, forward)
    blurs = [
        ("blurpool_k2_s2_b3", seeded(681, 1, C, H, W), dict(kernel=2, stride=2), 3),
        ("blurpool_k3_s2_p1_b4", seeded(682, 1, C, H, W), dict(kernel=3, stride=2, padding=1), 4),
        ("blurpool_k2_s3_d2_b5", seeded(683, 1, C, H, W), dict(kernel=2, stride=3, dilation=2), 5),
    ]
    for name, x, p, size in blurs:
        q = sliding_params(p, blur_size=size)
        backward_case(w, name, "blurpool", q, x, lambda t, q=q: blurpool2d(
            t, q["kernel"], q["stride"], q["padding"], q["dilation"], q["blur_size"]))


def main():
    if not torch.__version__.startswith("1.13"):
        sys.exit(f"generate_goldens.py expects PyTorch 1.13, found {torch.__version__}; use /usr/bin/python3.")
    torch.set_num_threads(1)
    # PyTorch notes that an even 'same' kernel pads a copy of the input; that is the point here.
    warnings.filterwarnings("ignore", message="Using padding='same'")
    w = Writer(HERE)
    max_pool_cases(w)
    avg_pool_cases(w)
    lp_pool_cases(w)
    adaptive_cases(w)
    fractional_cases(w)
    unpool_cases(w)
    conv_cases(w)
    activation_cases(w)
    w.finish()
    print(f"wrote {len(w.cases)} cases to {HERE}")
    (HERE / "backward").mkdir(exist_ok=True)
    b = Writer(HERE / "backward")
    backward_cases(b)
    b.finish()
    print(f"wrote {len(b.cases)} backward cases to {HERE / 'backward'}")


if __name__ == "__main__":
    main()
