// nn.TransformerEncoderLayer / TransformerEncoder / TransformerDecoderLayer / TransformerDecoder /
// Transformer: PyTorch 1.13's modules with its submodule names (layers.0.self_attn.in_proj_weight,
// linear1, norm1, ...), construction order (so a seed gives PyTorch's parameters; the stacks
// deep-copy one layer, so all layers start identical) and forward order (so dropout draws PyTorch's
// masks). The eval-mode fast paths give the slow path's numbers, except that TransformerEncoder's
// nested-tensor path zeroes padded positions, which is reproduced.
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Tensor } from '../../tensor/tensor.js';
import { float32, toDType, bool, type DType } from '../../tensor/dtype.js';
import { RuntimeError } from '../../tensor/errors.js';
import { bind } from '../../tensor/args.js';
import { full } from '../../tensor/creation.js';
import { triu } from '../../ops/shape_ops.js';
import { is_grad_enabled } from '../../autograd/grad_mode.js';
import { Linear } from './linear.js';
import { ModuleList } from './container.js';
import { Dropout } from './dropout.js';
import { LayerNorm } from './layernorm.js';
import { MultiheadAttention } from './attention.js';
import { relu } from '../functional/activation.js';
import { ReLU } from './activation.js';
import { gelu } from '../functional/activations_more.js';
import { xavier_uniform_ } from '../init.js';
import { checkPaddingMaskDtype } from '../functional/attention.js';

type Activation = string | ((x: Tensor) => Tensor);

/** copy.deepcopy of a module: fresh parameters and buffers with the same values, children copied, functions shared. */
export function deepcopyModule<T extends Module>(m: T, memo = new Map<unknown, unknown>()): T {
  if (memo.has(m)) return memo.get(m) as T;
  const self = ((...args: unknown[]) => (self as unknown as Module).forward(...args)) as unknown as T;
  delete (self as { name?: string }).name;
  delete (self as { length?: number }).length;
  Object.setPrototypeOf(self, Object.getPrototypeOf(m));
  memo.set(m, self);
  const copy = (v: unknown): unknown => {
    if (memo.has(v)) return memo.get(v);
    let r: unknown = v;
    if (v instanceof Module) return deepcopyModule(v, memo);
    if (v instanceof Parameter) {
      const p = new Parameter(v.detach().clone(), v.requires_grad);
      if (v.grad) p.grad = v.grad.clone();
      r = p;
    } else if (v instanceof Tensor) r = v.detach().clone().requires_grad_(v.requires_grad);
    else if (Array.isArray(v)) r = v.map(copy);
    memo.set(v, r);
    return r;
  };
  const internal = m as unknown as { _buffers: Map<string, Tensor | null>; _nonPersistent: Set<string> };
  Object.defineProperty(self, '_buffers', { value: new Map(), enumerable: false, writable: true });
  Object.defineProperty(self, '_nonPersistent', { value: new Set(internal._nonPersistent), enumerable: false, writable: true });
  for (const [k, v] of Object.entries(m)) (self as Record<string, unknown>)[k] = copy(v);
  for (const [k, v] of internal._buffers) self.register_buffer(k, v && copy(v) as Tensor, !internal._nonPersistent.has(k));
  // containers keep their children in an ordered map of their own, with accessors bound to the instance
  const mods = (m as unknown as { _mods?: Map<string, Module | null> })._mods;
  if (mods) {
    Object.defineProperty(self, '_mods', { value: new Map(), enumerable: false, writable: true });
    const container = self as unknown as { _setChild(name: string, module: Module | null): void };
    for (const [k, v] of mods) container._setChild(k, v && deepcopyModule(v, memo));
  }
  return self;
}

function _get_clones(module: Module, N: number): ModuleList {
  return new ModuleList(Array.from({ length: N }, () => deepcopyModule(module)));
}

