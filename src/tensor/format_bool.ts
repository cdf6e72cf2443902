// Printing of bool tensors (comparison results): `tensor([ True, False])`, each value right-aligned
// to the widest, rows wrapped and nested as the numeric formatter does.
import { formatTensor } from './format.js';

export function formatBool(data: ArrayLike<number>, shape: readonly number[], suffixes: string[]): string {
  // Reuse the numeric layout with 0/1, then swap the digits for Python's bool spellings.
  let anyFalse = false;
  for (let i = 0; i < data.length; i++) if (!data[i]) { anyFalse = true; break; }
  const width = anyFalse ? 5 : 4;
  const ints = formatTensor(data, shape, 'int64', suffixes);
  // an empty tensor has no values to spell, only its size and dtype
  if (data.length === 0) return ints.replace('dtype=torch.int64', 'dtype=torch.bool');
  const head = ints.indexOf('(') + 1;
  const body = ints.slice(head).replace(/(?<![\w.=])([01])(?![\w.])/g, (_m, d: string) => (d === '1' ? 'True' : 'False').padStart(width));
  const out = ints.slice(0, head) + body;
  return shape.length === 0 || data.length === 0 ? out.replace('dtype=torch.int64', 'dtype=torch.bool') : out.replace(/\)$/, data.length === 0 ? ', dtype=torch.bool)' : ')');
}
