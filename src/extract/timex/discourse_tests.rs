//! Tests of the tagger through a whole document, as [`Discourse`] carries the
//! previous and the running date: the years a narrative follows, a financial
//! report's compared quarters, years before the era, and the words kept in
//! histories only.

use super::*;
use Tense::{Future as F, Past as P};
use jiff::civil::Date;

#[test]
fn narrative_follows_the_running_date() {
    // A history told long after the fact: open dates belong to the years it names.
    let text = "The war began in 1941. On May 25 the army crossed the river, and ten days \
        later the city fell. The next month it reached the coast. In 1943 the front moved \
        west. By March it had collapsed, and the war ended in 1945.";
    let found = find(text, 0..text.len());
    let mut d = Discourse::new(Date::new(2010, 1, 1).ok(), found.iter().map(|t| &t.reading));
    let res: Vec<Resolved> = found.iter().map(|t| d.resolve(t, P)).collect();
    let values: Vec<&str> = res.iter().map(|r| r.value.as_str()).collect();
    assert_eq!(
        values,
        [
            "1941",
            "1941-05-25",
            "1941-06-04",
            "1941-07",
            "1943",
            "1943-03",
            "1945"
        ]
    );
    // "May 25" takes its year from "1941"; "ten days later" counts from "May 25".
    assert_eq!(res[0].anchor, AnchoredTo::Nothing);
    assert_eq!(res[1].anchor, AnchoredTo::Expression(0));
    assert_eq!(res[2].anchor, AnchoredTo::Expression(1));

    // News that mentions an old year in passing stays anchored to its own date.
    let text = "Talks resumed on Friday after a pause last week; the 1991 accord holds. \
        A vote is due on May 25.";
    let found = find(text, 0..text.len());
    let mut d = Discourse::new(
        Date::new(2020, 5, 20).ok(),
        found.iter().map(|t| &t.reading),
    );
    let values: Vec<String> = found.iter().map(|t| d.resolve(t, F).value).collect();
    assert_eq!(values.last().map(String::as_str), Some("2020-05-25"));
}

/// The values a document's expressions get, in order, as the extraction keeps them.
fn document_values(text: &str, reference: Date) -> Vec<String> {
    let found = find(text, 0..text.len());
    let mut d = Discourse::new(Some(reference), found.iter().map(|t| &t.reading));
    let mut values = Vec::new();
    for t in &found {
        if d.admits(t) {
            values.push(d.resolve(t, P).value);
        }
    }
    values
}

#[test]
fn a_report_compares_its_quarter_with_the_year_before() {
    let day = Date::new(1989, 10, 27).unwrap();
    let text = "Third-quarter profit rose to $5 million from $3 million a year earlier. \
        Sales in the quarter rose from the year-ago quarter. The troops left the quarter.";
    assert_eq!(
        document_values(text, day),
        ["1989-Q3", "1988-Q3", "1989-Q3", "1988-Q3", "1989-Q3"]
    );
    // Without a quarter named first, "the quarter" is a town's and "a year ago" a year.
    let text = "The troops left the quarter a year ago.";
    assert_eq!(document_values(text, day), ["1988"]);
}

#[test]
fn a_report_names_the_compared_quarter_by_its_year() {
    let day = Date::new(1989, 10, 27).unwrap();
    let text = "Third-quarter net rose from the 1988 quarter and from last year's quarter. \
        In this year's third quarter, as in the 1988 second quarter, sales fell; in next \
        year's first quarter and in the last half of 1989 they may rise, above the \
        corresponding period last year.";
    assert_eq!(
        document_values(text, day),
        [
            "1989-Q3", "1988-Q3", "1988-Q3", "1989-Q3", "1988-Q2", "1990-Q1", "1989-H2", "1988-Q3"
        ]
    );
    // A quarter of a year long past is a comparison, not the one reported: "the
    // quarter" after it is still a town's.
    let text = "Profit in the 1988 second quarter was low. The troops left the quarter.";
    assert_eq!(document_values(text, day), ["1988-Q2"]);
}

