// The WebAssembly memory's ceiling (kernels/wasm_runtime.ts): storage that does not fit goes to
// the JS heap, and the conv, pooling and GEMM kernels stage such operands through scratch in
// blocks that fit, with the same bits as when everything lives in the memory. The ceiling is
// 4 GiB; TORCHLET_WASM_MEMORY_MB lowers it, so that these tests reach it with small tensors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const dist = new URL('../dist/', import.meta.url).href;

function child(code, env = {}) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    encoding: 'utf8', env: { ...process.env, ...env }, timeout: 5 * 60 * 1000,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

// A forward and backward through a 3x3 convolution (the F(4x4, 3x3) Winograd path at this size),
// a 5x5 stride-2 one (im2col), ReLU, 2x2 max pooling, a linear layer and cross_entropy, plus
// products whose operands (12 MB) do not fit an 8 MiB memory: hashes of every result and gradient.
const netCode = `
  const torch = await import('${dist}node/index.js'), rt = await import('${dist}kernels/wasm_runtime.js');
  const { createHash } = await import('node:crypto');
  const h = (t) => { const a = t._data; return createHash('sha1').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex'); };
  const F = torch.nn.functional;
  torch.manual_seed(0);
  const x = torch.randn(64, 16, 28, 28, { requires_grad: true });
  const conv = new torch.nn.Conv2d(16, 32, 3), conv5 = new torch.nn.Conv2d(16, 8, 5, { stride: 2 }), fc = new torch.nn.Linear(32 * 13 * 13, 10);
  const y = F.relu(conv.forward(x)), p = F.max_pool2d(y, 2), out = fc.forward(torch.flatten(p, 1));
  const loss = F.cross_entropy(out, torch.randint(0, 10, [64])).add(conv5.forward(x).mean());
  loss.backward();
  const A = torch.randn(2000, 1500), B = torch.randn(300, 1500), G = torch.randn(2000, 200);
  const mm = [torch.matmul(A, B.t()), torch.matmul(A.t(), G), torch.matmul(G.t(), A)];
  const onHeap = [x, y, A].filter((t) => rt.addressOf(t._data) < 0).length;
  console.log(JSON.stringify({
    hashes: [loss.item(), h(y), h(p), h(out), h(x.grad), h(conv.weight.grad), h(conv.bias.grad), h(conv5.weight.grad), h(fc.weight.grad), ...mm.map(h)],
    memoryMB: rt.wasmMemory().buffer.byteLength / 2 ** 20, onHeap,
  }));
`;

test('operands past the memory\'s ceiling are staged in blocks, with the same bits as in the memory', () => {
  const want = child(netCode);
  assert.equal(want.onHeap, 0);
  for (const env of [{ TORCHLET_WASM_MEMORY_MB: '8' }, { TORCHLET_WASM_MEMORY_MB: '16', TORCHLET_NUM_THREADS: '3' }, { TORCHLET_WASM_STORAGE: '0' }]) {
    const got = child(netCode, env);
    assert.deepEqual(got.hashes, want.hashes, JSON.stringify(env));
    assert.equal(got.onHeap, 3, JSON.stringify(env));
    if (env.TORCHLET_WASM_MEMORY_MB) assert.ok(got.memoryMB <= Number(env.TORCHLET_WASM_MEMORY_MB), `${got.memoryMB} MiB`);
  }
});

test('scratch that cannot be had at all: a RuntimeError that names the limit', () => {
  const r = child(`
    const torch = await import('${dist}node/index.js');
    try { torch.nn.functional.cross_entropy(torch.randn(300000, 2), torch.randint(0, 2, [300000])); console.log('{}'); }
    catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }
  `, { TORCHLET_WASM_MEMORY_MB: '1' });
  assert.deepEqual(r, { name: 'RuntimeError', message: 'wasm memory is limited to 1 MiB: cannot allocate 2400000 bytes of scratch for a loss kernel' });
});
