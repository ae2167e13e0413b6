//! Text to search terms, one analyser per language: the build indexes a language's pages with
//! it (`src/search.rs`), and the browser analyses queries with its copy in
//! `src/theme/static/search.js` and `stem-<code>.js`. Both must give the same terms for every
//! word; `tests/search.rs` runs both over word lists of each language and compares them.
//!
//! English is praxis's first analyser and stays as it was: accents folded before anything
//! else, then our Porter stemmer (`stem.rs`). French, Spanish and Portuguese stem with
//! Snowball's algorithms (the `rust-stemmers` crate), whose rules match accented endings
//! (`-ité`, `-ción`, `-ção`): their words keep their accents until stemmed, and the stem is
//! folded after, so that a word typed without accents meets the same term. A language
//! without a stemmer (`ar`, `de`...) is tokenised and folded only. docs/search-index.md
//! describes each pipeline step by step; this module knows nothing of documents or files.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The analysis of one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Analyser {
    language: Language,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Language {
    English,
    French,
    Spanish,
    Portuguese,
    /// Tokenised and folded as English, with no stop words and no stemming.
    Unstemmed,
}

/// Words too common to help a search, left out of the index and of queries. Written for
/// policy prose; shipped to the browser in `meta.json` so both sides drop the same words.
pub const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do",
    "does", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is",
    "it", "its", "may", "not", "of", "on", "or", "our", "she", "should", "so", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "was",
    "we", "were", "which", "who", "will", "with", "would", "you", "your",
];

// The other languages' stop words are compared with a word once its accents are folded
// (`où` and `ou` alike), so they are written folded: a query typed without accents drops
// the same words as the text did. French lists the letters left by elision (`l'homme`,
// `d'achat`, `qu'il`), which the tokeniser splits off at the apostrophe.
const FRENCH_STOP_WORDS: &[&str] = &[
    "a", "ai", "au", "aux", "avec", "c", "ce", "ces", "d", "dans", "de", "des", "du", "elle",
    "elles", "en", "est", "et", "etait", "ete", "etre", "eux", "il", "ils", "j", "je", "l", "la",
    "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "meme", "mes", "moi", "mon", "n",
    "ne", "ni", "nos", "notre", "nous", "on", "ont", "ou", "par", "pas", "pour", "qu", "que",
    "qui", "s", "sa", "sans", "se", "ses", "si", "son", "sont", "sur", "t", "ta", "te", "tes",
    "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
];
const SPANISH_STOP_WORDS: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "el", "ella", "ellas", "ellos", "en", "entre", "era",
    "es", "esa", "ese", "eso", "esta", "este", "esto", "fue", "ha", "han", "hay", "la", "las",
    "le", "les", "lo", "los", "mas", "me", "mi", "mis", "muy", "ni", "no", "nos", "o", "para",
    "pero", "por", "que", "se", "sea", "ser", "si", "sin", "sobre", "son", "su", "sus", "te", "tu",
    "u", "un", "una", "unas", "uno", "unos", "y", "ya", "yo",
];
const PORTUGUESE_STOP_WORDS: &[&str] = &[
    "a", "ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "ela", "elas",
    "ele", "eles", "em", "entre", "era", "essa", "esse", "esta", "este", "eu", "foi", "ha", "isso",
    "isto", "ja", "lhe", "mais", "mas", "me", "na", "nao", "nas", "nem", "no", "nos", "num",
    "numa", "o", "os", "ou", "para", "pela", "pelas", "pelo", "pelos", "por", "que", "sao", "se",
    "ser", "seu", "seus", "sua", "suas", "tem", "um", "uma", "umas", "uns", "voce",
];

/// Word endings a reader may be typing when a query's last word is unfinished. The stem of a
/// finished word is often shorter than what has been typed of it (`procurem` of `procurement`,
/// whose term is `procur`), so a prefix alone would match nothing: the browser also completes
/// the typed word with each ending it has begun (and each whole ending) and looks up those
/// words' terms. Shipped in `meta.json`, like the stop words, so both sides use one list.
pub const ENGLISH_SUFFIXES: &[&str] = &[
    "able", "al", "ally", "ance", "ances", "ant", "ants", "ate", "ated", "ates", "ating", "ation",
    "ational", "ations", "ator", "ators", "e", "ed", "ement", "ements", "ence", "ences", "ent",
    "ents", "er", "ers", "es", "ful", "ible", "ic", "ical", "ies", "ing", "ings", "ion", "ions",
    "ism", "ist", "ists", "ities", "ity", "ive", "ives", "ization", "ize", "ized", "izes", "ly",
    "ment", "ments", "ness", "ous", "ously", "s", "y",
];

