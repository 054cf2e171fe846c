"""Word tests shared by the gazetteer generators: is a word a common English word, a
common given name or surname? Decided from data in pinned PyPI packages (see
requirements.txt), never from lists typed here."""

from english_words import get_english_words_set
import names as names_pkg
from wordfreq import zipf_frequency

# A lowercase dictionary word this frequent (Zipf scale: 3.0 = once per million words)
# is an everyday word ("split", "nice", "reading").
ZIPF_COMMON = 3.0
# A given name or surname held by this share (per cent) of the US census lists.
NAME_SHARE = 0.05

# web2 keeps proper nouns capitalised, so its lowercase entries are common words.
_LOWER_WORDS = {w for w in get_english_words_set(["web2"], lower=False, alpha=True)
                if w.islower()}


def _census_names():
    base = names_pkg.__path__[0]
    common = set()
    for f in ("dist.male.first", "dist.female.first", "dist.all.last"):
        for line in open(f"{base}/{f}", encoding="utf-8"):
            parts = line.split()
            if len(parts) >= 2 and float(parts[1]) >= NAME_SHARE:
                common.add(parts[0].lower())
    return common


_NAMES = _census_names()


def common_word(word):
    """An everyday English word, or the plural of one ("tigers")."""
    low = word.lower()
    for w in (low, low[:-1] if low.endswith("s") else None):
        if w and w in _LOWER_WORDS and zipf_frequency(w, "en") >= ZIPF_COMMON:
            return True
    return False


def common_name(word):
    return word.lower() in _NAMES
