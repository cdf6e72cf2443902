// Where the browser bundle's gzip bytes go (docs/bundle.md). Builds the bundle tools/bundle-size.mjs
// measures (esbuild --bundle --minify --format=esm --platform=browser of `import * as torch from
// 'torchlet'`, gzip -9), then reports
//  1. per source file and per area: esbuild emits each module's code contiguously, so the gzip -9
//     size of the output's prefixes at module boundaries gives each module's marginal compressed cost
//     (a module compresses against everything before it, so the order matters a little);
//  2. per token class: the minified output is tokenised with TypeScript's scanner, and one class at
//     a time (string/template text, mangled names, property names, punctuation, ...) is blanked
//     and the gzip size measured again: the difference is what that class costs in context;
//  3. the string literals by kind (messages with spaces, PyTorch schema/signature texts, short keys);
//  4. the parts of the public API: `dist/index.js` with the nn / optim / utils / datasets /
//     transforms / safetensors namespaces and torch.save/load removed, then each put back alone.
// Usage: node tools/bundle-breakdown.mjs [--top N] [--strings N] [--no-parts]   (after `npm run build`)
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i >= 0 ? Number(args[i + 1]) : d; };
const TOP = opt('--top', 40), STR = opt('--strings', 25);
const root = fileURLToPath(new URL('..', import.meta.url));
const gz = (s) => gzipSync(typeof s === 'string' ? Buffer.from(s) : s, { level: 9 }).length;
const bundle = async (contents, extra = {}) => build({
  stdin: { contents, resolveDir: root, loader: 'js' },
  bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'error', ...extra,
});
const result = await bundle("import * as torch from 'torchlet'; export { torch };", { sourcemap: 'external', outfile: 'out.js' });
const js = result.outputFiles.find((f) => f.path.endsWith('.js')).text;
const map = JSON.parse(result.outputFiles.find((f) => f.path.endsWith('.map')).text);
const total = gz(js);
const pct = (n) => `${(100 * n / total).toFixed(1).padStart(5)}%`;
console.log(`bundle: ${Buffer.byteLength(js)} bytes minified, ${total} bytes gzip -9`);

