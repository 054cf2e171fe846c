//! Every report grouped into events as one whole, so that the events (and their
//! ids, which come from each group's founding report) depend only on which reports
//! exist, never on the order in which articles arrived.
//!
//! The reports are taken in a canonical order (kind, date, article key, place in the
//! article); each joins the existing group the merge rule (`merge::same_happening`)
//! scores highest against the group's reconciled fields, or founds a new group. A
//! group never holds two reports of one article, as an article's own reports were
//! already merged by extraction.

use super::merge::{self, Summary};
use super::report::EventDraft;
use std::cmp::Ordering;

/// A report merges only into groups whose date starts at most this long before its
/// own (a coarse date spans at most a year).
pub const MERGE_LOOKBACK_DAYS: i64 = 366;

/// One report as the grouping sees it.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The key of the article that gives it.
    pub article: &'a str,
    /// Its place among that article's reports (the order extraction gave them).
    pub position: usize,
    pub draft: &'a EventDraft,
}

impl Report<'_> {
    /// The first byte of the report's first source sentence.
    pub fn first_offset(&self) -> usize {
        self.draft.mentions.first().map_or(0, |m| m.start)
    }

    /// Reports in the order the grouping takes them: by kind and date (undated last),
    /// then by article and place in it, which makes the order total.
    fn canonical(&self, other: &Self) -> Ordering {
        let date = |r: &Self| r.draft.date.map(|d| (d.start, d.end));
        self.draft
            .kind
            .as_str()
            .cmp(other.draft.kind.as_str())
            .then_with(|| date(self).is_none().cmp(&date(other).is_none()))
            .then_with(|| date(self).cmp(&date(other)))
            .then_with(|| self.article.cmp(other.article))
            .then_with(|| self.position.cmp(&other.position))
    }

    /// The order in which a group's reports are reconciled: by article, then place.
    fn by_article(&self, other: &Self) -> Ordering {
        (self.article, self.position).cmp(&(other.article, other.position))
    }
}

/// One event: the indices of its reports, the founding (canonically first) report
/// first, the others by article.
pub type Group = Vec<usize>;

struct Open {
    founder: usize,
    members: Vec<usize>,
    reconciled: EventDraft,
}

/// Groups `reports` into events; the groups come in the canonical order of their
/// founders. The same set of reports in any order gives the same groups.
pub fn group(reports: &[Report<'_>]) -> Vec<Group> {
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by(|&a, &b| reports[a].canonical(&reports[b]));
    let mut groups: Vec<Open> = Vec::new();
    // Groups a later report may still join: reports come by kind and start date, so
    // a group that ends before this report starts, or starts more than the lookback
    // before it, can join no later report either.
    let mut active: Vec<usize> = Vec::new();
    for &i in &order {
        let report = &reports[i];
        let draft = report.draft;
        let Some(date) = draft.date else {
            groups.push(open(reports, i));
            continue;
        };
        let earliest = date
            .start
            .checked_sub(jiff::Span::new().days(MERGE_LOOKBACK_DAYS))
            .unwrap_or(date.start);
        active.retain(|&g| {
            let r = &groups[g].reconciled;
            r.kind == draft.kind
                && r.date
                    .is_some_and(|d| d.end >= date.start && d.start >= earliest)
        });
        let mine = Summary::of(draft);
        let mut best: Option<(usize, jiff::civil::Date, usize)> = None;
        for &g in &active {
            let group = &groups[g];
            if group
                .members
                .iter()
                .any(|&m| reports[m].article == report.article)
            {
                continue;
            }
            let Some(score) = merge::same_happening(&mine, &Summary::of(&group.reconciled)) else {
                continue;
            };
            let start = group.reconciled.date.map_or(date.start, |d| d.start);
            // The highest score; among equals the earliest group, then the first founded.
            let better = best.is_none_or(|(s, d, b)| {
                score > s || (score == s && (start, group.founder) < (d, groups[b].founder))
            });
            if better {
                best = Some((score, start, g));
            }
        }
        match best {
            Some((_, _, g)) => {
                let group = &mut groups[g];
                group.members.push(i);
                group
                    .members
                    .sort_by(|&a, &b| reports[a].by_article(&reports[b]));
                let drafts: Vec<EventDraft> = group
                    .members
                    .iter()
                    .map(|&m| reports[m].draft.clone())
                    .collect();
                if let Some(r) = merge::reconcile(&drafts) {
                    group.reconciled = r;
                }
            }
            None => {
                active.push(groups.len());
                groups.push(open(reports, i));
            }
        }
    }
    groups
        .into_iter()
        .map(|g| {
            let mut members = vec![g.founder];
            members.extend(g.members.into_iter().filter(|&m| m != g.founder));
            members
        })
        .collect()
}

fn open(reports: &[Report<'_>], i: usize) -> Open {
    let draft = reports[i].draft;
    Open {
        founder: i,
        members: vec![i],
        reconciled: merge::reconcile(std::slice::from_ref(draft)).unwrap_or_else(|| draft.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::ActorRef;
    use crate::domain::{ActorKind, EventDate, EventKind};
    use jiff::civil::date;

    fn talks(date: EventDate, people: &[&str]) -> EventDraft {
        let mut draft = EventDraft::bare(EventKind::Talks, "meeting", Some(date));
        draft.actors = people
            .iter()
            .map(|p| ActorRef {
                name: (*p).into(),
                slug: crate::domain::slugify(p),
                kind: ActorKind::Person,
                role: None,
                affiliation: None,
            })
            .collect();
        draft
    }

    /// The groups as sets of article keys, whatever the order of the input.
    fn grouped(drafts: &[(&str, EventDraft)]) -> Vec<Vec<String>> {
        let reports: Vec<Report<'_>> = drafts
            .iter()
            .map(|(a, d)| Report {
                article: a,
                position: 0,
                draft: d,
            })
            .collect();
        group(&reports)
            .into_iter()
            .map(|g| g.iter().map(|&i| reports[i].article.to_string()).collect())
            .collect()
    }

    #[test]
    fn the_groups_do_not_depend_on_the_order_of_the_reports() {
        // A month-dated report that could join either day's talks: greedily, it
        // joined whichever came first; as a whole, the canonical order decides.
        let october = EventDate::month(2020, 10).unwrap();
        let drafts = vec![
            (
                "a.txt",
                talks(EventDate::day(date(2020, 10, 23)), &["Ana Petrova"]),
            ),
            (
                "b.txt",
                talks(EventDate::day(date(2020, 10, 25)), &["Ana Petrova"]),
            ),
            ("c.txt", talks(october, &["Ana Petrova"])),
            (
                "d.txt",
                talks(
                    EventDate::day(date(2020, 10, 23)),
                    &["Ana Petrova", "Omar Haddad"],
                ),
            ),
        ];
        let expected = grouped(&drafts);
        let mut reversed = drafts.clone();
        reversed.reverse();
        assert_eq!(grouped(&reversed), expected);
        let shuffled = vec![
            drafts[2].clone(),
            drafts[0].clone(),
            drafts[3].clone(),
            drafts[1].clone(),
        ];
        assert_eq!(grouped(&shuffled), expected);
        assert_eq!(expected.iter().map(Vec::len).sum::<usize>(), 4);
        assert!(expected.len() < 4, "{expected:?}");
    }

    #[test]
    fn two_reports_of_one_article_stay_apart() {
        let day = EventDate::day(date(2020, 10, 23));
        let drafts = vec![
            ("a.txt", talks(day, &["Ana Petrova"])),
            ("a.txt", talks(day, &["Ana Petrova"])),
        ];
        assert_eq!(grouped(&drafts).len(), 2);
    }
}
