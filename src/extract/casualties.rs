//! Casualty figures: numbers of killed and wounded as a sentence states them
//! ("63 civilians have been killed and 292 wounded", "a missile strike that killed
//! one civilian and wounded two", "raising to 924 the total number of combat
//! deaths"), with the group (military/civilian) and whether the figure is a running
//! total. Vague quantities ("hundreds", "dozens") are not figures.

use super::resources::Sets;
use super::tokens::Token;
use crate::domain::CasualtyGroup;
use std::ops::Range;

/// One figure found in a sentence, before it is attached to an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Token index of the (first) number.
    pub token: usize,
    pub killed: Option<u32>,
    pub wounded: Option<u32>,
    pub group: Option<CasualtyGroup>,
    pub cumulative: bool,
    /// A total since some start ("killed since the war began", "the toll rose to
    /// 300"): background on its own, never the count of one happening.
    pub running_total: bool,
    /// "on both sides", "their troops": who the figure counts, when the words say.
    pub both_sides: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Counted {
    Killed,
    Wounded,
}

/// Finds the figures among `tokens`; numbers inside `skip` (dates) are ignored.
pub fn find(tokens: &[Token], lex: &Sets, skip: &[Range<usize>]) -> Vec<Figure> {
    let mut figures = pair_wounded_with_killed(counted_numbers(tokens, lex, skip));
    mark_totals(tokens, lex, &mut figures);
    figures
}

/// Numbers that count people killed or wounded, in text order: (token, value, what
/// is counted, the group counted).
fn counted_numbers(
    tokens: &[Token],
    lex: &Sets,
    skip: &[Range<usize>],
) -> Vec<(usize, u32, Counted, Option<CasualtyGroup>)> {
    let mut raw: Vec<(usize, u32, Counted, Option<CasualtyGroup>)> = Vec::new();
    let mut used = vec![false; tokens.len()];
    for i in 0..tokens.len() {
        if used[i]
            || skip
                .iter()
                .any(|r| r.start <= tokens[i].start && tokens[i].end <= r.end)
        {
            continue;
        }
        let Some((value, width)) = number_at(tokens, i).or_else(|| one_person(tokens, i, lex))
        else {
            continue;
        };
        if !counts_people(tokens, i, width, lex) {
            continue;
        }
        // NUMBER ... killed-word, within six words ("927 of their troops have been killed").
        let after = (i + width..tokens.len().min(i + width + 7))
            .find_map(|k| counted_at(tokens, k, lex).map(|c| (k, c)));
        // killed-verb NUMBER ("killed one civilian", "wounded two").
        // The verb may stand before an approximation: "killing more than 80 people".
        let lead = (1..=3)
            .take_while(|&n| i >= n && lex.approximators.starts_at(tokens, i - n))
            .last()
            .map_or(i, |n| i - n);
        let before = lead
            .checked_sub(1)
            .and_then(|k| counted_at(tokens, k, lex))
            .filter(|c| *c != Counted::Killed || is_verb_form(&tokens[lead - 1].lower));
        let counted = match (after, before) {
            (_, Some(c)) => Some(c),
            (Some((k, c)), None) if !crosses_another_number(tokens, i + width, k) => Some(c),
            _ => None,
        };
        let Some(counted) = counted else { continue };
        for u in used.iter_mut().skip(i).take(width) {
            *u = true;
        }
        // The group words belong to this number only up to the next number.
        let next_number = (i + width..tokens.len())
            .find(|&k| number_at(tokens, k).is_some())
            .unwrap_or(tokens.len());
        let window = i.saturating_sub(1)..tokens.len().min(i + width + 4).min(next_number);
        let group = group_in(tokens, window, lex);
        raw.push((i, value, counted, group));
    }
    raw
}

