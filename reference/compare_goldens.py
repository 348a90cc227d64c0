"""Compares freshly made goldens with the committed ones: ids and codes must be equal, floats
within 1e-5 (the CPU's float order may differ between machines in the last digits).

    python reference/compare_goldens.py COMMITTED NEW
"""

import base64
import json
import sys

import numpy as np

TOLERANCE = 1e-5


def differences(committed, new, path="") -> list[str]:
    if isinstance(committed, dict) and isinstance(new, dict):
        if committed.keys() != new.keys():
            return [f"{path}: keys {sorted(committed)} vs {sorted(new)}"]
        return [d for key in committed for d in differences(committed[key], new[key], f"{path}.{key}")]
    if isinstance(committed, list) and isinstance(new, list):
        if len(committed) != len(new):
            return [f"{path}: {len(committed)} items vs {len(new)}"]
        return [d for i, (a, b) in enumerate(zip(committed, new)) for d in differences(a, b, f"{path}[{i}]")]
    if path.endswith("float32_base64"):
        a, b = (np.frombuffer(base64.b64decode(x), dtype=np.float32) for x in (committed, new))
        return [] if a.shape == b.shape and np.max(np.abs(a - b)) <= TOLERANCE else [f"{path}: floats differ"]
    if isinstance(committed, float) or isinstance(new, float):
        return [] if abs(committed - new) <= TOLERANCE else [f"{path}: {committed} vs {new}"]
    return [] if committed == new else [f"{path}: {committed!r} vs {new!r}"]


def main() -> None:
    committed, new = (json.load(open(path, encoding="utf-8")) for path in sys.argv[1:3])
    found = differences(committed, new)
    for line in found[:20]:
        print(line)
    print(f"goldens {'differ' if found else 'regenerate the same'}"
          f"{f' ({len(found)} differences)' if found else ''}: {sys.argv[1]}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
