// The values torchlet saves into test/fixtures/pt/torchlet_<name>.pt, committed together with what
// PyTorch 1.13 read from those files (torchlet_expected.json, tools/pt_describe.py's format), so the
// tests check without PyTorch that torchlet still writes the same bytes, and that they meant what
// PyTorch read. Regenerate (after a deliberate format change): npm run build && node tools/pt_torchlet_fixture.mjs
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

/** The values, built without randomness except a seeded model. */
export function torchletInputs(torch) {
  torch.manual_seed(0);
  const seq = new torch.nn.Sequential(new torch.nn.Conv2d(1, 2, 3), new torch.nn.ReLU(), new torch.nn.Flatten(), new torch.nn.Linear(8, 3));
  const base = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);
  const shared = torch.full([4], 3);
  return {
    state: seq.state_dict(),
    nested: {
      epoch: 3, lr: 0.5, name: 'ü€😀', flags: [true, false, null, undefined],
      ints: [255, 256, 65535, 65536, -1, -(2 ** 31), 2 ** 31, 2 ** 40, -(2 ** 53), 1e21],
      big: 2n ** 70n, negzero: -0, nan: NaN, ninf: -Infinity,
      nested: new Map([['a', { b: [torch.tensor([1.5, -2])] }], [7, 'int key']]),
      empty: { list: [], dict: {}, map: new Map() },
    },
    views: {
      base, t: base.t(), row: base.get(1), col: base.get(':', 2), step: base.get(':', '::2'), narrow: base.get('1:', '1:3'),
      expand: torch.tensor([1, 2]).expand(3, 2), shared_a: shared, shared_b: shared.view(2, 2), same: base,
    },
    edge: {
      scalar: torch.tensor(3.25), int_scalar: torch.tensor(7), bool_scalar: torch.tensor(true),
      empty: torch.zeros(0, 3), empty1: torch.zeros(0), grad: torch.ones(2, { requires_grad: true }),
      param: new torch.nn.Parameter(torch.tensor([1, 2], { dtype: torch.float32 })),
      frozen: new torch.nn.Parameter(torch.tensor([3], { dtype: torch.float32 }), false),
    },
    dtypes: {
      float32: torch.tensor([1.5, -0, Infinity, NaN, 1e-45, 3.4e38], { dtype: torch.float32 }),
      float64: torch.tensor([0.1, -1e308, 5e-324], { dtype: torch.float64 }),
      int64: torch.tensor([0, -1, 2 ** 53, -(2 ** 53)]),
      bool: torch.tensor([true, false, true]),
    },
    // CPython's batches of 1000: a plain object of exactly 1000 keys ends in an empty batch
    batches: {
      list: Array.from({ length: 1001 }, (_, i) => i),
      dict: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`d${i}`, i])),
      od: new Map(Array.from({ length: 1001 }, (_, i) => [`o${i}`, i])),
    },
  };
}

export const fixtureDir = fileURLToPath(new URL('../test/fixtures/pt/', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const torch = await import('../dist/node/index.js');
  const files = [];
  for (const [name, value] of Object.entries(torchletInputs(torch))) {
    torch.save(value, join(fixtureDir, `torchlet_${name}.pt`));
    files.push(`torchlet_${name}.pt`);
  }
  const describe = fileURLToPath(new URL('pt_describe.py', import.meta.url));
  // Python's JSON text goes in as printed: a JS round trip would turn -0.0 into 0
  const read = execFileSync('/usr/bin/python3', [describe, ...files], { cwd: fixtureDir, encoding: 'utf8', maxBuffer: 1 << 26 }).trim();
  const version = execFileSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();
  writeFileSync(join(fixtureDir, 'torchlet_expected.json'), `{"generator": "torchlet, read by PyTorch ${version}", "files": ${read}}\n`);
  console.log(`wrote ${files.length} .pt files and PyTorch's reading of them to ${fixtureDir}`);
}
