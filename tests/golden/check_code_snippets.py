#!/usr/bin/python3
"""Runs the code panel's snippets with PyTorch 1.13 and records what they give.

tests/golden/code_snippets.json holds, per configuration, the PyTorch, Keras and
NumPy snippets the panel shows (written by the test_code_snippets QTest with
POOLSCOPE_UPDATE_REFERENCE=1). This script, run by hand at golden-generation time
with Debian's interpreter:

    /usr/bin/python3 tests/golden/check_code_snippets.py

executes each PyTorch snippet and stores the shape of its `y` (torch_shape), and
executes each NumPy snippet and compares its `y` with torch.nn.functional's
max_pool2d / avg_pool2d on the same `x` (numpy_matches_torch). It fails when a
snippet does not run or a NumPy result differs. The test then checks the stored
shapes against the core's, without torch. Keras snippets are stored, not run
(TensorFlow is not packaged in Debian).
"""

import json
import pathlib
import sys

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.exit(f"check_code_snippets.py needs PyTorch 1.13 and NumPy ({error}); run it with /usr/bin/python3.")

FILE = pathlib.Path(__file__).resolve().parent / "code_snippets.json"


def run(code):
    """Executes a snippet in a fresh namespace and returns it."""
    namespace = {}
    exec(compile(code, "<snippet>", "exec"), namespace)
    return namespace


def torch_pool(x, pool):
    """The reference: PyTorch's functional op on the snippet's own input."""
    t = torch.from_numpy(np.ascontiguousarray(x))[None]
    if pool["op"] == "max":
        y = F.max_pool2d(t, pool["kernel"], pool["stride"], pool["padding"], pool["dilation"], pool["ceil_mode"])
    else:
        y = F.avg_pool2d(t, pool["kernel"], pool["stride"], pool["padding"], pool["ceil_mode"],
                         pool["count_include_pad"], pool.get("divisor_override"))
    return y[0].numpy()


def main():
    data = json.loads(FILE.read_text())
    failures = []
    torch.manual_seed(0)
    np.random.seed(0)
    for config in data["configs"]:
        name = config["name"]
        y = run(config["pytorch"])["y"]
        config["torch_shape"] = list(y.shape)
        print(f"{name}: torch {tuple(y.shape)}")
        if config["numpy"]:
            # Negative values too, so padding that is not -inf for max would show.
            ns = run(config["numpy"].replace("np.random.rand(", "np.random.randn("))
            expected = torch_pool(ns["x"], config["pool"])
            same = ns["y"].shape == expected.shape and np.allclose(ns["y"], expected, rtol=1e-5, atol=1e-6)
            config["numpy_matches_torch"] = bool(same)
            print(f"{name}: numpy {'matches' if same else 'DIFFERS from'} torch")
            if not same:
                failures.append(name)
        else:
            config["numpy_matches_torch"] = None
    data["checked_by"] = {"script": "tests/golden/check_code_snippets.py", "torch": torch.__version__,
                          "numpy": np.__version__}
    FILE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    if failures:
        sys.exit("NumPy snippets that differ from PyTorch: " + ", ".join(failures))


if __name__ == "__main__":
    main()
