// nn.Sequential(...modules) or nn.Sequential(Map of name -> module): runs its children in order.
// Children are registered under "0", "1", ... (or the Map's names), so parameters are named
// "0.weight", "0.bias", ... as in PyTorch, and `seq[0]` reads a child.
import { Module } from '../module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { IndexError } from '../../tensor/errors.js';
import { bind, pyType } from '../../tensor/args.js';

export class Sequential extends Module {
  [key: string]: unknown;
  constructor(...modules: (Module | Map<string, Module>)[]) {
    super();
    const args = bind('Sequential.__init__(self, *args)', modules).args as unknown[];
    if (args.length === 1 && args[0] instanceof Map) {
      for (const [k, m] of args[0]) this.add_module(k, checkModule(m));
    } else args.forEach((m, i) => this.add_module(String(i), checkModule(m)));
  }
  private entries(): [string, Module][] { return [...this.named_children()]; }
  override get length(): number { return this.entries().length; }
  /** seq[idx] with Python's negative indices. */
  at(...args: [idx: number]): Module {
    const idx = bind('Sequential.__getitem__(self, idx)', args).idx as number;
    const e = this.entries(), n = e.length;
    if (idx < -n || idx >= n) throw new IndexError(`index ${idx} is out of range`);
    return e[idx < 0 ? idx + n : idx][1];
  }
  append(...args: [module: Module]): this { this.add_module(String(this.length), checkModule(bind('Sequential.append(self, module)', args).module)); return this; }
  *[Symbol.iterator](): Generator<Module> { yield* this.children(); }
  forward(...args: [input: Tensor]): Tensor {
    let x: unknown = bind('Sequential.forward(self, input)', args).input;
    for (const m of this.children()) x = m.forward(x);
    return x as Tensor;
  }
}

function checkModule(m: unknown): Module {
  if (!(m instanceof Module)) throw new TypeError(`${pyType(m)} is not a Module subclass`);
  return m;
}
