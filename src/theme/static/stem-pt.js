/* praxis search: the Snowball Portuguese stemmer (snowballstem.org, the algorithm as the
   rust-stemmers crate implements it, which builds Portuguese search indexes). Our own code,
   written from the algorithm's description; tests/search.rs compares it with the index's
   stemmer word by word. search.js loads it for an index whose meta.json says "stemmer":
   "pt". It takes a word already lowercased (NFC) and returns its stem, accents kept.
   Positions count UTF-16 units, as in stem-fr.js. */
(function () {
  'use strict';

  const VOWELS = 'aeiouáéíóúâêô';
  const isVowel = (c) => c !== undefined && VOWELS.includes(c);
  const list = (s) => s.split(' ');

  /** The longest of `endings` that w ends with, starting at or after `from`; '' if none. */
  function longest(w, endings, from = 0) {
    let best = '';
    for (const e of endings) {
      if (e.length > best.length && w.endsWith(e) && w.length - e.length >= from) best = e;
    }
    return best;
  }

  /** The position after the first vowel at or after `from` (vowels: when `vowel` is true),
      or null. */
  function past(w, from, vowel) {
    for (let i = from; i < w.length; i++) if (isVowel(w[i]) === vowel) return i + 1;
    return null;
  }

  /** RV, R1 and R2 as the positions where they start, as in Spanish. */
  function regions(w) {
    let rv = null;
    if (isVowel(w[0])) rv = !isVowel(w[1]) && w.length > 1 ? past(w, 2, true) : isVowel(w[1]) ? past(w, 2, false) : null;
    if (rv === null && w.length > 0 && !isVowel(w[0])) {
      rv = w.length > 1 && !isVowel(w[1]) ? past(w, 2, true) : w.length > 2 ? 3 : null;
    }
    const p1 = past(w, 0, true), r1 = (p1 !== null && past(w, p1, false)) || w.length;
    const p2 = past(w, r1, true), r2 = (p2 !== null && past(w, p2, false)) || w.length;
    return { rv: rv ?? w.length, r1, r2 };
  }

  // Nasal vowels are written as two letters while stemming: ã as a~, õ as o~.
  const STANDARD = {
    plain: list('eza ezas ico ica icos icas ismo ismos ável ível ista istas oso osa osos osas ' +
      'amento amentos imento imentos adora ador aça~o adoras adores aço~es ante antes ância'),
    logia: list('logia logias'),
    ucao: list('uça~o uço~es'),
    encia: list('ência ências'),
    amente: ['amente'],
    mente: ['mente'],
    idade: list('idade idades'),
    iva: list('iva ivo ivas ivos'),
    ira: list('ira iras'),
  };
  const ALL_STANDARD = Object.values(STANDARD).flat();
  const group = (table, e) => Object.keys(table).find((k) => table[k].includes(e));

  /** Step 1, standard suffixes, mostly in R2; null if none. */
  function standard(w, r) {
    const e = longest(w, ALL_STANDARD), at = w.length - e.length, base = w.slice(0, at);
    if (!e) return null;
    const R2 = (i) => i >= r.r2;
    /** b without the longest of `endings` it ends with, if that is in R2; else b. */
    const drop = (b, endings) => {
      const f = longest(b, endings);
      return f && R2(b.length - f.length) ? b.slice(0, -f.length) : b;
    };
    switch (group(STANDARD, e)) {
      case 'plain': return R2(at) ? base : null;
      case 'logia': return R2(at) ? base + 'log' : null;
      case 'ucao': return R2(at) ? base + 'u' : null;
      case 'encia': return R2(at) ? base + 'ente' : null;
      case 'amente': {
        if (at < r.r1) return null;
        const f = longest(base, list('iv os ic ad')), j = base.length - f.length;
        if (!f || !R2(j)) return base;
        return f === 'iv' ? drop(base.slice(0, j), ['at']) : base.slice(0, j);
      }
      case 'mente': return R2(at) ? drop(base, list('ante avel ível')) : null;
      case 'idade': return R2(at) ? drop(base, list('abil ic iv')) : null;
      case 'iva': return R2(at) ? drop(base, ['at']) : null;
      // -eira, -eiras are usually not verbs: they keep -eir.
      case 'ira': return at >= r.rv && base.endsWith('e') ? base + 'ir' : null;
    }
  }

  const VERB = list('ada ida ia aria eria iria ará ara erá era irá ava asse esse isse aste este ' +
    'iste ei arei erei irei am iam ariam eriam iriam aram eram iram avam em arem erem irem assem ' +
    'essem issem ado ido ando endo indo ara~o era~o ira~o ar er ir as adas idas ias arias erias ' +
    'irias arás aras erás eras irás avas es ardes erdes irdes ares eres ires asses esses isses ' +
    'astes estes istes is ais eis íeis aríeis eríeis iríeis áreis areis éreis ereis íreis ireis ' +
    'ásseis ésseis ísseis áveis ados idos ámos amos íamos aríamos eríamos iríamos áramos éramos ' +
    'íramos ávamos emos aremos eremos iremos ássemos êssemos íssemos imos armos ermos irmos eu ' +
    'iu ou ira iras');

  /** Step 2, verb endings in RV; null if none. */
  function verb(w, r) {
    const e = longest(w, VERB, r.rv);
    return e ? w.slice(0, -e.length) : null;
  }

  /** Step 4, residual suffixes in RV, when steps 1 and 2 changed nothing. */
  function residual(w, r) {
    const e = longest(w, list('os a i o á í ó')), at = w.length - e.length;
    return e && at >= r.rv ? w.slice(0, at) : w;
  }

  /** Step 5, residual forms: a final e in RV goes, with a u after g or an i after c in RV;
      a final ç becomes c. */
  function residualForm(w, r) {
    const last = w[w.length - 1], at = w.length - 1;
    if (last === 'ç') return w.slice(0, -1) + 'c';
    if (!'eéê'.includes(last) || w.length === 0 || at < r.rv) return w;
    const base = w.slice(0, at);
    return (base.endsWith('gu') || base.endsWith('ci')) && at - 1 >= r.rv ? base.slice(0, -1) : base;
  }

  /** The Portuguese stem of a lowercase word. */
  function stem(word) {
    let w = word.replace(/ã/g, 'a~').replace(/õ/g, 'o~');
    const r = regions(w);
    const changed = standard(w, r) ?? verb(w, r);
    if (changed !== null) {
      // Step 3: a final i after c, in RV, goes.
      w = changed.endsWith('ci') && changed.length - 1 >= r.rv ? changed.slice(0, -1) : changed;
    } else {
      w = residual(w, r);
    }
    w = residualForm(w, r);
    return w.replace(/a~/g, 'ã').replace(/o~/g, 'õ');
  }

  if (typeof module !== 'undefined' && module.exports) module.exports = stem;
  else (self.praxisStemmers = self.praxisStemmers || {}).pt = stem;
})();
