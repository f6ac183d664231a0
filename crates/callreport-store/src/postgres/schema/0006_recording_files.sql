-- Recordings are named inside the store's recording files (a folder or a bucket), not by a
-- path on one machine. A relative path was `recordings/<name>`: it loses its first part. An
-- absolute path is kept; the server cannot read it from the recording files, and says so
-- when asked for it (register the file again, as `sync --recordings` does).
ALTER TABLE recordings RENAME COLUMN path TO file;
UPDATE recordings
   SET file = substr(file, strpos(file, '/') + 1)
 WHERE file NOT LIKE '/%' AND strpos(file, '/') > 0;
