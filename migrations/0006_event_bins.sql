-- Event counts kept per day and per month at write time, so that a page's summary of
-- "all matches" (counts per kind, an actor's activity by month) reads a few hundred
-- bins instead of every matching event.
--
-- Each event is counted in three scopes: every event (scope 0, ref 0), the events of
-- each actor it involves in any role (scope 1, ref = actor id, counted once per
-- event however many roles), and the events at its place (scope 2, ref = place id).
-- Within a scope, a bin is (kind, period, precision): `starts` counts the events whose
-- date starts in the period, `ends` those whose last day (COALESCE(date_end,
-- date_start)) falls in it. An event overlaps [FROM, TO] when it starts on or before
-- TO and does not end before FROM, so the count for a range is starts up to TO minus
-- ends before FROM: whole months from the month bins, the rest from the day bins
-- (src/store/events/aggregates.rs). Undated events have a month bin with period '' and no
-- day bin. `prec` is the date precision ('' when undated), for the day/coarse bands
-- and the activity chart (which counts events dated to the month or finer).
--
-- Everything is kept by triggers in the same transaction as the write, like the
-- tables of 0003, so every write path (ingest, re-ingest, merges, deletes) keeps it
-- exact; tests/query_plans.rs compares it with a recount after random writes.

CREATE TABLE event_days (
    scope  INTEGER NOT NULL,
    ref    INTEGER NOT NULL,
    kind   TEXT NOT NULL,
    day    TEXT NOT NULL,                 -- YYYY-MM-DD
    prec   TEXT NOT NULL,
    starts INTEGER NOT NULL,
    ends   INTEGER NOT NULL,
    PRIMARY KEY (scope, ref, kind, day, prec)
) WITHOUT ROWID;

CREATE TABLE event_months (
    scope  INTEGER NOT NULL,
    ref    INTEGER NOT NULL,
    kind   TEXT NOT NULL,
    month  TEXT NOT NULL,                 -- YYYY-MM, or '' for undated events
    prec   TEXT NOT NULL,
    starts INTEGER NOT NULL,
    ends   INTEGER NOT NULL,
    PRIMARY KEY (scope, ref, kind, month, prec)
) WITHOUT ROWID;

-- One place for the bin arithmetic: inserting (scope, ref, kind, prec, first day,
-- last day, n) into this view adds n to the event's four bins (start and end, day
-- and month). The view itself holds nothing.
CREATE VIEW event_bin_moves (scope, ref, kind, prec, first, last, n) AS
    SELECT 0, 0, '', '', NULL, NULL, 0 WHERE 0;

CREATE TRIGGER event_bin_move INSTEAD OF INSERT ON event_bin_moves BEGIN
    INSERT INTO event_months (scope, ref, kind, month, prec, starts, ends)
        VALUES (NEW.scope, NEW.ref, NEW.kind, COALESCE(substr(NEW.first, 1, 7), ''),
                NEW.prec, NEW.n, 0)
        ON CONFLICT DO UPDATE SET starts = starts + excluded.starts;
    INSERT INTO event_months (scope, ref, kind, month, prec, starts, ends)
        SELECT NEW.scope, NEW.ref, NEW.kind, substr(NEW.last, 1, 7), NEW.prec, 0, NEW.n
        WHERE NEW.first IS NOT NULL
        ON CONFLICT DO UPDATE SET ends = ends + excluded.ends;
    INSERT INTO event_days (scope, ref, kind, day, prec, starts, ends)
        SELECT NEW.scope, NEW.ref, NEW.kind, NEW.first, NEW.prec, NEW.n, 0
        WHERE NEW.first IS NOT NULL
        ON CONFLICT DO UPDATE SET starts = starts + excluded.starts;
    INSERT INTO event_days (scope, ref, kind, day, prec, starts, ends)
        SELECT NEW.scope, NEW.ref, NEW.kind, NEW.last, NEW.prec, 0, NEW.n
        WHERE NEW.first IS NOT NULL
        ON CONFLICT DO UPDATE SET ends = ends + excluded.ends;
