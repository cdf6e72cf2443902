// Tensor repr: a faithful port of PyTorch 1.13's torch/_tensor_str.py (`str(t)` / `repr(t)`)
// for dense CPU float, integer and bool tensors.
//
// It is a pure function of (flat row-major data, shape, dtype, extra suffixes) so the Tensor
// class can call it without this file knowing anything about storage or autograd. The
// structure mirrors the Python source (_Formatter, _vector_str, _tensor_str_with_formatter,
// get_summarized_data, _add_suffixes, _str_intern) so differences can be checked line by line.
// Python's float formatting ('{:.4f}', '{:.4e}', '{:.0f}') is reproduced exactly with BigInt
// arithmetic on the binary value, because JS toFixed/toExponential round ties away from zero
// whereas Python rounds ties half-to-even, and they differ on -0 and exponent digits.

export type FormatDtype = 'float32' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sci_mode: boolean | null;
}

/** Same defaults as torch._tensor_str.PRINT_OPTS; mutated in place by set_printoptions. */
export const printOptions: PrintOptions = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sci_mode: null,
};

// ---------------------------------------------------------------------------------------------
// Exact Python float formatting
// ---------------------------------------------------------------------------------------------

/** Split a finite, non-zero |x| into an exact fraction num / den (den a power of two). */
function exactFraction(a: number): { num: bigint; den: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074; // subnormal: no implicit leading bit
  } else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  return exp >= 0 ? { num: mant << BigInt(exp), den: 1n } : { num: mant, den: 1n << BigInt(-exp) };
}

/** round(num / den) with ties to even, as Python's float formatting does on the exact value. */
function divRoundHalfEven(num: bigint, den: bigint): bigint {
  let q = num / den;
  const twiceR = 2n * (num % den);
  if (twiceR > den || (twiceR === den && (q & 1n) === 1n)) q += 1n;
  return q;
}

// Python prints a '-' for every value with the sign bit set, including -0.0 and negatives
// that round to zero ('{:.4f}'.format(-1e-9) == '-0.0000'); JS drops it for -0.
function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

/** Python '{:.<p>f}'.format(x). */
export function pyFixed(x: number, p: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const a = Math.abs(x);
  let digits: string;
  if (a === 0) {
    digits = '0'.repeat(p + 1);
  } else {
    const { num, den } = exactFraction(a);
    digits = divRoundHalfEven(num * 10n ** BigInt(p), den).toString().padStart(p + 1, '0');
  }
  const intPart = digits.slice(0, digits.length - p);
  const body = p > 0 ? `${intPart}.${digits.slice(digits.length - p)}` : intPart;
  return signOf(x) + body;
}

/** Python '{:.<p>e}'.format(x): exponent has a sign and at least two digits ('1.0000e+08'). */
export function pyExp(x: number, p: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const a = Math.abs(x);
  let mantissa: bigint;
  let k = 0;
  if (a === 0) {
    mantissa = 0n;
  } else {
    const { num, den } = exactFraction(a);
    // Decimal exponent k with 10^k <= a < 10^(k+1); log10 is only an estimate, fix it exactly.
    k = Math.floor(Math.log10(a));
    const atLeastPow = (e: number): boolean =>
      e >= 0 ? num >= den * 10n ** BigInt(e) : num * 10n ** BigInt(-e) >= den;
    while (!atLeastPow(k)) k -= 1;
    while (atLeastPow(k + 1)) k += 1;
    const shift = p - k; // scale so that the mantissa has p+1 integer digits
    mantissa =
      shift >= 0
        ? divRoundHalfEven(num * 10n ** BigInt(shift), den)
        : divRoundHalfEven(num, den * 10n ** BigInt(-shift));
    if (mantissa === 10n ** BigInt(p + 1)) {
      // Rounding carried into a new digit (9.99995 -> 10.0000): renormalise.
      mantissa = 10n ** BigInt(p);
      k += 1;
    }
  }
  const digits = mantissa.toString().padStart(p + 1, '0');
  const body = p > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expStr = `${k < 0 ? '-' : '+'}${String(Math.abs(k)).padStart(2, '0')}`;
  return `${signOf(x)}${body}e${expStr}`;
}

