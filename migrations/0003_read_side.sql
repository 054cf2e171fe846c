-- Read-side structures that keep every page's work bounded at a million events.
--
-- Everything here is derived from `events` and `event_actors` and kept up to date by
-- triggers, so every write path (ingest, re-ingest, merges, deletes) maintains it
-- without knowing about it; the statements at the end fill it for a database that
-- already holds events, so an existing file upgrades on open without loss.

-- How many distinct events each actor takes part in (in any role); an actor without
-- a row has none. Replaces COUNT(DISTINCT event_id) over all of event_actors on every
-- page that lists actors.
CREATE TABLE actor_counts (
    actor_id INTEGER PRIMARY KEY REFERENCES actors(id) ON DELETE CASCADE,
    events   INTEGER NOT NULL
);

-- How many events are located at each place; a place without a row has none.
CREATE TABLE place_counts (
    place_id INTEGER PRIMARY KEY REFERENCES places(id) ON DELETE CASCADE,
    events   INTEGER NOT NULL
);

-- How many events there are of each kind (dated or not): the unfiltered facets.
CREATE TABLE kind_counts (
    kind   TEXT PRIMARY KEY,
    events INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per event_actors row, carrying the event's columns that the actor filter
-- and the ceasefire-breach lookup need, so that both walk one actor's events in
-- date order instead of every event of that actor in id order.
CREATE TABLE actor_events (
    actor_id   INTEGER NOT NULL,
    role       TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    date_start TEXT,
    date_last  TEXT,                      -- COALESCE(date_end, date_start)
    breaks     INTEGER NOT NULL,          -- 1 when the event can break a ceasefire
    PRIMARY KEY (actor_id, role, event_id)
) WITHOUT ROWID;
CREATE INDEX actor_events_by_event ON actor_events(event_id);
CREATE INDEX actor_events_breaks ON actor_events(actor_id, role, breaks, date_start, event_id);

-- The last day of each event, for the date extent (MAX over an index, not a scan).
CREATE INDEX events_by_kind_last ON events(kind, COALESCE(date_end, date_start));

-- "Breaks a ceasefire": reported fighting, or a reported violation or collapse. The
-- same rule as src/store/read/timeline.rs (CEASEFIRE_ENDS); planned events break nothing.

CREATE TRIGGER actor_events_link AFTER INSERT ON event_actors BEGIN
    INSERT OR REPLACE INTO actor_events
        SELECT NEW.actor_id, NEW.role, e.id, e.kind, e.date_start,
               COALESCE(e.date_end, e.date_start),
               e.status <> 'planned' AND (e.kind = 'fighting'
                   OR (e.kind = 'ceasefire' AND e.subtype IN ('violated', 'collapsed')))
        FROM events e WHERE e.id = NEW.event_id;
    INSERT INTO actor_counts (actor_id, events)
        SELECT NEW.actor_id, 1 WHERE NOT EXISTS (
            SELECT 1 FROM event_actors WHERE event_id = NEW.event_id
            AND actor_id = NEW.actor_id AND role <> NEW.role)
        ON CONFLICT (actor_id) DO UPDATE SET events = events + 1;
END;

CREATE TRIGGER actor_events_unlink AFTER DELETE ON event_actors BEGIN
    DELETE FROM actor_events
        WHERE actor_id = OLD.actor_id AND role = OLD.role AND event_id = OLD.event_id;
    UPDATE actor_counts SET events = events - 1
        WHERE actor_id = OLD.actor_id AND NOT EXISTS (
            SELECT 1 FROM event_actors WHERE event_id = OLD.event_id AND actor_id = OLD.actor_id);
END;

-- No write path updates a link in place today; this keeps the copies right if one does.
CREATE TRIGGER actor_events_relink AFTER UPDATE ON event_actors BEGIN
    DELETE FROM actor_events
        WHERE actor_id = OLD.actor_id AND role = OLD.role AND event_id = OLD.event_id;
    UPDATE actor_counts SET events = events - 1
        WHERE actor_id = OLD.actor_id AND NOT EXISTS (
            SELECT 1 FROM event_actors WHERE event_id = OLD.event_id AND actor_id = OLD.actor_id);
    INSERT OR REPLACE INTO actor_events
        SELECT NEW.actor_id, NEW.role, e.id, e.kind, e.date_start,
               COALESCE(e.date_end, e.date_start),
               e.status <> 'planned' AND (e.kind = 'fighting'
                   OR (e.kind = 'ceasefire' AND e.subtype IN ('violated', 'collapsed')))
        FROM events e WHERE e.id = NEW.event_id;
    INSERT INTO actor_counts (actor_id, events)
        SELECT NEW.actor_id, 1 WHERE NOT EXISTS (
            SELECT 1 FROM event_actors WHERE event_id = NEW.event_id
            AND actor_id = NEW.actor_id AND role <> NEW.role)
        ON CONFLICT (actor_id) DO UPDATE SET events = events + 1;
END;

CREATE TRIGGER events_follow AFTER UPDATE OF kind, subtype, status, date_start, date_end ON events BEGIN
    UPDATE actor_events SET kind = NEW.kind, date_start = NEW.date_start,
        date_last = COALESCE(NEW.date_end, NEW.date_start),
        breaks = NEW.status <> 'planned' AND (NEW.kind = 'fighting'
            OR (NEW.kind = 'ceasefire' AND NEW.subtype IN ('violated', 'collapsed')))
        WHERE event_id = NEW.id;
END;

CREATE TRIGGER events_count_insert AFTER INSERT ON events BEGIN
    INSERT INTO kind_counts (kind, events) VALUES (NEW.kind, 1)
        ON CONFLICT (kind) DO UPDATE SET events = events + 1;
    INSERT INTO place_counts (place_id, events) SELECT NEW.place_id, 1 WHERE NEW.place_id IS NOT NULL
        ON CONFLICT (place_id) DO UPDATE SET events = events + 1;
END;

CREATE TRIGGER events_count_delete AFTER DELETE ON events BEGIN
    UPDATE kind_counts SET events = events - 1 WHERE kind = OLD.kind;
    UPDATE place_counts SET events = events - 1 WHERE place_id = OLD.place_id;
END;

CREATE TRIGGER events_count_update AFTER UPDATE OF kind, place_id ON events
WHEN OLD.kind IS NOT NEW.kind OR OLD.place_id IS NOT NEW.place_id BEGIN
    UPDATE kind_counts SET events = events - 1 WHERE kind = OLD.kind;
    INSERT INTO kind_counts (kind, events) VALUES (NEW.kind, 1)
        ON CONFLICT (kind) DO UPDATE SET events = events + 1;
    UPDATE place_counts SET events = events - 1 WHERE place_id = OLD.place_id;
    INSERT INTO place_counts (place_id, events) SELECT NEW.place_id, 1 WHERE NEW.place_id IS NOT NULL
        ON CONFLICT (place_id) DO UPDATE SET events = events + 1;
END;

-- Backfill from what the database already holds.
INSERT INTO actor_events
    SELECT ea.actor_id, ea.role, e.id, e.kind, e.date_start,
           COALESCE(e.date_end, e.date_start),
           e.status <> 'planned' AND (e.kind = 'fighting'
               OR (e.kind = 'ceasefire' AND e.subtype IN ('violated', 'collapsed')))
    FROM event_actors ea JOIN events e ON e.id = ea.event_id;
INSERT INTO actor_counts (actor_id, events)
    SELECT actor_id, COUNT(DISTINCT event_id) FROM event_actors GROUP BY actor_id;
INSERT INTO place_counts (place_id, events)
    SELECT place_id, COUNT(*) FROM events WHERE place_id IS NOT NULL GROUP BY place_id;
INSERT INTO kind_counts (kind, events)
    SELECT kind, COUNT(*) FROM events GROUP BY kind;

-- The longest span (date_end - date_start, in days) of any event, or more: it only
-- grows. Since an event overlaps a range starting at FROM only if it starts on or
-- after FROM minus this span, a date filter gets a lower bound on date_start that
-- the date index can use, instead of walking every older event.
CREATE TABLE date_span (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    max_days INTEGER NOT NULL
);
INSERT INTO date_span (id, max_days)
    SELECT 1, COALESCE(MAX(CAST(julianday(date_end) - julianday(date_start) AS INTEGER)) + 1, 0)
    FROM events WHERE date_start IS NOT NULL AND date_end IS NOT NULL;

CREATE TRIGGER events_span_insert AFTER INSERT ON events
WHEN NEW.date_start IS NOT NULL AND NEW.date_end IS NOT NULL BEGIN
    UPDATE date_span SET max_days = MAX(max_days,
        CAST(julianday(NEW.date_end) - julianday(NEW.date_start) AS INTEGER) + 1);
END;

CREATE TRIGGER events_span_update AFTER UPDATE OF date_start, date_end ON events
WHEN NEW.date_start IS NOT NULL AND NEW.date_end IS NOT NULL BEGIN
    UPDATE date_span SET max_days = MAX(max_days,
        CAST(julianday(NEW.date_end) - julianday(NEW.date_start) AS INTEGER) + 1);
END;