END;

CREATE TRIGGER event_bins_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_bin_moves
        SELECT 0, 0, NEW.kind, COALESCE(NEW.date_precision, ''), NEW.date_start,
               COALESCE(NEW.date_end, NEW.date_start), 1
        UNION ALL
        SELECT 2, NEW.place_id, NEW.kind, COALESCE(NEW.date_precision, ''), NEW.date_start,
               COALESCE(NEW.date_end, NEW.date_start), 1
        WHERE NEW.place_id IS NOT NULL;
END;

-- BEFORE, so that the event's actor links are still there when a delete cascades to
-- them; the links' own trigger then finds no event and leaves the bins alone.
CREATE TRIGGER event_bins_delete BEFORE DELETE ON events BEGIN
    INSERT INTO event_bin_moves
        SELECT 0, 0, OLD.kind, COALESCE(OLD.date_precision, ''), OLD.date_start,
               COALESCE(OLD.date_end, OLD.date_start), -1
        UNION ALL
        SELECT 2, OLD.place_id, OLD.kind, COALESCE(OLD.date_precision, ''), OLD.date_start,
               COALESCE(OLD.date_end, OLD.date_start), -1
        WHERE OLD.place_id IS NOT NULL
        UNION ALL
        SELECT DISTINCT 1, actor_id, OLD.kind, COALESCE(OLD.date_precision, ''), OLD.date_start,
               COALESCE(OLD.date_end, OLD.date_start), -1
        FROM event_actors WHERE event_id = OLD.id;
END;

CREATE TRIGGER event_bins_update AFTER UPDATE OF kind, date_start, date_end, date_precision, place_id
ON events
WHEN OLD.kind IS NOT NEW.kind OR OLD.date_start IS NOT NEW.date_start
    OR OLD.date_end IS NOT NEW.date_end OR OLD.date_precision IS NOT NEW.date_precision
    OR OLD.place_id IS NOT NEW.place_id BEGIN
    INSERT INTO event_bin_moves
        SELECT 0, 0, OLD.kind, COALESCE(OLD.date_precision, ''), OLD.date_start,
               COALESCE(OLD.date_end, OLD.date_start), -1
        UNION ALL
        SELECT 0, 0, NEW.kind, COALESCE(NEW.date_precision, ''), NEW.date_start,
               COALESCE(NEW.date_end, NEW.date_start), 1
        UNION ALL
        SELECT 2, OLD.place_id, OLD.kind, COALESCE(OLD.date_precision, ''), OLD.date_start,
               COALESCE(OLD.date_end, OLD.date_start), -1
        WHERE OLD.place_id IS NOT NULL
        UNION ALL
        SELECT 2, NEW.place_id, NEW.kind, COALESCE(NEW.date_precision, ''), NEW.date_start,
               COALESCE(NEW.date_end, NEW.date_start), 1
        WHERE NEW.place_id IS NOT NULL
        UNION ALL
        SELECT DISTINCT 1, actor_id, OLD.kind, COALESCE(OLD.date_precision, ''), OLD.date_start,
               COALESCE(OLD.date_end, OLD.date_start), -1
        FROM event_actors WHERE event_id = OLD.id
        UNION ALL
        SELECT DISTINCT 1, actor_id, NEW.kind, COALESCE(NEW.date_precision, ''), NEW.date_start,
               COALESCE(NEW.date_end, NEW.date_start), 1
        FROM event_actors WHERE event_id = NEW.id;
END;

-- An actor counts an event once, whatever roles it has in it: the first link adds
-- the event to the actor's bins, the last one removed takes it out.
CREATE TRIGGER event_bins_link AFTER INSERT ON event_actors
WHEN NOT EXISTS (SELECT 1 FROM event_actors WHERE event_id = NEW.event_id
                 AND actor_id = NEW.actor_id AND role <> NEW.role) BEGIN
    INSERT INTO event_bin_moves
        SELECT 1, NEW.actor_id, e.kind, COALESCE(e.date_precision, ''), e.date_start,
               COALESCE(e.date_end, e.date_start), 1
        FROM events e WHERE e.id = NEW.event_id;
