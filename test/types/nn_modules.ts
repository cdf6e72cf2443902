// Type test (compiled by `tsc -p test/types`, run from test/types.test.mjs): layer classes are
// usable as types, a subclass's forward signature flows to `model(x)`, and containers keep their
// element types. `@ts-expect-error` lines must stay errors, or tsc fails.
import * as torch from 'torchlet';
import { nn, type Tensor } from 'torchlet';

// `import { nn } from 'torchlet'` is a namespace (types and values); so is `torch.nn`
const viaTorch: torch.nn.Linear = new torch.nn.Linear(2, 2);
let conv: nn.Conv2d = new nn.Conv2d(1, 4, 3);
const lin: nn.Linear = new nn.Linear(4, 2);
const act: nn.Module = new nn.Tanh();
conv = new nn.Conv2d(4, 4, 3);

const y: Tensor = lin(torch.randn(3, 4));
const z: Tensor = conv(torch.randn(1, 4, 8, 8));
// @ts-expect-error: Linear's forward takes a Tensor
lin('not a tensor');

class TwoHeads extends nn.Module {
  fc = new nn.Linear(4, 3);
  forward(x: Tensor, scale: number): [Tensor, number] { return [this.fc(x).mul(scale), scale]; }
}
const model = new TwoHeads();
const [out, s]: [Tensor, number] = model(torch.randn(2, 4), 2);
// @ts-expect-error: forward's second parameter is a number
model(torch.randn(2, 4), 'two');
// @ts-expect-error: forward returns a pair, not a Tensor
const wrong: Tensor = model(torch.randn(2, 4), 1);

const layers = new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 4)]);
const first: nn.Linear = layers[0];
const last: nn.Linear = layers.at(-1);
const firstTwo: nn.ModuleList<nn.Linear> = layers.get('0:2');
for (const l of layers) { const w: Tensor = l.weight; void w; }
const heads = new nn.ModuleDict({ a: new nn.Linear(4, 1), b: new nn.Linear(4, 1) });
const h: nn.Linear = heads.get('a');
const keys: string[] = heads.keys();
const seq = new nn.Sequential(new nn.Linear(4, 2), new nn.ReLU());
const o: Tensor = seq(torch.randn(1, 4));
const total: Tensor = nn.utils.clip_grad_norm_(model.parameters(), 1.0, { norm_type: 'inf' });
const lrelu: nn.LeakyReLU = new nn.LeakyReLU({ negative_slope: 0.2 });
const pool: nn.AvgPool2d = new nn.AvgPool2d(2, { stride: 1 });
const loss: nn.HuberLoss = new nn.HuberLoss({ delta: 0.5 });
const applied: TwoHeads = model.apply((m) => { void m; });
void [viaTorch, act, y, z, out, s, wrong, first, last, firstTwo, h, keys, o, total, lrelu, pool, loss, applied];

// the layers of nn/modules/more_layers.ts: two-input forwards, options objects, functionals
const bil = new nn.Bilinear(3, 4, 5, { bias: false });
const b2: Tensor = bil(torch.randn(2, 3), torch.randn(2, 4));
const dist: Tensor = new nn.PairwiseDistance({ p: 1, keepdim: true })(torch.randn(2, 3), torch.randn(2, 3));
const pooled: Tensor = new nn.MaxPool1d(2, { stride: 1 })(torch.randn(1, 2, 5));
const normed: Tensor = new nn.InstanceNorm1d(2, { affine: true })(torch.randn(2, 2, 5));
const prelu: nn.PReLU = new nn.PReLU(3, 0.1);
const slope: Tensor = prelu.weight;
const [vals, idx]: [Tensor, Tensor] = torch.nn.functional.max_pool1d(torch.randn(1, 6), 2, { return_indices: true });
const act2: Tensor = torch.nn.functional.hardswish(torch.randn(3), { inplace: false });
// @ts-expect-error: Bilinear's forward takes two tensors
bil(torch.randn(2, 3));
void [b2, dist, pooled, normed, slope, vals, idx, act2];
