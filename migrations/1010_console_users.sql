-- Console users, issue 16: saved filters of a list screen and password-reset links.
-- Both belong to a user, so to the company's live tenant (users.tenant_id), whatever data space
-- (live or sandbox) the session views; deleting the user deletes them.

-- A named query string of a list screen ("contas-a-receber", …), private to its user.
CREATE TABLE saved_filters (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  screen text NOT NULL,
  name text NOT NULL,
  query text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
-- Saving under an existing name (case-insensitive) replaces that filter.
CREATE UNIQUE INDEX saved_filters_name ON saved_filters (tenant_id, user_id, screen, lower(name));

-- One-time password-reset links. Only a SHA-256 hash of the token is stored (256 random bits), as
-- for sessions: a database dump does not let anyone reset a password.
CREATE TABLE password_reset_tokens (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  token_hash bytea NOT NULL,
  -- who asked: 'self' (the public "Esqueci minha senha" form) or 'admin' (Configurações → Usuários)
  requested_by text NOT NULL CHECK (requested_by IN ('self', 'admin')),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX password_reset_tokens_hash ON password_reset_tokens (token_hash);
CREATE INDEX password_reset_tokens_user ON password_reset_tokens (tenant_id, user_id) WHERE used_at IS NULL;
