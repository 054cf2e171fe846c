//! Table-driven tests of the tagger one sentence at a time: finding, tense,
//! resolving, calendar facts, the two ends of ranges, and that no text makes it
//! panic. Tests through a whole document are in `discourse_tests`.

use super::*;
use crate::domain::{EventDate, Precision};
use Tense::{Future as F, Past as P, Present as N};
use jiff::civil::Date;

/// (sentence with the expected expression in [[ ]], reference date or "", tense,
/// expected value, expected date "YYYY-MM-DD" / "A/B" / "" for none).
/// Every expression in the sentence is resolved in order, each with the date of
/// the one before it as `previous`, as the caller does.
#[rustfmt::skip]
const ROWS: &[(&str, &str, Tense, &str, &str)] = &[
    // Real news sentences from the spec.
    ("The hostilities continued unabated on [[Friday]], with both sides reporting heavy fighting", "2020-10-23", P, "2020-10-23", "2020-10-23"),
    ("Armenia's Defense Ministry on [[Wednesday morning]] again denied that Armenian forces fired at Azerbaijani positions the previous night.", "2022-11-16", P, "2022-11-16TMO", "2022-11-16"),
    ("Armenia's Defense Ministry on Wednesday morning again denied that Armenian forces fired at Azerbaijani positions [[the previous night]].", "2022-11-16", P, "2022-11-15TNI", "2022-11-15/2022-11-16"),
    ("The foreign ministers agreed to meet once again in Geneva on [[Thursday, October 29]].", "2020-10-27", F, "2020-10-29", "2020-10-29"),
    ("There were [[several days]] of clashes along the border in mid-September.", "2022-11-16", P, "PXD", ""),
    ("There were several days of clashes along the border in [[mid-September]].", "2022-11-16", P, "2022-09", "2022-09-11/2022-09-20"),
    ("The deal brought a deadly [[44-day]] Armenian-Azerbaijani war over Nagorno-Karabakh to a close in November 2020.", "2022-11-16", P, "P44D", ""),
    ("The deal brought a deadly 44-day Armenian-Azerbaijani war over Nagorno-Karabakh to a close in [[November 2020]].", "2022-11-16", P, "2020-11", "2020-11-01/2020-11-30"),
    ("Russia deployed its peacekeepers in the region [[two years ago]].", "2022-11-16", P, "2020", "2020-01-01/2020-12-31"),
    ("The talks in Washington took place [[earlier this month]].", "2022-11-16", P, "2022-11", "2022-11-01/2022-11-16"),
    ("Fighting began [[Sept. 27]].", "2020-10-24", P, "2020-09-27", "2020-09-27"),
    // Wire copy spells days under ten, after a preposition of time only.
    ("The last confirmed attack took place on [[March eight]], south of Kharg.", "1987-03-23", P, "1987-03-08", "1987-03-08"),
    ("In [[March]] nine soldiers were killed near the border.", "1987-04-20", P, "1987-03", "1987-03-01/1987-03-31"),
    ("Azerbaijani rockets hit the town of Martakert [[overnight]].", "2020-10-24", P, "2020-10-23TNI", "2020-10-23/2020-10-24"),
    // Weekdays after a cue that points ahead, whatever the tense.
    ("Cuba could send them as early as [[Tuesday]].", "2000-04-06", P, "2000-04-11", "2000-04-11"),
    ("The hearing was postponed until [[Tuesday morning]].", "2000-03-30", P, "2000-04-04TMO", "2000-04-04"),
    ("He stayed there until [[Tuesday]].", "2000-03-30", P, "2000-03-28", "2000-03-28"),
    // A weekday in a present-tense schedule lies ahead; not in the possessive, not
    // after "since", not when the clause is past.
    ("He and Arafat meet separately [[Monday]] with Albright.", "2000-03-30", N, "2000-04-03", "2000-04-03"),
    ("The attorney has scheduled a news conference [[Friday]].", "2000-03-30", N, "2000-03-31", "2000-03-31"),
    ("Albright is scheduled to spend five hours there, her first stop [[Tuesday morning]].", "2000-03-30", F, "2000-04-04TMO", "2000-04-04"),
    ("On [[Tuesday]], the league plans to hold a news conference.", "2000-03-30", N, "2000-04-04", "2000-04-04"),
    ("Women's Day is this coming [[Sunday]].", "2000-03-30", N, "2000-04-02", "2000-04-02"),
    ("They look for ways to get around [[Tuesday]]'s ruling.", "2000-03-30", N, "2000-03-28", "2000-03-28"),
    // A present-tense clause takes the past month within half a year before the next one.
    ("Police say they have the evidence in the [[October]] killing.", "1999-04-19", N, "1998-10", "1998-10-01/1998-10-31"),
    ("Elections are due in [[May]].", "1999-04-19", N, "1999-05", "1999-05-01/1999-05-31"),
    ("The rebels hold the town since [[Monday]].", "2000-03-30", N, "2000-03-27", "2000-03-27"),
    ("On [[Monday]], the government planned to pay the first claims.", "2000-03-30", N, "2000-03-27", "2000-03-27"),
    ("Profit is expected to grow in [[the current year]].", "1989-11-01", F, "1989", "1989-01-01/1989-12-31"),
    // ISO and full dates.
    ("The order is dated [[2020-10-24]].", "", P, "2020-10-24", "2020-10-24"),
    ("The truce began on [[October 10, 2020]].", "", P, "2020-10-10", "2020-10-10"),
    ("The truce began on [[Oct. 10, 2020]], in Moscow.", "", P, "2020-10-10", "2020-10-10"),
    ("The truce began on [[10 October 2020]].", "2022-01-01", P, "2020-10-10", "2020-10-10"),
    ("He spoke at the conference on [[Feb. 15, 2020]].", "", P, "2020-02-15", "2020-02-15"),
    ("The vote was held on [[Sunday, Feb. 16, 2020]].", "", P, "2020-02-16", "2020-02-16"),
    ("It happened on the [[27th of October 2020]].", "", P, "2020-10-27", "2020-10-27"),
    // Month-days without a year.
    ("The sides met on [[Oct. 27]] in Moscow.", "2020-10-30", P, "2020-10-27", "2020-10-27"),
    ("The sides will meet on [[October 27]].", "2020-10-24", F, "2020-10-27", "2020-10-27"),
    ("The attack on [[27 October]] killed five.", "2020-10-30", P, "2020-10-27", "2020-10-27"),
    ("The offensive started on [[Sep 27]].", "2020-10-24", P, "2020-09-27", "2020-09-27"),
    ("The ceasefire took effect on [[October 10]].", "2020-10-24", P, "2020-10-10", "2020-10-10"),
    ("Talks are scheduled for [[Tuesday, October 27]].", "2020-10-24", F, "2020-10-27", "2020-10-27"),
    ("The summit will open on [[Jan. 3]].", "2020-12-28", F, "2021-01-03", "2021-01-03"),
    ("Shelling was reported on [[Dec. 30]].", "2021-01-02", P, "2020-12-30", "2020-12-30"),
    ("Shelling was reported on [[Oct. 27]].", "", P, "XXXX-10-27", ""),
    ("The elections on [[March 8]] were disputed.", "2020-10-24", P, "2020-03-08", "2020-03-08"),
    ("The leaders met on [[May 5]].", "2020-10-24", P, "2020-05-05", "2020-05-05"),
    // Months.
    ("Elections will be held in [[November]].", "2020-10-24", F, "2020-11", "2020-11-01/2020-11-30"),
    ("Elections were held in [[November]].", "2021-01-10", P, "2020-11", "2020-11-01/2020-11-30"),
    ("The troops must leave by [[March]].", "2020-10-24", F, "2021-03", "2021-03-01/2021-03-31"),
    ("The protests started in [[May]].", "2020-10-24", P, "2020-05", "2020-05-01/2020-05-31"),
    ("The talks resumed in [[November]].", "", P, "XXXX-11", ""),
    ("The war ended in [[November 2020]].", "2022-11-16", P, "2020-11", "2020-11-01/2020-11-30"),
    ("Clashes erupted in [[early October]].", "2020-10-24", P, "2020-10", "2020-10-01/2020-10-10"),
    ("A summit is planned for [[late November]].", "2020-10-24", F, "2020-11", "2020-11-21/2020-11-30"),
    ("The deal collapsed at [[the end of October 2019]].", "", P, "2019-10", "2019-10-21/2019-10-31"),
    // Years and year parts.
    ("The first war ended in [[1994]].", "2020-10-24", P, "1994", "1994-01-01/1994-12-31"),
    ("The region declared independence in [[1991]].", "", P, "1991", "1991-01-01/1991-12-31"),
    ("The talks have stalled since [[1991]].", "", N, "1991", "1991-01-01/1991-12-31"),
    ("He spoke at the [[2020]] Munich Security Conference.", "", P, "2020", "2020-01-01/2020-12-31"),
    ("Relations improved by [[mid-2020]].", "", P, "2020", "2020-05-01/2020-08-31"),
    ("A new round is expected in [[early 2021]].", "", F, "2021", "2021-01-01/2021-04-30"),
    ("Tension grew in [[late 2019]].", "", P, "2019", "2019-09-01/2019-12-31"),
    // Weekdays.
    ("Both sides traded fire on [[Friday]].", "2020-10-24", P, "2020-10-23", "2020-10-23"),
    ("Ahead of [[Friday]]'s talks, the mood was tense.", "2020-10-24", N, "2020-10-23", "2020-10-23"),
    // The reference day's own weekday is that day, also ahead: "next Thursday" is a week on.
    ("The ministers will meet on [[Thursday]].", "2020-10-22", F, "2020-10-22", "2020-10-22"),
    ("The ministers will meet [[next Thursday]].", "2020-10-22", F, "2020-10-29", "2020-10-29"),
    ("The ministers will meet on [[Monday]].", "2020-10-24", F, "2020-10-26", "2020-10-26"),
    ("Shelling resumed on [[Saturday]].", "2020-10-24", P, "2020-10-24", "2020-10-24"),
    ("The ministers met [[last Friday]].", "2020-10-23", P, "2020-10-16", "2020-10-16"),
    ("Talks resume [[next Monday]].", "2020-10-24", N, "2020-10-26", "2020-10-26"),
    ("The ministers met on [[Friday]].", "", P, "XXXX-WXX-5", ""),
    ("Drones struck the town on [[Sunday night]].", "2020-10-27", P, "2020-10-25TNI", "2020-10-25"),
    // Days around the reference.
    ("The ministry said [[today]] that the talks failed.", "2020-10-24", P, "2020-10-24", "2020-10-24"),
    ("The president will address the nation [[tonight]].", "2020-10-24", F, "2020-10-24TNI", "2020-10-24"),
    ("Shelling resumed [[this morning]].", "2020-10-24", P, "2020-10-24TMO", "2020-10-24"),
    ("[[Yesterday]], the ministry denied the reports.", "2020-10-24", P, "2020-10-23", "2020-10-23"),
    ("The foreign ministers will meet [[tomorrow]].", "2020-10-24", F, "2020-10-25", "2020-10-25"),
    ("Sirens sounded in Stepanakert [[last night]].", "2020-10-24", P, "2020-10-23TNI", "2020-10-23/2020-10-24"),
    ("Sirens sounded in Stepanakert [[yesterday morning]].", "2020-10-24", P, "2020-10-23TMO", "2020-10-23"),
    ("Shelling was heard [[the previous night]].", "2020-10-24", P, "2020-10-23TNI", "2020-10-23/2020-10-24"),
    // Days around the previous expression.
    ("Fighting erupted on Oct. 10 and resumed [[the next day]].", "2020-10-24", P, "2020-10-11", "2020-10-11"),
    ("Talks opened on Oct. 10 and a truce followed [[the following day]].", "2020-10-24", P, "2020-10-11", "2020-10-11"),
    ("The attack of Oct. 12 came after a warning issued [[the day before]].", "2020-10-24", P, "2020-10-11", "2020-10-11"),
    ("Talks opened on Oct. 10; a drone was downed [[the previous day]].", "2020-10-24", P, "2020-10-09", "2020-10-09"),
    ("Talks opened on Oct. 10, and [[that day]] a drone was downed.", "2020-10-24", P, "2020-10-10", "2020-10-10"),
    ("Talks opened on Oct. 10, and [[the same day]] a drone was downed.", "2020-10-24", P, "2020-10-10", "2020-10-10"),
    ("Talks opened on Oct. 10 after heavy shelling [[the night before]].", "2020-10-24", P, "2020-10-09TNI", "2020-10-09/2020-10-10"),
    ("A drone was downed [[the next day]].", "2020-10-24", P, "XXXX-XX-XX", ""),
    // Calendar units.
    ("Talks are under way [[this week]].", "2020-10-24", N, "2020-W43", "2020-10-19/2020-10-25"),
    ("Talks were held [[last week]].", "2020-10-24", P, "2020-W42", "2020-10-12/2020-10-18"),
    ("Talks will be held [[next week]].", "2020-10-24", F, "2020-W44", "2020-10-26/2020-11-01"),
    ("Prices rose [[this month]].", "2020-10-24", P, "2020-10", "2020-10-01/2020-10-31"),
    ("Prices rose [[last month]].", "2020-10-24", P, "2020-09", "2020-09-01/2020-09-30"),
    ("Prices will rise [[next month]].", "2020-10-24", F, "2020-11", "2020-11-01/2020-11-30"),
    ("Elections were held [[last year]].", "2020-10-24", P, "2019", "2019-01-01/2019-12-31"),
    ("Elections will be held [[next year]].", "2020-10-24", F, "2021", "2021-01-01/2021-12-31"),
    ("[[This year]] the talks stalled.", "2020-10-24", P, "2020", "2020-01-01/2020-12-31"),
    ("A summit is planned [[later this month]].", "2020-10-24", F, "2020-10", "2020-10-24/2020-10-31"),
    ("The talks collapsed [[earlier this year]].", "2020-10-24", P, "2020", "2020-01-01/2020-10-24"),
    ("The talks collapsed [[earlier this week]].", "2020-10-24", P, "2020-W43", "2020-10-19/2020-10-24"),
    // N units ago.
    ("The village fell [[three days ago]].", "2020-10-24", P, "2020-10-21", "2020-10-21"),
    ("The village fell [[two weeks ago]].", "2020-10-24", P, "2020-W41", "2020-10-05/2020-10-11"),
    ("The village fell [[a month ago]].", "2020-10-24", P, "2020-09", "2020-09-01/2020-09-30"),
    ("The village fell [[2 years ago]].", "2022-11-16", P, "2020", "2020-01-01/2020-12-31"),
    ("The village fell [[a few days ago]].", "2020-10-24", P, "PAST_REF", "2020-10-17/2020-10-22"),
    // Vague spans.
    ("Fighting has intensified in [[recent days]].", "2020-10-24", N, "PAST_REF", "2020-10-17/2020-10-24"),
    ("Fighting has intensified in [[recent weeks]].", "2020-10-24", N, "PAST_REF", "2020-09-26/2020-10-24"),
    ("Clashes broke out on Oct. 10 and continued over [[the following days]].", "2020-10-24", P, "2020-10-11/2020-10-24", "2020-10-11/2020-10-24"),
    ("Talks are expected in [[the coming weeks]].", "2020-10-24", F, "PXW", "2020-10-25/2020-11-21"),
    ("Shelling intensified over [[the past few days]].", "2020-10-24", N, "PAST_REF", "2020-10-17/2020-10-24"),
    // Longer stretches, counted dates, frequencies and reference words.
    ("The talks collapsed in [[the 1990s]].", "2020-10-24", P, "199", "1990-01-01/1999-12-31"),
    ("It was the bloodiest war of [[the 20th century]].", "2020-10-24", P, "19", "1900-01-01/1999-12-31"),
    ("Exports fell in [[the third quarter]].", "2020-10-24", P, "2020-Q3", "2020-07-01/2020-09-30"),
    ("Fighting broke out on May 3, 2019, and the town fell [[ten days later]].", "2020-10-24", P, "2019-05-13", "2019-05-13"),
    ("The siege began on May 3, 2019; [[the next month]] the capital fell.", "2020-10-24", P, "2019-06", "2019-06-01/2019-06-30"),
    ("The accord was signed in March 2018 and broken [[the same year]].", "2020-10-24", P, "2018", "2018-01-01/2018-12-31"),
    ("The monitors report [[annually]].", "2020-10-24", N, "P1Y", ""),
    ("Such talks were held in [[the past]].", "2020-10-24", P, "PAST_REF", ""),
    ("Shelling continued on [[Monday evening]].", "2020-10-24", P, "2020-10-19TEV", "2020-10-19"),
    ("Aid has stalled over [[the past two weeks]].", "2020-10-24", N, "P2W", "2020-10-10/2020-10-24"),
    ("The treaty expires at [[the end of the year]].", "2020-10-24", F, "2020", "2020-01-01/2020-12-31"),
    ("The shelling went on for [[hours]].", "2020-10-24", P, "PTXH", ""),
    ("The wounded girl is 9 months old.", "2020-10-24", P, "", ""),
    ("Clashes flared over [[the weekend]].", "2020-10-27", P, "2020-W43-WE", "2020-10-24/2020-10-25"),
    ("The ministry [[recently]] denied the reports.", "2020-10-24", P, "PAST_REF", "2020-09-24/2020-10-24"),
    // Seasons.
    ("Fighting flared [[this summer]].", "2020-10-24", P, "2020-SU", "2020-06-01/2020-08-31"),
    ("A referendum is planned in [[the spring of 2021]].", "", F, "2021-SP", "2021-03-01/2021-05-31"),
    ("Gas supplies were cut [[last winter]].", "2020-10-24", P, "2019-WI", "2019-12-01/2020-02-29"),
    ("The talks began in [[autumn 2019]].", "", P, "2019-FA", "2019-09-01/2019-11-30"),
    ("The talks began in [[fall 2019]].", "", P, "2019-FA", "2019-09-01/2019-11-30"),
    ("A new round is planned [[next spring]].", "2020-10-24", F, "2021-SP", "2021-03-01/2021-05-31"),
    // Spans.
    ("Talks ran [[from October 10 to October 17]].", "2020-10-24", P, "2020-10-10/2020-10-17", "2020-10-10/2020-10-17"),
    ("Over 5,000 died [[between Sept. 27 and Nov. 10]].", "2020-11-20", P, "2020-09-27/2020-11-10", "2020-09-27/2020-11-10"),
    ("Talks were held [[October 10-17]].", "2020-10-24", P, "2020-10-10/2020-10-17", "2020-10-10/2020-10-17"),
    ("Talks were held [[10-17 October]].", "2020-10-24", P, "2020-10-10/2020-10-17", "2020-10-10/2020-10-17"),
    ("A truce held [[from Dec. 28 to Jan. 3]].", "2021-01-10", P, "2020-12-28/2021-01-03", "2020-12-28/2021-01-03"),
    ("The first war lasted [[from 1991 to 1994]].", "", P, "1991-01-01/1994-12-31", "1991-01-01/1994-12-31"),
    ("The first war lasted [[1991-1994]].", "", P, "1991-01-01/1994-12-31", "1991-01-01/1994-12-31"),
    // Durations.
    ("It was a [[six-week]] war.", "", P, "P6W", ""),
    ("The shelling went on for [[about 40 minutes]].", "", P, "PT40M", ""),
    ("After [[nearly a month]] of fighting, a truce.", "", P, "P1M", ""),
    ("The conflict has lasted [[more than a quarter-century]].", "", N, "P25Y", ""),
    ("After [[two years]] of talks, nothing changed.", "", P, "P2Y", ""),
    ("A [[24-hour]] humanitarian ceasefire was agreed.", "", P, "PT24H", ""),
    ("The [[decades-long]] conflict flared again.", "", P, "PXY", ""),
    // Times.
    ("The truce starts at [[8 a.m. on Monday, October 26]].", "2020-10-24", F, "2020-10-26T08:00", "2020-10-26"),
    ("The truce starts at [[8 a.m.]] local time.", "2020-10-24", F, "2020-10-24T08:00", ""),
    ("Sirens sounded at [[10:30 p.m.]] in Stepanakert.", "2020-10-24", P, "2020-10-24T22:30", ""),
    // Present.
    ("The town is [[now]] under Azerbaijani control.", "2020-10-24", N, "PRESENT_REF", "2020-10-24"),
    ("About 2,000 peacekeepers are [[currently]] deployed.", "2020-10-24", N, "PRESENT_REF", "2020-10-24"),
    ("[[At present]] the road is closed.", "", N, "PRESENT_REF", ""),
    // Months counted from the reference, holidays, parts of the day, seasons and
    // years of a history.
    ("The army retreated [[last August]].", "2020-10-24", P, "2020-08", "2020-08-01/2020-08-31"),
    ("The talks resume [[next August]].", "2020-10-24", F, "2021-08", "2021-08-01/2021-08-31"),
    ("The army advanced in [[August last year]].", "2020-10-24", P, "2019-08", "2019-08-01/2019-08-31"),
    ("The soldiers sang on [[Christmas 1914]].", "2020-10-24", P, "1914-12-25", "1914-12-25"),
    ("The offensive came on [[New Year's Eve in 1994]].", "2001-03-01", P, "1994-12-31", "1994-12-31"),
    ("They met on [[Christmas Day]].", "2021-01-10", P, "2020-12-25", "2020-12-25"),
    ("The attack came on October 10 and the truce held [[that night]].", "2020-10-24", P, "2020-10-10TNI", "2020-10-10"),
    ("The offensive began in the summer of 1776 and stalled [[the following spring]].", "2020-10-24", P, "1777-SP", "1777-03-01/1777-05-31"),
    ("The Treaty of Paris, [[1783]], ended the war.", "2020-10-24", P, "1783", "1783-01-01/1783-12-31"),
    ("The truce held through [[1783]].", "2020-10-24", P, "1783", "1783-01-01/1783-12-31"),
    // Stretches, centuries and years of the era; a year written once for two months.
    ("[[The first nine months]] were hard.", "2020-10-24", P, "P9M", ""),
    ("The army attacked in [[late summer]].", "", P, "XXXX-SU", ""),
    ("[[The 5th century BC]] saw the wars.", "", P, "BC04", "-000499-01-01/-000400-12-31"),
    ("The legions were lost in [[AD 9]].", "", P, "0009", "0009-01-01/0009-12-31"),
    ("The army attacked in [[May]] and June 1940.", "", P, "1940-05", "1940-05-01/1940-05-31"),
    ("The fleet sailed [[later that year]].", "", P, "XXXX", ""),
    // Years read aloud, halves of units, clock times with a zone, moving holidays,
    // compound counts, a part of the year counted from the previous one.
    ("In [[nineteen ninety-six]] the company grew.", "1998-02-27", P, "1996", "1996-01-01/1996-12-31"),
    ("Prices fell in [[January nineteen ninety-seven]].", "1998-02-27", P, "1997-01", "1997-01-01/1997-01-31"),
    ("It was [[the winter of nineteen ninety-four]].", "1998-02-27", P, "1994-WI", "1994-12-01/1995-02-28"),
    ("Computers may fail in [[the year two thousand]].", "1998-02-05", F, "2000", "2000-01-01/2000-12-31"),
    ("He served [[2 1/2 years]] in prison.", "1998-02-27", P, "P2Y6M", ""),
    ("The talks lasted [[a minute and a half]].", "1998-02-27", P, "PT1M30S", ""),
    // "a second" before a noun is the ordinal, not a duration.
    ("The silence lasted [[a second]].", "1998-02-27", P, "PT1S", ""),
    ("It exploded [[a second]] later.", "1998-02-27", P, "PT1S", ""),
    ("He won a second term.", "1998-02-27", P, "", ""),
    ("The army opened a second front.", "1998-02-27", P, "", ""),
    ("The offer was extended until [[5 p.m. EST Nov. 9]].", "1989-11-02", F, "1989-11-09T17:00", "1989-11-09"),
    ("The family met on [[Thanksgiving Day]].", "2000-01-06", P, "1999-11-25", "1999-11-25"),
    ("Stores close on [[Labor Day 1998]].", "2000-01-06", P, "1998-09-07", "1998-09-07"),
    ("The vigil lasted [[twenty-four hours]].", "2000-01-06", P, "PT24H", ""),
    ("Shares fell for [[eight trading days]].", "2000-01-06", P, "P8D", ""),
    ("On [[June 6]] and 7 soldiers died.", "2020-10-24", P, "2020-06-06", "2020-06-06"),
    ("The vote is set for [[April 24 and 25]].", "1999-02-10", F, "1999-04-24/1999-04-25", "1999-04-24/1999-04-25"),
    ("Prices soared in [[the nineties]].", "2000-01-06", P, "199", "1990-01-01/1999-12-31"),
    ("Profit for [[the full year]] will rise.", "1989-11-01", F, "1989", "1989-01-01/1989-12-31"),
    ("Rates will fall in [[the near future]].", "1989-11-01", F, "FUTURE_REF", ""),
    ("The siege began in 1862; by [[the end of that year]] the city fell.", "2000-01-06", P, "1862", "1862-01-01/1862-12-31"),
    // Nothing to tag.
    ("Some 1200 horses died and 1500 French rifles were lost.", "2020-10-24", P, "", ""),
    ("He previously served in the army.", "2020-10-24", P, "", ""),
    ("Some 1500 men and 1776 votes were counted.", "2020-10-24", P, "", ""),
    ("The 44 soldiers were buried.", "2020-10-24", P, "", ""),
    ("Some 7,000 people fled and 924 were killed.", "2020-10-24", P, "", ""),
    ("Another 27 more were wounded.", "2020-10-24", P, "", ""),
    ("The OSCE Minsk Group co-chairs met.", "2020-10-24", P, "", ""),
    ("The rockets may have killed civilians.", "2020-10-24", P, "", ""),
    ("May God protect the soldiers.", "2020-10-24", P, "", ""),
    ("They organised a march on the capital.", "2020-10-24", P, "", ""),
    ("March on the capital, the leaders said.", "2020-10-24", P, "", ""),
    ("Call +1 202 555 2020 for details.", "2020-10-24", P, "", ""),
    ("More than 1,000 troops were deployed.", "2020-10-24", P, "", ""),
    ("Within minutes, moments later, shortly after the blast, ambulances came.", "2020-10-24", P, "", ""),
    ("The letter dated February 30 is fake.", "2020-10-24", P, "", ""),
    ("Nobody met on Sept. 31 at all.", "2020-10-24", P, "", ""),
    ("In year 99999 nothing happens, nor in 12345.", "2020-10-24", P, "", ""),
    ("He lives at 1991 Main Street.", "2020-10-24", P, "", ""),
    ("There were 2000 people at the rally.", "2020-10-24", P, "", ""),
    ("Two thousand people came to the rally.", "2020-10-24", P, "", ""),
    ("The fall of Shusha shocked Armenia.", "2020-10-24", P, "", ""),
    ("The festival in Mar del Plata was a now-defunct tradition.", "2020-10-24", P, "", ""),
    ("Both sides lost 2,000 men in Sept and 1,500 in Oct, the May report said.", "2020-10-24", P, "", ""),
    ("The code 18 a.m.x was printed.", "2020-10-24", P, "", ""),
];

