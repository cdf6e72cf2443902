// The README's sample output is what `npm start` prints today: the lines of the block marked
// `npm-start-output` (other than `...`) appear, in order, in the output of the command npm start runs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}/README.md`, 'utf8');

/** The fenced block right after the `<!-- name -->` marker. */
function markedBlock(name) {
  const m = readme.match(new RegExp(`<!-- ${name} -->\\s*\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``));
  assert.ok(m, `README has no block marked <!-- ${name} -->`);
  return m[1].split('\n');
}

test('README: the sample output of npm start is what npm start prints', () => {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
  const command = pkg.scripts.start.split('&&').pop().trim().split(/\s+/);
  assert.deepEqual(command.slice(0, 2), ['node', 'dist/cli.js']);
  const out = execFileSync(process.execPath, command.slice(1), { cwd: root, encoding: 'utf8' }).split('\n');
  const want = markedBlock('npm-start-output');
  assert.equal(out[0], want[0], 'first line');
  let at = 0;
  for (const line of want) {
    if (line === '...') continue;
    const found = out.indexOf(line, at);
    assert.ok(found >= 0, `README line not printed (in this order): ${JSON.stringify(line)}`);
    at = found + 1;
  }
});
