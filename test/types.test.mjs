// The TypeScript a user writes type-checks as intended: test/types/*.ts compiled against the
// package's declarations (dist/*.d.ts) with `tsc --noEmit`. Those files assert types with
// Equal<> checks and `@ts-expect-error` lines, so a wrong declaration is a compile error here.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('test/types/*.ts compile against the published declarations', () => {
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  const project = fileURLToPath(new URL('./types/tsconfig.json', import.meta.url));
  const run = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
