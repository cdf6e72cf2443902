// The legacy tensor constructors older PyTorch programs call: torch.FloatTensor, DoubleTensor,
// LongTensor, IntTensor, ShortTensor, CharTensor, ByteTensor, BoolTensor (1.13's `new()`):
//   torch.LongTensor()          an empty 1-d tensor
//   torch.LongTensor(2, 3)      a 2 x 3 tensor (uninitialized in PyTorch; zeros here)
//   torch.LongTensor([1, 2])    from data, converted to the type (1.7 becomes 1)
//   torch.FloatTensor(t)        t itself, if it has the type
import { Tensor } from './tensor.js';
import { DType } from './dtype.js';
import { tensor, zeros } from './creation.js';
import { pyType, splitArgs, type Kw } from './args.js';

/** What C++'s TensorOptions prints for a dtype in the mismatch error. */
const OPTION_NAMES: Record<string, string> = {
  float32: 'float', float64: 'double', int64: 'long int', int32: 'int', int16: 'short int', int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
};
const options = (d: DType): string =>
  `TensorOptions(dtype=${OPTION_NAMES[d.name]}, device=cpu, layout=Strided, requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt))`;

type Legacy = (...args: unknown[]) => Tensor;

function legacy(dtype: DType): Legacy {
  return (...args: unknown[]): Tensor => {
    const [pos, given] = splitArgs(args);
    const kw: Kw = given ?? {};
    const extra = Object.keys(kw).filter((k) => k !== 'device');
    if (extra.length) {
      const got = pos.map(pyType).concat(Object.keys(kw).map((k) => `${k}=${k === 'dtype' ? 'torch.dtype' : pyType(kw[k])}`)).join(', ');
      throw new TypeError(`new() received an invalid combination of arguments - got (${got}), but expected one of:\n` +
        ' * (*, torch.device device)\n' +
        `      didn't match because some of the keywords were incorrect: ${extra.join(', ')}\n` +
        ' * (torch.Storage storage)\n * (Tensor other)\n * (tuple of ints size, *, torch.device device)\n * (object data, *, torch.device device)\n');
    }
    if (pos.length === 0) return zeros([0], { dtype });
    const first = pos[0];
    if (pos.length === 1 && first instanceof Tensor) {
      if (first.dtype !== dtype) throw new TypeError(`expected ${options(dtype)} (got ${options(first.dtype)})`);
      return first;
    }
    if (pos.length === 1 && typeof first === 'object' && first !== null) return tensor(first as number[], { dtype });
    pos.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isInteger(v))
        throw new TypeError(i === 0 ? `'${pyType(v)}' object cannot be interpreted as an integer`
          : `new(): argument 'size' must be tuple of ints, but found element of type ${pyType(v)} at pos ${i + 1}`);
    });
    return zeros(pos as number[], { dtype });
  };
}

export const FloatTensor = legacy(DType.float32);
export const DoubleTensor = legacy(DType.float64);
export const LongTensor = legacy(DType.int64);
export const IntTensor = legacy(DType.int32);
export const ShortTensor = legacy(DType.int16);
export const CharTensor = legacy(DType.int8);
export const ByteTensor = legacy(DType.uint8);
export const BoolTensor = legacy(DType.bool);