function _get_activation_fn(activation: string): (x: Tensor) => Tensor {
  if (activation === 'relu') return relu;
  if (activation === 'gelu') return gelu;
  throw new RuntimeError(`activation should be relu/gelu, not ${activation}`);
}

/** Options shared by the layer constructors. */
export interface TransformerLayerArgs {
  d_model?: number; nhead?: number; dim_feedforward?: number; dropout?: number; activation?: Activation;
  layer_norm_eps?: number; batch_first?: boolean; norm_first?: boolean; device?: unknown; dtype?: DType | string;
}
const LAYER_PARAMS = 'd_model, nhead, dim_feedforward=2048, dropout=0.1, activation=None, layer_norm_eps=1e-05, batch_first=False, norm_first=False, device=None, dtype=None';

/** The parts both layer kinds build first: self-attention, then the feed-forward block's linears. */
abstract class _TransformerLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm_first: boolean;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare activation: ((x: Tensor) => Tensor) | Module;
  /** The feed-forward block's last dropout (dropout2 in the encoder layer, dropout3 in the decoder's). */
  protected abstract ffDropout(): Dropout;

  protected activationOf(activation: Activation | null): (x: Tensor) => Tensor {
    if (activation === null) return relu;
    return typeof activation === 'string' ? _get_activation_fn(activation) : activation;
  }
  protected _ff_block(x: Tensor): Tensor {
    x = this.linear2(this.dropout((this.activation as (x: Tensor) => Tensor)(this.linear1(x))));
    return this.ffDropout()(x);
  }
}

function layerCommon(layer: _TransformerLayer, kw: Record<string, unknown>, cross: boolean): { dtype: DType; eps: number } {
  const dtype = kw.dtype === null ? float32 : toDType(kw.dtype);
  const d = kw.d_model as number, p = kw.dropout as number, eps = kw.layer_norm_eps as number;
  const mha = (): MultiheadAttention => new MultiheadAttention(d, kw.nhead as number, { dropout: p, batch_first: !!kw.batch_first, dtype });
  layer.self_attn = mha();
  if (cross) (layer as unknown as TransformerDecoderLayer).multihead_attn = mha();
  layer.linear1 = new Linear(d, kw.dim_feedforward as number, { dtype });
  layer.dropout = new Dropout(p);
  layer.linear2 = new Linear(kw.dim_feedforward as number, d, { dtype });
  layer.norm_first = !!kw.norm_first;
  layer.norm1 = new LayerNorm(d, { eps, dtype });
  layer.norm2 = new LayerNorm(d, { eps, dtype });
  return { dtype, eps };
}

export class TransformerEncoderLayer extends _TransformerLayer {
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare activation_relu_or_gelu: number;
  constructor(d_model: number, nhead: number, opts?: TransformerLayerArgs);
  constructor(opts: TransformerLayerArgs & { d_model: number; nhead: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind(`TransformerEncoderLayer.__init__(self, ${LAYER_PARAMS})`, args);
    layerCommon(this, kw, false);
    this.dropout1 = new Dropout(kw.dropout as number);
    this.dropout2 = new Dropout(kw.dropout as number);
    const act = this.activationOf(kw.activation as Activation | null);
    // nn.GELU is matched by name: it lives in another part of the package
    this.activation_relu_or_gelu = act === relu || act instanceof ReLU ? 1 : act === gelu || (act instanceof Module && act.constructor.name === 'GELU') ? 2 : 0;
    this.activation = act;
  }
  protected ffDropout(): Dropout { return this.dropout2; }
  forward(src: Tensor, src_mask?: Tensor | null | { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null }, src_key_padding_mask?: Tensor | null | { src_key_padding_mask?: Tensor | null }): Tensor;
  forward(...args: unknown[]): Tensor;
  forward(...args: unknown[]): Tensor {
    const a = bind('TransformerEncoderLayer.forward(self, src, src_mask=None, src_key_padding_mask=None)', args);
    const mask = a.src_mask as Tensor | null, kpm = a.src_key_padding_mask as Tensor | null;
    checkPaddingMaskDtype(kpm);
    let x = a.src as Tensor;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), mask, kpm));
      x = x.add(this._ff_block(this.norm2(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, mask, kpm)));
      x = this.norm2(x.add(this._ff_block(x)));
    }
    return x;
  }
  _sa_block(x: Tensor, attn_mask: Tensor | null, key_padding_mask: Tensor | null): Tensor {
    return this.dropout1(this.self_attn(x, x, x, { attn_mask, key_padding_mask, need_weights: false })[0]);
  }
}

