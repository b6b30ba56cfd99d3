"""Search in Hebrew: words are found with or without the letters glued before them.

Hebrew writes the words for "and", "the", "in", "to", "from", "that" and "as"
as one-letter prefixes (ו ה ב ל מ ש כ) glued to the next word: "הנגזרת",
"ובנקודה". The stemmer strips them, in Python for the index Sphinx writes and
in JavaScript for the reader's query, by the same rule, so "נגזרת" finds a page
that says "הנגזרת" and the other way round. Latin words (code, names) go
through Sphinx's English stemmer on both sides, as in the English edition.
"""

from pathlib import Path

import sphinx.search
from sphinx.search.en import SearchEnglish

PREFIXES = "והבלמשכ"
SHORTEST_STEM = 3  # Hebrew roots have three letters: never strip below that

# Short function words that every page has; a query ignores them.
HEBREW_STOPWORDS = frozenset(
    "של את על עם זה זו זאת הוא היא הם הן אני אתם אנחנו כי אם גם לא כל אבל או יש אין "
    "רק עוד כמו מה מי איך לכן אז כך בין אל עד אחרי לפני".split()
)


def is_hebrew(word):
    """Whether the word has a Hebrew letter.

    >>> is_hebrew("נגזרת"), is_hebrew("autograd"), is_hebrew("ב2")
    (True, False, True)
    """
    return any("\u0590" <= char <= "\u05ff" for char in word)


def strip_prefixes(word):
    """The word without the one-letter prefixes glued before it.

    Letters are stripped from the front while they are prefix letters and at
    least SHORTEST_STEM letters remain. The rule depends only on what is left,
    so a word and the same word with prefixes always end alike.

    >>> strip_prefixes("הנגזרת"), strip_prefixes("נגזרת")
    ('נגזרת', 'נגזרת')
    >>> strip_prefixes("ובנקודה"), strip_prefixes("בנקודה"), strip_prefixes("נקודה")
    ('נקודה', 'נקודה', 'נקודה')
    >>> strip_prefixes("כלל"), strip_prefixes("הכלל"), strip_prefixes("לכלל")
    ('כלל', 'כלל', 'כלל')

    A word whose own first letters look like prefixes loses them too, the
    same way with and without a real prefix: the price of a stemmer with no
    dictionary.

    >>> strip_prefixes("שיפוע"), strip_prefixes("השיפוע"), strip_prefixes("ובשיפוע")
    ('יפוע', 'יפוע', 'יפוע')
    """
    while len(word) > SHORTEST_STEM and word[0] in PREFIXES:
        word = word[1:]
    return word


def _minified_js(name):
    return (Path(sphinx.search.__file__).parent / "minified-js" / name).read_text(encoding="utf-8")


# Sphinx's English stemmer for Latin words, and the same prefix rule as above.
JS_STEMMER = "\n".join(
    (
        _minified_js("base-stemmer.js"),
        _minified_js("english-stemmer.js"),
        f"""
var Stemmer = function () {{
  const english = new EnglishStemmer();
  const prefixes = "{PREFIXES}";
  this.stemWord = (word) => {{
    if (!/[\\u0590-\\u05ff]/.test(word)) return english.stemWord(word);
    while (word.length > {SHORTEST_STEM} && prefixes.includes(word[0])) word = word.slice(1);
    return word;
  }};
}};
""",
    )
)


class SearchHebrew(SearchEnglish):
    """Sphinx's search index for Hebrew pages.

    >>> search = SearchHebrew({})
    >>> [search.stem(word) for word in search.split("ובנקודה, x.grad Derivatives")]
    ['נקודה', 'x', 'grad', 'deriv']
    """

    lang = "he"
    language_name = "Hebrew"
    js_stemmer_rawcode = ""  # the code is all in js_stemmer_code
    js_stemmer_code = JS_STEMMER
    stopwords = SearchEnglish.stopwords | HEBREW_STOPWORDS

    def stem(self, word):
        if is_hebrew(word):
            return strip_prefixes(word)
        return super().stem(word)


def setup(app):
    app.add_search_language(SearchHebrew)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
