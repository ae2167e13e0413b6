// Unit tests of the search analyser in src/theme/static/search.js (no browser needed):
//   node --test tests/search_client/
// The cases live in analyzer-cases.json so that src/search.rs can check its analyser against
// the very same ones: docs/search-index.md requires both sides to give identical terms.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const scriptPath = require.resolve('../../src/theme/static/search.js');
const { tokenize, stem, analyze, term } = require(scriptPath);
const cases = JSON.parse(readFileSync(new URL('./analyzer-cases.json', import.meta.url), 'utf8'));

for (const [group, pairs] of Object.entries(cases.stems)) {
  test(`Porter stems: ${group}`, () => {
    for (const [word, expected] of Object.entries(pairs)) {
      assert.equal(stem(word), expected, `stem(${JSON.stringify(word)})`);
    }
  });
}

test('the pairs named in the brief', () => {
  const pairs = {
    caresses: 'caress', ponies: 'poni', relational: 'relat', monitoring: 'monitor',
    monitored: 'monitor', generalization: 'gener', hopeful: 'hope', adjustment: 'adjust',
  };
  for (const [word, expected] of Object.entries(pairs)) assert.equal(stem(word), expected, word);
});

test('tokenize: NFD without marks, lowercase, runs of letters and digits', () => {
  for (const [text, expected] of cases.tokenize) {
    assert.deepEqual(tokenize(text), expected, `tokenize(${JSON.stringify(text)})`);
  }
});

test('analyze: stop words dropped, plain ASCII words of 3+ letters stemmed', () => {
  for (const [text, expected] of cases.analyze) {
    assert.deepEqual(analyze(text, cases.stopWords), expected, `analyze(${JSON.stringify(text)})`);
  }
  // A Set of stop words works as well as an array; no stop words by default.
  assert.deepEqual(analyze('The forced labour', new Set(['the'])), ['forc', 'labour']);
  assert.deepEqual(analyze('The forced labour'), ['the', 'forc', 'labour']);
});

test('term: only tokens of 3 or more ASCII letters are stemmed', () => {
  assert.equal(term('ies'), 'i');
  assert.equal(term('ys'), 'ys');
  assert.equal(term('2024s'), '2024s');
  assert.equal(term('cafés'), 'cafés');
  assert.equal(term('ørsteds'), 'ørsteds');
  assert.equal(term('labour'), 'labour');
});

test('search.js builds result markup without HTML parsing of index data', () => {
  const source = readFileSync(scriptPath, 'utf8');
  for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function']) {
    assert.ok(!source.includes(sink), `search.js uses ${sink}`);
  }
});
