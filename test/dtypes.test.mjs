// The integer and bool dtypes against PyTorch-generated cases (tools/fixtures_dtypes.py): the
// promote_types / can_cast / result_type tables over every pair, and one call per case checked for
// its value and dtype (integers and bools exactly), its repr, the warnings it raised, its
// gradients, or PyTorch's error class and message; and safetensors files in these dtypes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
import { DT, num, make, arg } from './support/fixture_tensors.mjs';

const fx = JSON.parse(readFileSync(new URL('./fixtures/cases_dtypes.json', import.meta.url), 'utf8'));

function assertTensor(got, spec, what) {
  assert.ok(got instanceof torch.Tensor, `${what}: not a Tensor`);
  assert.deepEqual(got.shape, spec.shape, `${what}: shape`);
  assert.equal(got.dtype, DT[spec.dtype], `${what}: dtype ${got.dtype} != ${spec.dtype}`);
  const g = [got.tolist()].flat(Infinity);
  if (spec.dtype === 'bool') assert.ok(g.every((v) => typeof v === 'boolean'), `${what}: tolist() gives booleans`);
  const [at, rt] = spec.dtype === 'float64' ? [1e-12, 1e-10] : spec.dtype === 'float32' ? [1e-6, 1e-5] : [0, 0];
  spec.data.map(num).forEach((e, i) => {
    const v = Number(g[i]);
    if (Number.isNaN(e)) assert.ok(Number.isNaN(v), `${what}[${i}]: ${v} is not NaN`);
    else if (at === 0 || !Number.isFinite(e)) assert.equal(v, e, `${what}[${i}]`); // integers exactly (and no -0)
    else assert.ok(Math.abs(v - e) <= at + rt * Math.abs(e), `${what}[${i}]: ${v} != ${e}`);
  });
}

function call(c, args) {
  const kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, arg(v)]));
  const rest = Object.keys(kw).length ? [kw] : [];
  if (c.call === 'method') return args[0][c.fn](...args.slice(1), ...rest);
  if (c.call === 'F') return torch.nn.functional[c.fn](...args, ...rest);
  return torch[c.fn](...args, ...rest);
}

/** Runs f with warnings collected (each case starts with an empty once-per-message memory). */
function withWarnings(f) {
  const seen = [];
  torch.setWarningHandler((m) => seen.push(m));
  try { return [f(), seen]; } finally { torch.setWarningHandler((m) => console.warn(`UserWarning: ${m}`)); }
}

test('promote_types over every pair of dtypes', () => {
  for (const [a, b, r] of fx.promote_types) assert.equal(torch.promote_types(DT[a], DT[b]), DT[r], `${a}, ${b}`);
  assert.equal(fx.promote_types.length, 64);
});

test('can_cast over every pair of dtypes', () => {
  for (const [a, b, r] of fx.can_cast) assert.equal(torch.can_cast(DT[a], DT[b]), r, `${a} -> ${b}`);
});

test('result_type over tensors with dims, 0-dim tensors and Python numbers', () => {
  for (const { args, expect } of fx.result_type) {
    const [a, b] = args.map(arg);
    const what = args.map((x) => (x && x.tensor ? `${x.tensor.dtype}[${x.tensor.shape}]` : JSON.stringify(x))).join(', ');
    assert.equal(torch.result_type(a, b), DT[expect], what);
  }
  assert.equal(fx.result_type.length, 19 * 19);
});