/// Figures from counted numbers; a wounded figure completes the killed figure just
/// before it.
fn pair_wounded_with_killed(raw: Vec<(usize, u32, Counted, Option<CasualtyGroup>)>) -> Vec<Figure> {
    let mut figures: Vec<Figure> = Vec::new();
    for (token, value, counted, group) in raw {
        match counted {
            Counted::Wounded => {
                if let Some(prev) = figures
                    .last_mut()
                    .filter(|f| f.wounded.is_none() && f.killed.is_some() && token - f.token <= 10)
                {
                    prev.wounded = Some(value);
                    continue;
                }
                figures.push(Figure {
                    token,
                    killed: None,
                    wounded: Some(value),
                    group,
                    cumulative: false,
                    running_total: false,
                    both_sides: false,
                });
            }
            Counted::Killed => figures.push(Figure {
                token,
                killed: Some(value),
                wounded: None,
                group,
                cumulative: false,
                running_total: false,
                both_sides: false,
            }),
        }
    }
    figures
}

/// Marks cumulative counts, running totals and figures given for both sides.
fn mark_totals(tokens: &[Token], lex: &Sets, figures: &mut [Figure]) {
    // A running total is marked next to its number ("raising to 924 the total", "the
    // toll rose to 300", "at least 500 have died since"), so the words are looked for
    // around each figure: "27 more soldiers killed, raising to 924 the total" holds one
    // new count and one total.
    let cumulative_at: Vec<usize> = (0..tokens.len())
        .filter(|&k| lex.cumulative.starts_at(tokens, k))
        .collect();
    let total_before: Vec<usize> = (0..tokens.len())
        .filter(|&k| lex.total_before.starts_at(tokens, k))
        .collect();
    let total_after: Vec<usize> = (0..tokens.len())
        .filter(|&k| lex.total_after.starts_at(tokens, k))
        .collect();
    let both = (0..tokens.len()).any(|k| {
        matches!(
            (
                tokens[k].lower.as_str(),
                tokens.get(k + 1).map(|t| t.lower.as_str())
            ),
            ("both", Some("sides")) | ("either", Some("side"))
        )
    });
    let starts: Vec<usize> = figures.iter().map(|f| f.token).collect();
    let mut totals: Vec<bool> = Vec::with_capacity(figures.len());
    for (n, f) in figures.iter_mut().enumerate() {
        let from = f.token.saturating_sub(4);
        let to = next_figure_or_end(&starts, n, tokens.len()).min(f.token + 9);
        // "at least 26 people have died in an airstrike" is the toll of one incident,
        // however it is worded; a count tied to no incident is a party's tally.
        let tied_to_incident = (f.token + 1..to).any(|k| {
            matches!(tokens[k].lower.as_str(), "in" | "during")
                && (k + 1..tokens.len().min(k + 4)).any(|j| lex.fighting.starts_at(tokens, j))
        });
        f.cumulative = !tied_to_incident && cumulative_at.iter().any(|k| (from..to).contains(k));
        // "have suffered at least 963 casualties, 37 civilian deaths and 100 wounded":
        // the figures listed right after a total belong to it.
        if let Some(previous) = n.checked_sub(1).map(|p| (starts[p], totals[p]))
            && previous.1
            && f.token <= previous.0 + 4
        {
            f.cumulative = true;
        }
        totals.push(f.cumulative);
        // "raising the total number of deaths to 924": before its number, back to the
        // previous figure; "300 killed since ...": after it, up to the next one.
        let previous = n.checked_sub(1).map_or(0, |p| starts[p] + 1);
        let before = f.token.saturating_sub(7).max(previous)..f.token;
        f.running_total = total_before.iter().any(|k| before.contains(k))
            || total_after.iter().any(|k| (f.token..to).contains(k));
        f.both_sides = both;
    }
}

/// Where the words that belong to figure `n` stop: at the next figure's number.
fn next_figure_or_end(starts: &[usize], n: usize, len: usize) -> usize {
    starts.get(n + 1).copied().unwrap_or(len)
}

