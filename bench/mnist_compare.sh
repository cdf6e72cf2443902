#!/bin/bash
# The whole MNIST example against PyTorch's, interleaved: R rounds (default 2) of torchlet and
# PyTorch at 1 and 2 threads, --limit L (default 6400) Fashion-MNIST samples; one line per run,
# then each side's best train samples/s and the ratio. Extra torchlet checkouts to compare run in
# the same rounds: OTHER="/path/to/checkout ..." (each with a built dist/).
# usage: bash bench/mnist_compare.sh   (from the repository root, after npm run build)
L=${L:-6400}; R=${R:-2}; DATA=${DATA:-/usr/share/datasets/fashion-mnist}
here=$(pwd); out=$(mktemp)
for r in $(seq 1 "$R"); do for T in 2 1; do
  for d in "$here" $OTHER; do
    echo "$d T=$T $(cd "$d" && TORCHLET_NUM_THREADS=$T node dist/cli.js train --data "$DATA" --epochs 1 --limit "$L" --json 2>/dev/null | tail -1)" | tee -a "$out"
  done
  echo "torch T=$T $(/usr/bin/python3 "$here/../shared/bench/torch_mnist.py" --data "$DATA" --limit "$L" --threads $T 2>/dev/null | tail -1)" | tee -a "$out"
done; done
node -e '
const best = new Map();
for (const l of require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n")) {
  const m = l.match(/^(\S+) T=\d (.*)$/); if (!m) continue; let j; try { j = JSON.parse(m[2]); } catch { continue; }
  best.set(m[1], Math.max(best.get(m[1]) || 0, j.train_samples_per_s));
}
const t = best.get("torch");
for (const [k, v] of best) if (k !== "torch") console.log(`best train samples/s: ${k} ${v.toFixed(0)} vs PyTorch ${t?.toFixed(0)}: ${(v / t).toFixed(2)}x`);
' "$out"
rm -f "$out"
