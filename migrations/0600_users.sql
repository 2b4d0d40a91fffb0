-- Console users of a company and their sessions (issue #8).
-- Users belong to the company's live tenant (the account); a session acts on the live tenant or,
-- when switched in the console, on its sandbox. An e-mail logs in to one company only, so the
-- login form needs no company field: the e-mail is unique across the installation.
CREATE TABLE users (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'operator')),
  -- 'scrypt$N$r$p$<salt b64url>$<hash b64url>': the salt is per user and random.
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (email = lower(email))
);
CREATE UNIQUE INDEX users_email ON users (email);

-- Only a SHA-256 hash of the session id is stored (the id has 256 random bits): a database
-- dump does not let anyone log in. Deleting a user removes its sessions.
CREATE TABLE user_sessions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  token_hash bytea NOT NULL,
  mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'test')),
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX user_sessions_token ON user_sessions (token_hash);
CREATE INDEX user_sessions_expiry ON user_sessions (expires_at);
