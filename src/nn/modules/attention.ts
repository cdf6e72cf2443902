// nn.MultiheadAttention: PyTorch 1.13's parameters (in_proj_weight / in_proj_bias, or q/k/v_proj_weight
// when kdim or vdim differ; out_proj a NonDynamicallyQuantizableLinear; bias_k / bias_v), created and
// initialised in its order (out_proj's Linear init draws first, then _reset_parameters), and its
// forward through F.multi_head_attention_forward. PyTorch's eval-mode fast path
// (_native_multi_head_attention) gives the slow path's numbers, so only the slow path exists here.
import { Module } from '../module.js';
import { Parameter, emptyParameter } from '../parameter.js';
import type { Tensor } from '../../tensor/tensor.js';
import { float32, toDType, type DType } from '../../tensor/dtype.js';
import { AssertionError } from '../../tensor/errors.js';
import { bind } from '../../tensor/args.js';
import { Linear } from './linear.js';
import { named } from '../../naming.js';
import { xavier_uniform_, xavier_normal_, constant_ } from '../init.js';
import { multi_head_attention_forward, checkPaddingMaskDtype } from '../functional/attention.js';

/** PyTorch's Linear subclass for out_proj (it only changes how quantization treats it, and the repr). */
export class NonDynamicallyQuantizableLinear extends Linear {}
named(NonDynamicallyQuantizableLinear, 'NonDynamicallyQuantizableLinear');

/** MultiheadAttention's keyword arguments. */
export interface MultiheadAttentionArgs {
  embed_dim?: number; num_heads?: number; dropout?: number; bias?: boolean; add_bias_kv?: boolean; add_zero_attn?: boolean;
  kdim?: number | null; vdim?: number | null; batch_first?: boolean; device?: unknown; dtype?: DType | string;
}
/** forward's keyword arguments. */
export interface MhaForwardArgs {
  key_padding_mask?: Tensor | null; need_weights?: boolean; attn_mask?: Tensor | null; average_attn_weights?: boolean;
}

export class MultiheadAttention extends Module {
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;
  declare embed_dim: number;
  declare kdim: number;
  declare vdim: number;
  declare _qkv_same_embed_dim: boolean;
  declare num_heads: number;
  declare dropout: number;
  declare batch_first: boolean;
  declare head_dim: number;
  declare add_zero_attn: boolean;
  constructor(embed_dim: number, num_heads: number, opts?: MultiheadAttentionArgs);
  constructor(opts: MultiheadAttentionArgs & { embed_dim: number; num_heads: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('MultiheadAttention.__init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, '
      + 'add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None, dtype=None)', args);
    const E = kw.embed_dim as number, H = kw.num_heads as number;
    const dtype = kw.dtype === null ? float32 : toDType(kw.dtype);
    this.embed_dim = E;
    this.kdim = (kw.kdim as number | null) ?? E;
    this.vdim = (kw.vdim as number | null) ?? E;
    this._qkv_same_embed_dim = this.kdim === E && this.vdim === E;
    this.num_heads = H;
    this.dropout = kw.dropout as number;
    this.batch_first = !!kw.batch_first;
    this.head_dim = Math.floor(E / H);
    if (this.head_dim * H !== E) throw new AssertionError('embed_dim must be divisible by num_heads');
    // parameters in PyTorch's registration order (named_parameters / state_dict order follows it)
    const same = this._qkv_same_embed_dim;
    this.in_proj_weight = same ? emptyParameter([3 * E, E], dtype) : null;
    this.q_proj_weight = same ? null : emptyParameter([E, E], dtype);
    this.k_proj_weight = same ? null : emptyParameter([E, this.kdim], dtype);
    this.v_proj_weight = same ? null : emptyParameter([E, this.vdim], dtype);
    this.in_proj_bias = kw.bias ? emptyParameter([3 * E], dtype) : null;
    this.out_proj = new NonDynamicallyQuantizableLinear(E, E, { bias: !!kw.bias, dtype });
    this.bias_k = kw.add_bias_kv ? emptyParameter([1, 1, E], dtype) : null;
    this.bias_v = kw.add_bias_kv ? emptyParameter([1, 1, E], dtype) : null;
    this.add_zero_attn = !!kw.add_zero_attn;
    this._reset_parameters();
  }
  _reset_parameters(): void {
    if (this.in_proj_weight) xavier_uniform_(this.in_proj_weight);
    else for (const w of [this.q_proj_weight, this.k_proj_weight, this.v_proj_weight]) xavier_uniform_(w as Tensor);
    if (this.in_proj_bias) {
      constant_(this.in_proj_bias, 0);
      constant_(this.out_proj.bias as Tensor, 0);
    }
    if (this.bias_k) xavier_normal_(this.bias_k);
    if (this.bias_v) xavier_normal_(this.bias_v);
  }
  /** Returns [attn_output, attn_output_weights or null]. */
  forward(query: Tensor, key: Tensor, value: Tensor, key_padding_mask?: Tensor | null | MhaForwardArgs, need_weights?: boolean | MhaForwardArgs,
    attn_mask?: Tensor | null | MhaForwardArgs, average_attn_weights?: boolean | MhaForwardArgs, opts?: MhaForwardArgs): [Tensor, Tensor | null];
  forward(...args: unknown[]): [Tensor, Tensor | null];
  forward(...args: unknown[]): [Tensor, Tensor | null] {
    const a = bind('MultiheadAttention.forward(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None, average_attn_weights=True)', args);
    let query = a.query as Tensor, key = a.key as Tensor, value = a.value as Tensor;
    checkPaddingMaskDtype(a.key_padding_mask as Tensor | null);
    const batched = query.ndim === 3;
    if (this.batch_first && batched) {
      // transposed once per distinct tensor, so that self-attention stays recognisable (PyTorch's `is` checks)
      const t = new Map<Tensor, Tensor>();
      const tr = (x: Tensor): Tensor => { if (!t.has(x)) t.set(x, x.transpose(1, 0)); return t.get(x) as Tensor; };
      [query, key, value] = [tr(query), tr(key), tr(value)];
    }
    const common = {
      training: this.training, key_padding_mask: a.key_padding_mask, need_weights: a.need_weights,
      attn_mask: a.attn_mask, average_attn_weights: a.average_attn_weights,
    };
    const separate = this._qkv_same_embed_dim ? {}
      : { use_separate_proj_weight: true, q_proj_weight: this.q_proj_weight, k_proj_weight: this.k_proj_weight, v_proj_weight: this.v_proj_weight };
    const [out, weights] = multi_head_attention_forward(query, key, value, this.embed_dim, this.num_heads,
      this.in_proj_weight, this.in_proj_bias, this.bias_k, this.bias_v, this.add_zero_attn,
      this.dropout, this.out_proj.weight, this.out_proj.bias, { ...common, ...separate });
    return [this.batch_first && batched ? out.transpose(1, 0) : out, weights];
  }
}
