-- Timeline order with each event's last day beside it: a list with a `from` date
-- walks events in date order from the longest span before it (date_span), and keeps
-- those that reach `from`. With the last day in the index that test is made on index
-- entries, not on a table row per event walked: `/api/events?from=2019-03-01` at
-- 100k events walked ~9 000 rows of the year before for a page of 50 (20–37 ms),
-- now under 1 ms. It replaces events_by_date, whose columns are its first two.
CREATE INDEX events_by_date_reach ON events (date_start, id, COALESCE(date_end, date_start));
DROP INDEX events_by_date;