/// False for a number that is an amount, a measure or an age rather than a count of
/// people: "143 mln dlrs in losses", "30 pct", "a 66-year-old", "aged 66", and a number
/// standing alone between commas after a name ("Karami, 66, died").
fn counts_people(tokens: &[Token], i: usize, width: usize, lex: &Sets) -> bool {
    let next = i + width;
    if next < tokens.len() && lex.not_counts.starts_at(tokens, next) {
        return false;
    }
    if tokens[i].lower.ends_with("-year-old") || tokens[i].lower.ends_with("-years-old") {
        return false;
    }
    if (i.saturating_sub(2)..i).any(|k| lex.age_words.starts_at(tokens, k)) {
        return false;
    }
    let clause = tokens[i].clause;
    let alone = (i == 0 || tokens[i - 1].clause != clause)
        && tokens.get(next).is_none_or(|t| t.clause != clause);
    !(alone && i > 0)
}

/// "killed a Palestinian man", "wounding an Israeli soldier": the article after a
/// verb of killing or wounding, a person noun within three words, is a count of one.
fn one_person(tokens: &[Token], i: usize, lex: &Sets) -> Option<(u32, usize)> {
    // The cheap tests first: this runs for every word that is not a number.
    let counted = matches!(tokens[i].lower.as_str(), "a" | "an")
        && i > 0
        && is_verb_form(&tokens[i - 1].lower)
        && (i + 1..tokens.len().min(i + 4)).any(|k| lex.one_person.starts_at(tokens, k));
    counted.then_some((1, 1))
}

fn crosses_another_number(tokens: &[Token], from: usize, to: usize) -> bool {
    (from..to).any(|k| number_at(tokens, k).is_some())
}

fn is_verb_form(word: &str) -> bool {
    matches!(
        word,
        "killed"
            | "killing"
            | "kills"
            | "kill"
            | "wounded"
            | "wounding"
            | "wounds"
            | "wound"
            | "injured"
            | "injuring"
            | "injures"
            | "injure"
    )
}

fn counted_at(tokens: &[Token], k: usize, lex: &Sets) -> Option<Counted> {
    if lex.killed.starts_at(tokens, k) {
        Some(Counted::Killed)
    } else if lex.wounded.starts_at(tokens, k) {
        Some(Counted::Wounded)
    } else {
        None
    }
}

fn group_in(tokens: &[Token], window: Range<usize>, lex: &Sets) -> Option<CasualtyGroup> {
    let has = |set: &super::tokens::PhraseSet<()>| window.clone().any(|k| set.starts_at(tokens, k));
    if has(&lex.military) {
        Some(CasualtyGroup::Military)
    } else if has(&lex.civilian) && !window.clone().any(|k| tokens[k].lower == "people") {
        Some(CasualtyGroup::Civilian)
    } else {
        None
    }
}

