//! Query strings in, validated filters out. [`RawEventQuery`] accepts anything a
//! browser or script may send (every key as a list of strings, so deserializing
//! never fails on a repeated key); `TryFrom` turns it into an
//! [`EventFilter`] or a [`ParamError`] that names the offending parameter. Empty
//! values count as absent, because the plain GET form submits its empty fields.

use super::error::WebError;
use crate::domain::{EventKind, Slug};
use crate::store::{ActorsMatch, Cursor, DEFAULT_PAGE_SIZE, DateBand, EventFilter, MAX_PAGE_SIZE};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use jiff::civil::Date;
use serde::Deserialize;

/// Longest search text accepted; longer input is almost certainly not a search.
const MAX_SEARCH_CHARS: usize = 200;
/// Most words in a search: each is a term the index must intersect (66 one-letter
/// words once took 19 s on 100k events); a real question has a handful.
pub const MAX_SEARCH_WORDS: usize = 12;
/// Most distinct values of a repeatable filter (`actor`): each widens the query
/// (250 actors once took 9 s); nobody picks more than a few parties at once.
pub const MAX_FILTER_VALUES: usize = 20;

/// The timeline query string exactly as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawEventQuery {
    pub from: Vec<String>,
    pub to: Vec<String>,
    pub kind: Vec<String>,
    pub actor: Vec<String>,
    pub actors_match: Vec<String>,
    pub place: Vec<String>,
    pub q: Vec<String>,
    pub band: Vec<String>,
    pub after: Vec<String>,
    pub limit: Vec<String>,
    pub dates: Vec<String>,
}

/// A rejected parameter: `{param}: {problem}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{param}: {problem}")]
pub struct ParamError {
    pub param: &'static str,
    pub problem: String,
}

fn reject(param: &'static str, problem: impl Into<String>) -> ParamError {
    ParamError {
        param,
        problem: problem.into(),
    }
}

/// The non-empty values of a key, trimmed.
fn values(raw: &[String]) -> impl Iterator<Item = &str> {
    raw.iter().map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// The single non-empty value of a key that may appear at most once.
fn single<'a>(param: &'static str, raw: &'a [String]) -> Result<Option<&'a str>, ParamError> {
    let mut given = values(raw);
    let first = given.next();
    if given.next().is_some() {
        return Err(reject(param, "given more than once (expected one value)"));
    }
    Ok(first)
}

fn date(param: &'static str, raw: &[String]) -> Result<Option<Date>, ParamError> {
    single(param, raw)?
        .map(|text| {
            // jiff also reads other ISO 8601 forms; the URL contract is YYYY-MM-DD.
            let well_formed = text.len() == 10 && text.as_bytes()[4] == b'-';
            text.parse::<Date>()
                .ok()
                .filter(|_| well_formed)
                .ok_or_else(|| {
                    reject(
                        param,
                        format!("{text:?} is not a date (expected YYYY-MM-DD)"),
                    )
                })
        })
        .transpose()
}

/// The single value of a key that takes one of a few words, as its meaning; `what`
/// says what the value should have been ("a date band (expected day or coarse)").
fn word<T: Copy>(
    param: &'static str,
    raw: &[String],
    words: &[(&str, T)],
    what: &str,
) -> Result<Option<T>, ParamError> {
    single(param, raw)?
        .map(|text| {
            words
                .iter()
                .find(|(w, _)| *w == text)
                .map(|&(_, value)| value)
                .ok_or_else(|| reject(param, format!("{text:?} is not {what}")))
        })
        .transpose()
}

/// The page size of `limit`: 1..=[`MAX_PAGE_SIZE`], [`DEFAULT_PAGE_SIZE`] when absent.
/// Digits only, untrimmed: Rust's integer parser also takes a leading `+`, and in a
/// query `limit=+5` arrives as " 5"; either would give one page two URLs.
fn page_size(raw: &[String]) -> Result<u32, ParamError> {
    if single("limit", raw)?.is_none() {
        return Ok(DEFAULT_PAGE_SIZE);
    }
    let text = raw
        .iter()
        .find(|v| !v.trim().is_empty())
        .map_or("", String::as_str);
    Some(text)
        .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse::<u32>().ok())
        .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
        .ok_or_else(|| {
            reject(
                "limit",
                format!(
                    "{text:?} is not a page size (expected a whole number from 1 to \
                     {MAX_PAGE_SIZE})"
                ),
            )
        })
}

/// A slug from a slug or a name (`Nagorno-Karabakh` → `nagorno-karabakh`).
fn slug(param: &'static str, text: &str) -> Result<Slug, ParamError> {
    Slug::from_name(text).ok_or_else(|| reject(param, format!("{text:?} is not a name or slug")))
}

