// The ported PyTorch tutorials against what their upstream scripts print on PyTorch 1.13
// (test/fixtures/tutorials.json, written by tools/fixtures_tutorials.py running tools/upstream/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/tutorials.json', import.meta.url), 'utf8'));
const run = async (name) => {
  const { main } = await import(`../dist/examples/${name}.js`);
  const lines = [];
  main((l) => lines.push(...l.split('\n')));
  return lines;
};

test('"Sequence Models and LSTM Networks": every printed line as PyTorch prints it, after 300 epochs of NLLLoss training too', async () => {
  assert.deepEqual(await run('sequence_models'), fixture.programs.sequence_models.stdout);
});

test('"Deep Learning with PyTorch": every printed line as PyTorch prints it, the bag-of-words classifier trained with NLLLoss too', async () => {
  assert.deepEqual(await run('deep_learning'), fixture.programs.deep_learning.stdout);
});

test('"Defining New autograd Functions": the first loss to the last digit, the rest within float rounding', async () => {
  const lines = await run('polynomial_custom_function');
  const want = fixture.programs.polynomial_custom_function.stdout;
  assert.equal(lines.length, want.length);
  const NUM = /-?\d[\d.]*(e[-+]\d+)?/g;
  lines.forEach((l, i) => {
    // the same words; the numbers to float rounding (a 2,000-element sum adds in another order), and
    // a and c, which the fit drives to zero, to within 1e-7 of PyTorch's
    assert.equal(l.replace(NUM, '#'), want[i].replace(NUM, '#'));
    const got = l.match(NUM).map(Number), exp = want[i].match(NUM).map(Number);
    got.forEach((v, k) => assert.ok(Math.abs(v - exp[k]) <= Math.max(1e-6 * Math.abs(exp[k]), 1e-7), `line ${i}, number ${k}: ${v} vs ${exp[k]}`));
  });
  assert.equal(lines[0], want[0]);
});