// The others' common endings, with their accents: a completion is stemmed as a word of the
// text is, before folding (`continuit` + `ité` has the term `continu`).
const FRENCH_SUFFIXES: &[&str] = &[
    "able", "ables", "al", "ale", "ales", "ance", "ances", "ant", "ante", "antes", "ants", "ation",
    "ations", "aux", "e", "ement", "ements", "ence", "ences", "ent", "er", "es", "eur", "eurs",
    "euse", "euses", "if", "ifs", "ion", "ions", "ique", "iques", "isme", "iste", "istes", "ité",
    "ités", "ive", "ives", "ment", "ments", "s", "é", "ée", "ées", "és",
];
const SPANISH_SUFFIXES: &[&str] = &[
    "a", "able", "ables", "aciones", "ación", "ada", "adas", "ado", "ador", "adores", "ados", "al",
    "ales", "amente", "amiento", "ancia", "ante", "antes", "ar", "as", "ciones", "ción", "e",
    "encia", "encias", "er", "es", "ica", "icas", "ico", "icos", "ida", "idad", "idades", "ido",
    "ir", "ismo", "ista", "istas", "iva", "ivo", "mente", "o", "os", "s",
];
const PORTUGUESE_SUFFIXES: &[&str] = &[
    "a", "ada", "adas", "ado", "ador", "adores", "ados", "ais", "al", "amente", "amento",
    "amentos", "ante", "ar", "as", "ação", "ações", "e", "es", "ica", "ico", "idade", "idades",
    "ismo", "ista", "iva", "ivo", "mente", "o", "os", "s", "ável", "ância", "ção", "ções", "ência",
    "ências", "ível",
];

impl Analyser {
    pub const ENGLISH: Analyser = Analyser {
        language: Language::English,
    };

    /// The analyser of a language tag as `site.toml` writes it: its primary subtag decides
    /// (`pt-BR` is Portuguese), and a language praxis has no stemmer for is tokenised and
    /// folded only, with no stop words.
    pub fn for_language(code: &str) -> Analyser {
        let primary = code.split('-').next().unwrap_or_default();
        let language = match primary.to_ascii_lowercase().as_str() {
            "en" => Language::English,
            "fr" => Language::French,
            "es" => Language::Spanish,
            "pt" => Language::Portuguese,
            _ => Language::Unstemmed,
        };
        Analyser { language }
    }

    /// Which stemmer the browser must use, as `meta.json`'s `stemmer`: `en` for the Porter
    /// stemmer inside `search.js`, `fr`, `es` or `pt` for `static/stem-<code>.js`; `None`
    /// when words are not stemmed.
    pub fn stemmer(self) -> Option<&'static str> {
        match self.language {
            Language::English => Some("en"),
            Language::French => Some("fr"),
            Language::Spanish => Some("es"),
            Language::Portuguese => Some("pt"),
            Language::Unstemmed => None,
        }
    }

    /// The stop words, sorted, as compared: lowercase and (but for English, whose words are
    /// folded first anyway) without accents.
    pub fn stop_words(self) -> &'static [&'static str] {
        match self.language {
            Language::English => ENGLISH_STOP_WORDS,
            Language::French => FRENCH_STOP_WORDS,
            Language::Spanish => SPANISH_STOP_WORDS,
            Language::Portuguese => PORTUGUESE_STOP_WORDS,
            Language::Unstemmed => &[],
        }
    }

    /// The endings completed while a word is typed (see [`ENGLISH_SUFFIXES`]).
    pub fn suffixes(self) -> &'static [&'static str] {
        match self.language {
            Language::English => ENGLISH_SUFFIXES,
            Language::French => FRENCH_SUFFIXES,
            Language::Spanish => SPANISH_SUFFIXES,
            Language::Portuguese => PORTUGUESE_SUFFIXES,
            Language::Unstemmed => &[],
        }
    }

    fn snowball(self) -> Option<Algorithm> {
        match self.language {
            Language::French => Some(Algorithm::French),
            Language::Spanish => Some(Algorithm::Spanish),
            Language::Portuguese => Some(Algorithm::Portuguese),
            Language::English | Language::Unstemmed => None,
        }
    }

    /// The text's words, lowercased: folded too for English and unstemmed languages, still
    /// accented for a Snowball language.
    pub fn tokenize(self, text: &str) -> Vec<String> {
        let mut words = Vec::new();
        self.for_each_word(text, &mut String::new(), |word| words.push(word.to_owned()));
        words
    }

    /// [`Analyser::tokenize`] without allocating a string per word: `each` sees every word
    /// in turn. `buffer` is scratch space the caller keeps between calls.
    ///
    /// ASCII punctuation and spaces separate words in every language, so the text is cut at
    /// them first; the pieces that are plain ASCII (most of any policy text, in any of these
    /// languages) need no normalisation, and only the others are normalised and split again.
    pub fn for_each_word(self, text: &str, buffer: &mut String, mut each: impl FnMut(&str)) {
        let accented = self.snowball().is_some();
        for piece in text.split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric()) {
            if piece.is_empty() {
                continue;
            }
            buffer.clear();
            if piece.is_ascii() {
                buffer.push_str(piece);
                buffer.make_ascii_lowercase();
                each(buffer);
                continue;
            }
            if accented {
                // Lowercase, then compose (a lowercase letter may come out decomposed, as
                // `İ` does), keeping the marks that compose with nothing inside the word.
                buffer.extend(piece.chars().flat_map(char::to_lowercase).nfc());
                let in_word = |c: char| c.is_alphanumeric() || is_combining_mark(c);
                for word in buffer.split(|c: char| !in_word(c)) {
                    if !word.is_empty() {
                        each(word);
                    }
                }
            } else {
                // Decompose, drop the marks, then lowercase: as a whole text would be.
                buffer.extend(
                    piece
                        .nfd()
                        .filter(|c| !is_combining_mark(*c))
                        .flat_map(char::to_lowercase),
                );
                for word in buffer.split(|c: char| !c.is_alphanumeric()) {
                    if !word.is_empty() {
                        each(word);
                    }
                }
            }
        }
    }

    /// Is `word` (a word of [`Analyser::tokenize`], folded) a stop word?
    fn is_stop_word(self, folded: &str) -> bool {
        folded.len() <= 6 && self.stop_words().binary_search(&folded).is_ok()
    }

    /// The index term of a word of [`Analyser::tokenize`], or `None` for a stop word.
    ///
    /// English stems words of 3 or more ASCII letters with Porter's algorithm. A Snowball
    /// language drops the word if, folded, it is a stop word; stems it (accents and all) if
    /// it has at least 3 characters and no digit; and folds the result. Other words are
    /// their own terms, folded.
    pub fn term(self, word: &str) -> Option<String> {
        match self.language {
            Language::English => (!self.is_stop_word(word)).then(|| crate::stem::stem(word)),
            Language::Unstemmed => Some(word.to_owned()),
            Language::French | Language::Spanish | Language::Portuguese => {
                let folded = fold(word);
                if folded.is_empty() || self.is_stop_word(&folded) {
                    return None;
                }
                let stemmed = word.chars().nth(2).is_some() && !word.chars().any(char::is_numeric);
                if !stemmed {
                    return Some(folded.into_owned());
                }
                let algorithm = self.snowball().expect("a Snowball language");
                let stem = fold(&Stemmer::create(algorithm).stem(word)).into_owned();
                (!stem.is_empty()).then_some(stem)
            }
        }
    }

    /// Text to index terms, as the browser does it for queries.
    pub fn analyze(self, text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        self.for_each_word(text, &mut String::new(), |word| {
            terms.extend(self.term(word));
        });
        terms
    }
}

