-- Customer name search that is case- and accent-insensitive ("joao" finds "João"), and fast on a
-- million customers whichever way the planner goes.
--
-- cobre_fold() lower-cases and strips the accents of Portuguese, Spanish and French letters with
-- translate() (immutable, no extension needed, the same on PGlite and server PostgreSQL). Upper-case
-- accented letters are listed too, because lower() leaves non-ASCII letters alone under the C locale.
CREATE FUNCTION cobre_fold(s text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN translate(lower(s),
    'ÁÀÂÃÄÅÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑÝáàâãäåéèêëíìîïóòôõöúùûüçñýÿ',
    'aaaaaaeeeeiiiiooooouuuucnyaaaaaaeeeeiiiiooooouuuucnyy');

ALTER TABLE customers ADD COLUMN name_search text GENERATED ALWAYS AS (cobre_fold(name)) STORED;

DROP INDEX customers_name_trgm;
CREATE INDEX customers_name_search_trgm ON customers USING gin (name_search gin_trgm_ops);

-- `contains` on a name either walks the sort order (index on number) and stops after a page of
-- matches — best for common words — or collects every match through the trigram index and sorts
-- them — best for rare ones. The default statistics (100 histogram entries) make the planner
-- guess every multi-word fragment rare; with 1000 it sees how common "carla souza" is.
ALTER TABLE customers ALTER COLUMN name_search SET STATISTICS 1000;

-- The new column has no statistics until the next auto-analyze; take them now.
ANALYZE customers;