/** Python str(int) for an integral JS number (BigInt avoids '1e+21' and rounded digits). */
function pyInt(x: number): string {
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

// ---------------------------------------------------------------------------------------------
// _Formatter
// ---------------------------------------------------------------------------------------------

class Formatter {
  readonly floating: boolean;
  readonly bool: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  /** `values` are the elements that will be shown (get_summarized_data when summarising). */
  constructor(values: number[], dtype: FormatDtype) {
    this.floating = dtype === 'float32' || dtype === 'float64';
    this.bool = dtype === 'bool';
    const precision = printOptions.precision;
    if (this.bool) {
      // Python's str(True) / str(False): the column is as wide as the widest shown value
      this.maxWidth = values.some((v) => !v) ? 5 : 4;
    } else if (!this.floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, pyInt(v).length);
    } else {
      const nonzeroFinite = values.filter((v) => Number.isFinite(v) && v !== 0);
      // Quirk: with no nonzero finite value PyTorch returns early, so int_mode stays on and
      // PRINT_OPTS.sci_mode is *not* applied (tensor([0., nan]) prints '0.' even with sci_mode=True).
      if (nonzeroFinite.length === 0) return;
      let min = Infinity;
      let max = 0;
      for (const v of nonzeroFinite) {
        const a = Math.abs(v);
        if (a < min) min = a;
        if (a > max) max = a;
      }
      this.intMode = nonzeroFinite.every((v) => v === Math.ceil(v));
      // Widths only count nonzero finite values; zeros, nan and inf may overflow the column.
      if (this.intMode) {
        if (max / min > 1000.0 || max > 1.0e8) {
          this.sciMode = true;
          for (const v of nonzeroFinite) this.maxWidth = Math.max(this.maxWidth, pyExp(v, precision).length);
        } else {
          // +1 for the '.' appended to integral floats ('1.').
          for (const v of nonzeroFinite) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, 0).length + 1);
        }
      } else if (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4) {
        this.sciMode = true;
        for (const v of nonzeroFinite) this.maxWidth = Math.max(this.maxWidth, pyExp(v, precision).length);
      } else {
        for (const v of nonzeroFinite) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, precision).length);
      }
    }
    if (printOptions.sci_mode !== null) this.sciMode = printOptions.sci_mode;
  }

  format(v: number): string {
    let ret: string;
    if (this.bool) {
      ret = v ? 'True' : 'False';
    } else if (!this.floating) {
      ret = pyInt(v);
    } else if (this.sciMode) {
      ret = pyExp(v, printOptions.precision);
    } else if (this.intMode) {
      ret = pyFixed(v, 0);
      if (Number.isFinite(v)) ret += '.';
    } else {
      ret = pyFixed(v, printOptions.precision);
    }
    // Python's `(max_width - len(ret)) * " "` is empty when negative: no truncation.
    return ret.padStart(this.maxWidth, ' ');
  }
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

interface View {
  data: ArrayLike<number>;
  shape: readonly number[];
  strides: number[];
}

/** Start index of Python's `self[-k:]`; note `self[-0:]` is the whole dimension. */
function tailStart(size: number, k: number): number {
  return k === 0 ? 0 : Math.max(0, size - k);
}

/** Indices along one dim that are shown: all, or edgeitems head + tail when summarising. */
function shownIndices(size: number, summarize: boolean, oneD: boolean): { head: number[]; tail: number[] | null } {
  const edge = printOptions.edgeitems;
  const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
  if (summarize && size > 2 * edge) {
    // 1-D uses slices (self[:e], self[-e:]); higher dims use range(len - e, len).
    const tailFrom = oneD ? tailStart(size, edge) : size - edge;
    return { head: range(0, Math.min(edge, size)), tail: range(tailFrom, size) };
  }
  return { head: range(0, size), tail: null };
}

/** get_summarized_data flattened: the values the formatter measures. */
function summarizedValues(v: View, dim: number, offset: number, summarize: boolean, out: number[]): void {
  if (dim === v.shape.length) {
    out.push(v.data[offset]);
    return;
  }
  const { head, tail } = shownIndices(v.shape[dim], summarize, dim === v.shape.length - 1);
  for (const i of tail === null ? head : head.concat(tail)) {
    summarizedValues(v, dim + 1, offset + i * v.strides[dim], summarize, out);
  }
}