/// The distinct actors of `actor`, at most [`MAX_FILTER_VALUES`].
fn actor_slugs(raw: &[String]) -> Result<Vec<Slug>, ParamError> {
    let mut actors = Vec::new();
    for text in values(raw) {
        let actor = slug("actor", text)?;
        if !actors.contains(&actor) {
            actors.push(actor);
        }
    }
    if actors.len() > MAX_FILTER_VALUES {
        return Err(reject(
            "actor",
            format!(
                "{} different actors; this site filters on up to {MAX_FILTER_VALUES} at once",
                actors.len()
            ),
        ));
    }
    Ok(actors)
}

/// The search text of `q`: at most [`MAX_SEARCH_CHARS`] and [`MAX_SEARCH_WORDS`].
fn search_text(raw: &[String]) -> Result<Option<String>, ParamError> {
    let text = single("q", raw)?.map(str::to_string);
    if text
        .as_ref()
        .is_some_and(|t| t.chars().count() > MAX_SEARCH_CHARS)
    {
        return Err(reject(
            "q",
            format!("search text is longer than {MAX_SEARCH_CHARS} characters"),
        ));
    }
    let words = text.as_deref().map_or(0, |t| {
        t.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    });
    if words > MAX_SEARCH_WORDS {
        return Err(reject(
            "q",
            format!("{words} search words; this site searches for up to {MAX_SEARCH_WORDS}"),
        ));
    }
    Ok(text)
}

impl TryFrom<RawEventQuery> for EventFilter {
    type Error = ParamError;

    // Long because it is one check per parameter, each with its own message, in the
    // order of the form; splitting it would only move the list elsewhere.
    fn try_from(raw: RawEventQuery) -> Result<Self, Self::Error> {
        let from = date("from", &raw.from)?;
        let to = date("to", &raw.to)?;
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            return Err(reject("to", format!("{to} is before from ({from})")));
        }

        let mut kinds = Vec::new();
        for text in values(&raw.kind) {
            let kind: EventKind = text.parse().map_err(|_| {
                reject(
                    "kind",
                    format!("unknown kind {text:?} (expected talks, ceasefire or fighting)"),
                )
            })?;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }

        let actors = actor_slugs(&raw.actor)?;
        let actors_match = word(
            "actors_match",
            &raw.actors_match,
            &[("any", ActorsMatch::Any), ("all", ActorsMatch::All)],
            "a way of matching actors (expected any or all)",
        )?
        .unwrap_or_default();
        let band = word(
            "band",
            &raw.band,
            &[("day", DateBand::Day), ("coarse", DateBand::Coarse)],
            "a date band (expected day or coarse)",
        )?;
        let every_date = word(
            "dates",
            &raw.dates,
            &[("all", true)],
            "a choice of dates (expected all)",
        )?
        .unwrap_or(false);
        let place = single("place", &raw.place)?
            .map(|text| slug("place", text))
            .transpose()?;

        let text = search_text(&raw.q)?;

        let after = single("after", &raw.after)?
            .map(|token| {
                Cursor::from_token(token).map_err(|_| {
                    reject(
                        "after",
                        format!(
                            "{token:?} is not a valid page cursor (follow a \"next page\" link \
                             instead of writing one)"
                        ),
                    )
                })
            })
            .transpose()?;

        let limit = page_size(&raw.limit)?;

        Ok(EventFilter {
            from,
            to,
            kinds,
            actors,
            actors_match,
            place,
            text,
            after,
            band,
            limit,
            every_date,
        })
    }
}

/// Extracts a validated [`EventFilter`] from the query string; bad input becomes a
/// 400 answer naming the parameter.
#[derive(Debug, Clone)]
pub struct EventQuery(pub EventFilter);

impl<S: Send + Sync> FromRequestParts<S> for EventQuery {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum_extra::extract::Query(raw) =
            axum_extra::extract::Query::<RawEventQuery>::from_request_parts(parts, state)
                .await
                .map_err(|rejection| {
                    WebError::BadRequest(format!("query string: {}", rejection.body_text()))
                })?;
        Ok(EventQuery(EventFilter::try_from(raw)?))
    }
}

