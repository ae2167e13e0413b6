//! The Porter (1980) stemmer, as in Martin Porter's paper "An algorithm for suffix
//! stripping", steps 1a to 5b, for words of lowercase ASCII letters.
//!
//! Ours rather than elasticlunr-rs's because the browser must stem queries exactly as the
//! index was stemmed: elasticlunr's stemmer departs from the paper in three places (step 1c,
//! `bli`, `logi`), and `src/theme/static/search.js` implements the paper. The two are
//! compared word by word in `tests/search.rs`.

/// Is the letter at `i` a consonant? A letter other than a, e, i, o, u, and other than y
/// after a consonant.
fn consonant(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !consonant(w, i - 1),
        _ => true,
    }
}

/// m in [C](VC)^m[V]: how many times a vowel is followed by a consonant.
fn measure(w: &[u8]) -> usize {
    (1..w.len())
        .filter(|&i| !consonant(w, i - 1) && consonant(w, i))
        .count()
}

fn has_vowel(w: &[u8]) -> bool {
    (0..w.len()).any(|i| !consonant(w, i))
}

/// *d: ends with a double consonant.
fn double(w: &[u8]) -> bool {
    let n = w.len();
    n > 1 && w[n - 1] == w[n - 2] && consonant(w, n - 1)
}

/// *o: ends consonant-vowel-consonant, the last not w, x or y.
fn cvc(w: &[u8]) -> bool {
    let n = w.len();
    n > 2
        && consonant(w, n - 3)
        && !consonant(w, n - 2)
        && consonant(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
}

const STEP1A: &[(&str, &str)] = &[("sses", "ss"), ("ies", "i"), ("ss", "ss"), ("s", "")];
const STEP2: &[(&str, &str)] = &[
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("abli", "able"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
];
const STEP3: &[(&str, &str)] = &[
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
];
const STEP4: &[&str] = &[
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
    "ism", "ate", "iti", "ous", "ive", "ize",
];

/// In a step only the rule with the longest matching suffix may fire, and only if its
/// condition holds for the stem (the word without the suffix).
fn step(w: &mut Vec<u8>, rules: &[(&str, &str)], condition: impl Fn(&[u8], &str) -> bool) {
    let Some((suffix, replacement)) = rules
        .iter()
        .filter(|(suffix, _)| w.ends_with(suffix.as_bytes()))
        .max_by_key(|(suffix, _)| suffix.len())
    else {
        return;
    };
    let stem_len = w.len() - suffix.len();
    if condition(&w[..stem_len], suffix) {
        w.truncate(stem_len);
        w.extend_from_slice(replacement.as_bytes());
    }
}

/// The Porter stem of a word of lowercase ASCII letters; other words come back unchanged.
pub fn stem(word: &str) -> String {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_owned();
    }
    let mut w = word.as_bytes().to_vec();
    step(&mut w, STEP1A, |_, _| true);
    // Step 1b.
    if w.ends_with(b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.pop();
        }
    } else {
        let cut = if w.ends_with(b"ed") {
            2
        } else if w.ends_with(b"ing") {
            3
        } else {
            0
        };
        if cut > 0 && has_vowel(&w[..w.len() - cut]) {
            w.truncate(w.len() - cut);
            if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
                w.push(b'e');
            } else if double(&w) && !matches!(w.last(), Some(b'l' | b's' | b'z')) {
                w.pop();
            } else if measure(&w) == 1 && cvc(&w) {
                w.push(b'e');
            }
        }
    }
    // Step 1c.
    if w.ends_with(b"y") && has_vowel(&w[..w.len() - 1]) {
        let last = w.len() - 1;
        w[last] = b'i';
    }
    step(&mut w, STEP2, |s, _| measure(s) > 0);
    step(&mut w, STEP3, |s, _| measure(s) > 0);
    let step4: Vec<(&str, &str)> = STEP4.iter().map(|s| (*s, "")).collect();
    step(&mut w, &step4, |s, suffix| {
        measure(s) > 1 && (suffix != "ion" || matches!(s.last(), Some(b's' | b't')))
    });
    // Step 5a.
    if w.ends_with(b"e") {
        let s = &w[..w.len() - 1];
        let m = measure(s);
        if m > 1 || (m == 1 && !cvc(s)) {
            w.pop();
        }
    }
    // Step 5b.
    if w.ends_with(b"ll") && measure(&w) > 1 {
        w.pop();
    }
    String::from_utf8(w).expect("ASCII in, ASCII out")
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn examples_from_the_paper() {
        for (word, expected) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("caress", "caress"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("hopping", "hop"),
            ("filing", "file"),
            ("happy", "happi"),
            ("sky", "sky"),
            ("relational", "relat"),
            ("generalization", "gener"),
            ("hopeful", "hope"),
            ("adjustment", "adjust"),
            ("controll", "control"),
            ("monitoring", "monitor"),
            ("monitored", "monitor"),
            ("pay", "pai"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
    }
}
