//! The regular expressions that find candidate expressions, one per shape of date,
//! each paired with the builder that turns a match into a [`Reading`] (or rejects it).

use super::build::*;
use super::durations::*;
use super::periods::*;
use super::quarters::*;
use super::{Reading, TimexType};
use regex::{Captures, Regex, RegexSet, RegexSetBuilder};
use std::ops::Range;
use std::sync::LazyLock;

/// Full month names may not take a dot; abbreviations may ("Sept." but not "October.",
/// which would swallow the sentence's full stop).
pub(super) const MONTH: &str = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)";
pub(super) const WEEKDAY: &str = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\b\.?)";
pub(super) const DAYNUM: &str = r"(?:[12][0-9]|3[01]|0?[1-9])";
pub(super) const ORD: &str = r"(?:st|nd|rd|th)?\b";
pub(super) const PART: &str = r"(?:(?P<part>[Ee]arly|[Mm]id|[Ll]ate|(?:[Tt]he\s+)?(?:end|beginning|start|middle)\s+of)[-\s]+)?";
/// A count in figures or words; "twenty-four" and "thirty five" before their tens
/// alone, since the first alternative that matches wins.
pub(super) const NUM: &str = r"(?:\d{1,4}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\s](?:one|two|three|four|five|six|seven|eight|nine)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b";
pub(super) const VAGUE_NUM: &str = r"(?:a\s+few|a\s+couple\s+of|several|few|many)";
pub(super) const SEASON: &str = r"(?:spring|summer|autumn|fall|winter)";

pub(super) fn re(pattern: &str) -> Regex {
    // The patterns are constants of this module; a bad one is a programming error
    // caught by every test run, never a runtime input problem. Word boundaries are
    // ASCII: the fast lazy DFA cannot run Unicode ones and falls back to a backtracker
    // many times slower, and every word these patterns anchor on is ASCII.
    let ascii_boundaries = pattern.replace(r"\b", r"(?-u:\b)");
    Regex::new(&ascii_boundaries).expect("valid built-in pattern")
}

/// How a match of one pattern becomes a candidate (None when the guards reject it).
pub(super) type Build = fn(&str, &Captures) -> Option<Cand>;

pub(super) struct Cand {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) ttype: TimexType,
    pub(super) reading: Reading,
    /// A range's two ends, relative to the sentence (see [`super::Timex::ends`]).
    pub(super) ends: Option<[Range<usize>; 2]>,
    /// Kept only in a narrative (see [`super::Timex::narrative_only`]).
    pub(super) narrative_only: bool,
}

pub(super) fn cand(c: &Captures, ttype: TimexType, reading: Reading) -> Option<Cand> {
    let m = c.get(0)?;
    Some(Cand {
        start: m.start(),
        end: m.end(),
        ttype,
        reading,
        ends: None,
        narrative_only: false,
    })
}