function vectorStr(v: View, offset: number, indent: number, summarize: boolean, fmt: Formatter): string {
  const dim = v.shape.length - 1;
  // element_length includes the ', ' separator.
  const elementLength = fmt.maxWidth + 2;
  const elementsPerLine = Math.max(1, Math.floor((printOptions.linewidth - indent) / elementLength));
  const { head, tail } = shownIndices(v.shape[dim], summarize, true);
  const at = (i: number): string => fmt.format(v.data[offset + i * v.strides[dim]]);
  const data = tail === null ? head.map(at) : [...head.map(at), ' ...', ...tail.map(at)];
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += elementsPerLine) {
    lines.push(data.slice(i, i + elementsPerLine).join(', '));
  }
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStrWithFormatter(
  v: View,
  dim: number,
  offset: number,
  indent: number,
  summarize: boolean,
  fmt: Formatter,
): string {
  const rank = v.shape.length - dim; // dimensions of the sub-tensor being printed
  if (rank === 0) return fmt.format(v.data[offset]);
  if (rank === 1) return vectorStr(v, offset, indent, summarize, fmt);
  const { head, tail } = shownIndices(v.shape[dim], summarize, false);
  const sub = (i: number): string =>
    tensorStrWithFormatter(v, dim + 1, offset + i * v.strides[dim], indent + 1, summarize, fmt);
  const slices = tail === null ? head.map(sub) : [...head.map(sub), '...', ...tail.map(sub)];
  // Blocks of a k-D tensor are separated by k-1 newlines (blank lines between 2-D blocks).
  return '[' + slices.join(',' + '\n'.repeat(rank - 1) + ' '.repeat(indent + 1)) + ']';
}

function tensorStr(v: View, numel: number, dtype: FormatDtype, indent: number): string {
  const summarize = numel > printOptions.threshold;
  const shown: number[] = [];
  summarizedValues(v, 0, 0, summarize, shown);
  const fmt = new Formatter(shown, dtype);
  return tensorStrWithFormatter(v, 0, 0, indent, summarize, fmt);
}

/** _add_suffixes: each suffix goes on the same line unless it would pass linewidth. */
function addSuffixes(str: string, suffixes: readonly string[], indent: number): string {
  const parts = [str];
  // Copied as written in PyTorch (including its off-by-two when there is no newline).
  let lastLineLen = str.length - str.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > printOptions.linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** Python str(tuple(shape)): '(0, 3)', '(0,)'. */
function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * str(t) of a dense CPU tensor, exactly as PyTorch 1.13 prints it.
 * @param data flat row-major contents (float32 already rounded to float32)
 * @param suffixes caller-provided suffixes such as 'grad_fn=<MulBackward0>' or 'requires_grad=True';
 *   they follow the size/dtype suffixes this function adds itself, as in _str_intern.
 */
export function formatTensor(
  data: ArrayLike<number>,
  shape: readonly number[],
  dtype: FormatDtype,
  suffixes: string[] = [],
): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const numel = shape.reduce((a, b) => a * b, 1);
  const own: string[] = [];
  let body: string;
  if (numel === 0) {
    // Empty tensors show their shape unless 1-D (NumPy convention), and always their dtype
    // unless it is the default float32 — there are no elements to infer int64 from.
    if (shape.length !== 1) own.push('size=' + pyTuple(shape));
    if (dtype !== 'float32') own.push('dtype=torch.' + dtype);
    body = '[]';
  } else {
    // int64 and bool count as "default" dtypes for non-empty tensors: every other one is announced.
    if (dtype !== 'float32' && dtype !== 'int64' && dtype !== 'bool') own.push('dtype=torch.' + dtype);
    const strides = new Array<number>(shape.length);
    let s = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      strides[d] = s;
      s *= shape[d];
    }
    body = tensorStr({ data, shape, strides }, numel, dtype, indent);
  }
  return addSuffixes(prefix + body, [...own, ...suffixes], indent);
}
