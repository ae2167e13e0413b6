/* praxis search: the Snowball French stemmer (snowballstem.org, the algorithm as the
   rust-stemmers crate implements it, which builds French search indexes). Our own code,
   written from the algorithm's description; tests/search.rs compares it with the index's
   stemmer word by word. search.js loads it for an index whose meta.json says "stemmer":
   "fr". It takes a word already lowercased (NFC) and returns its stem, accents kept.

   Positions below count UTF-16 units. A letter outside the Basic Multilingual Plane is two
   units to us and one character to Snowball, but never a vowel nor part of an ending, so
   every comparison of an ending's start with a region comes out the same. */
(function () {
  'use strict';

  const VOWELS = 'aeiouyâàëéêèïîôûù';
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

  /** Mark the vowels that act as consonants with capitals: u or i between vowels, y next to
      a vowel, u after q. */
  function prelude(word) {
    const c = word.split('');
    for (let i = 0; i < c.length; i++) {
      if (isVowel(c[i]) && (c[i + 1] === 'u' || c[i + 1] === 'i') && isVowel(c[i + 2])) c[i + 1] = c[i + 1].toUpperCase();
      else if (isVowel(c[i]) && c[i + 1] === 'y') c[i + 1] = 'Y';
      else if (c[i] === 'y' && isVowel(c[i + 1])) c[i] = 'Y';
      else if (c[i] === 'q' && c[i + 1] === 'u') c[i + 1] = 'U';
    }
    return c.join('');
  }

  /** The position after the first non-vowel that follows a vowel, at or after `from`. */
  function pastVowelAndConsonant(w, from) {
    let i = from;
    while (i < w.length && !isVowel(w[i])) i++;
    i++;
    while (i < w.length && isVowel(w[i])) i++;
    return i < w.length ? i + 1 : w.length;
  }

  /** RV, R1 and R2 as the positions where they start. RV: after the third letter if the
      word begins with two vowels (or with par, col, tap), else after the first vowel that is
      not the first letter. */
  function regions(w) {
    let rv = w.length;
    if (isVowel(w[0]) && isVowel(w[1]) && w.length > 2) rv = 3;
    else if (/^(par|col|tap)/.test(w)) rv = 3;
    else for (let i = 1; i < w.length; i++) if (isVowel(w[i])) { rv = i + 1; break; }
    const r1 = pastVowelAndConsonant(w, 0);
    return { rv, r1, r2: pastVowelAndConsonant(w, r1) };
  }

  const STEP1 = {
    plain: list('ance iqUe isme able iste eux ances iqUes ismes ables istes'),
    ation: list('atrice ateur ation atrices ateurs ations'),
    logie: list('logie logies'),
    usion: list('usion ution usions utions'),
    ence: list('ence ences'),
    ement: list('ement ements'),
    ite: list('ité ités'),
    ive: list('if ive ifs ives'),
    eaux: ['eaux'],
    aux: ['aux'],
    euse: list('euse euses'),
    issement: list('issement issements'),
    amment: ['amment'],
    emment: ['emment'],
    ment: list('ment ments'),
  };
  const ALL_STEP1 = Object.values(STEP1).flat();
  const group = (table, e) => Object.keys(table).find((k) => table[k].includes(e));

  /** Step 1, standard suffixes. Returns [word, done]: done is false when no rule applied, or
      after -amment, -emment and -ment, which go on to the verb endings of step 2. */
  function step1(w, r) {
    const e = longest(w, ALL_STEP1);
    if (!e) return [w, false];
    const at = w.length - e.length, base = w.slice(0, at);
    const R2 = (i) => i >= r.r2, R1 = (i) => i >= r.r1, RV = (i) => i >= r.rv;
    switch (group(STEP1, e)) {
      case 'plain': return R2(at) ? [base, true] : [w, false];
      case 'ation':
        if (!R2(at)) return [w, false];
        if (base.endsWith('ic')) return [R2(at - 2) ? base.slice(0, -2) : base.slice(0, -2) + 'iqU', true];
        return [base, true];
      case 'logie': return R2(at) ? [base + 'log', true] : [w, false];
      case 'usion': return R2(at) ? [base + 'u', true] : [w, false];
      case 'ence': return R2(at) ? [base + 'ent', true] : [w, false];
      case 'ement': {
        if (!RV(at)) return [w, false];
        const f = longest(base, list('iv eus abl iqU ièr Ièr')), j = base.length - f.length, rest = base.slice(0, j);
        if (f === 'iv' && R2(j)) return [rest.endsWith('at') && R2(j - 2) ? rest.slice(0, -2) : rest, true];
        if (f === 'eus') return [R2(j) ? rest : R1(j) ? rest + 'eux' : base, true];
        if ((f === 'abl' || f === 'iqU') && R2(j)) return [rest, true];
        if ((f === 'ièr' || f === 'Ièr') && RV(j)) return [rest + 'i', true];
        return [base, true];
      }
      case 'ite': {
        if (!R2(at)) return [w, false];
        const f = longest(base, list('abil ic iv')), j = base.length - f.length, rest = base.slice(0, j);
        if (f === 'abil') return [R2(j) ? rest : rest + 'abl', true];
        if (f === 'ic') return [R2(j) ? rest : rest + 'iqU', true];
        if (f === 'iv' && R2(j)) return [rest, true];
        return [base, true];
      }
      case 'ive': {
        if (!R2(at)) return [w, false];
        if (!(base.endsWith('at') && R2(at - 2))) return [base, true];
        const rest = base.slice(0, -2);
        if (!rest.endsWith('ic')) return [rest, true];
        return [R2(at - 4) ? rest.slice(0, -2) : rest.slice(0, -2) + 'iqU', true];
      }
      case 'eaux': return [base + 'eau', true];
      case 'aux': return R1(at) ? [base + 'al', true] : [w, false];
      case 'euse': return R2(at) ? [base, true] : R1(at) ? [base + 'eux', true] : [w, false];
      case 'issement': return R1(at) && at > 0 && !isVowel(w[at - 1]) ? [base, true] : [w, false];
      case 'amment': return [RV(at) ? base + 'ant' : w, false];
      case 'emment': return [RV(at) ? base + 'ent' : w, false];
      case 'ment': return [at > 0 && isVowel(w[at - 1]) && RV(at - 1) ? base : w, false];
    }
  }

  const I_VERB = list('îmes ît îtes i ie ies ir ira irai iraIent irais irait iras irent irez iriez ' +
    'irions irons iront is issaIent issais issait issant issante issantes issants isse issent ' +
    'isses issez issiez issions issons it');
  const VERB_E = list('é ée ées és èrent er era erai eraIent erais erait eras erez eriez erions ' +
    'erons eront ez iez');
  const VERB_A = list('âmes ât âtes a ai aIent ais ait ant ante antes ants as asse assent asses ' +
    'assiez assions');

  /** Step 2a, verb endings beginning with i, in RV after a non-vowel in RV; null if none. */
  function step2a(w, r) {
    const e = longest(w, I_VERB, r.rv), at = w.length - e.length;
    return e && at - 1 >= r.rv && !isVowel(w[at - 1]) ? w.slice(0, at) : null;
  }

  /** Step 2b, the other verb endings, in RV; null if none. */
  function step2b(w, r) {
    const e = longest(w, ['ions', ...VERB_E, ...VERB_A], r.rv), at = w.length - e.length;
    if (!e) return null;
    if (e === 'ions') return at >= r.r2 ? w.slice(0, at) : null;
    const base = w.slice(0, at);
    if (VERB_A.includes(e) && base.endsWith('e') && at - 1 >= r.rv) return base.slice(0, -1);
    return base;
  }

  /** Step 4, residual suffixes, when steps 1 and 2 changed nothing. */
  function step4(w, r) {
    if (w.length > 1 && w.endsWith('s') && !'aiouès'.includes(w[w.length - 2])) w = w.slice(0, -1);
    const e = longest(w, list('ion ier ière Ier Ière e ë'), r.rv), at = w.length - e.length;
    const base = w.slice(0, at);
    if (e === 'ion') return at >= r.r2 && at - 1 >= r.rv && /[st]$/.test(base) ? base : w;
    if (e === 'e') return base;
    if (e === 'ë') return base.endsWith('gu') && at - 2 >= r.rv ? base : w;
    if (e) return base + 'i';
    return w;
  }

  /** The French stem of a lowercase word. */
  function stem(word) {
    let w = prelude(word);
    const r = regions(w);
    let done;
    [w, done] = step1(w, r);
    if (!done) {
      const verb = step2a(w, r) ?? step2b(w, r);
      if (verb !== null) [w, done] = [verb, true];
    }
    if (done) {
      // Step 3: a final Y becomes i, a final ç c.
      if (w.endsWith('Y')) w = w.slice(0, -1) + 'i';
      else if (w.endsWith('ç')) w = w.slice(0, -1) + 'c';
    } else {
      w = step4(w, r);
    }
    // Step 5, undouble: -enn, -onn, -ett, -ell, -eill lose their last letter.
    if (/(enn|onn|ett|ell|eill)$/.test(w)) w = w.slice(0, -1);
    // Step 6, unaccent: é or è before the final non-vowels becomes e.
    let i = w.length;
    while (i > 0 && !isVowel(w[i - 1])) i--;
    if (i < w.length && (w[i - 1] === 'é' || w[i - 1] === 'è')) w = w.slice(0, i - 1) + 'e' + w.slice(i);
    return w.replace(/[IUY]/g, (c) => c.toLowerCase());
  }

  if (typeof module !== 'undefined' && module.exports) module.exports = stem;
  else (self.praxisStemmers = self.praxisStemmers || {}).fr = stem;
})();
