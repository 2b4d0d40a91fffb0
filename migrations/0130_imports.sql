-- Spreadsheet imports (customers, consumption): the uploaded file, the import's state and
-- progress, and a report of every bad row. The file lives in the database so that any worker
-- process can run the import.

CREATE TABLE imports (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  entity text NOT NULL CHECK (entity IN ('customers', 'consumption')),
  mode text NOT NULL CHECK (mode IN ('all_or_nothing', 'valid_rows')),
  dry_run boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  filename text,
  content_type text,
  size_bytes bigint NOT NULL,
  format text CHECK (format IN ('xlsx', 'csv')),
  job_id uuid,
  total_rows integer,
  processed_rows integer NOT NULL DEFAULT 0,
  -- valid_rows mode commits chunk by chunk: the last sheet row committed, so a retried job resumes after it.
  last_row_number integer NOT NULL DEFAULT 0,
  valid_rows integer NOT NULL DEFAULT 0,
  invalid_rows integer NOT NULL DEFAULT 0,
  created_count integer NOT NULL DEFAULT 0,
  updated_count integer NOT NULL DEFAULT 0,
  unchanged_count integer NOT NULL DEFAULT 0,
  error_count integer NOT NULL DEFAULT 0,
  -- A file-level failure (empty file, wrong header, not a spreadsheet): {code, message, details}.
  failure jsonb,
  actor_type text NOT NULL,
  actor_id text,
  request_id text,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX imports_created ON imports (tenant_id, created_at);

CREATE TABLE import_files (
  tenant_id uuid NOT NULL,
  import_id uuid NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (tenant_id, import_id),
  FOREIGN KEY (tenant_id, import_id) REFERENCES imports (tenant_id, id) ON DELETE CASCADE
);

-- One line per problem (a row may have several): row number, column header as in the file, message.
CREATE TABLE import_errors (
  tenant_id uuid NOT NULL,
  import_id uuid NOT NULL,
  seq integer NOT NULL,
  row_number integer NOT NULL,
  column_name text,
  message text NOT NULL,
  value text,
  PRIMARY KEY (tenant_id, import_id, seq),
  FOREIGN KEY (tenant_id, import_id) REFERENCES imports (tenant_id, id) ON DELETE CASCADE
);