export class TransformerDecoderLayer extends _TransformerLayer {
  declare multihead_attn: MultiheadAttention;
  declare norm3: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;
  constructor(d_model: number, nhead: number, opts?: TransformerLayerArgs);
  constructor(opts: TransformerLayerArgs & { d_model: number; nhead: number });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind(`TransformerDecoderLayer.__init__(self, ${LAYER_PARAMS})`, args);
    const { dtype, eps } = layerCommon(this, kw, true);
    this.norm3 = new LayerNorm(kw.d_model as number, { eps, dtype });
    this.dropout1 = new Dropout(kw.dropout as number);
    this.dropout2 = new Dropout(kw.dropout as number);
    this.dropout3 = new Dropout(kw.dropout as number);
    this.activation = this.activationOf(kw.activation as Activation | null);
  }
  protected ffDropout(): Dropout { return this.dropout3; }
  forward(tgt: Tensor, memory: Tensor, opts?: DecoderMasks): Tensor;
  forward(...args: unknown[]): Tensor;
  forward(...args: unknown[]): Tensor {
    const a = bind('TransformerDecoderLayer.forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None)', args);
    const memory = a.memory as Tensor;
    const [tm, mm, tk, mk] = [a.tgt_mask, a.memory_mask, a.tgt_key_padding_mask, a.memory_key_padding_mask] as (Tensor | null)[];
    let x = a.tgt as Tensor;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), tm, tk));
      x = x.add(this._mha_block(this.norm2(x), memory, mm, mk));
      x = x.add(this._ff_block(this.norm3(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, tm, tk)));
      x = this.norm2(x.add(this._mha_block(x, memory, mm, mk)));
      x = this.norm3(x.add(this._ff_block(x)));
    }
    return x;
  }
  _sa_block(x: Tensor, attn_mask: Tensor | null, key_padding_mask: Tensor | null): Tensor {
    return this.dropout1(this.self_attn(x, x, x, { attn_mask, key_padding_mask, need_weights: false })[0]);
  }
  _mha_block(x: Tensor, mem: Tensor, attn_mask: Tensor | null, key_padding_mask: Tensor | null): Tensor {
    return this.dropout2(this.multihead_attn(x, mem, mem, { attn_mask, key_padding_mask, need_weights: false })[0]);
  }
}

/** The decoder side's masks. */
export interface DecoderMasks {
  tgt_mask?: Tensor | null; memory_mask?: Tensor | null; tgt_key_padding_mask?: Tensor | null; memory_key_padding_mask?: Tensor | null;
}