for (const c of fx.cases) {
  test(`${c.fn}: ${c.id}`, () => {
    const args = c.args.map(arg);
    const ex = c.expect;
    if (c.seed !== undefined) torch.manual_seed(c.seed);
    if (ex.error) {
      assert.throws(() => call(c, args), (e) => {
        assert.equal(e.name, ex.error.type, `error class (${e.message})`);
        assert.equal(e.message, ex.error.message);
        return true;
      });
      if (!c.fn.endsWith('_')) c.args.forEach((a, i) => { if (a && a.tensor) assertTensor(args[i], a.tensor, `argument ${i} after the call`); });
      return;
    }
    const [out, warnings] = withWarnings(() => call(c, args));
    assert.deepEqual(warnings, ex.warnings ?? [], 'warnings');
    if (ex.tensor) assertTensor(out, ex.tensor, 'value');
    else if (ex.dtype) assert.equal(out, DT[ex.dtype]);
    else assert.deepEqual(out, ex.value);
    if (ex.repr) assert.equal(String(out), ex.repr);
    if (!c.fn.endsWith('_')) c.args.forEach((a, i) => { if (a && a.tensor) assertTensor(args[i].detach(), a.tensor, `argument ${i} after the call`); });
    if (ex.grads) {
      out.mul(make(c.grad_output)).sum().backward();
      for (const [i, g] of Object.entries(ex.grads)) assertTensor(args[i].grad, g, `grad ${i}`);
    }
  });
}

test('the cases cover every integer dtype, bool, and each group of ops', () => {
  const dtypes = new Set(fx.cases.flatMap((c) => [c.expect.tensor?.dtype, ...c.args.map((a) => a?.tensor?.dtype)]));
  for (const d of Object.keys(DT)) assert.ok(dtypes.has(d), d);
  const fns = new Set(fx.cases.map((c) => c.fn));
  for (const f of ['tensor', 'zeros', 'full', 'arange', 'randint', 'to', 'int', 'short', 'char', 'byte', 'bool', 'type', 'add', 'mul',
    'neg', 'div', 'eq', 'sum', 'mean', 'prod', 'cumsum', 'nll_loss', 'cross_entropy', 'masked_fill', 'get', 'where', 'tolist'])
    assert.ok(fns.has(f), f);
});

test('arithmetic wraps at the dtype width (the examples PyTorch users meet first)', () => {
  assert.equal(torch.tensor([200], { dtype: torch.uint8 }).add(100).item(), 44);
  assert.equal(torch.tensor([127], { dtype: torch.int8 }).add(1).item(), -128);
  assert.equal(torch.tensor([2 ** 31 - 1], { dtype: torch.int32 }).add(1).item(), -(2 ** 31));
  assert.equal(torch.tensor([-1.0]).to(torch.uint8).item(), 255);
  assert.equal(torch.tensor([300.5]).byte().item(), 44);
  assert.equal(String(torch.tensor([1, 2], { dtype: torch.uint8 })), 'tensor([1, 2], dtype=torch.uint8)');
  assert.equal(String(torch.tensor([true, false])), 'tensor([ True, False])');
  assert.deepEqual(torch.tensor([true, false]).tolist(), [true, false]);
  assert.equal(torch.tensor([1, 2], { dtype: torch.int32 }).div(2).dtype, torch.float32);
  assert.equal(torch.int, torch.int32);
  assert.equal(torch.short, torch.int16);
});

test('safetensors: a Python-written file in U8/I8/I16/I32/BOOL/I64 loads as those dtypes, and saves back the same', () => {
  const bytes = Buffer.from(fx.safetensors.b64, 'base64');
  const got = torch.safetensors.deserialize(bytes);
  for (const [k, spec] of Object.entries(fx.safetensors.tensors)) assertTensor(got.get(k), spec, k);
  const again = torch.safetensors.serialize(got);
  const back = torch.safetensors.deserialize(again);
  for (const [k, spec] of Object.entries(fx.safetensors.tensors)) assertTensor(back.get(k), spec, `${k} after a round trip`);
  // the header names each dtype with safetensors' code, and the data is byte for byte Python's
  const n = Number(new DataView(again.buffer, again.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(again.subarray(8, 8 + n)));
  assert.deepEqual(Object.fromEntries(Object.entries(header).map(([k, v]) => [k, v.dtype])),
    { u8: 'U8', i8: 'I8', i16: 'I16', i32: 'I32', mask: 'BOOL', i64: 'I64' });
  const m = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  assert.deepEqual(again.subarray(8 + n), new Uint8Array(bytes.subarray(8 + m)));
});
