"""Regenerates every PyTorch conformance fixture under test/fixtures/.

    /usr/bin/python3 tools/gen_fixtures.py            # all files
    /usr/bin/python3 tools/gen_fixtures.py nll optim  # only some areas
    /usr/bin/python3 tools/gen_fixtures.py --check    # replay the written files through PyTorch

Needs PyTorch 1.13 (Debian's python3-torch) and numpy. Deterministic: every area seeds torch's RNG
itself, so one area's output does not depend on which other areas ran. The cases use the format of
/work/shared/conformance/run_cases.mjs and run_optim.mjs; test/conformance.test.mjs replays them.
"""
import os
import sys
import time

os.environ.setdefault("TORCH_SHOW_CPP_STACKTRACES", "0")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

import fixtures_common  # noqa: E402
import fixtures_cross_entropy  # noqa: E402
import fixtures_losses  # noqa: E402
import fixtures_math  # noqa: E402
import fixtures_nll  # noqa: E402
import fixtures_nn  # noqa: E402
import fixtures_optim  # noqa: E402
import fixtures_optim_more  # noqa: E402
import fixtures_replay  # noqa: E402

AREAS = {
    "nll": fixtures_nll.build,
    "cross_entropy": fixtures_cross_entropy.build,
    "losses": fixtures_losses.build,
    "nn": fixtures_nn.build,
    "optim": fixtures_optim.build,
    "optim_more": fixtures_optim_more.build,
    "math": fixtures_math.build,
}


def check(out_dir):
    """Replays every written file through PyTorch as the JS runners replay it through torchlet."""
    bad = 0
    for name in sorted(os.listdir(out_dir)):
        path = os.path.join(out_dir, name)
        if name.startswith("cases_") and name.endswith(".json"):
            n, fails = fixtures_replay.replay_cases(path)
        elif name.startswith("optim_") and name.endswith(".json"):
            n, fails = fixtures_replay.replay_optim(path)
        else:
            continue
        bad += len(fails)
        print(f"{name}: {n - len(fails)}/{n} replay identically")
        for f in fails[:20]:
            print("  FAIL " + f)
    sys.exit(1 if bad else 0)


def main(argv):
    torch.set_num_threads(1)  # the same reduction order on any machine
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = os.path.join(root, "test", "fixtures")
    if argv == ["--check"]:
        check(out_dir)
    names = argv or list(AREAS)
    unknown = [n for n in names if n not in AREAS]
    if unknown:
        sys.exit(f"unknown area(s) {unknown}; choose from {list(AREAS)}")
    os.makedirs(out_dir, exist_ok=True)
    total_cases, total_bytes = 0, 0
    for name in names:
        t0 = time.time()
        suite = AREAS[name]()
        path, n, size = suite.write(out_dir)
        total_cases += n
        total_bytes += size
        print(f"{os.path.relpath(path, root)}: {n} cases, {size / 1e6:.2f} MB, {time.time() - t0:.1f}s")
    print(f"total: {total_cases} cases, {total_bytes / 1e6:.2f} MB ({fixtures_common.GENERATOR})")
    if fixtures_common.SPEC_DIFFS:
        print(f"\n{len(fixtures_common.SPEC_DIFFS)} error message(s) differ from the spec's text:")
        for d in fixtures_common.SPEC_DIFFS:
            print("  " + d)


if __name__ == "__main__":
    main(sys.argv[1:])
