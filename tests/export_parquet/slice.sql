-- One period's slice of a `councils export --format parquet` folder (run in
-- that folder): every organisation active on some day of the period (the
-- loose reading; nulls are open ends), with its degree (relations in and
-- out, parallel ones counted) and its degree centrality as
-- `councils centrality --measure degree` computes it (the flow kinds,
-- parallel relations merged, divided by n - 1).
WITH period AS (
    SELECT start_date AS first, end_date AS last
    FROM 'periods.parquet' WHERE id = $period
),
organisations AS (
    SELECT n.id FROM 'nodes.parquet' n, period p
    WHERE (n.start_date IS NULL OR n.start_date <= p.last)
      AND (n.end_date IS NULL OR n.end_date >= p.first)
),
relations AS (
    SELECT e.source, e.target, e.kind FROM 'edges.parquet' e, period p
    WHERE (e.start_date IS NULL OR e.start_date <= p.last)
      AND (e.end_date IS NULL OR e.end_date >= p.first)
      AND e.source IN (SELECT id FROM organisations)
      AND e.target IN (SELECT id FROM organisations)
),
flows AS (
    SELECT DISTINCT source, target FROM relations
    WHERE kind IN ('delegation', 'control')
)
SELECT o.id,
       (SELECT count(*) FROM relations r
        WHERE r.source = o.id OR r.target = o.id) AS degree,
       (SELECT count(*) FROM flows f
        WHERE f.source = o.id OR f.target = o.id)
         / (SELECT count(*) - 1 FROM organisations) AS degree_centrality
FROM organisations o
ORDER BY o.id;
