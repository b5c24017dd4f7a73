-- What a selection job runs, written once when the job is created so that neither the executor
-- nor the job routes parse the stored request again: the method, the plan (the request as it
-- runs, compact JSON whose inline targets are shapes) and those targets' rows (float32, little-endian).
ALTER TABLE jobs ADD COLUMN method TEXT;
ALTER TABLE jobs ADD COLUMN plan TEXT;
ALTER TABLE jobs ADD COLUMN plan_rows BLOB;
