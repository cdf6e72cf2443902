#!/usr/bin/env node
// Cuts the default data of `torchlet char_rnn`: surnames by language, in the tutorial's layout (one
// `[Language].txt` per language, one name per line), from the last-name lists of the locales of
// the npm package `@faker-js/faker` (MIT licence).
//
//   mkdir -p /tmp/corp && cd /tmp/corp && npm install @faker-js/faker@10.6.0
//   node tools/make_names.mjs /tmp/corp/node_modules/@faker-js/faker
//
// writes src/datasets/embedded/names/names.json.gz: {"Language": ["Name", ...], ...}. What the cut is:
// - 18 languages, as in the tutorial's data, each from Latin-script locales (LANGUAGES below; the
//   male, female and generic last-name lists of a locale together, duplicates dropped);
// - names kept as the package spells them (accents included: the tutorial maps every character
//   outside its alphabet to '_'), sorted by code point;
// - at most CAP names per language, taken evenly spaced from the sorted list, so no language
//   outweighs the others by more than the tutorial's data does and 27 epochs train in minutes.
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const CAP = 500;
const LANGUAGES = {
  Chinese: ['en_HK'], // Hong Kong's romanised (Cantonese) surnames
  Czech: ['cs_CZ'], Danish: ['da'], Dutch: ['nl'], English: ['en'], Finnish: ['fi'], French: ['fr'],
  German: ['de'], Hungarian: ['hu'], Italian: ['it'], Norwegian: ['nb_NO'], Polish: ['pl'],
  Portuguese: ['pt_PT', 'pt_BR'], Romanian: ['ro'], Spanish: ['es'], Swedish: ['sv'], Turkish: ['tr'],
  Vietnamese: ['vi'],
};

const src = process.argv[2];
if (!src) { console.error('usage: node tools/make_names.mjs <path to node_modules/@faker-js/faker>'); process.exit(2); }
const pkg = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'));
if (pkg.name !== '@faker-js/faker') throw new Error(`${src} is not the @faker-js/faker package`);
const faker = await import(pathToFileURL(join(src, pkg.exports['.'].import?.default ?? pkg.exports['.'].import ?? pkg.module)).href);

const LATIN = /^[\p{Script=Latin}' .-]+$/u;
const out = {};
for (const [language, locales] of Object.entries(LANGUAGES)) {
  const names = new Set();
  for (const l of locales) {
    const lists = faker[l].person.last_name;
    for (const list of [lists.generic, lists.male, lists.female]) for (const n of list ?? []) if (LATIN.test(n)) names.add(n.normalize('NFC'));
  }
  const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const step = Math.max(1, sorted.length / CAP);
  const kept = [];
  for (let i = 0; i < sorted.length && kept.length < CAP; i++) if (Math.floor(i / step) === kept.length) kept.push(sorted[i]);
  out[language] = kept;
  console.log(`${language}: ${kept.length} of ${sorted.length} (${locales.join(', ')})`);
}
const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, '..', 'src', 'datasets', 'embedded', 'names');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'names.json.gz'), gzipSync(Buffer.from(`${JSON.stringify(out)}\n`, 'utf8'), { level: 9 }));
console.log(`${Object.values(out).reduce((n, l) => n + l.length, 0)} names from @faker-js/faker ${pkg.version}`);