#[test]
fn years_before_the_era() {
    let text = "In 480 BC the Persians invaded; in 479, they were beaten. The war ran 499–449 BC.";
    let found = find(text, 0..text.len());
    let mut d = Discourse::new(
        Date::new(2009, 12, 19).ok(),
        found.iter().map(|t| &t.reading),
    );
    let res: Vec<Resolved> = found.iter().map(|t| d.resolve(t, P)).collect();
    let values: Vec<&str> = res[..2].iter().map(|r| r.value.as_str()).collect();
    assert_eq!(values, ["BC0480", "BC0479"]);
    assert_eq!(res[0].date.map(|d| d.start.year()), Some(-479));
    assert_eq!(
        res[2].ends,
        Some(["BC0499".to_string(), "BC0449".to_string()])
    );
}

#[test]
fn histories_words_are_kept_in_narratives_only() {
    let text = "1863 saw the war turn. The former capital fell in 1864; days later the army \
        left, and the following months were quiet. That same year, in winter, it was over; \
        the treaty came in 1865.";
    let found = find(text, 0..text.len());
    let mut d = Discourse::new(
        Date::new(2009, 12, 19).ok(),
        found.iter().map(|t| &t.reading),
    );
    let mut kept: Vec<(&str, String)> = Vec::new();
    for t in &found {
        if d.admits(t) {
            kept.push((t.text.as_str(), d.resolve(t, P).value));
        }
    }
    let expected = [
        ("1863", "1863"),
        ("former", "PAST_REF"),
        ("1864", "1864"),
        ("days later", "FUTURE_REF"),
        ("the following months", "PXM"),
        ("That same year", "1864"),
        ("winter", "1864-WI"),
        ("1865", "1865"),
    ];
    let kept: Vec<(&str, &str)> = kept.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(kept, expected);

    // News keeps none of them.
    let text = "Shares rose on Friday after a slide last week, the former chief said. Days \
        later prices fell.";
    let found = find(text, 0..text.len());
    let d = Discourse::new(
        Date::new(2020, 5, 20).ok(),
        found.iter().map(|t| &t.reading),
    );
    let kept: Vec<&str> = found
        .iter()
        .filter(|t| d.admits(t))
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(kept, ["Friday", "last week"]);
}

#[test]
fn a_month_opening_a_past_sentence_is_the_last_one() {
    // The resolver's clause tense finds no verb in "In March," and would take the
    // nearest March, the next one; the rest of the sentence is in the past.
    let text = "In March, the company received an offer from an investor group.";
    let found = find(text, 0..text.len());
    let mut d = Discourse::new(
        Date::new(1989, 10, 27).ok(),
        found.iter().map(|t| &t.reading),
    );
    let values: Vec<String> = found
        .iter()
        .map(|t| d.resolve(t, Tense::Present).value)
        .collect();
    assert_eq!(values, ["1989-03"]);
    // A relative clause's "will" is its own: the main clause is still in the past.
    let text = "In January, the company brought in a new chief, who will remain chairman.";
    let found = find(text, 0..text.len());
    assert_eq!(found[0].local_tense, Some(Tense::Past), "{text}");
    // Without the comma, or with a sentence about what is to come, nothing changes.
    for text in [
        "In March the company will receive an offer.",
        "In March, the company will receive an offer.",
        "In March, the company will receive an offer, which was made in May.",
    ] {
        let found = find(text, 0..text.len());
        assert_eq!(found[0].local_tense, None, "{text}");
    }
    // "since" leads to the past, also in a present-perfect clause.
    let text = "Police have been searching for him since shortly after the Oct. 23 attack.";
    let found = find(text, 0..text.len());
    assert_eq!(found[0].local_tense, Some(Tense::Past), "{text}");
    let mut d = Discourse::new(Date::new(1999, 5, 6).ok(), found.iter().map(|t| &t.reading));
    assert_eq!(d.resolve(&found[0], Tense::Present).value, "1998-10-23");
}
