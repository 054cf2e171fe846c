-- Actor names on one line and without a possessive. Earlier extraction could keep a
-- line break inside a name ("Mikhail\nGorbachev") or the possessive after it
-- ("Mikhail Gorbachev's", slug mikhail-gorbachev-s), so that one person was listed,
-- exported and counted as two actors. Each such actor is renamed; where the plain
-- name is already an actor, its links and aliases move to that actor and it goes.
-- The reports (the source every event is recomputed from) and the events' lists of
-- who alleges and who denies get the same names, so that nothing brings them back.

CREATE TEMP TABLE actor_renames (
    id       INTEGER PRIMARY KEY,
    old_slug TEXT NOT NULL,
    new_slug TEXT NOT NULL,
    old_name TEXT NOT NULL,
    new_name TEXT NOT NULL
);

INSERT INTO actor_renames (id, old_slug, new_slug, old_name, new_name)
SELECT id, slug,
       CASE WHEN possessive AND slug LIKE '%-s' THEN substr(slug, 1, length(slug) - 2)
            ELSE slug END,
       name,
       CASE WHEN possessive THEN rtrim(substr(flat, 1, length(flat) - 2)) ELSE flat END
FROM (
    SELECT id, slug, name, flat,
           (flat LIKE '%''s' OR flat LIKE '%’s') AND length(flat) > 2 AS possessive
    FROM (
        SELECT id, slug, name,
               trim(replace(replace(replace(replace(replace(name, char(13), ' '), char(10), ' '),
                    char(9), ' '), '  ', ' '), '  ', ' ')) AS flat
        FROM actors
    )
)
WHERE flat <> name OR possessive;

-- Renamed actors whose plain name is another actor already: merged into it.
CREATE TEMP TABLE actor_merges AS
SELECT r.id AS old_id, target.id AS new_id, r.old_slug, r.new_slug
FROM actor_renames r JOIN actors target ON target.slug = r.new_slug AND target.id <> r.id;

INSERT OR IGNORE INTO event_actors (event_id, actor_id, role)
SELECT ea.event_id, m.new_id, ea.role
FROM event_actors ea JOIN actor_merges m ON m.old_id = ea.actor_id;
DELETE FROM event_actors WHERE actor_id IN (SELECT old_id FROM actor_merges);

INSERT OR IGNORE INTO actor_aliases (actor_id, alias)
SELECT m.new_id, al.alias
FROM actor_aliases al JOIN actor_merges m ON m.old_id = al.actor_id;

UPDATE actors SET affiliation = (SELECT new_slug FROM actor_renames WHERE old_slug = actors.affiliation)
WHERE affiliation IN (SELECT old_slug FROM actor_renames WHERE old_slug <> new_slug);

DELETE FROM actors WHERE id IN (SELECT old_id FROM actor_merges);

UPDATE actors SET
    name = (SELECT new_name FROM actor_renames r WHERE r.id = actors.id),
    slug = (SELECT new_slug FROM actor_renames r WHERE r.id = actors.id)
WHERE id IN (SELECT id FROM actor_renames) AND id NOT IN (SELECT old_id FROM actor_merges);

-- The names the sources used stay findable as aliases, on one line.
INSERT OR IGNORE INTO actor_aliases (actor_id, alias)
SELECT a.id, r.new_name FROM actor_renames r JOIN actors a ON a.slug = r.new_slug;
DELETE FROM actor_aliases WHERE alias IN (SELECT old_name FROM actor_renames)
    AND alias NOT IN (SELECT new_name FROM actor_renames);

-- Each report's actors, by slug.
UPDATE reports SET draft = json_set(draft, '$.actors', (
    SELECT json_group_array(
        CASE WHEN r.id IS NULL THEN json(a.value)
             ELSE json_set(a.value, '$.name', r.new_name, '$.slug', r.new_slug) END)
    FROM json_each(reports.draft, '$.actors') a
    LEFT JOIN actor_renames r ON r.old_slug = a.value ->> 'slug'
))
WHERE EXISTS (
    SELECT 1 FROM json_each(reports.draft, '$.actors') a
    JOIN actor_renames r ON r.old_slug = a.value ->> 'slug'
);

-- Who alleges and who denies, in the reports and the events, by name.
UPDATE reports SET draft = json_set(draft,
    '$.alleged_by', (
        SELECT json_group_array(COALESCE(r.new_name, n.value))
        FROM json_each(reports.draft, '$.alleged_by') n
        LEFT JOIN actor_renames r ON r.old_name = n.value),
    '$.denied_by', (
        SELECT json_group_array(COALESCE(r.new_name, n.value))
        FROM json_each(reports.draft, '$.denied_by') n
        LEFT JOIN actor_renames r ON r.old_name = n.value))
WHERE json_type(draft, '$.alleged_by') = 'array' AND json_type(draft, '$.denied_by') = 'array'
AND EXISTS (
    SELECT 1 FROM json_each(reports.draft, '$.alleged_by') n
    JOIN actor_renames r ON r.old_name = n.value
    UNION ALL
    SELECT 1 FROM json_each(reports.draft, '$.denied_by') n
    JOIN actor_renames r ON r.old_name = n.value
);

UPDATE events SET
    alleged_by = (
        SELECT json_group_array(COALESCE(r.new_name, n.value))
        FROM json_each(events.alleged_by) n LEFT JOIN actor_renames r ON r.old_name = n.value),
    denied_by = (
        SELECT json_group_array(COALESCE(r.new_name, n.value))
        FROM json_each(events.denied_by) n LEFT JOIN actor_renames r ON r.old_name = n.value)
WHERE json_valid(alleged_by) AND json_valid(denied_by)
AND EXISTS (
    SELECT 1 FROM json_each(events.alleged_by) n JOIN actor_renames r ON r.old_name = n.value
    UNION ALL
    SELECT 1 FROM json_each(events.denied_by) n JOIN actor_renames r ON r.old_name = n.value
);

DROP TABLE actor_merges;
DROP TABLE actor_renames;
