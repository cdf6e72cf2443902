// Assertions shared by the fixture replays of the layer tests (nn_norm, nn_conv_more): a tensor
// against a fixture spec within a relative tolerance, and an error against PyTorch's class and text.
import assert from 'node:assert/strict';
import { make, DT } from './fixture_tensors.mjs';

/** got (a tensor) equals a fixture spec: shape, dtype, and values within tol relative (0: exactly). */
export function close(got, want, what, tol) {
  assert.ok(got, `${what}: missing`);
  assert.deepEqual(got.shape, want.shape, `${what} shape`);
  assert.equal(got.dtype, DT[want.dtype], `${what} dtype`);
  tol ??= want.dtype === 'float64' ? 1e-10 : 1e-5;
  const g = got.flatten().tolist(), w = make(want).flatten().tolist();
  for (let i = 0; i < w.length; i++)
    if (!(Math.abs(g[i] - w[i]) <= tol * (1 + Math.abs(w[i])))) assert.fail(`${what}[${i}]: ${g[i]} != ${w[i]}`);
}

/** Every thunk throws the error its fixture records ({type, message}), and both name the same cases. */
export function errorsMatch(thunks, fixtures) {
  assert.deepEqual(Object.keys(thunks).sort(), Object.keys(fixtures).sort());
  for (const [k, fn] of Object.entries(thunks)) {
    try { fn(); } catch (e) {
      assert.equal(`${k}: ${e.name}: ${e.message}`, `${k}: ${fixtures[k].type}: ${fixtures[k].message}`);
      continue;
    }
    assert.fail(`${k}: no error`);
  }
}
