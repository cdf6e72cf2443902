// The browser bundle budget (issue 14): `import * as torch from 'torchlet'` through esbuild
// (--bundle --minify --format=esm --platform=browser), gzip -9, at most 120,000 bytes. The parts a
// page imports on top of it ('torchlet/nn', ...) are outside the budget; what they weigh is printed
// by `node tools/bundle-size.mjs`. Needs a build (npm test builds first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measure, BUDGET } from '../tools/bundle-size.mjs';

test(`browser bundle of 'torchlet' is within ${BUDGET} bytes gzip -9`, async () => {
  const core = await measure();
  assert.ok(core.gzip <= BUDGET, `${core.gzip} bytes gzip -9`);
  // it is the browser entry (the kernels' loader is in it) and holds no layer of torch.nn
  assert.match(core.text, /TORCHLET_WASM/);
  assert.doesNotMatch(core.text, /MultiheadAttention|TransformerEncoderLayer|BatchNorm2d/);
});

test('a page that uses only the loss functions stays within the budget too', async () => {
  const page = await measure(`import * as torch from 'torchlet';
    import * as F from 'torchlet/nn/functional';
    export { torch };
    export const losses = (x, t) => [F.log_softmax(x, 1), F.nll_loss(x, t), F.cross_entropy(x, t)];`);
  assert.ok(page.gzip <= BUDGET, `${page.gzip} bytes gzip -9`);
  // and the parts are there when imported
  const withNn = await measure("import * as torch from 'torchlet'; import * as nn from 'torchlet/nn'; export { torch, nn };");
  assert.match(withNn.text, /MultiheadAttention/);
});
