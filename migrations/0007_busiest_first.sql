-- The busiest actors and places first, from an index rather than by sorting every
-- count: the timeline's filter form suggests the few hundred most active of each
-- (src/store/actors.rs, places.rs), and a database can hold tens of thousands of
-- places (32 636 in the 100k-event benchmark file, 97 ms a page to read them all).
CREATE INDEX actor_counts_by_events ON actor_counts (events);
CREATE INDEX place_counts_by_events ON place_counts (events);
