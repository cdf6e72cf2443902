// torch.nn, torch.optim, torch.datasets, torch.transforms live in entries of their own
// ('torchlet/nn', ...; src/namespaces.ts) so that a web page pays only for what it imports. Under
// Node, 'torchlet' (and so each part's entry) loads every part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

test('browser entries: each part is a placeholder until its entry is imported, then the namespace itself', () => {
  // the package resolved as a bundler for the web resolves it (the "browser" conditions), in a
  // child process; the kernels' fetch is skipped (TORCHLET_WASM = false: Node's fetch reads no files)
  const out = execFileSync(process.execPath, ['--conditions=browser', 'test/support/namespaces_browser.mjs'], { cwd: root, encoding: 'utf8' });
  assert.equal(out.trim(), 'ok');
});

test("under Node, 'torchlet' loads every part", () => {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
    import * as torch from 'torchlet';
    console.log([typeof torch.nn.Linear, typeof torch.optim.SGD, typeof torch.datasets.MNIST, typeof torch.transforms.Compose].join(' '));`],
  { cwd: root, encoding: 'utf8' });
  assert.equal(out.trim(), 'function function function function');
});

test('the type half of the four namespaces (torch.nn.Linear as a type) matches what they export', () => {
  const out = execFileSync(process.execPath, ['tools/namespace-types.mjs', '--check'], { cwd: root, encoding: 'utf8' });
  assert.match(out, /up to date/);
});
