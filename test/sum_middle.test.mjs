// float32 sum / mean over a middle block of dims (kept, reduced, kept) bit for bit as PyTorch 1.13's
// CPU kernel adds them (test/fixtures/sum_middle.json, tools/fixtures_sum_middle.py): per outer
// index, the reduced rows summed by columns in vectorized_outer_sum's order.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const fx = JSON.parse(readFileSync(new URL('./fixtures/sum_middle.json', import.meta.url), 'utf8'));
const flat = (t) => [t.tolist()].flat(Infinity);

test('sum and mean over middle dims: PyTorch 1.13\'s float32 bits', () => {
  for (const c of fx.cases) {
    torch.manual_seed(c.seed);
    const x = torch.randn(c.shape).mul(3);
    const what = `${JSON.stringify(c.shape)} dim ${c.dim}`;
    const s = flat(x.sum(c.dim)), m = flat(x.mean(c.dim));
    assert.equal(s.filter((v, i) => v !== c.sum[i]).length, 0, `${what}: sum`);
    assert.equal(m.filter((v, i) => v !== c.mean[i]).length, 0, `${what}: mean`);
    assert.deepEqual(x.sum(c.dim, true).shape, c.sum_keepdim_shape);
  }
});
