// torch.nn, torch.optim, torch.datasets, torch.transforms live in entries of their own
// ('torchlet/nn', ...; src/namespaces.ts) so that a web page pays only for what it imports. Under
// Node, 'torchlet' (and so each part's entry) loads every part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Run in a child process with --conditions=browser, which resolves the package as a bundler for the
// web does: loads 'torchlet', then the parts one by one, checking torch.nn and the others before and
// after; prints "ok" (a failed assertion exits non-zero with its message).
const BROWSER_ENTRIES = `
import assert from 'node:assert/strict';
globalThis.TORCHLET_WASM = false; // Node's fetch reads no files: the TypeScript kernels run
const torch = await import('torchlet');
const missing = (part) => (e) => e.name === 'AttributeError' && e.message === 'torch.' + part + '.Linear: torch.' + part +
  " is not loaded; import it first (import * as " + part + " from 'torchlet/" + part + "'), which also makes torch." + part + ' available';
for (const part of ['nn', 'optim', 'datasets', 'transforms']) {
  assert.throws(() => torch[part].Linear, missing(part));
  // printing, JSON and await of the placeholder do not throw
  assert.equal(String(torch[part]), '[object Object]');
  assert.equal(JSON.stringify({ x: torch[part] }), '{"x":{}}');
  assert.equal(await Promise.resolve(torch[part]), torch[part]);
}
// the core works without them: tensors, autograd, utils.data
const x = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32, requires_grad: true });
x.exp().sum().backward();
assert.deepEqual(x.grad.tolist().flat().map((v) => +v.toFixed(4)), [2.7183, 7.3891, 20.0855, 54.5981]); // float32 e^4 = 54.598148...
assert.equal(typeof torch.utils.data.DataLoader, 'function');

// F alone does not load torch.nn (a page that uses only the losses stays small)
const F = await import('torchlet/nn/functional');
const logp = F.log_softmax(torch.tensor([[0, 1, 2]], { dtype: torch.float32 }), 1);
assert.equal(F.nll_loss(logp, torch.tensor([2])).item().toFixed(6), '0.407606'); // log(1 + e^-1 + e^-2)
assert.throws(() => torch.nn.Linear, missing('nn'));

const nn = await import('torchlet/nn');
assert.equal(torch.nn.Linear, nn.Linear);
assert.equal(torch.nn.functional.nll_loss, F.nll_loss);
assert.equal(String(new torch.nn.Linear(2, 3)), 'Linear(in_features=2, out_features=3, bias=True)');
assert.throws(() => torch.optim.Linear, missing('optim'));

const optim = await import('torchlet/optim');
assert.equal(torch.optim.SGD, optim.SGD);
assert.equal(typeof torch.optim.lr_scheduler.StepLR, 'function');
const datasets = await import('torchlet/datasets');
assert.equal(torch.datasets.MNIST, datasets.MNIST);
const transforms = await import('torchlet/transforms');
assert.equal(torch.transforms.Compose, transforms.Compose);
console.log('ok');
`;

test('browser entries: each part is a placeholder until its entry is imported, then the namespace itself', () => {
  const out = execFileSync(process.execPath, ['--conditions=browser', '--input-type=module', '-e', BROWSER_ENTRIES], { cwd: root, encoding: 'utf8' });
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