END;

CREATE TRIGGER event_bins_unlink AFTER DELETE ON event_actors
WHEN NOT EXISTS (SELECT 1 FROM event_actors WHERE event_id = OLD.event_id
                 AND actor_id = OLD.actor_id) BEGIN
    INSERT INTO event_bin_moves
        SELECT 1, OLD.actor_id, e.kind, COALESCE(e.date_precision, ''), e.date_start,
               COALESCE(e.date_end, e.date_start), -1
        FROM events e WHERE e.id = OLD.event_id;
END;

-- A link moved to another event or actor (migration 0005 moves links of merged
-- actors this way): out of the old pair's bins when it was its last link, into the
-- new pair's when it is its first.
CREATE TRIGGER event_bins_relink AFTER UPDATE OF event_id, actor_id ON event_actors
WHEN OLD.event_id IS NOT NEW.event_id OR OLD.actor_id IS NOT NEW.actor_id BEGIN
    INSERT INTO event_bin_moves
        SELECT 1, OLD.actor_id, e.kind, COALESCE(e.date_precision, ''), e.date_start,
               COALESCE(e.date_end, e.date_start), -1
        FROM events e WHERE e.id = OLD.event_id AND NOT EXISTS (
            SELECT 1 FROM event_actors WHERE event_id = OLD.event_id AND actor_id = OLD.actor_id);
    INSERT INTO event_bin_moves
        SELECT 1, NEW.actor_id, e.kind, COALESCE(e.date_precision, ''), e.date_start,
               COALESCE(e.date_end, e.date_start), 1
        FROM events e WHERE e.id = NEW.event_id AND NOT EXISTS (
            SELECT 1 FROM event_actors WHERE event_id = NEW.event_id
            AND actor_id = NEW.actor_id AND role <> NEW.role);
END;

-- Backfill from what the database already holds, grouped (not through the view, one
-- event at a time), so that a million-event file upgrades in seconds.
CREATE TEMP TABLE event_bin_facts AS
    SELECT 0 AS scope, 0 AS ref, kind, COALESCE(date_precision, '') AS prec,
           date_start AS first, COALESCE(date_end, date_start) AS last
    FROM events
    UNION ALL
    SELECT 2, place_id, kind, COALESCE(date_precision, ''), date_start,
           COALESCE(date_end, date_start)
    FROM events WHERE place_id IS NOT NULL
    UNION ALL
    SELECT 1, l.actor_id, e.kind, COALESCE(e.date_precision, ''), e.date_start,
           COALESCE(e.date_end, e.date_start)
    FROM (SELECT DISTINCT event_id, actor_id FROM event_actors) l
    JOIN events e ON e.id = l.event_id;

INSERT INTO event_months (scope, ref, kind, month, prec, starts, ends)
    SELECT scope, ref, kind, month, prec, SUM(s), SUM(t) FROM (
        SELECT scope, ref, kind, COALESCE(substr(first, 1, 7), '') AS month, prec, 1 AS s, 0 AS t
        FROM event_bin_facts
        UNION ALL
        SELECT scope, ref, kind, substr(last, 1, 7), prec, 0, 1
        FROM event_bin_facts WHERE first IS NOT NULL
    ) GROUP BY scope, ref, kind, month, prec;

INSERT INTO event_days (scope, ref, kind, day, prec, starts, ends)
    SELECT scope, ref, kind, day, prec, SUM(s), SUM(t) FROM (
        SELECT scope, ref, kind, first AS day, prec, 1 AS s, 0 AS t
        FROM event_bin_facts WHERE first IS NOT NULL
        UNION ALL
        SELECT scope, ref, kind, last, prec, 0, 1
        FROM event_bin_facts WHERE first IS NOT NULL
    ) GROUP BY scope, ref, kind, day, prec;

DROP TABLE event_bin_facts;
