// Unit tests of the browser's Snowball stemmers, src/theme/static/stem-<code>.js, and of the
// analyser search.js builds with them (no browser needed):
//   node --test tests/search_client/
// The stems are those of Snowball's sample vocabularies (snowball-cases.json), which
// tests/search.rs checks the index's stemmer (rust-stemmers) against too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const cases = JSON.parse(readFileSync(new URL('./snowball-cases.json', import.meta.url), 'utf8'));
const { analyser, fold } = require('../../src/theme/static/search.js');
const stemmers = Object.fromEntries(['fr', 'es', 'pt'].map((code) => [code, require(`../../src/theme/static/stem-${code}.js`)]));

for (const [code, stem] of Object.entries(stemmers)) {
  test(`stem-${code}.js gives the stems of Snowball's sample vocabulary`, () => {
    for (const [word, expected] of Object.entries(cases[code])) assert.equal(stem(word), expected, word);
  });

  test(`the ${code} analyser folds the stems`, () => {
    const a = analyser(code, [], stem);
    for (const [word, expected] of Object.entries(cases[code])) assert.deepEqual(a.analyze(word), [fold(expected)], word);
  });
}

test('French: elisions split at the apostrophe, stop words compared folded, short words and digits kept', () => {
  const a = analyser('fr', ['a', 'd', 'l', 'ou'], stemmers.fr);
  assert.deepEqual(a.analyze("L'évaluation d’achats où ou à 3ème xy"), ['evalu', 'achat', '3eme', 'xy']);
  assert.deepEqual(a.words('CAFE\u0301S, Œuvre'), ['cafés', 'œuvre']);
  assert.equal(a.key('Évalu'), 'Evalu');
});

test('a stemmer is required for fr, es, pt; none for a language without one', () => {
  assert.throws(() => analyser('fr', []));
  assert.deepEqual(analyser(null).analyze('Les Cafés'), ['les', 'cafes']);
});

test('the stemmers register themselves in a browser', () => {
  for (const code of Object.keys(stemmers)) {
    const source = readFileSync(new URL(`../../src/theme/static/stem-${code}.js`, import.meta.url), 'utf8');
    const self = {};
    new Function('self', 'module', source)(self, undefined);
    assert.equal(typeof self.praxisStemmers[code], 'function', code);
    assert.equal(self.praxisStemmers[code](Object.keys(cases[code])[0]), Object.values(cases[code])[0]);
  }
});
