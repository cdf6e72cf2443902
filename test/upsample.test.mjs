// nn.Upsample, nn.UpsamplingNearest2d and nn.UpsamplingBilinear2d against PyTorch 1.13
// (test/fixtures/upsample.json, written by tools/fixtures_interpolate.py): repr and output.
// F.interpolate itself is checked by test/fixtures/cases_interpolate.json (test/conformance.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const fx = JSON.parse(readFileSync(new URL('./fixtures/upsample.json', import.meta.url), 'utf8'));
/** A fixture tensor: its values inline or as base64 of little-endian float32 / float64. */
function make(s) {
  if (s.data) return torch.tensor(s.data, { dtype: torch[s.dtype] }).reshape(s.shape);
  const b = Buffer.from(s.b64, 'base64'), buf = new Uint8Array(b).buffer;
  return torch.tensor(Array.from(s.dtype === 'float64' ? new Float64Array(buf) : new Float32Array(buf)), { dtype: torch[s.dtype] }).reshape(s.shape);
}

for (const c of fx.modules) {
  test(`nn.${c.cls}(${JSON.stringify(c.args).slice(1, -1)}${c.args.length && Object.keys(c.kwargs).length ? ', ' : ''}${Object.keys(c.kwargs).length ? JSON.stringify(c.kwargs) : ''})`, () => {
    const m = Object.keys(c.kwargs).length ? new torch.nn[c.cls](...c.args, c.kwargs) : new torch.nn[c.cls](...c.args);
    assert.equal(String(m), c.repr);
    const y = m(make(c.input));
    assert.deepEqual(Array.from(y.shape), c.output.shape);
    const got = [y.tolist()].flat(Infinity), want = [make(c.output).tolist()].flat(Infinity);
    want.forEach((e, i) => assert.ok(Math.abs(got[i] - e) <= 1e-5 * (1 + Math.abs(e)), `[${i}] ${got[i]} != ${e}`));
  });
}