pub(super) static PATTERNS: LazyLock<Vec<(Regex, Build)>> = LazyLock::new(|| {
    let date_y = format!(
        r"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<m>{MONTH})\s+(?P<d>{DAYNUM}){ORD},?\s+(?P<y>\d{{4}})\b"
    );
    let date_dmy = format!(
        r"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<d>{DAYNUM}){ORD}\s+(?:of\s+)?(?P<m>{MONTH}),?\s+(?P<y>\d{{4}})\b"
    );
    let md = format!(r"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<m>{MONTH})\s+(?P<d>{DAYNUM}){ORD}");
    // Wire copy of the 1980s spells days under ten: "took place on March eight".
    let md_word =
        format!(r"\b(?P<m>{MONTH})\s+(?P<dw>one|two|three|four|five|six|seven|eight|nine)\b");
    let dm =
        format!(r"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<d>{DAYNUM}){ORD}\s+(?:of\s+)?(?P<m>{MONTH})");
    let md_span = format!(
        r"\b(?P<m>{MONTH})\s+(?P<d>{DAYNUM}){ORD}(?:\s*[-–]\s*|\s+(?P<and>and)\s+)(?P<d2>{DAYNUM}){ORD}(?:,?\s+(?P<y>\d{{4}})\b)?"
    );
    let dm_span = format!(
        r"\b(?P<d>{DAYNUM}){ORD}(?:\s*[-–]\s*|\s+(?P<and>and)\s+)(?P<d2>{DAYNUM}){ORD}\s+(?:of\s+)?(?P<m>{MONTH})(?:,?\s+(?P<y>\d{{4}})\b)?"
    );
    let month_year = format!(r"\b{PART}(?P<m>{MONTH}),?\s+(?:of\s+)?(?P<y>\d{{4}})\b");
    let month = format!(r"\b{PART}(?P<m>{MONTH})");
    let year = format!(r"\b{PART}(?P<y>\d{{4}})\b");
    let ago = format!(
        r"(?i)\b(?:(?:more\s+than|nearly|almost|about|around|some|over|less\s+than)\s+)?(?P<n>{NUM}|{VAGUE_NUM}|an|a)\s+(?P<u>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\s+ago\b"
    );
    let vague = format!(
        r"(?i)\b(?:the\s+)?(?P<dir>recent|past|last|coming|next|following|upcoming|ensuing|subsequent|succeeding|previous|preceding|prior|first|final|initial|opening)\s+(?:(?P<n>few|couple\s+of|several|{NUM})\s+)?(?P<u>hours|days|weeks|months|years|decades)\b"
    );
    let dur_hyph = format!(
        r"(?i)\b(?P<n>{NUM})-(?P<u>second|minute|hour|day|week|month|year|decade)s?(?:-long)?\b"
    );
    let dur = format!(
        r"(?i)\b(?:(?P<mod>about|around|nearly|almost|roughly|approximately|some|over|more\s+than|less\s+than|fewer\s+than|at\s+least|up\s+to|under)\s+)?(?P<n>{NUM}|{VAGUE_NUM}|an|a)\s+(?:(?:more|additional|further|trading|business|working)\s+)?(?P<u>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries)\b"
    );
    // "2 1/2 years", "two and a half hours", "a minute and a half".
    let dur_half = format!(
        r"(?i)\b(?:(?P<mod>about|around|nearly|almost|roughly|approximately|some|over|more\s+than|less\s+than|at\s+least|up\s+to)\s+)?(?:(?P<n>{NUM})(?:\s+1/2|½|-?\s*and[-\s]+a[-\s]+half)\s+(?P<u>minutes?|hours?|days?|weeks?|months?|years?|decades?)|(?P<n2>{NUM}|an|a)\s+(?P<u2>minutes?|hours?|days?|weeks?|months?|years?|decades?)\s+and\s+a\s+half)\b"
    );
    let season_rel = format!(
        r"(?i)\b(?P<rel>this|last|next|past)\s+(?P<s>{SEASON})(?:\s+of\s+(?P<y>\d{{4}}))?\b"
    );
    let season_year = format!(
        r"(?i)\b(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?(?P<s>{SEASON})(?:\s+of)?,?\s+(?P<y>\d{{4}})\b"
    );
    // "in the summer", "by late spring", "throughout the winter of 1941"; without
    // "the" only where the season cannot be a verb ("in winter", not "to fall").
    let season_prep = format!(
        r"(?i)\b(?:in|during|by|until|since|through|throughout|over|for|before|after|into|till|from|of|to)\s+(?P<t>(?P<the>the\s+)?(?:(?P<part>early|mid|late)[-\s]+)?(?P<s>{SEASON})(?:\s+of\s+(?P<y>\d{{4}}))?)\b"
    );
    // Years read aloud in broadcast transcripts: "nineteen ninety-six", "January
    // nineteen ninety-seven", "the winter of nineteen ninety-four", "the year two
    // thousand".
    let spoken_year = format!(
        r"(?i)\b(?:(?P<m>{MONTH})\s+|(?:the\s+)?(?P<s>{SEASON})\s+of\s+|(?P<the_year>the\s+year)\s+)?(?:nineteen[-\s]+(?P<dec>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s]+(?P<one>one|two|three|four|five|six|seven|eight|nine))?|(?P<k>two\s+thousand)(?:\s+and\s+(?P<one2>one|two|three|four|five|six|seven|eight|nine|ten))?)\b"
    );
    let list: Vec<(String, Build)> = vec![
        (spoken_year, build_spoken_year),
        (r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})\b".into(), build_iso),
        (date_y, build_day),
        (date_dmy, build_day),
        (md, build_day),
        (md_word, build_day_in_words),
        (dm, build_day),
        (md_span, build_day_span),
        (dm_span, build_day_span),
        (r"\b(?P<y>\d{4})\s*[-–]\s*(?P<y2>\d{4}|\d{2})\b".into(), build_year_span),
        (
            r"\b(?:(?P<y>\d{1,4})\s*[-–]\s*)?(?P<y2>\d{1,4})\s*(?:BCE\b|BC\b|B\.C\.(?:E\.)?)".into(),
            build_year_bc,
        ),
        (
            r"\b(?:(?:AD|A\.D\.)\s+(?P<y>[1-9]\d{0,3})\b|(?P<y2>[1-9]\d{0,3})\s+(?:AD\b|A\.D\.|CE\b|C\.E\.))".into(),
            build_year_ad,
        ),
        (month_year, build_month),
        (
            format!(r"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<m>{MONTH})"),
            build_month_rel,
        ),
        (
            format!(r"\b(?P<m>{MONTH}),?\s+(?:of\s+)?(?P<rel>last|next|this)\s+(?P<of_year>year)\b"),
            build_month_rel,
        ),
        (month, build_month),
        (year, build_year),
        (r"\b[Ii]n\s+(?P<y>[1-9]\d{2})\b".into(), build_short_year),
        (
            r"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?:\s+(?P<dp>morning|afternoon|evening|night)\b)?".into(),
            build_weekday,
        ),
        (
            r"(?i)\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|yesterday(?:\s+(?:morning|afternoon|evening))?|tomorrow(?:\s+(?:morning|afternoon|evening|night))?|last\s+night|overnight|the\s+previous\s+(?:night|day|evening)|the\s+night\s+before|the\s+day\s+before|the\s+(?:next|following)\s+(?:day|morning|afternoon|evening|night)|the\s+day\s+after|(?:earlier|later)\s+that\s+day|that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)|the\s+same\s+(?:day|morning|afternoon|evening|night))\b".into(),
            build_relday,
        ),
        (
            r"(?i)\b(?:(?P<rel>this|last|next|past|previous|coming)|the\s+current(?:\s+fiscal)?|the\s+(?P<full>full))\s+(?P<u>week|month|year)\b".into(),
            build_relunit,
        ),
        (
            r"(?i)\b(?P<side>earlier|later)\s+(?:this|in\s+the)\s+(?P<u>week|month|year)\b".into(),
            build_part_of_this,
        ),
        (ago, build_ago),
        (vague, build_vague),
        (r"(?i)\b(?:recently|lately)\b".into(), build_recently),
        (r"(?i)\b(?:the\s+)?(?P<u>days|weeks|months)\s+ahead\b".into(), build_ahead),
        (season_rel, build_season),
        (season_year, build_season),
        (season_prep, build_season),
        (
            format!(r"(?i)\b(?:the\s+(?P<rel>following|next|previous|preceding|same)|that)\s+(?P<s>{SEASON})\b"),
            build_season_prev,
        ),
        (dur_hyph, build_duration),
        (r"(?i)\b(?P<u>day|week|month|year|decade)s-long\b".into(), build_duration_long),
        (dur, build_duration),
        (dur_half, build_duration_half),
        (
            r"(?i)\b(?:(?P<mod>more\s+than|nearly|almost|about|over)\s+)?(?:a\s+)?(?P<q>quarter|half)(?:-|\s+of\s+a\s+|\s+a\s+)century\b".into(),
            build_quarter_century,
        ),
        (
            r"(?i)\b(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|[ap]\.m\b|[ap]m\b)".into(),
            build_time_ampm,
        ),
        (
            r"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)\b(?P<zone>\s+(?:local\s+time|GMT|UTC|Moscow\s+time|Baku\s+time|Yerevan\s+time))?".into(),
            build_time_24,
        ),
        (r"(?i)\b(?P<w>noon|midday|midnight)\b".into(), build_noon),
        (
            r"(?i)\b(?:the\s+)?(?:(?P<part>early|mid|late)[-\s]+)?(?P<c>1[0-9]|20)(?P<d>[0-9])0'?s\b".into(),
            build_decade,
        ),
        (
            r"(?i)\bthe\s+(?:(?P<part>early|mid|late)[-\s]+)?(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b".into(),
            build_decade_word,
        ),
        (
            r"(?i)\b(?:the\s+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|(?:twenty[-\s])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)|twentieth)[-\s]+centur(?:y|ies)\b(?:\s+(?P<bc>BCE?\b|B\.C\.(?:E\.)?))?".into(),
            build_century,
        ),
        (
            r"(?i)\b(?:the\s+)?(?:(?P<y0>\d{4})\s+|(?P<rel>this|last|next)\s+year['’]s\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|last)[-\s]+(?P<u>quarter|half)(?:\s+of\s+(?P<y>\d{4})\b)?".into(),
            build_quarter,
        ),
        (
            r"(?i)\b(?:(?:later|earlier)\s+(?:in\s+)?)?(?:the\s+(?P<rel>next|following|previous|preceding|prior|same|subsequent|ensuing)|that(?:\s+same)?)\s+(?P<u>week|month|year|decade)\b".into(),
            build_rel_prev,
        ),
        (
            r"(?i)\b(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+|(?:early|late)\s+in\s+)(?:the|this|(?P<rel>last|next))\s+(?P<u>week|month|year)\b".into(),
            build_part_of_unit,
        ),
        (
            r"(?i)\b(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+|(?:early|late)(?:\s+in)?\s+)(?:that|the\s+same|the\s+(?P<rel>following|next|previous|preceding))\s+(?P<u>month|year)\b".into(),
            build_rel_prev,
        ),
        (
            format!(r"(?i)\b(?P<n>{NUM}|an|a)\s+(?P<u>days?|weeks?|months?|years?|decades?)\s+(?P<dir>later|earlier|afterwards?)\b"),
            build_later,
        ),
        (
            r"(?i)\b(?:(?:a\s+few|a\s+couple\s+of|several|some|many)\s+)?(?:hours|days|weeks|months|years|decades)\s+(?P<dir>later|earlier|afterwards?)\b".into(),
            build_later_vague,
        ),
        (
            r"(?i)\b(?:for|over|within)\s+(?P<t>(?:many\s+)?(?P<u>hours|days|weeks|months|years|decades))\b".into(),
            build_bare_duration,
        ),
        (
            r"(?i)\b(?:the|this|(?P<rel>last|past|next|coming))\s+weekend\b".into(),
            build_weekend,
        ),
        (REPORTED_QUARTER.into(), build_reported_quarter),
        (YEAR_AGO.into(), build_year_ago),
        (words_pattern(), build_word),
        (
            r"(?i)\b(?:now|currently|presently|nowadays|at\s+present|at\s+the\s+moment)\b".into(),
            build_present,
        ),
    ];
    list.into_iter().map(|(p, b)| (re(&p), b)).collect()
});

/// All of [`PATTERNS`] in one set: one pass over a sentence tells which patterns
/// match at all, and only those are run for their captures. Most sentences hold no
/// temporal expression, so most of the 30-odd searches per sentence are skipped.
pub(super) static ANY_PATTERN: LazyLock<RegexSet> = LazyLock::new(|| {
    // The union of 40-odd patterns outgrows the default lazy-DFA cache, which then
    // thrashes and falls back to a much slower engine on every sentence.
    RegexSetBuilder::new(PATTERNS.iter().map(|(regex, _)| regex.as_str()))
        .dfa_size_limit(64 << 20)
        .build()
        .expect("the patterns compile one by one, so they compile as a set")
});
