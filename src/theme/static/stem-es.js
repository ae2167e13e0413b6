/* praxis search: the Snowball Spanish stemmer (snowballstem.org, the algorithm as the
   rust-stemmers crate implements it, which builds Spanish search indexes). Our own code,
   written from the algorithm's description; tests/search.rs compares it with the index's
   stemmer word by word. search.js loads it for an index whose meta.json says "stemmer":
   "es". It takes a word already lowercased (NFC) and returns its stem, without acute
   accents (ñ and ü stay). Positions count UTF-16 units, as in stem-fr.js. */
(function () {
  'use strict';

  const VOWELS = 'aeiouáéíóúü';
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

  /** RV, R1 and R2 as the positions where they start. RV: if the second letter is a
      consonant, after the next vowel; if the first two are vowels, after the next consonant;
      else (consonant, vowel) after the third letter. */
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

  const PRONOUNS = list('me se sela selo selas selos la le lo las les los nos');
  const BEFORE_PRONOUN = list('iéndo ándo ár ér ír ando iendo ar er ir yendo');
  const UNACCENTED = { 'iéndo': 'iendo', 'ándo': 'ando', 'ár': 'ar', 'ér': 'er', 'ír': 'ir' };

  /** A pronoun attached to a gerund or an infinitive in RV goes (dándole: dando). */
  function pronoun(w, r) {
    const p = longest(w, PRONOUNS);
    if (!p) return w;
    const base = w.slice(0, w.length - p.length), e = longest(base, BEFORE_PRONOUN), at = base.length - e.length;
    if (!e || at < r.rv) return w;
    if (UNACCENTED[e]) return base.slice(0, at) + UNACCENTED[e];
    if (e === 'yendo') return base.slice(0, at).endsWith('u') ? base : w;
    return base;
  }

  const STANDARD = {
    plain: list('anza anzas ico ica icos icas ismo ismos able ables ible ibles ista istas oso osa ' +
      'osos osas amiento amientos imiento imientos'),
    ador: list('adora ador ación adoras adores aciones ante antes ancia ancias'),
    logia: list('logía logías'),
    ucion: list('ución uciones'),
    encia: list('encia encias'),
    amente: ['amente'],
    mente: ['mente'],
    idad: list('idad idades'),
    iva: list('iva ivo ivas ivos'),
  };
  const ALL_STANDARD = Object.values(STANDARD).flat();
  const group = (table, e) => Object.keys(table).find((k) => table[k].includes(e));

  /** Step 1, standard suffixes, in R2 (-amente: R1); null if none. */
  function standard(w, r) {
    const e = longest(w, ALL_STANDARD), at = w.length - e.length, base = w.slice(0, at);
    if (!e) return null;
    const R2 = (i) => i >= r.r2;
    /** base without `ending` if it ends with it in R2, else base. */
    const drop = (b, endings) => {
      const f = longest(b, endings);
      return f && R2(b.length - f.length) ? b.slice(0, -f.length) : b;
    };
    switch (group(STANDARD, e)) {
      case 'plain': return R2(at) ? base : null;
      case 'ador': return R2(at) ? drop(base, ['ic']) : null;
      case 'logia': return R2(at) ? base + 'log' : null;
      case 'ucion': return R2(at) ? base + 'u' : null;
      case 'encia': return R2(at) ? base + 'ente' : null;
      case 'amente': {
        if (at < r.r1) return null;
        const f = longest(base, list('iv os ic ad')), j = base.length - f.length;
        if (!f || !R2(j)) return base;
        return f === 'iv' ? drop(base.slice(0, j), ['at']) : base.slice(0, j);
      }
      case 'mente': return R2(at) ? drop(base, list('ante able ible')) : null;
      case 'idad': return R2(at) ? drop(base, list('abil ic iv')) : null;
      case 'iva': return R2(at) ? drop(base, ['at']) : null;
    }
  }

  const Y_VERB = list('ya ye yan yen yeron yendo yo yó yas yes yais yamos');
  const VERB_EN = list('en es éis emos');
  const VERB = list('arían arías arán arás aríais aría aréis aríamos aremos ará aré erían erías ' +
    'erán erás eríais ería eréis eríamos eremos erá eré irían irías irán irás iríais iría iréis ' +
    'iríamos iremos irá iré aba ada ida ía ara iera ad ed id ase iese aste iste an aban ían aran ' +
    'ieran asen iesen aron ieron ado ido ando iendo ió ar er ir as abas adas idas ías aras ieras ' +
    'ases ieses ís áis abais íais arais ierais aseis ieseis asteis isteis ados idos amos ábamos ' +
    'íamos imos áramos iéramos iésemos ásemos');

  /** Step 2a, verb endings beginning with y, in RV after u; null if none. */
  function yVerb(w, r) {
    const e = longest(w, Y_VERB, r.rv), base = w.slice(0, w.length - e.length);
    return e && base.endsWith('u') ? base : null;
  }

  /** Step 2b, the other verb endings, in RV (-en, -es, -éis, -emos take a u after g with
      them); null if none. */
  function verb(w, r) {
    const e = longest(w, [...VERB_EN, ...VERB], r.rv), base = w.slice(0, w.length - e.length);
    if (!e) return null;
    return VERB_EN.includes(e) && base.endsWith('gu') ? base.slice(0, -1) : base;
  }

  /** Step 3, residual suffixes in RV. */
  function residual(w, r) {
    const e = longest(w, list('os a o á í ó e é')), at = w.length - e.length, base = w.slice(0, at);
    if (!e || at < r.rv) return w;
    if ((e === 'e' || e === 'é') && base.endsWith('gu') && at - 1 >= r.rv) return base.slice(0, -1);
    return base;
  }

  /** The Spanish stem of a lowercase word. */
  function stem(word) {
    const r = regions(word);
    let w = pronoun(word, r);
    w = standard(w, r) ?? yVerb(w, r) ?? verb(w, r) ?? w;
    w = residual(w, r);
    return w.replace(/[áéíóú]/g, (c) => 'aeiou'['áéíóú'.indexOf(c)]);
  }

  if (typeof module !== 'undefined' && module.exports) module.exports = stem;
  else (self.praxisStemmers = self.praxisStemmers || {}).es = stem;
})();
