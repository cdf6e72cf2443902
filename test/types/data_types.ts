// Type-level checks of what a TypeScript user writes with torch.utils.data (compiled by
// test/types.test.mjs with `tsc --noEmit`; a wrong type is a compile error, so the test fails).
import * as torch from 'torchlet';
import { nn } from 'torchlet';
import type { Tensor } from 'torchlet';

type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends (<G>() => G extends B ? 1 : 2) ? true : false;
const expect = <T extends true>(): T => true as T;

// the batch type follows the dataset's sample type through default_collate
const pairs = new torch.utils.data.TensorDataset(torch.zeros(4, 2), torch.zeros(4));
const loader = new torch.utils.data.DataLoader(pairs, { batch_size: 2 });
for (const batch of loader) expect<Equal<typeof batch, Tensor[]>>();

const samples: [Tensor, number][] = [[torch.zeros(2), 1], [torch.ones(2), 0]];
for (const [x, y] of new torch.utils.data.DataLoader(samples, 2)) {
  expect<Equal<typeof x, Tensor>>();
  expect<Equal<typeof y, Tensor>>();
}
const records = [{ image: torch.zeros(2), label: 3, name: 'a' }];
for (const b of new torch.utils.data.DataLoader(records, { batch_size: 1 })) {
  expect<Equal<typeof b.image, Tensor>>();
  expect<Equal<typeof b.name, string[]>>();
}
// a collate_fn decides the batch type
const sizes = new torch.utils.data.DataLoader(samples, { batch_size: 2, collate_fn: (b) => b.length });
for (const n of sizes) expect<Equal<typeof n, number>>();
// a dataset whose samples a transform makes (unknown): the batch type is named once
const mnistLike = new torch.utils.data.TensorDataset(torch.zeros(2, 1)) as torch.utils.data.Dataset;
const named: torch.utils.data.DataLoader<unknown, [Tensor, Tensor]> = new torch.utils.data.DataLoader(mnistLike, 2);
for (const [data, target] of named) expect<Equal<typeof data | typeof target, Tensor>>();
// @ts-expect-error: batches of unknown samples are unknown until named
for (const [data] of new torch.utils.data.DataLoader(mnistLike, 2)) void data;

// layers are types, and calling a module gives its forward's return type
class Net extends nn.Module {
  fc: nn.Linear;
  constructor() { super(); this.fc = new nn.Linear(2, 3); }
  forward(x: Tensor): Tensor { return this.fc(x); }
}
const net = new Net();
expect<Equal<ReturnType<typeof net>, Tensor>>();
const conv: nn.Conv2d = new nn.Conv2d(1, 2, 3);
void conv;
// @ts-expect-error: a Linear is not a Conv2d
const wrong: nn.Conv2d = new nn.Linear(2, 3);
void wrong;
// tensor.to(torch.device('cpu')) type-checks
const moved: Tensor = torch.zeros(1).to(torch.device('cpu'));
void moved;