export class TransformerEncoder extends Module {
  declare layers: ModuleList;
  declare num_layers: number;
  declare norm: Module | null;
  declare enable_nested_tensor: boolean;
  declare mask_check: boolean;
  constructor(encoder_layer: Module, num_layers: number, norm?: Module | null | EncoderArgs, opts?: EncoderArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('TransformerEncoder.__init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True)', args);
    this.layers = _get_clones(kw.encoder_layer as Module, kw.num_layers as number);
    this.num_layers = kw.num_layers as number;
    this.norm = kw.norm as Module | null;
    this.enable_nested_tensor = !!kw.enable_nested_tensor;
    this.mask_check = !!kw.mask_check;
  }
  forward(src: Tensor, mask?: Tensor | null | EncoderMasks, src_key_padding_mask?: Tensor | null | EncoderMasks): Tensor;
  forward(...args: unknown[]): Tensor;
  forward(...args: unknown[]): Tensor {
    const a = bind('TransformerEncoder.forward(self, src, mask=None, src_key_padding_mask=None)', args);
    const src = a.src as Tensor, mask = a.mask as Tensor | null, kpm = a.src_key_padding_mask as Tensor | null;
    checkPaddingMaskDtype(kpm);
    // PyTorch's nested-tensor path runs each sequence at its own length (non-zero mask entries are
    // padding, even in a float mask) and pads back with zeros: the same as masking those keys, then
    // zeroing the padded rows
    const padded = kpm && this.nestedPath(src, mask, kpm) ? (kpm.dtype === bool ? kpm : kpm.ne(0)) : null;
    let out = src;
    for (const mod of this.layers) out = (mod as Module)(out, { src_mask: mask, src_key_padding_mask: padded ?? kpm }) as Tensor;
    if (padded) out = out.masked_fill(padded.unsqueeze(-1), 0);
    if (this.norm) out = this.norm(out) as Tensor;
    return out;
  }
  /** Whether 1.13 takes its sparsity fast path (inputs converted to nested tensors). */
  private nestedPath(src: Tensor, mask: Tensor | null, kpm: Tensor | null): boolean {
    const first = this.layers.at(0);
    if (!(first instanceof TransformerEncoderLayer) || first.norm_first || first.training) return false;
    const sa = first.self_attn;
    if (!sa.batch_first || !sa._qkv_same_embed_dim || !first.activation_relu_or_gelu || first.norm1.eps !== first.norm2.eps) return false;
    if (src.ndim !== 3 || !this.enable_nested_tensor || !kpm) return false;
    if (this.mask_check && !leftAligned(kpm)) return false;
    if (mask || sa.num_heads % 2 === 1) return false;
    const tensors = [src, sa.in_proj_weight, sa.in_proj_bias, sa.out_proj.weight, sa.out_proj.bias, first.norm1.weight, first.norm1.bias,
      first.norm2.weight, first.norm2.bias, first.linear1.weight, first.linear1.bias, first.linear2.weight, first.linear2.bias];
    return !(is_grad_enabled() && tensors.some((t) => t?.requires_grad));
  }
}

/** Every row of the padding mask is some kept positions followed only by padding. */
function leftAligned(kpm: Tensor): boolean {
  const [B, S] = kpm.shape, d = kpm._data;
  for (let b = 0; b < B; b++) for (let s = 1; s < S; s++) if (d[b * S + s - 1] && !d[b * S + s]) return false;
  return true;
}

/** TransformerEncoder's keyword arguments. */
export interface EncoderArgs { norm?: Module | null; enable_nested_tensor?: boolean; mask_check?: boolean }
/** TransformerEncoder.forward's keyword arguments. */
export interface EncoderMasks { mask?: Tensor | null; src_key_padding_mask?: Tensor | null }

export class TransformerDecoder extends Module {
  declare layers: ModuleList;
  declare num_layers: number;
  declare norm: Module | null;
  constructor(decoder_layer: Module, num_layers: number, norm?: Module | null | { norm?: Module | null });
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('TransformerDecoder.__init__(self, decoder_layer, num_layers, norm=None)', args);
    this.layers = _get_clones(kw.decoder_layer as Module, kw.num_layers as number);
    this.num_layers = kw.num_layers as number;
    this.norm = kw.norm as Module | null;
  }
  forward(tgt: Tensor, memory: Tensor, opts?: DecoderMasks): Tensor;
  forward(...args: unknown[]): Tensor;
  forward(...args: unknown[]): Tensor {
    const a = bind('TransformerDecoder.forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None)', args);
    let out = a.tgt as Tensor;
    const masks = { tgt_mask: a.tgt_mask, memory_mask: a.memory_mask, tgt_key_padding_mask: a.tgt_key_padding_mask, memory_key_padding_mask: a.memory_key_padding_mask };
    for (const mod of this.layers) out = (mod as Module)(out, a.memory, masks) as Tensor;
    if (this.norm) out = this.norm(out) as Tensor;
    return out;
  }
}

