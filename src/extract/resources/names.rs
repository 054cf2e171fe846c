//! Finding gazetteer names in text: the Aho-Corasick automaton of hand-curated names,
//! and the hash lookup of generated place names for runs of capitalised words.

use super::{NameHit, Resources, Target};

impl Resources {
    /// Every gazetteer name in `text[range]`, longest first, on word boundaries,
    /// in text order. A generated place is reported only where no hand-curated
    /// name overlaps it.
    pub fn find_names(&self, text: &str, range: std::ops::Range<usize>) -> Vec<NameHit<'_>> {
        let hay = &text[range.clone()];
        let mut hits: Vec<NameHit<'_>> = self
            .names
            .find_iter(hay)
            .filter(|m| on_word_boundary(hay, m.start(), m.end()))
            .map(|m| NameHit {
                start: range.start + m.start(),
                end: range.start + m.end(),
                targets: &self.name_targets[m.pattern().as_usize()],
            })
            .collect();
        if self.generated.is_empty() {
            return hits;
        }
        let known = hits.len();
        let mut from = 0;
        while let Some((start, end, targets)) = self.next_generated(hay, from) {
            from = end;
            let (start, end) = (range.start + start, range.start + end);
            if hits[..known].iter().any(|h| h.start < end && start < h.end) {
                continue;
            }
            hits.push(NameHit {
                start,
                end,
                targets,
            });
        }
        if hits.len() > known {
            hits.sort_by_key(|h| h.start);
        }
        hits
    }

    /// The next generated place name in `hay` from byte `from`: the longest run of
    /// words, starting with a capitalised word, that is a known spelling. Returns
    /// (start, end, targets). Runs for every sentence, several times: a capitalised
    /// word costs one hash lookup of its own, and only a word that begins some
    /// name is extended to the following words.
    fn next_generated<'s>(
        &'s self,
        hay: &str,
        from: usize,
    ) -> Option<(usize, usize, &'s [Target])> {
        let bytes = hay.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            let b = bytes[i];
            let upper = if b.is_ascii() {
                b.is_ascii_uppercase()
            } else {
                hay.is_char_boundary(i) && hay[i..].chars().next().is_some_and(char::is_uppercase)
            };
            if !upper || hay[..i].chars().next_back().is_some_and(is_name_char) {
                i += 1;
                continue;
            }
            let (first_end, first_trimmed) = word_at(hay, i);
            let Some(&words) = self.generated_first.get(&hay[i..first_trimmed]) else {
                i = first_end.max(i + 1);
                continue;
            };
            let mut ends = [0usize; MAX_GENERATED_WORDS];
            ends[0] = first_trimmed;
            let mut n = 1;
            let mut word_end = first_end;
            while n < usize::from(words)
                && ends[n - 1] == word_end
                && bytes.get(word_end) == Some(&b' ')
            {
                let (next_end, next_trimmed) = word_at(hay, word_end + 1);
                if next_end == word_end + 1 {
                    break;
                }
                ends[n] = next_trimmed;
                n += 1;
                word_end = next_end;
            }
            for &end in ends[..n].iter().rev() {
                if let Some(targets) = self.generated.get(&hay[i..end]) {
                    return Some((i, end, targets));
                }
            }
            i = first_end.max(i + 1);
        }
        None
    }

    /// Role titles in `text[range]` as (start, end, title).
    pub fn find_titles(
        &self,
        text: &str,
        range: std::ops::Range<usize>,
    ) -> Vec<(usize, usize, &str)> {
        let hay = &text[range.clone()];
        self.titles
            .find_iter(hay)
            .filter(|m| on_word_boundary(hay, m.start(), m.end()))
            .map(|m| {
                (
                    range.start + m.start(),
                    range.start + m.end(),
                    self.title_strings[m.pattern().as_usize()].as_str(),
                )
            })
            .collect()
    }
}

/// The longest generated place name looked up, in words; longer ones (a handful of
/// "X, Y and Z Islands") are left out. Fits the `u8` word counts.
pub(super) const MAX_GENERATED_WORDS: usize = 6;

/// The word starting at byte `i`: where it ends, and where it ends without a
/// possessive or trailing apostrophe or hyphen ("Donetsk's" → "Donetsk").
fn word_at(hay: &str, i: usize) -> (usize, usize) {
    let end = hay[i..]
        .char_indices()
        .find(|&(_, c)| !is_name_char(c))
        .map_or(hay.len(), |(k, _)| i + k);
    let word = &hay[i..end];
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
        .trim_end_matches(['\'', '’', '-']);
    (end, i + word.len())
}

/// A character that can be part of a word of a place name ("Ma'arrat", "Al-Bab").
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '’')
}

fn on_word_boundary(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back();
    let after = hay[end..].chars().next();
    let last = hay[..end].chars().next_back();
    let ok_before = before.is_none_or(|c| !c.is_alphanumeric());
    // "U.S." ends in a dot: what follows may be anything but another letter.
    let ok_after = after.is_none_or(|c| !c.is_alphanumeric() || last == Some('.'));
    ok_before && ok_after
}
