// Checks formatTensor against str(t) recorded from PyTorch 1.13 by tools/gen_print_fixtures.py.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatTensor, printOptions } from '../dist/tensor/format.js';

const { cases } = JSON.parse(readFileSync(new URL('./fixtures/print_cases.json', import.meta.url), 'utf8'));

function decode({ b64, dtype }) {
  const bytes = Buffer.from(b64, 'base64');
  // Copy into a fresh, aligned buffer before viewing it as typed elements.
  const buf = new Uint8Array(bytes).buffer;
  if (dtype === 'float32') return Array.from(new Float32Array(buf));
  if (dtype === 'float64') return Array.from(new Float64Array(buf));
  if (dtype === 'bool') return Array.from(new Uint8Array(buf));
  return Array.from(new BigInt64Array(buf), Number);
}

const defaults = { ...printOptions };

test('fixtures were generated', () => {
  assert.ok(cases.length >= 200, `only ${cases.length} cases`);
});

for (const [i, c] of cases.entries()) {
  const opts = c.options ? ` ${JSON.stringify(c.options)}` : '';
  test(`print case ${i}: ${c.dtype} [${c.shape}]${opts}`, () => {
    Object.assign(printOptions, defaults, c.options ?? {});
    try {
      assert.equal(formatTensor(decode(c), c.shape, c.dtype, c.suffixes), c.expect);
    } finally {
      Object.assign(printOptions, defaults);
    }
  });
}

test('printOptions defaults match PyTorch', () => {
  assert.deepEqual(defaults, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null });
});

test('suffixes argument is optional and not mutated', () => {
  const suffixes = ['requires_grad=True'];
  assert.equal(formatTensor([1, 2], [2], 'float32'), 'tensor([1., 2.])');
  assert.equal(formatTensor([1, 2], [2], 'float64', suffixes), 'tensor([1., 2.], dtype=torch.float64, requires_grad=True)');
  assert.deepEqual(suffixes, ['requires_grad=True']);
});
