// The kernel tests again with the plain WebAssembly SIMD builds (TORCHLET_RELAXED_SIMD=0): the
// Node entry loads the relaxed-SIMD builds where the engine runs them, so without this run the
// builds that browsers without relaxed SIMD get would go untested.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('kernel tests pass with the plain SIMD builds', () => {
  const file = fileURLToPath(new URL('./kernels.test.mjs', import.meta.url));
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=dot', file], {
    env: { ...process.env, TORCHLET_RELAXED_SIMD: '0' }, encoding: 'utf8', timeout: 10 * 60 * 1000,
  });
  assert.equal(r.status, 0, `kernels.test.mjs without relaxed SIMD failed:\n${r.stdout}\n${r.stderr}`);
});