fn date_str(d: &Option<EventDate>) -> String {
    match d {
        None => String::new(),
        Some(d) if d.start == d.end => d.start.to_string(),
        Some(d) => format!("{}/{}", d.start, d.end),
    }
}

#[test]
fn table() {
    let mut failures = Vec::new();
    for (row, (marked, reference, tense, value, date)) in ROWS.iter().enumerate() {
        let sentence = marked.replace("[[", "").replace("]]", "");
        let expected_text = marked.split("[[").nth(1).and_then(|t| t.split("]]").next());
        let reference: Option<Date> = (!reference.is_empty()).then(|| reference.parse().unwrap());
        let found = find(&sentence, 0..sentence.len());
        let Some(expected_text) = expected_text else {
            if !found.is_empty() {
                failures.push(format!(
                    "row {row}: {sentence:?} should have no timex, got {found:?}"
                ));
            }
            continue;
        };
        let mut previous: Option<EventDate> = None;
        let mut hit = None;
        for t in &found {
            let res = resolve(&t.reading, reference, *tense, previous.as_ref());
            if t.text == expected_text {
                hit = Some(res.clone());
            }
            if res.date.is_some() {
                previous = res.date;
            }
        }
        match hit {
            None => failures.push(format!(
                "row {row}: {expected_text:?} not found in {sentence:?}; found {:?}",
                found.iter().map(|t| &t.text).collect::<Vec<_>>()
            )),
            Some(res) => {
                if res.value != *value || date_str(&res.date) != *date {
                    failures.push(format!(
                        "row {row}: {expected_text:?}: got ({}, {}) want ({value}, {date})",
                        res.value,
                        date_str(&res.date)
                    ));
                }
            }
        }
    }
    assert!(ROWS.len() >= 80);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn precision_is_not_invented() {
    let r = Some(Date::new(2022, 11, 16).unwrap());
    let s = "clashes along the border in mid-September";
    let t = &find(s, 0..s.len())[0];
    let d = resolve(&t.reading, r, P, None).date.unwrap();
    assert_eq!(d.precision, Precision::Month);
    let s = "two years ago";
    let t = &find(s, 0..s.len())[0];
    assert_eq!(
        resolve(&t.reading, r, P, None).date.unwrap().precision,
        Precision::Year
    );
    let s = "overnight";
    let t = &find(s, 0..s.len())[0];
    assert_eq!(
        resolve(&t.reading, r, P, None).date.unwrap().precision,
        Precision::Span
    );
    let s = "this summer";
    let t = &find(s, 0..s.len())[0];
    assert_eq!(
        resolve(&t.reading, r, P, None).date.unwrap().precision,
        Precision::Season
    );
    assert_eq!(t.ttype, TimexType::Date);
    let s = "a 44-day war";
    assert_eq!(find(s, 0..s.len())[0].ttype, TimexType::Duration);
}

#[test]
fn tenses() {
    #[rustfmt::skip]
    let rows: &[(&str, Tense)] = &[
        ("The ministers will meet on Thursday.", F),
        ("The talks are due to resume on Monday.", F),
        ("The offer had been due to expire Friday evening.", P),
        ("The offer had been scheduled to expire at midnight Friday.", P),
        ("Baku plans to hold a vote in May.", F),
        ("They agreed to meet once again in Geneva on Thursday, October 29.", F),
        ("They agreed to a ceasefire on Saturday.", P),
        ("The situation has been tense since Friday.", N),
        ("Officials say the shelling continues.", N),
        ("The hostilities continued unabated on Friday.", P),
        ("The ministry denied the report.", P),
        ("The ministers met in Moscow.", P),
        ("Fighting began Sept. 27.", P),
        ("Armenian forces have shelled the town.", N),
    ];
    for (s, t) in rows {
        assert_eq!(tense_of(s), *t, "{s}");
    }
    // Verbless clauses have no tense of their own; present perfects and listed
    // present-tense verbs have.
    assert_eq!(verb_tense("president and chief executive in March"), None);
    assert_eq!(verb_tense("effective Feb. 1"), None);
    assert_eq!(verb_tense("the stock has fluctuated"), Some(N));
    assert_eq!(verb_tense("officials say"), Some(N));
}

#[test]
fn facts() {
    let get = |s: &str| calendar_facts(&find(s, 0..s.len())[0].reading);
    assert_eq!(get("in 1991").year, Some(1991));
    assert_eq!(get("on Feb. 15, 2020").month_day, Some((2, 15)));
    let f = get("on Tuesday, October 27");
    assert_eq!(
        (f.year, f.month_day, f.weekday),
        (None, Some((10, 27)), Some(Weekday::Tuesday))
    );
    assert_eq!(get("Oct. 27").month_day, None);
    assert_eq!(get("two years ago").years_ago, Some(2));
    let json = serde_json::to_string(&f).unwrap();
    assert!(json.contains("Tuesday"), "{json}");
}

#[test]
fn offsets_slice_the_original_text() {
    let text = "«Вчера» “On Friday, élan — the ministers met on Oct. 27 — «в 2020» and at 8 a.m. on Monday, October 26.” Ещё.";
    let found = find(text, 0..text.len());
    assert!(found.len() >= 4, "{found:?}");
    for t in &found {
        assert_eq!(&text[t.start..t.end], t.text);
    }
    let texts: Vec<&str> = found.iter().map(|t| t.text.as_str()).collect();
    assert!(texts.contains(&"Friday"), "{texts:?}");
    assert!(texts.contains(&"Oct. 27"), "{texts:?}");
    assert!(texts.contains(&"2020"), "{texts:?}");
    assert!(texts.contains(&"8 a.m. on Monday, October 26"), "{texts:?}");
    // A sub-range: offsets stay absolute.
    let start = text.find("the ministers").unwrap();
    let sub = find(text, start..text.len());
    assert_eq!(sub[0].text, "Oct. 27");
    assert_eq!(&text[sub[0].start..sub[0].end], "Oct. 27");
    // Ranges off char boundaries or out of bounds are narrowed, not a panic.
    for a in 0..text.len() + 3 {
        for t in find(text, a..a + 17) {
            assert_eq!(&text[t.start..t.end], t.text);
        }
    }
    let (a, b) = (50, 10);
    assert!(find(text, a..b).is_empty());
}

/// Fragments that, glued at random, make text the tagger must survive.
const PIECES: &[&str] = &[
    "Oct.",
    " ",
    "27",
    "-",
    "2020",
    "May",
    "é",
    "Пятница",
    "“",
    "”",
    ",",
    "999999",
    "Feb",
    "30",
    "a.m.",
    "ago",
    "two",
    "years",
    "between",
    "and",
    "from",
    "to",
    "Friday",
    "the previous night",
    "mid-",
    "0",
    "\u{200d}",
    "🙂",
    "9999",
    "1",
    ":",
    "spring",
    "of",
    "last",
    "winter",
    "days",
    "overnight",
    "—",
    "week",
    "this",
    "next",
    "Monday",
    " at ",
    " on ",
    "Dec. 31",
    "Jan. 1",
    "the following days",
    "now",
];

/// Readings at the edges of what the calendar types can hold.
fn extreme_readings() -> Vec<Reading> {
    vec![
        Reading::Ago {
            amount: Some(u16::MAX),
            unit: Unit::Century,
        },
        Reading::Ago {
            amount: Some(9999),
            unit: Unit::Day,
        },
        Reading::Year {
            year: i16::MAX,
            part: Some(Part::Late),
        },
        Reading::Season {
            season: Season::Winter,
            year: Some(9999),
            shift: None,
        },
        Reading::Duration {
            amount: Some(u32::MAX),
            unit: Unit::Century,
            modifier: None,
        },
        Reading::RelUnit {
            unit: Unit::Week,
            offset: 1,
        },
        Reading::RelUnit {
            unit: Unit::Week,
            offset: -1,
        },
        Reading::PartOfThis {
            unit: Unit::Week,
            side: Side::Later,
        },
        Reading::Ago {
            amount: Some(1),
            unit: Unit::Week,
        },
        Reading::Coming {
            unit: Unit::Year,
            amount: Some(9999),
        },
        Reading::Recent {
            unit: Some(Unit::Year),
            amount: Some(9999),
        },
        Reading::Weekday {
            weekday: Weekday::Monday,
            shift: 1,
            part: None,
        },
        Reading::NightBefore {
            anchor: Anchor::Reference,
        },
        Reading::Day {
            year: Some(2021),
            month: 2,
            day: 29,
            weekday: None,
        },
    ]
}

#[test]
fn garbage_does_not_panic() {
    let pieces = PIECES;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let refs = [
        None,
        Date::new(2020, 1, 1).ok(),
        Date::new(9999, 12, 31).ok(),
        Date::new(-9999, 1, 1).ok(),
    ];
    let prev = [
        None,
        Some(EventDate::day(Date::new(9999, 12, 31).unwrap())),
        Some(EventDate::day(Date::new(-9999, 1, 1).unwrap())),
    ];
    for round in 0..300 {
        let mut s = String::new();
        for _ in 0..(round % 60) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        for t in find(&s, 0..s.len()) {
            assert_eq!(&s[t.start..t.end], t.text);
            for r in refs {
                for p in &prev {
                    for tense in [P, N, F] {
                        let _ = resolve(&t.reading, r, tense, p.as_ref());
                    }
                }
            }
            let _ = calendar_facts(&t.reading);
        }
        let _ = tense_of(&s);
    }
    let long = "Oct. 27 and 7,000 on Friday 2020 ".repeat(5_000);
    assert!(!find(&long, 0..long.len()).is_empty());
    let _ = tense_of(&long);
    let extreme = extreme_readings();
    for x in &extreme {
        for r in refs {
            for p in &prev {
                let _ = resolve(x, r, F, p.as_ref());
                let _ = resolve(x, r, P, p.as_ref());
            }
        }
    }
}

#[test]
fn ranges_keep_their_two_ends() {
    let text = "Talks ran between March 1972 and June 1974, in 1961–1963 and in 1914–18.";
    let found = find(text, 0..text.len());
    let ends: Vec<[&str; 2]> = found
        .iter()
        .filter_map(|t| t.ends.clone())
        .map(|[a, b]| [&text[a], &text[b]])
        .collect();
    assert_eq!(
        ends,
        [
            ["March 1972", "June 1974"],
            ["1961", "1963"],
            ["1914", "18"]
        ]
    );
    let r = Date::new(2020, 1, 1).ok();
    let values: Vec<Option<[String; 2]>> = found
        .iter()
        .map(|t| resolve(&t.reading, r, P, None).ends)
        .collect();
    assert_eq!(
        values[0],
        Some(["1972-03".to_string(), "1974-06".to_string()])
    );
    // A short range gives its two years, but no date to an event.
    let short = resolve(&found[2].reading, r, P, None);
    assert_eq!(short.ends, Some(["1914".to_string(), "1918".to_string()]));
    assert_eq!(short.date, None);
}

/// Tagging speed alone — finding, tense, resolving — over a JSONL corpus (one
/// `{"published": "YYYY-MM-DD", "text": …}` per line) named by `TIMEX_BENCH`:
///
///     TIMEX_BENCH=../shared/corpora/reuters21578.jsonl \
///         cargo test --release --lib timex::tests::tagging_speed -- --ignored --nocapture
///
/// Sentences are cut at ". " only, the same cut in every build compared, so that
/// the figure is the tagger's and not the sentence splitter's.
#[test]
#[ignore]
fn tagging_speed() {
    let Ok(path) = std::env::var("TIMEX_BENCH") else {
        return;
    };
    let corpus = std::fs::read_to_string(path).expect("corpus file");
    let articles: Vec<(String, Option<Date>)> = corpus
        .lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            let published = v["published"].as_str().and_then(|d| d.parse().ok());
            Some((v["text"].as_str()?.to_string(), published))
        })
        .collect();
    let bytes: usize = articles.iter().map(|(t, _)| t.len()).sum();
    // This thread's time on CPU (user + system, in clock ticks of 10 ms): on a
    // shared machine, wall time measures the neighbours as much as the tagger.
    let on_cpu = || -> f64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
        let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
        ticks(11)
            .zip(ticks(12))
            .map_or(f64::NAN, |(u, s)| (u + s) / 100.0)
    };
    for round in 1..=3 {
        let start = std::time::Instant::now();
        let cpu = on_cpu();
        let mut expressions = 0usize;
        for (text, published) in &articles {
            let mut found = Vec::new();
            let mut from = 0;
            let ends = text.match_indices(". ").map(|(i, _)| i + 1);
            for end in ends.chain([text.len()]) {
                found.push((tense_of(&text[from..end]), find(text, from..end)));
                from = end;
            }
            let readings = found.iter().flat_map(|(_, l)| l.iter().map(|t| &t.reading));
            let mut d = Discourse::new(*published, readings);
            for (tense, list) in &found {
                for t in list {
                    std::hint::black_box(d.resolve(t, *tense));
                    expressions += 1;
                }
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let cpu = on_cpu() - cpu;
        eprintln!(
            "tagging, round {round}: {} articles, {:.1} MB in {secs:.2} s, on CPU {cpu:.2} s = {:.1} MB/s, {expressions} expressions",
            articles.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / cpu
        );
    }
}
