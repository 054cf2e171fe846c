-- How far back an event's date reaches, bucketed, so that the merge lookup can find
-- the events whose dates overlap a report's with bounded index range scans.
--
-- A report dated [S, E] may belong to any event of its kind whose date overlaps it
-- and starts at most a year earlier. An event whose span is n days can only overlap
-- if it starts on or after S - n, so events are filed under the smallest window
-- (0, 7, 31, 92 or 366 days) that covers their span; the lookup searches each window
-- with its own bound instead of scanning a whole year of events by date.
-- Spans longer than a year are filed under 100000 and searched a year back, as
-- before. NULL for undated events, which never merge.
ALTER TABLE events ADD COLUMN date_reach INTEGER;

UPDATE events SET date_reach = CASE
        WHEN julianday(date_end) - julianday(date_start) <= 0 THEN 0
        WHEN julianday(date_end) - julianday(date_start) <= 7 THEN 7
        WHEN julianday(date_end) - julianday(date_start) <= 31 THEN 31
        WHEN julianday(date_end) - julianday(date_start) <= 92 THEN 92
        WHEN julianday(date_end) - julianday(date_start) <= 366 THEN 366
        ELSE 100000
    END
WHERE date_start IS NOT NULL AND date_end IS NOT NULL;

-- Covering for the lookup: its filter, order and the columns the merge rule reads
-- before actors, so no table row is read for a candidate.
CREATE INDEX events_by_kind_reach
    ON events(kind, date_reach, date_start, id, date_end, date_precision, subtype, place_id);