/** Transformer's keyword arguments. */
export interface TransformerArgs extends TransformerLayerArgs {
  num_encoder_layers?: number; num_decoder_layers?: number; custom_encoder?: Module | null; custom_decoder?: Module | null;
}

export class Transformer extends Module {
  declare encoder: Module;
  declare decoder: Module;
  declare d_model: number;
  declare nhead: number;
  declare batch_first: boolean;
  constructor(opts?: TransformerArgs);
  constructor(...args: unknown[]);
  constructor(...args: unknown[]) {
    super();
    const kw = bind('Transformer.__init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, '
      + 'dropout=0.1, activation=None, custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-05, batch_first=False, '
      + 'norm_first=False, device=None, dtype=None)', args);
    const layerArgs = {
      dim_feedforward: kw.dim_feedforward, dropout: kw.dropout, activation: kw.activation, layer_norm_eps: kw.layer_norm_eps,
      batch_first: kw.batch_first, norm_first: kw.norm_first, dtype: kw.dtype,
    };
    const d = kw.d_model as number, h = kw.nhead as number, norm = (): LayerNorm => new LayerNorm(d, { eps: kw.layer_norm_eps as number, dtype: kw.dtype as DType });
    if (kw.custom_encoder) this.encoder = kw.custom_encoder as Module;
    else {
      const layer = new TransformerEncoderLayer(d, h, layerArgs);
      this.encoder = new TransformerEncoder(layer, kw.num_encoder_layers as number, norm());
    }
    if (kw.custom_decoder) this.decoder = kw.custom_decoder as Module;
    else {
      const layer = new TransformerDecoderLayer(d, h, layerArgs);
      this.decoder = new TransformerDecoder(layer, kw.num_decoder_layers as number, norm());
    }
    this._reset_parameters();
    this.d_model = d;
    this.nhead = h;
    this.batch_first = !!kw.batch_first;
  }
  /** xavier_uniform_ on every parameter with more than one dim, in parameters() order. */
  _reset_parameters(): void {
    for (const p of this.parameters()) if (p.ndim > 1) xavier_uniform_(p);
  }
  forward(src: Tensor, tgt: Tensor, opts?: TransformerMasks): Tensor;
  forward(...args: unknown[]): Tensor;
  forward(...args: unknown[]): Tensor {
    const a = bind('Transformer.forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None, '
      + 'tgt_key_padding_mask=None, memory_key_padding_mask=None)', args);
    const src = a.src as Tensor, tgt = a.tgt as Tensor;
    const batched = src.ndim === 3, bdim = this.batch_first ? 0 : 1;
    if (batched && src.size(bdim) !== tgt.size(bdim)) throw new RuntimeError('the batch number of src and tgt must be equal');
    if (src.size(-1) !== this.d_model || tgt.size(-1) !== this.d_model) throw new RuntimeError('the feature number of src and tgt must be equal to d_model');
    const memory = this.encoder(src, { mask: a.src_mask, src_key_padding_mask: a.src_key_padding_mask }) as Tensor;
    return this.decoder(tgt, memory, {
      tgt_mask: a.tgt_mask, memory_mask: a.memory_mask, tgt_key_padding_mask: a.tgt_key_padding_mask, memory_key_padding_mask: a.memory_key_padding_mask,
    }) as Tensor;
  }
  /** An [sz, sz] float mask: -inf above the diagonal, 0 on and below it. */
  static generate_square_subsequent_mask(...args: unknown[]): Tensor {
    const { sz } = bind("generate_square_subsequent_mask(sz, device='cpu')", args);
    return triu(full([sz as number, sz as number], -Infinity), { diagonal: 1 });
  }
}

/** Transformer.forward's masks. */
export interface TransformerMasks extends DecoderMasks { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null }
