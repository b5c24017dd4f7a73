-- facility_location's per-pick round (coverage.md §2.2): 0, 1, ... or -1 for the zero-gain fill;
-- null for every other method.
ALTER TABLE job_results ADD COLUMN round INTEGER;
