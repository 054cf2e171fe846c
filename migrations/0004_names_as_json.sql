-- Who alleges and who denies an event: stored as a JSON array of names instead of
-- the names joined by '; ' (a name holding "; " could not be told apart). Existing
-- rows are split on '; ' (empty parts dropped, order kept) and rewritten. The
-- column default '' stays (SQLite cannot change it); every write stores an array,
-- and the store reads '' as no names.

UPDATE events SET
    alleged_by = (
        WITH RECURSIVE part(name, rest, n) AS (
            SELECT NULL, events.alleged_by || '; ', 0
            UNION ALL
            SELECT substr(rest, 1, instr(rest, '; ') - 1),
                   substr(rest, instr(rest, '; ') + 2), n + 1
            FROM part WHERE rest <> ''
        )
        SELECT json_group_array(name) FROM (SELECT name FROM part WHERE name <> '' ORDER BY n)
    ),
    denied_by = (
        WITH RECURSIVE part(name, rest, n) AS (
            SELECT NULL, events.denied_by || '; ', 0
            UNION ALL
            SELECT substr(rest, 1, instr(rest, '; ') - 1),
                   substr(rest, instr(rest, '; ') + 2), n + 1
            FROM part WHERE rest <> ''
        )
        SELECT json_group_array(name) FROM (SELECT name FROM part WHERE name <> '' ORDER BY n)
    );