/// `text` in NFD without its combining marks: `é` becomes `e`, `ø` stays `ø`.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.nfd().filter(|c| !is_combining_mark(*c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Analyser; 5] = [
        Analyser::ENGLISH,
        Analyser {
            language: Language::French,
        },
        Analyser {
            language: Language::Spanish,
        },
        Analyser {
            language: Language::Portuguese,
        },
        Analyser {
            language: Language::Unstemmed,
        },
    ];

    #[test]
    fn stop_words_are_sorted_folded_and_short() {
        for analyser in ALL {
            let words = analyser.stop_words();
            assert!(words.windows(2).all(|w| w[0] < w[1]), "{analyser:?}");
            for word in words {
                assert!(word.len() <= 6, "{word}");
                assert_eq!(fold(word), *word);
                assert_eq!(word.to_lowercase(), *word);
            }
        }
    }

    #[test]
    fn suffixes_are_sorted_and_lowercase() {
        for analyser in ALL {
            let suffixes = analyser.suffixes();
            assert!(suffixes.windows(2).all(|w| w[0] < w[1]), "{analyser:?}");
            assert!(suffixes.iter().all(|s| s.to_lowercase() == *s));
        }
    }

    #[test]
    fn a_language_is_chosen_by_its_primary_subtag() {
        assert_eq!(Analyser::for_language("en"), Analyser::ENGLISH);
        assert_eq!(Analyser::for_language("en-GB"), Analyser::ENGLISH);
        assert_eq!(Analyser::for_language("pt-BR").stemmer(), Some("pt"));
        assert_eq!(Analyser::for_language("es-419").stemmer(), Some("es"));
        assert_eq!(Analyser::for_language("fr").stemmer(), Some("fr"));
        let arabic = Analyser::for_language("ar");
        assert_eq!(arabic.stemmer(), None);
        assert!(arabic.stop_words().is_empty() && arabic.suffixes().is_empty());
    }

    #[test]
    fn french_stems_accented_words_then_folds_them() {
        let french = Analyser::for_language("fr");
        assert_eq!(
            french.analyze("La continuité de l'évaluation des marchés publics"),
            ["continu", "evalu", "march", "public"]
        );
        // Elided articles go with the stop words; digits and short words are not stemmed.
        assert_eq!(
            french.analyze("d'achat L’Homme 2024s xy"),
            ["achat", "homm", "2024s", "xy"]
        );
    }

    #[test]
    fn a_language_without_a_stemmer_is_folded_only() {
        let arabic = Analyser::for_language("ar");
        assert_eq!(
            arabic.analyze("The Café, the contracts"),
            ["the", "cafe", "the", "contracts"]
        );
    }
}
