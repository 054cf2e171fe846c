-- The first schema of conflict-timeline.
--
-- Source of truth: `articles` (the text as ingested) and `reports` (one article's
-- account of one event, as extracted). `events` and its link tables are derived from
-- the reports that belong to each event (see src/store/write.rs: reconcile), so that
-- replacing an article only has to recompute the events it touched.

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,  -- file name as ingested, or the JSONL record id
    source_path     TEXT NOT NULL,         -- where it was read from (for messages)
    title           TEXT,
    source          TEXT,                  -- the outlet, when known
    url             TEXT,
    published       TEXT,                  -- reference date YYYY-MM-DD; NULL when unknown
    published_basis TEXT NOT NULL CHECK (published_basis IN ('stated', 'inferred', 'unknown')),
    published_how   TEXT NOT NULL,         -- how the reference date was obtained, for readers
    content_hash    TEXT NOT NULL,         -- sha256 of the raw input record
    text            TEXT NOT NULL,
    ingested_at     TEXT NOT NULL
);

CREATE TABLE places (
    id      INTEGER PRIMARY KEY,
    slug    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL,                 -- city | town | region | country | facility ...
    country TEXT                           -- ISO-ish country name, when known
);

CREATE TABLE actors (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,             -- state | organisation | armed_group | entity | person
    role        TEXT,                      -- for people: "Foreign Minister", ...
    affiliation TEXT                       -- for people: the slug of their state/organisation
);

CREATE TABLE actor_aliases (
    actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    alias    TEXT NOT NULL,
    PRIMARY KEY (actor_id, alias)
) WITHOUT ROWID;

CREATE TABLE events (
    id             TEXT PRIMARY KEY,       -- stable short hash; the permanent URL /events/{id}
    kind           TEXT NOT NULL CHECK (kind IN ('talks', 'ceasefire', 'fighting')),
    subtype        TEXT NOT NULL,
    status         TEXT NOT NULL,          -- reported | planned | alleged | denied
    alleged_by     TEXT NOT NULL DEFAULT '',  -- names, joined by '; '
    denied_by      TEXT NOT NULL DEFAULT '',
    date_start     TEXT,                   -- first day the date can mean (YYYY-MM-DD), NULL if undated
    date_end       TEXT,                   -- last day
    date_precision TEXT,                   -- day | span | week | month | season | year
    date_value     TEXT,                   -- TIMEX3-style value as shown: 2020-10-23, 2020-10, 2020
    date_basis     TEXT NOT NULL,          -- where the date came from, for readers
    headline       TEXT NOT NULL,
    place_id       INTEGER REFERENCES places(id),
    confidence     REAL NOT NULL,
    source_count   INTEGER NOT NULL,       -- distinct articles reporting it
    created_at     TEXT NOT NULL
);
-- Timeline order and date-range filters; kind and place filters keep the date order.
CREATE INDEX events_by_date ON events(date_start, id);
CREATE INDEX events_by_kind_date ON events(kind, date_start, id);
CREATE INDEX events_by_place_date ON events(place_id, date_start, id);

-- An event merged into another keeps its URL: /events/{old} redirects to the survivor.
CREATE TABLE event_redirects (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL
) WITHOUT ROWID;

-- One article's account of one event. `draft` is the extracted record (JSON of
-- extract::EventDraft) from which the event's fields are reconciled.
CREATE TABLE reports (
    id         INTEGER PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events(id),
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    draft      TEXT NOT NULL
);
CREATE INDEX reports_by_event ON reports(event_id);
CREATE INDEX reports_by_article ON reports(article_id);

-- Every sentence (or clause) that states an event, with byte offsets into the article.
CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    event_id   TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX mentions_by_event ON mentions(event_id, article_id, start);
CREATE INDEX mentions_by_article ON mentions(article_id, start);

CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor_id INTEGER NOT NULL REFERENCES actors(id),
    role     TEXT NOT NULL,               -- participant | alleger | denier
    PRIMARY KEY (event_id, actor_id, role)
) WITHOUT ROWID;
CREATE INDEX event_actors_by_actor ON event_actors(actor_id, event_id);

CREATE TABLE casualties (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    party       TEXT,                     -- whose dead and wounded, as named
    grp         TEXT,                     -- military | civilian | NULL (unspecified)
    killed      INTEGER,
    wounded     INTEGER,
    cumulative  INTEGER NOT NULL,         -- 1 when the figure is a running total
    reported_by TEXT,                     -- who gives the figure
    start       INTEGER NOT NULL,         -- the sentence stating it
    end         INTEGER NOT NULL
);
CREATE INDEX casualties_by_event ON casualties(event_id);

-- Full-text search over headlines and source sentences; rowid = events.rowid.
CREATE VIRTUAL TABLE events_fts USING fts5(
    headline, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