/// The timeline filter for a raw query string (what follows `?`), exactly as the
/// [`EventQuery`] extractor reads it: the entry point of the `query_params` fuzz
/// target and of the property tests. Every input gives a filter or an error message.
pub fn filter_from_query(query: &str) -> Result<EventFilter, String> {
    let uri: axum::http::Uri = format!("/?{query}")
        .parse()
        .map_err(|e| format!("not a valid request target: {e}"))?;
    let axum_extra::extract::Query(raw) =
        axum_extra::extract::Query::<RawEventQuery>::try_from_uri(&uri)
            .map_err(|rejection| format!("query string: {}", rejection.body_text()))?;
    EventFilter::try_from(raw).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn raw(pairs: &[(&str, &str)]) -> RawEventQuery {
        let mut raw = RawEventQuery::default();
        for (key, value) in pairs {
            let list = match *key {
                "from" => &mut raw.from,
                "to" => &mut raw.to,
                "kind" => &mut raw.kind,
                "actor" => &mut raw.actor,
                "actors_match" => &mut raw.actors_match,
                "band" => &mut raw.band,
                "dates" => &mut raw.dates,
                "place" => &mut raw.place,
                "q" => &mut raw.q,
                "after" => &mut raw.after,
                "limit" => &mut raw.limit,
                other => panic!("no key {other}"),
            };
            list.push(value.to_string());
        }
        raw
    }

    fn error_of(pairs: &[(&str, &str)]) -> String {
        EventFilter::try_from(raw(pairs)).unwrap_err().to_string()
    }

    #[test]
    fn empty_form_fields_mean_no_filter() {
        let filter = EventFilter::try_from(raw(&[
            ("from", ""),
            ("to", " "),
            ("actor", ""),
            ("place", ""),
            ("q", ""),
        ]))
        .unwrap();
        assert_eq!(filter, EventFilter::default());
    }

    #[test]
    fn valid_values_become_a_filter() {
        let filter = EventFilter::try_from(raw(&[
            ("from", "2020-10-01"),
            ("to", "2020-10-31"),
            ("kind", "Talks"),
            ("kind", "talks"),
            ("kind", "fighting"),
            ("actor", "Nagorno-Karabakh"),
            ("place", "stepanakert"),
            ("q", "  shelling "),
            ("limit", "10"),
        ]))
        .unwrap();
        assert_eq!(filter.from, Some(date(2020, 10, 1)));
        assert_eq!(filter.to, Some(date(2020, 10, 31)));
        assert_eq!(filter.kinds, vec![EventKind::Talks, EventKind::Fighting]);
        assert_eq!(
            filter.actors,
            vec!["nagorno-karabakh".parse::<Slug>().unwrap()]
        );
        assert_eq!(filter.place.as_deref(), Some("stepanakert"));
        assert_eq!(filter.text.as_deref(), Some("shelling"));
        assert_eq!(filter.limit, 10);
    }

    #[test]
    fn errors_name_the_parameter() {
        assert_eq!(
            error_of(&[("from", "2020-13-45")]),
            "from: \"2020-13-45\" is not a date (expected YYYY-MM-DD)"
        );
        assert_eq!(
            error_of(&[("kind", "war")]),
            "kind: unknown kind \"war\" (expected talks, ceasefire or fighting)"
        );
        assert!(error_of(&[("to", "20201001")]).starts_with("to: "));
        assert!(error_of(&[("from", "2020-10-02"), ("to", "2020-10-01")]).starts_with("to: "));
        assert!(error_of(&[("limit", "0")]).starts_with("limit: \"0\""));
        assert!(error_of(&[("limit", "501")]).starts_with("limit: "));
        assert!(error_of(&[("limit", "ten")]).starts_with("limit: "));
        assert!(error_of(&[("limit", "+5")]).starts_with("limit: \"+5\""));
        assert!(error_of(&[("limit", " 5")]).starts_with("limit: \" 5\""));
        let many_words = "a ".repeat(MAX_SEARCH_WORDS + 1);
        assert!(error_of(&[("q", &many_words)]).starts_with("q: 13 search words"));
        let actors: Vec<String> = (0..=MAX_FILTER_VALUES).map(|n| format!("a{n}")).collect();
        let pairs: Vec<(&str, &str)> = actors.iter().map(|a| ("actor", a.as_str())).collect();
        assert!(error_of(&pairs).starts_with("actor: 21 different actors"));
        assert!(error_of(&[("after", "garbage")]).starts_with("after: \"garbage\""));
        assert!(error_of(&[("place", "a"), ("place", "b")]).starts_with("place: "));
        assert!(error_of(&[("actor", "!!!")]).starts_with("actor: "));
        assert!(error_of(&[("actors_match", "both")]).starts_with("actors_match: \"both\""));
        assert!(error_of(&[("band", "week")]).starts_with("band: \"week\""));
        assert!(error_of(&[("dates", "some")]).starts_with("dates: \"some\""));
        assert!(error_of(&[("q", &"x".repeat(201))]).starts_with("q: "));
    }
}
