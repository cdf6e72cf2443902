// torchlet minified by a bundler (esbuild --minify renames classes) still prints PyTorch's class
// names: module reprs, optimizer reprs, messages naming the class (src/naming.ts). The bundle is
// built here with esbuild (a dev dependency) and compared with the unbundled dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as plain from 'torchlet';

const root = fileURLToPath(new URL('..', import.meta.url));

async function minified() {
  const r = await build({
    stdin: { contents: "export * from 'torchlet';", resolveDir: root, loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'node', write: false, logLevel: 'error',
  });
  const dir = mkdtempSync(join(tmpdir(), 'torchlet-min-'));
  const file = join(dir, 'torchlet.min.mjs');
  writeFileSync(file, r.outputFiles[0].contents);
  try { return await import(pathToFileURL(file).href); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** What each program prints: reprs and the messages that name a class. */
function prints(torch) {
  const nn = torch.nn, out = [];
  torch.manual_seed(0);
  out.push(String(new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU(), new nn.Dropout(0.5))));
  out.push(String(new nn.MultiheadAttention(4, 2)));
  out.push(String(new nn.LSTM(3, 4, { num_layers: 2 })), String(new nn.BatchNorm2d(3)), String(new nn.ModuleList([new nn.Tanh(), new nn.GELU()])));
  const lin = new nn.Linear(2, 2);
  out.push(String(new torch.optim.Adam(lin.parameters(), { lr: 0.1 })));
  out.push(String(new torch.optim.RMSprop(lin.parameters())), String(new torch.optim.Adagrad(lin.parameters())));
  for (const f of [() => new nn.Sigmoid().forward(), () => new nn.BatchNorm1d(3).forward(), () => new nn.NLLLoss().forward(),
    () => lin.load_state_dict({ weight: torch.zeros(3, 3), bias: torch.zeros(2) }), () => new torch.utils.data.Dataset().__len__()])
    try { f(); out.push('no error'); } catch (e) { out.push(`${e.name}: ${e.message}`); }
  const layer = new nn.TransformerEncoderLayer(8, 2, { activation: new nn.GELU() });
  out.push(String(layer.activation_relu_or_gelu));
  return out;
}

test('minified bundle: public classes keep their names, reprs and messages equal the unbundled ones', async () => {
  const torch = await minified();
  for (const ns of ['nn', 'optim', 'datasets', 'transforms', 'optim.lr_scheduler']) {
    const at = (t) => ns.split('.').reduce((o, k) => o[k], t);
    for (const [k, v] of Object.entries(at(plain))) if (typeof v === 'function' && /^[A-Z]/.test(k) && v.name === k)
      assert.equal(at(torch)[k].name, k, `torch.${ns}.${k}.name`);
  }
  for (const k of ['RMSprop', 'Adagrad']) assert.equal(torch.optim[k].name, k);
  for (const k of ['LambdaLR', 'MultiplicativeLR', 'MultiStepLR', 'ConstantLR', 'LinearLR', 'OneCycleLR', 'ReduceLROnPlateau'])
    assert.equal(torch.optim.lr_scheduler[k].name, k);
  const want = prints(plain), got = prints(torch);
  assert.ok(want[0].startsWith('Sequential(\n  (0): Linear(in_features=2'), want[0]);
  assert.ok(want[1].includes('NonDynamicallyQuantizableLinear'), want[1]);
  assert.deepEqual(got, want);
});