const UNITS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// A number at token `i` and how many tokens it spans: "924", "7,000", "three
/// hundred", "2 million" (figures above a million are not casualty counts we trust).
pub fn number_at(tokens: &[Token], i: usize) -> Option<(u32, usize)> {
    let w = tokens.get(i)?.lower.as_str();
    let mut value: u64 = if w.chars().all(|c| c.is_ascii_digit() || c == ',')
        && w.starts_with(|c: char| c.is_ascii_digit())
    {
        // "1991" alone is a year, not a count; years are skipped by the caller's date spans.
        // Digits with the commas left out; too many digits for a u64 is no number.
        w.bytes()
            .filter(u8::is_ascii_digit)
            .try_fold(0u64, |v, d| {
                v.checked_mul(10)?.checked_add(u64::from(d - b'0'))
            })?
    } else {
        // "twenty-seven"
        let mut v = 0u64;
        for p in w.split('-') {
            v += u64::from(UNITS.iter().find(|(n, _)| *n == p)?.1);
        }
        v
    };
    let mut width = 1;
    // "thirty four": a tens word followed by a unit word is one number.
    if (20..100).contains(&value)
        && value.is_multiple_of(10)
        && let Some(unit) = tokens.get(i + 1).and_then(|t| {
            UNITS
                .iter()
                .find(|(n, v)| *v < 10 && *n == t.lower.as_str())
                .map(|(_, v)| *v)
        })
    {
        value += u64::from(unit);
        width = 2;
    }
    if let Some(next) = tokens.get(i + width) {
        let multiplier = match next.lower.as_str() {
            "hundred" => Some(100),
            "thousand" => Some(1000),
            _ => None,
        };
        if let Some(m) = multiplier {
            value *= m;
            width += 1;
        }
    }
    u32::try_from(value)
        .ok()
        .filter(|v| *v > 0 && *v < 10_000_000)
        .map(|v| (v, width))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::resources::Resources;
    use crate::extract::tokens::tokenize;

    fn figures(text: &str) -> Vec<(Option<u32>, Option<u32>, Option<CasualtyGroup>)> {
        let res = Resources::embedded().unwrap();
        let tokens = tokenize(text, 0..text.len());
        find(&tokens, &res.sets, &[])
            .into_iter()
            .map(|f| (f.killed, f.wounded, f.group))
            .collect()
    }

    #[test]
    fn killed_and_wounded_pair_up() {
        use CasualtyGroup::*;
        assert_eq!(
            figures("has said 63 civilians have been killed and 292 wounded."),
            vec![(Some(63), Some(292), Some(Civilian))]
        );
        assert_eq!(
            figures("a missile strike that killed one civilian and wounded two."),
            vec![(Some(1), Some(2), Some(Civilian))]
        );
        assert_eq!(
            figures("have suffered at least 963 casualties, 37 civilian deaths and 100 wounded."),
            vec![
                (Some(963), None, None),
                (Some(37), Some(100), Some(Civilian))
            ]
        );
        assert_eq!(
            figures(
                "released the names of 27 more Armenian soldier killed in action, raising to 924 the total number of combat deaths"
            ),
            vec![(Some(27), None, Some(Military)), (Some(924), None, None)]
        );
        assert_eq!(
            figures("About three hundred soldiers were killed on both sides"),
            vec![(Some(300), None, Some(Military))]
        );
        assert_eq!(
            figures("when nearly 7,000 people were killed on both sides."),
            vec![(Some(7000), None, None)]
        );
    }

    #[test]
    fn one_person_named_by_an_article_after_a_killing_verb_counts_one() {
        assert_eq!(
            figures("medics say Israeli forces killed a Palestinian man in Gaza."),
            vec![(Some(1), None, None)]
        );
        assert!(figures("a man was seen near the killed cattle.").is_empty());
        assert!(figures("killed a plan to build the road.").is_empty());
    }

    #[test]
    fn vague_and_unrelated_numbers_are_not_figures() {
        assert!(figures("Hundreds of people have died.").is_empty());
        assert!(figures("It released 27 names and a 44-day report.").is_empty());
    }

    #[test]
    fn amounts_and_ages_are_not_counts_of_people() {
        assert!(figures("The company reported 143 mln dlrs in losses.").is_empty());
        assert!(figures("Karami, 66, died on Monday.").is_empty());
        assert!(figures("The minister, aged 70, died in hospital.").is_empty());
    }

    #[test]
    fn two_word_numbers_are_one_number() {
        assert_eq!(
            figures("Thirty four workers died in the blast."),
            vec![(Some(34), None, None)]
        );
    }

    #[test]
    fn running_totals_are_marked_next_to_their_number() {
        let res = Resources::embedded().unwrap();
        let text =
            "27 more soldiers were killed, raising to 924 the total number of combat deaths.";
        let tokens = tokenize(text, 0..text.len());
        let found = find(&tokens, &res.sets, &[]);
        assert_eq!(found.len(), 2);
        assert!(!found[0].running_total);
        assert!(found[1].running_total);
    }
}