// ---- 1. per source file (source map: the source of each output position) ----
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function vlq(s, i) { let r = 0, sh = 0, c; do { c = B64.indexOf(s[i.p++]); r += (c & 31) << sh; sh += 5; } while (c & 32); return r & 1 ? -(r >>> 1) : r >>> 1; }
const lineStarts = [0];
for (let i = 0; i < js.length; i++) if (js[i] === '\n') lineStarts.push(i + 1);
const segs = [];
{
  let src = 0;
  map.mappings.split(';').forEach((line, li) => {
    let col = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const i = { p: 0 }; col += vlq(seg, i);
      if (i.p < seg.length) { src += vlq(seg, i); vlq(seg, i); vlq(seg, i); if (i.p < seg.length) vlq(seg, i); segs.push([lineStarts[li] + col, src]); }
    }
  });
}
segs.sort((a, b) => a[0] - b[0]);
const runs = [];
for (const [off, s] of segs) if (!runs.length || runs[runs.length - 1].s !== s) runs.push({ off, s });
const nameOf = (s) => map.sources[s].replace(/^.*?dist\//, '');
const costBy = new Map(), rawBy = new Map();
{
  let prev = 0;
  for (let k = 0; k < runs.length; k++) {
    const start = k === 0 ? 0 : runs[k].off, end = k + 1 < runs.length ? runs[k + 1].off : js.length, g = gz(js.slice(0, end));
    const n = nameOf(runs[k].s);
    costBy.set(n, (costBy.get(n) ?? 0) + g - prev); rawBy.set(n, (rawBy.get(n) ?? 0) + end - start);
    prev = g;
  }
}
console.log(`\n1. per source file: gzip bytes (marginal, in bundle order), minified bytes, cumulative share (${costBy.size} files)`);
let acc = 0;
for (const [n, c] of [...costBy].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
  acc += c; console.log(`${String(c).padStart(7)} ${String(rawBy.get(n)).padStart(7)} ${pct(acc)}  ${n}`);
}
const area = (n) => (/^nn\/(functional|modules|rnn|utils)\//.test(n) ? n.split('/').slice(0, 2).join('/') : n.includes('/') ? n.split('/')[0] : '(root)');
const byArea = new Map();
for (const [n, c] of costBy) byArea.set(area(n), (byArea.get(area(n)) ?? 0) + c);
console.log('\n   per area (gzip bytes)');
for (const [d, c] of [...byArea].sort((a, b) => b[1] - a[1])) console.log(`${String(c).padStart(7)} ${pct(c)}  ${d}`);

// ---- 2. per token class ----
const K = ts.SyntaxKind;
const sc = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, js);
const toks = []; // [kind, start, end, class]
{
  const templ = []; // brace depth at each open template substitution
  let tok, last = null, depth = 0;
  const divAfter = new Set([K.Identifier, K.NumericLiteral, K.BigIntLiteral, K.StringLiteral, K.CloseParenToken, K.CloseBracketToken,
    K.CloseBraceToken, K.ThisKeyword, K.NoSubstitutionTemplateLiteral, K.TemplateTail, K.RegularExpressionLiteral, K.PlusPlusToken, K.MinusMinusToken]);
  while ((tok = sc.scan()) !== K.EndOfFileToken) {
    if ((tok === K.SlashToken || tok === K.SlashEqualsToken) && !divAfter.has(last)) tok = sc.reScanSlashToken();
    if (tok === K.CloseBraceToken && templ.length && templ[templ.length - 1] === depth) { tok = sc.reScanTemplateToken(false); templ.pop(); }
    if (tok === K.OpenBraceToken) depth++;
    else if (tok === K.CloseBraceToken) depth--;
    else if (tok === K.TemplateHead || tok === K.TemplateMiddle) templ.push(depth);
    const a = sc.getTokenStart(), b = sc.getTokenEnd(), prev = toks.length ? js.slice(toks[toks.length - 1][1], toks[toks.length - 1][2]) : '';
    let cls;
    if (tok === K.Identifier) cls = prev === '.' || prev === '?.' ? 'property names after .' : b - a <= 3 ? 'names of 1-3 chars (mangled)' : 'longer names (globals, keys)';
    else if (tok === K.PrivateIdentifier) cls = 'property names after .';
    else if (tok >= K.FirstKeyword && tok <= K.LastKeyword) cls = 'keywords';
    else if (tok === K.NumericLiteral || tok === K.BigIntLiteral) cls = 'numbers';
    else if (tok === K.StringLiteral || (tok >= K.NoSubstitutionTemplateLiteral && tok <= K.TemplateTail)) cls = 'string/template text';
    else if (tok === K.RegularExpressionLiteral) cls = 'regexps';
    else cls = 'punctuation';
    toks.push([tok, a, b, cls]);
    last = tok;
  }
}
/** The bundle with the tokens `pick` selects replaced by `repl(token)`: what they cost in context. */
function without(pick, repl) {
  let out = '', p = 0;
  for (const t of toks) if (pick(t)) { out += js.slice(p, t[1]) + repl(t); p = t[2]; }
  return total - gz(out + js.slice(p));
}
// a literal keeps its delimiters (quotes, backquotes, `${`, `}`), loses its text
const delims = (t) => {
  const s = js.slice(t[1], t[2]);
  return t[0] === K.TemplateHead ? '`${' : t[0] === K.TemplateMiddle ? '}${' : t[0] === K.TemplateTail ? '}`' : s[0] + s[s.length - 1];
};
const text = (t) => { const s = js.slice(t[1], t[2]); return t[0] === K.TemplateHead || t[0] === K.TemplateMiddle ? s.slice(1, -2) : s.slice(1, -1); };
console.log('\n2. per token class: minified bytes, gzip bytes saved when blanked (names -> "x", literal text -> "")');
const classes = [...new Set(toks.map((t) => t[3]))];
for (const c of classes) {
  const raw = toks.reduce((n, t) => n + (t[3] === c ? t[2] - t[1] : 0), 0);
  const saved = without((t) => t[3] === c, c === 'string/template text' ? delims : c === 'punctuation' || c === 'keywords' ? () => ' ' : () => 'x');
  console.log(`${String(raw).padStart(8)} ${String(saved).padStart(7)} ${pct(saved)}  ${c}`);
}

// ---- 3. string literals by kind ----
const kindOf = (s) => (/^[\w.]*\((.*\b(Tensor|int|float|bool|SymInt|Number|str|dtype|self)\b.*)?\)$|^\w+(\.\w+)*\((\w+(\[\d*\])?\??|\*|self)[ ,)]/.test(s) ? 'schema/signature texts'
  : /\s/.test(s) && s.length > 20 ? 'messages (with spaces, > 20 chars)' : s.length <= 12 ? 'short (<= 12 chars: names, keys)' : 'other');
const lits = toks.filter((t) => t[3] === 'string/template text');
console.log(`\n3. string literals: ${lits.length} pieces; minified chars, gzip bytes saved when blanked`);
for (const k of ['messages (with spaces, > 20 chars)', 'schema/signature texts', 'short (<= 12 chars: names, keys)', 'other']) {
  const mine = lits.filter((t) => kindOf(text(t)) === k), chars = mine.reduce((n, t) => n + text(t).length, 0);
  const set = new Set(mine);
  console.log(`${String(chars).padStart(8)} ${String(without((t) => set.has(t), delims)).padStart(7)}  ${k}`);
}
console.log('\n   longest distinct literals');
for (const s of [...new Set(lits.map(text))].sort((a, b) => b.length - a.length).slice(0, STR)) console.log(`${String(s.length).padStart(6)}  ${s.slice(0, 110)}`);

// ---- 4. parts of the public API ----
if (!args.includes('--no-parts')) {
  const index = readFileSync(`${root}dist/index.js`, 'utf8').split('\n').filter((l) => /^(export|import) /.test(l)).map((l) => l.replaceAll("'./", "'./dist/"));
  const parts = {
    'torch.nn (+ torch.cosine_similarity)': /as nn from|cosine_similarity/, 'torch.save/load (.pt)': /serialization\/pt|UnpicklingError/,
    'torch.optim': /as optim/, 'torch.datasets': /as datasets/, 'torch.utils (data)': /as utils/, 'torch.safetensors': /as safetensors/, 'torch.transforms': /as transforms/,
  };
  const size = async (keep) => gz((await bundle(index.filter((l) => !Object.values(parts).some((re) => re.test(l)) || (keep && keep.test(l))).join('\n'))).outputFiles[0].contents);
  const full = gz((await bundle(index.join('\n'))).outputFiles[0].contents), core = await size(null);
  console.log('\n4. parts (dist/index.js, without the browser entry\'s kernel loader and worker pool), gzip bytes');
  console.log(`${String(full).padStart(7)}  everything (the browser entry adds ${total - full})`);
  console.log(`${String(core).padStart(7)}  core: tensors, ops, autograd, kernels, dtypes, random, backends (every part below removed)`);
  for (const [name, re] of Object.entries(parts)) console.log(`${String((await size(re)) - core).padStart(7)}  + ${name} alone, over the core`);
}
