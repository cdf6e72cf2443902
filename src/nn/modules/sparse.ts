// nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
// scale_grad_by_freq=False, sparse=False, _weight=None, device=None, dtype=None) and
// Embedding.from_pretrained: weight drawn N(0, 1) from the default generator, the padding row
// zeroed, forward through F.embedding (which renormalises max_norm rows in place).
import { Module } from '../module.js';
import { Parameter, emptyParameter } from '../parameter.js';
import type { Tensor } from '../../tensor/tensor.js';
import { float32, toDType, type DType } from '../../tensor/dtype.js';
import { AssertionError } from '../../tensor/errors.js';
import { bind } from '../../tensor/args.js';
import { py } from '../../tensor/python.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { normal_ } from '../init.js';
import { embedding } from '../functional/more.js';
import { pyFloatRepr } from './norm_repr.js';

/** Embedding's keyword arguments. */
export interface EmbeddingArgs {
  num_embeddings?: number; embedding_dim?: number; padding_idx?: number | null; max_norm?: number | null; norm_type?: number;
  scale_grad_by_freq?: boolean; sparse?: boolean; _weight?: Tensor | null; device?: unknown; dtype?: DType | string;
}
/** Embedding.from_pretrained's keyword arguments. */
export interface FromPretrainedArgs {
  freeze?: boolean; padding_idx?: number | null; max_norm?: number | null; norm_type?: number; scale_grad_by_freq?: boolean; sparse?: boolean;
}

export class Embedding extends Module {
  num_embeddings: number;
  embedding_dim: number;
  padding_idx: number | null;
  max_norm: number | null;
  norm_type: number;
  scale_grad_by_freq: boolean;
  weight: Parameter;
  sparse: boolean;
  constructor(num_embeddings: number, embedding_dim: number, opts?: EmbeddingArgs);
  constructor(num_embeddings: number, embedding_dim: number, padding_idx: number | null, opts?: EmbeddingArgs);
  constructor(num_embeddings: number, embedding_dim: number, padding_idx: number | null, max_norm: number | null, norm_type?: number,
    scale_grad_by_freq?: boolean, sparse?: boolean, opts?: EmbeddingArgs);
  constructor(opts: EmbeddingArgs & { num_embeddings: number; embedding_dim: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('Embedding.__init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, device=None, dtype=None)', args);
    this.num_embeddings = kw.num_embeddings as number;
    this.embedding_dim = kw.embedding_dim as number;
    let pad = kw.padding_idx as number | null;
    if (pad !== null) {
      if (pad > 0 && !(pad < this.num_embeddings)) throw new AssertionError('Padding_idx must be within num_embeddings');
      if (pad < 0) {
        if (!(pad >= -this.num_embeddings)) throw new AssertionError('Padding_idx must be within num_embeddings');
        pad += this.num_embeddings;
      }
    }
    this.padding_idx = pad;
    this.max_norm = kw.max_norm as number | null;
    this.norm_type = kw.norm_type as number;
    this.scale_grad_by_freq = kw.scale_grad_by_freq as boolean;
    const w = kw._weight as Tensor | null;
    if (w === null) {
      const dtype = kw.dtype === null ? float32 : toDType(kw.dtype);
      this.weight = emptyParameter([this.num_embeddings, this.embedding_dim], dtype);
      this.reset_parameters();
    } else {
      if (w.shape.length !== 2 || w.shape[0] !== this.num_embeddings || w.shape[1] !== this.embedding_dim)
        throw new AssertionError('Shape of weight does not match num_embeddings and embedding_dim');
      this.weight = new Parameter(w);
    }
    this.sparse = kw.sparse as boolean;
  }
  reset_parameters(...args: []): void {
    bind('Embedding.reset_parameters(self)', args);
    normal_(this.weight);
    this._fill_padding_idx_with_zero();
  }
  _fill_padding_idx_with_zero(...args: []): void {
    bind('Embedding._fill_padding_idx_with_zero(self)', args);
    if (this.padding_idx !== null) no_grad(() => this.weight.get(this.padding_idx!).fill_(0));
  }
  forward(...args: [input: Tensor]): Tensor {
    const input = bind('Embedding.forward(self, input)', args).input as Tensor;
    return embedding(input, this.weight, this.padding_idx, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.sparse);
  }
  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloatRepr(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloatRepr(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += `, scale_grad_by_freq=${py(this.scale_grad_by_freq)}`;
    if (this.sparse) s += ', sparse=True';
    return s;
  }

  /** Embedding.from_pretrained(embeddings, freeze=True, ...): the weight shares embeddings' storage; the padding row is kept as given. */
  static from_pretrained(embeddings: Tensor, opts?: FromPretrainedArgs): Embedding;
  static from_pretrained(embeddings: Tensor, freeze: boolean, opts?: FromPretrainedArgs): Embedding;
  static from_pretrained(...args: unknown[]): Embedding;
  static from_pretrained(...args: unknown[]): Embedding {
    const kw = bind('Embedding.from_pretrained(cls, embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False)', args);
    const e = kw.embeddings as Tensor;
    if (e.ndim !== 2) throw new AssertionError('Embeddings parameter is expected to be 2-dimensional');
    const [rows, cols] = e.shape;
    const m = new Embedding({
      num_embeddings: rows, embedding_dim: cols, _weight: e, padding_idx: kw.padding_idx as number | null, max_norm: kw.max_norm as number | null,
      norm_type: kw.norm_type as number, scale_grad_by_freq: kw.scale_grad_by_freq as boolean, sparse: kw.sparse as boolean,
    });
    m.weight.requires_grad = !kw.freeze;
    return m;
  }
}
