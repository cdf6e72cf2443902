// Badly bound calls of the ops and functionals of issue 12 raise what PyTorch 1.13 raises: a wrong
// type positionally and by keyword, an unknown keyword and surplus positionals, as torch.op, as the
// Tensor method and as F.op. Exact class and message; for "received an invalid combination of
// arguments" the first line exactly and every signature PyTorch lists, as it prints them (its
// "didn't match because" notes are not compared). Cases from tools/gen_calling_convention_more.py.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';

const F = torch.nn.functional;
const fixture = JSON.parse(readFileSync(new URL('./fixtures/calling_convention_more.json', import.meta.url), 'utf8'));
torch.setWarningHandler(() => {});

/** The fixture's named tensors, fresh for every call (some calls write in place). */
function tensors() {
  const g = new torch.Generator().manual_seed(0);
  return {
    x: torch.randn(2, 3, { generator: g }), v: torch.randn(3, { generator: g }), s: torch.randn(3, 3, { generator: g }),
    b: torch.randn(2, 3, 3, { generator: g }), p: torch.rand(2, 3, { generator: g }), i: torch.tensor([0, 1]),
    img: torch.randn(1, 1, 4, 4, { generator: g }),
  };
}

/** Makes the call the case describes, keywords in a trailing options object. */
export function call(c) {
  const ts = tensors();
  const args = c.args.map((a) => (typeof a === 'string' && a in ts ? ts[a] : a));
  if (Object.keys(c.kwargs).length) args.push({ ...c.kwargs });
  if (c.target === 'torch') return torch[c.name](...args);
  if (c.target === 'F') return F[c.name](...args);
  const self = args.shift();
  return self[c.name](...args);
}

/** Does the error match PyTorch's (see the header)? Returns null when it does, else a reason. */
export function mismatch(e, ex) {
  if (e.name !== ex.type && e.constructor.name !== ex.type) return `class ${e.constructor.name}, expected ${ex.type}`;
  if (e.message === ex.message) return null;
  const [head, ...rest] = ex.message.split('\n');
  if (!head.includes('received an invalid combination of arguments')) return 'message differs';
  if (e.message.split('\n')[0] !== head) return 'first line differs';
  const listed = new Set(e.message.split('\n').filter((l) => l.startsWith(' * ')));
  const missing = rest.filter((l) => l.startsWith(' * ') && !listed.has(l));
  return missing.length ? `signatures missing: ${missing.join('; ')}` : null;
}

for (const c of fixture.cases) {
  test(`${c.id}: ${c.target === 'method' ? `${c.args[0]}.` : `${c.target}.`}${c.name}(${JSON.stringify(c.args.slice(c.target === 'method' ? 1 : 0)).slice(1, -1)}${Object.keys(c.kwargs).length ? `, ${JSON.stringify(c.kwargs)}` : ''})`, () => {
    if (c.expect.ok) { call(c); return; }
    let thrown = null;
    try { call(c); } catch (e) { thrown = e; }
    assert.ok(thrown, `no error; PyTorch raised ${c.expect.error.type}: ${c.expect.error.message}`);
    const why = mismatch(thrown, c.expect.error);
    assert.equal(why, null, `${why}\n  js: ${thrown.constructor.name}: ${thrown.message}\n  py: ${c.expect.error.type}: ${c.expect.error.message}`);
  });
}
