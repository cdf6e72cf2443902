// Run by test/namespaces.test.mjs as `node --conditions=browser`: the package entries a bundler for
// the web picks. Loads 'torchlet', then the parts one by one, checking torch.nn and the others
// before and after; prints "ok" (an assertion failure exits non-zero with its message).
import assert from 'node:assert/strict';

globalThis.TORCHLET_WASM = false; // Node's fetch reads no files: the TypeScript kernels run
const torch = await import('torchlet');
const missing = (part) => (e) => e.name === 'AttributeError' && e.message ===
  `torch.${part}.Linear: torch.${part} is not loaded; import it first (import * as ${part} from 'torchlet/${part}'), which also makes torch.${part} available`;
for (const part of ['nn', 'optim', 'datasets', 'transforms']) {
  assert.throws(() => torch[part].Linear, missing(part));
  // printing, JSON and `await` of the placeholder do not throw
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
