/* praxis search, for the index of docs/search-index.md. Our own code, no library.
   Nothing is fetched until the reader uses the box on /search/: then meta.json, the index
   shards of the query's words, the lists of the filters chosen, and the records and text of
   the results shown. In Node it only exports
   the analyser, for tests (tests/search_client). */
(function () {
  'use strict';

  // ----- The analyser: must give exactly the terms of src/search.rs -----

  /** NFD, drop combining marks, lowercase one character at a time (as Rust's
      char::to_lowercase: a final Σ gives σ), split into runs of letters and digits. */
  function tokenize(text) {
    const folded = text.normalize('NFD').replace(/\p{M}/gu, '');
    return Array.from(folded, (c) => c.toLowerCase()).join('').match(/[\p{Alphabetic}\p{N}]+/gu) || [];
  }

  // Porter (1980), "An algorithm for suffix stripping", steps 1a to 5b.
  // A consonant is a letter other than a, e, i, o, u, and other than y after a consonant.
  const cons = (w, i) => !'aeiou'.includes(w[i]) && (w[i] !== 'y' || i === 0 || !cons(w, i - 1));
  /** m in [C](VC)^m[V]: how many times a vowel is followed by a consonant. */
  function measure(w) {
    let m = 0;
    for (let i = 1; i < w.length; i++) if (!cons(w, i - 1) && cons(w, i)) m++;
    return m;
  }
  const hasVowel = (w) => [...w].some((_, i) => !cons(w, i));                    // *v*
  const double = (w, n = w.length) => n > 1 && w[n - 1] === w[n - 2] && cons(w, n - 1); // *d
  const cvc = (w, n = w.length) => n > 2 && cons(w, n - 3) && !cons(w, n - 2) &&  // *o
    cons(w, n - 1) && !'wxy'.includes(w[n - 1]);
  const rules = (s) => Object.fromEntries(s.split(' ').map((r) => r.split('>')));
  const STEP1A = rules('sses>ss ies>i ss>ss s>');
  const STEP2 = rules('ational>ate tional>tion enci>ence anci>ance izer>ize abli>able alli>al ' +
    'entli>ent eli>e ousli>ous ization>ize ation>ate ator>ate alism>al iveness>ive fulness>ful ' +
    'ousness>ous aliti>al iviti>ive biliti>ble');
  const STEP3 = rules('icate>ic ative> alize>al iciti>ic ical>ic ful> ness>');
  const STEP4 = rules('al> ance> ence> er> ic> able> ible> ant> ement> ment> ent> ion> ou> ism> ' +
    'ate> iti> ous> ive> ize>');

  /** In a step only the rule with the longest matching suffix may fire, and only if its
      condition holds for the stem (the word without the suffix). */
  function step(w, table, cond) {
    let best = '';
    for (const s in table) if (s.length > best.length && w.endsWith(s)) best = s;
    const stem = w.slice(0, w.length - best.length);
    return best && cond(stem, best) ? stem + table[best] : w;
  }

  /** The Porter stem of a word of lowercase ASCII letters. */
  function stem(w) {
    w = step(w, STEP1A, () => true);
    if (w.endsWith('eed')) {                                          // Step 1b
      if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
    } else {
      const s = w.replace(/(ed|ing)$/, '');
      if (s !== w && hasVowel(s)) {
        w = s;
        if (/(at|bl|iz)$/.test(w)) w += 'e';
        else if (double(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
        else if (measure(w) === 1 && cvc(w)) w += 'e';
      }
    }
    if (w.endsWith('y') && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + 'i'; // Step 1c
    w = step(w, STEP2, (s) => measure(s) > 0);
    w = step(w, STEP3, (s) => measure(s) > 0);
    w = step(w, STEP4, (s, suffix) => measure(s) > 1 && (suffix !== 'ion' || /[st]$/.test(s)));
    if (w.endsWith('e')) {                                            // Step 5a
      const s = w.slice(0, -1), m = measure(s);
      if (m > 1 || (m === 1 && !cvc(s))) w = s;
    }
    if (w.endsWith('ll') && measure(w) > 1) w = w.slice(0, -1);       // Step 5b
    return w;
  }

  /** A token's index term: stemmed only if it is 3 or more ASCII letters. */
  const term = (t) => (t.length >= 3 && /^[a-z]+$/.test(t) ? stem(t) : t);

  /** English text to index terms. stopWords: a Set or an array. */
  function analyze(text, stopWords = []) {
    const stop = new Set(stopWords);
    return tokenize(text).filter((t) => !stop.has(t)).map(term);
  }

  // ----- Every language's analyser (src/analysis.rs) -----

  /** NFD without combining marks: é gives e, ø stays ø. */
  const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '');

  /** The words of a language stemmed with its accents (fr, es, pt): ASCII characters other
      than letters and digits separate words first; each piece between them is lowercased one
      character at a time, composed (NFC) and split into runs of letters, digits and the
      combining marks that composed with nothing. */
  function tokenizeAccented(text) {
    const words = [];
    for (const piece of text.split(/[\0-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/)) {
      const lower = Array.from(piece, (c) => c.toLowerCase()).join('').normalize('NFC');
      words.push(...(lower.match(/[\p{Alphabetic}\p{N}\p{M}]+/gu) || []));
    }
    return words;
  }

  /** The analyser of an index, from meta.json's stemmer and stopWords: 'en' (Porter, above),
      'fr', 'es' or 'pt' (then snowball is the stemmer of static/stem-<code>.js), or null (no
      stemming). Its words(text) are a text's words; key(word) is a word spelled as terms are
      (folded), what stop words and prefixes are compared with; term(word) is its index term,
      null for a stop word; analyze(text) a text's terms. */
  function analyser(stemmer, stopWords = [], snowball = null) {
    const stop = new Set(stopWords), accented = Boolean(stemmer) && stemmer !== 'en';
    if (accented && typeof snowball !== 'function') throw new Error('no stemmer for ' + stemmer);
    const key = accented ? fold : (w) => w;
    // A Snowball language stems words of 3 or more characters without digits.
    const stemOf = !stemmer ? (w) => w : !accented ? term
      : (w) => fold([...w].length < 3 || /\p{N}/u.test(w) ? w : snowball(w));
    const words = accented ? tokenizeAccented : tokenize;
    const termOf = (w) => {
      const k = key(w);
      return !k || stop.has(k) ? null : stemOf(w) || null;
    };
    return {
      words, key, term: termOf,
      analyze: (text) => words(text).map(termOf).filter((t) => t !== null),
    };
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { tokenize, stem, analyze, term, fold, tokenizeAccented, analyser };
    return;
  }

  /** The page's messages, in its language: the template writes them from the theme's strings
      (`<script id="page-strings">`). `message(key, {count, ...})` fills in each {name}, a
      count in the plural form of the page's language, written with its digit grouping. Also
      for resources.js and survey.js, which run after this script (`self.praxisMessage`). */
  const strings = JSON.parse((document.getElementById('page-strings') || {}).textContent || '{}');
  const messages = strings.text || {}, digits = strings.number || {};
  const plurals = new Intl.PluralRules(document.documentElement.lang || 'en');
  function number(n) {
    const text = String(n), separator = digits.group_separator || '';
    if (!separator || text.length < Number(digits.group_min_digits || Infinity)) return text;
    return text.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }
  function message(key, values) {
    values = values || {};
    let text = messages[key];
    if (typeof values.count === 'number') {
      text = messages[key + '.' + plurals.select(values.count)] || messages[key + '.other'] || text;
    }
    return (text === undefined ? key : text).replace(/\{(\w+)\}/g, function (all, name) {
      if (!(name in values)) return all;
      return typeof values[name] === 'number' ? number(values[name]) : values[name];
    });
  }
  self.praxisMessage = message;

  // ----- Every page: `/` focuses the search box (the header's, or the search page's) -----

  const form = document.getElementById('search-form');
  const box = form ? form.elements.q : document.querySelector('.site-search [name=q]');
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || !box || t.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    e.preventDefault();
    box.focus();
    box.select();
  });
  if (!form) return; // elsewhere the header form simply submits to /search/?q=...

  // ----- The search page -----

  const base = form.dataset.searchBase; // "<base path>search/", from the template
  const $ = (id) => document.getElementById(id);
  const status = $('search-status'), list = $('search-results'), more = $('search-more');

  const pageTitle = document.title, PAGE = 20, cache = new Map();
  let meta = null, lang = analyser('en'), metaLoad = null, run = 0, timer = 0, results = [], shown = 0, marks = null;
  /** The filters, once meta.json has loaded: each a select of the form (named as in the
      address, and as its folder of lists facets/<name>/) and its items ({id, title}). */
  let filters = [];

  /** Fetch a JSON file once; a failure is forgotten, so a later search tries again. */
  function get(path) {
    if (!cache.has(path)) {
      cache.set(path, fetch(base + path).then((r) => {
        if (!r.ok) throw new Error(r.status + ' ' + path);
        return r.json();
      }).catch((err) => { cache.delete(path); throw err; }));
    }
    return cache.get(path);
  }

  // The stemmers of other languages sit beside this script: static/stem-<code>.js.
  const scriptUrl = document.currentScript ? document.currentScript.src : location.href;

  /** The stemmer of static/stem-<code>.js, added by a script element (once). */
  function loadStemmer(code) {
    const loaded = () => self.praxisStemmers && self.praxisStemmers[code];
    if (loaded()) return Promise.resolve(loaded());
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL('stem-' + code + '.js', scriptUrl).href;
      script.onload = () => (loaded() ? resolve(loaded()) : reject(new Error('stem-' + code + '.js has no stemmer')));
      script.onerror = () => { script.remove(); reject(new Error('stem-' + code + '.js could not be loaded')); };
      document.head.append(script);
    });
  }

  /** meta.json and the stemmer of its language, then the filters built from it (once): hub
      and phase, then one per taxonomy of the site, named by its id. A filter without a
      select in the form is left out. An index without `stemmer` is English's. */
  const loadMeta = () => metaLoad || (metaLoad = get('meta.json').then(async (m) => {
    const stemmer = m.stemmer === undefined ? 'en' : m.stemmer;
    const snowball = stemmer && stemmer !== 'en' ? await loadStemmer(stemmer) : null;
    lang = analyser(stemmer, m.stopWords, snowball);
    meta = m;
    filters = [
      { name: 'hub', items: m.hubs },
      { name: 'phase', items: m.phases },
      { name: 'kind', items: m.kinds },
      ...m.taxonomies.map((t) => ({ name: t.id, items: t.terms })),
    ].filter((f) => form.elements.namedItem(f.name) instanceof HTMLSelectElement);
    for (const f of filters) {
      f.select = form.elements.namedItem(f.name);
      const select = f.select, wanted = select.dataset.wanted || select.value;
      for (const item of f.items) select.add(new Option(item.title, item.id));
      select.value = wanted;
      if (select.selectedIndex < 0) select.value = '';
    }
  }).catch((err) => { metaLoad = null; throw err; }));

  /** The shard holding a term: hex code points of its first shardKeyLength characters. */
  function shard(t) {
    const key = [...t].slice(0, meta.shardKeyLength).map((c) => c.codePointAt(0).toString(16)).join('-');
    return meta.shards.includes(key) ? get('idx/' + key + '.json') : Promise.resolve({});
  }
  const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

  /** The docs that have the item chosen in filter f, from its list of deltas (none for an
      item the index does not have). */
  async function having(f) {
    const i = f.items.findIndex((item) => item.id === f.select.value);
    if (i < 0) return new Set();
    let d = 0;
    return new Set((await get('facets/' + f.name + '/' + i + '.json')).map((delta) => (d += delta)));
  }

  /** A doc's record: [title, url, hub, phase, kind, summary, ...]. */
  const record = (d) => get('docs/' + Math.floor(d / meta.docChunkSize) + '.json').then((c) => c[d % meta.docChunkSize]);

  /** The terms an unfinished word may be the start of, besides those beginning with it: the
      word completed by each ending it has begun (procurem + ent: procur), as stems are often
      shorter than what has been typed. */
  function completions(typed) {
    const terms = new Set();
    for (const suffix of meta.suffixes) {
      for (let begun = 0; begun <= suffix.length; begun++) {
        if (!typed.endsWith(suffix.slice(0, begun))) continue;
        const t = lang.term(typed.slice(0, typed.length - begun) + suffix);
        if (t !== null) terms.add(t);
      }
    }
    return terms;
  }

  /** The query's words (stop words dropped). While the reader is still typing the last
      word, it also matches every term of its shard that begins with it (unstemmed, folded),
      and the terms of its completions. */
  function parse(q) {
    const tokens = lang.words(q), typing = /[\p{Alphabetic}\p{N}\p{M}]$/u.test(q), words = new Map();
    tokens.forEach((t, i) => {
      const typed = typing && i === tokens.length - 1 ? t : '', term = lang.term(t);
      if (term !== null) words.set(term + ' ' + typed, { term, typed, prefix: lang.key(typed) }); // once each
    });
    return [...words.values()];
  }

  /** AND over the words; a doc's score is the sum of its weights for the matched terms. */
  async function match(words) {
    const found = await Promise.all(words.map((w) => Promise.all([shard(w.term), w.prefix ? shard(w.prefix) : {}])));
    let scores = null;
    const matched = new Set();
    words.forEach((w, i) => {
      const [exact, near] = found[i], here = new Map();
      const terms = [w.term];
      if (w.prefix) terms.push(...Object.keys(near).filter((t) => t.startsWith(w.prefix)), ...completions(w.typed));
      for (const t of new Set(terms)) {
        const postings = own(exact, t) ? exact[t] : own(near, t) ? near[t] : [];
        if (postings.length) matched.add(t);
        for (let p = 0, d = 0; p < postings.length; p += 2) { // [gap, weight, ...]
          d += postings[p];
          here.set(d, (here.get(d) || 0) + postings[p + 1]);
        }
      }
      if (!scores) scores = here;
      else for (const [doc, s] of scores) here.has(doc) ? scores.set(doc, s + here.get(doc)) : scores.delete(doc);
    });
    return { scores, matched };
  }

  /** Run the search in the box with the filters, show the results, announce their number. */
  async function search() {
    const mine = ++run;
    try {
      await loadMeta();
      const q = form.elements.q.value.trim(), chosen = filters.filter((f) => f.select.value);
      syncAddress(form.elements.q.value, chosen);
      const words = parse(form.elements.q.value), filtered = chosen.length > 0;
      const [found, lists] = await Promise.all([words.length ? match(words) : null, Promise.all(chosen.map(having))]);
      if (mine !== run) return; // a newer search has started
      // Without words, a filter lists its docs. Docs are numbered in title order, so equal
      // scores sort by title.
      const { scores, matched } = found || { scores: new Map(filtered ? [...lists[0]].map((d) => [d, 0]) : []), matched: new Set() };
      results = [...scores].filter(([d]) => lists.every((docs) => docs.has(d)))
        .sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([d]) => d);
      marks = { matched, prefixes: words.map((w) => w.prefix).filter(Boolean) };
      shown = 0;
      if (!(await showMore(mine))) return;
      if (!q && !filtered) return say('');
      const n = results.length, names = chosen.map((f) => f.select.selectedOptions[0].text);
      // What was announced, in numbers, whatever the page's language.
      Object.assign(status.dataset, { count: n, query: q });
      say((n ? message('results', { count: n }) : message('no_results')) + (q ? message('for', { query: q }) : '') +
        (names.length ? message('in', { filters: names.join(message('list_separator')) }) : '') +
        (q && !words.length ? message('too_common') : '') + message('end'));
      elsewhere(q, mine);
    } catch (err) {
      console.error(err);
      if (mine === run) say(message('unavailable'));
    }
  }
  const say = (text) => { if (status.textContent !== text) status.textContent = text; };

  /** Show the next PAGE results (the first: in place of the list) once their records have
      come; then fetch their text chunks to cut the snippets. False if a newer search started. */
  async function showMore(mine = run) {
    const batch = results.slice(shown, shown + PAGE), records = await Promise.all(batch.map(record));
    if (mine !== run) return false;
    if (!shown) list.textContent = '';
    shown += batch.length;
    batch.forEach((d, i) => list.append(item(d, records[i])));
    more.hidden = shown >= results.length;
    more.textContent = message('more', { count: results.length - shown });
    batch.forEach((d, i) => {
      const size = meta.textChunkSize;
      get('text/' + Math.floor(d / size) + '.json').then((chunk) => {
        const li = mine === run && $('result-' + d);
        if (li) li.lastChild.replaceWith(snippet(chunk[d % size] || '', records[i][5]));
      }).catch(() => {}); // the summary stays as the snippet
    });
    return true;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /** One result: linked title, kind, hub and phase, then a snippet (the summary until the
      text arrives). Index data only ever goes into textContent. */
  function item(d, [title, url, hub, phase, kind, summary]) {
    const li = el('li', 'search-result'), h = el('h2', 'search-result-title'), a = el('a', '', title);
    const info = el('p', 'meta'), hubs = meta.hubs[hub], phases = meta.phases[phase];
    li.id = 'result-' + d;
    a.href = url;
    h.append(a);
    const kinds = { report: 'kind_report', resource: 'kind_resource', survey: 'kind_survey', page: 'kind_page' };
    if (kind !== 'chapter') info.append(el('span', 'search-result-kind', message(kinds[kind] || 'kind_page')));
    if (hubs) { info.append(el('span', 'search-result-hub', hubs.title)); li.dataset.hub = hubs.id; }
    if (phases) { info.append(el('span', 'search-result-phase', phases.title)); li.dataset.phase = phases.id; }
    li.append(h, info, snippet('', summary));
    return li;
  }

  /** Does a word of the text match the query? */
  const hit = (word) => lang.words(word).some((t) => {
    const found = lang.term(t);
    return found !== null && (marks.matched.has(found) || marks.prefixes.some((p) => lang.key(t).startsWith(p)));
  });

  /** About 220 characters around the first matching word of the text (else of the summary),
      each matching word in a <mark>. */
  function snippet(text, summary) {
    const p = el('p', 'search-snippet');
    let source = text || summary || '', hits = [];
    for (const s of [text, summary]) {
      const found = [...(s || '').matchAll(/[\p{Alphabetic}\p{N}\p{M}]+/gu)].filter((m) => hit(m[0]));
      if (found.length) { source = s; hits = found; break; }
    }
    let start = hits.length ? Math.max(0, hits[0].index - 60) : 0, end = Math.min(source.length, start + 220);
    if (start > 0) start = source.indexOf(' ', start) + 1 || start;
    if (end < source.length && source.lastIndexOf(' ', end) > start) end = source.lastIndexOf(' ', end);
    let at = start;
    p.append(start > 0 ? '… ' : '');
    for (const m of hits) {
      if (m.index < at || m.index + m[0].length > end) continue;
      p.append(source.slice(at, m.index), el('mark', '', m[0]));
      at = m.index + m[0].length;
    }
    p.append(source.slice(at, end) + (end < source.length ? ' …' : ''));
    return p;
  }

  // ----- Results in the site's other languages -----

  /** The other languages' search pages ({code, title, base}), each with its own index of the
      text written in that language, read with that language's analyser. */
  const others = JSON.parse(form.dataset.otherLanguages || '[]').map((o) => ({ ...o, files: new Map() }));
  const elsewhereLine = $('search-elsewhere');

  /** A file of another language's index, fetched once. */
  function otherGet(o, path) {
    if (!o.files.has(path)) {
      o.files.set(path, fetch(o.base + path).then((r) => {
        if (!r.ok) throw new Error(r.status + ' ' + o.base + path);
        return r.json();
      }).catch((err) => { o.files.delete(path); throw err; }));
    }
    return o.files.get(path);
  }

  /** How many docs of another language's index have every word of the query (whole words:
      the count is a pointer, not a result list). 0 when its index has no text. */
  async function countIn(o, q) {
    const m = await otherGet(o, 'meta.json').catch(() => null);
    if (!m || !m.shards.length) return 0;
    const stemmer = m.stemmer === undefined ? 'en' : m.stemmer;
    const theirs = analyser(stemmer, m.stopWords, stemmer && stemmer !== 'en' ? await loadStemmer(stemmer) : null);
    const terms = [...new Set(theirs.analyze(q))];
    if (!terms.length) return 0;
    let docs = null;
    for (const t of terms) {
      const key = [...t].slice(0, m.shardKeyLength).map((c) => c.codePointAt(0).toString(16)).join('-');
      const shardOf = m.shards.includes(key) ? await otherGet(o, 'idx/' + key + '.json') : {};
      const postings = own(shardOf, t) ? shardOf[t] : [];
      const here = new Set();
      for (let p = 0, d = 0; p < postings.length; p += 2) here.add((d += postings[p]));
      docs = docs ? new Set([...docs].filter((d) => here.has(d))) : here;
      if (!docs.size) return 0;
    }
    return docs.size;
  }

  /** Under the results, a link to each other language whose index has results for the query. */
  async function elsewhere(q, mine) {
    if (!elsewhereLine || !others.length) return;
    const counts = q ? await Promise.all(others.map((o) => countIn(o, q).catch(() => 0))) : [];
    if (mine !== run) return;
    elsewhereLine.textContent = '';
    const found = others.filter((_, i) => counts[i] > 0);
    elsewhereLine.hidden = !found.length;
    if (!found.length) return;
    elsewhereLine.append(message('also_in'));
    found.forEach((o, i) => {
      const n = counts[others.indexOf(o)], a = el('a', '', message('results_in', { count: n, language: o.title }));
      a.href = o.base + '?q=' + encodeURIComponent(q);
      a.hreflang = o.code;
      elsewhereLine.append(i ? message('list_separator') : '', a);
    });
    elsewhereLine.append(message('end'));
  }

  /** Keep the address (and the tab's title) in step, so that a search can be bookmarked. */
  function syncAddress(q, chosen) {
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    for (const f of chosen) params.set(f.name, f.select.value);
    const url = location.pathname + (params.toString() ? '?' + params : '');
    if (url !== location.pathname + location.search) history.replaceState(null, '', url);
    document.title = q.trim() ? q.trim() + ' · ' + pageTitle : pageTitle;
  }

  // Load meta.json as soon as the reader comes near the form; search as they type (after a
  // pause of 150 ms), at once when a filter changes or the form is submitted.
  for (const type of ['focusin', 'pointerenter']) form.addEventListener(type, () => loadMeta().catch(() => {}));
  form.addEventListener('input', (e) => {
    clearTimeout(timer);
    timer = setTimeout(search, e.target === form.elements.q ? 150 : 0);
  });
  form.addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(timer); search(); });
  more.addEventListener('click', async () => {
    const next = shown;
    if ((await showMore().catch(() => false)) && list.children[next]) list.children[next].querySelector('a').focus();
  });

  // Arrow keys move from the box through the results and back; Enter follows the link.
  form.elements.q.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && list.querySelector('a')) { e.preventDefault(); list.querySelector('a').focus(); }
  });
  list.addEventListener('keydown', (e) => {
    const links = [...list.querySelectorAll('a')], i = links.indexOf(document.activeElement);
    const to = e.key === 'ArrowDown' ? links[i + 1] : e.key === 'ArrowUp' ? links[i - 1] || box
      : e.key === 'Escape' ? box : null;
    if (i >= 0 && to) { e.preventDefault(); to.focus(); }
  });

  // A search in the address (?q=...&hub=...&phase=...&<taxonomy id>=...) runs at once. The
  // filters' options come with meta.json, so each select remembers the value it wants.
  const params = new URLSearchParams(location.search), selects = [...form.querySelectorAll('select')];
  box.value = params.get('q') || '';
  for (const select of selects) select.dataset.wanted = params.get(select.name) || '';
  if (params.get('q') || selects.some((select) => params.get(select.name))) search();
})();
