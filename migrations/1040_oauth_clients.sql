-- OAuth applications (docs/compat.md#oauth): a program a company authorised, in the console, to act
-- on its live data or on its sandbox. Clients of the compatibility dialects use the authorization-code
-- flow with refresh tokens, as the source products do. Only SHA-256 hashes of secrets, codes and
-- tokens are stored (all carry 256 bits of entropy).
CREATE TABLE oauth_clients (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE, -- the company (live tenant)
  id uuid NOT NULL,                                                 -- the client_id
  name text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('live', 'test')),              -- the data the company consented to
  secret_hash bytea NOT NULL,
  redirect_uris text[] NOT NULL DEFAULT '{}',                       -- empty: any http(s) URI
  consented_by text,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
-- Global lookups by client_id and by secret: the token endpoint knows no tenant yet.
CREATE UNIQUE INDEX oauth_clients_id ON oauth_clients (id);

-- Authorization codes: single use, minutes long.
CREATE TABLE oauth_codes (
  tenant_id uuid NOT NULL,
  code_hash bytea NOT NULL,
  client_id uuid NOT NULL,
  redirect_uri text,
  code_challenge text,
  code_challenge_method text CHECK (code_challenge_method IN ('S256', 'plain')),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, code_hash),
  FOREIGN KEY (tenant_id, client_id) REFERENCES oauth_clients (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX oauth_codes_hash ON oauth_codes (code_hash);

-- Refresh tokens rotate: each use returns a new one. A grant is the chain started by one code; a
-- refresh token used twice revokes its whole grant (RFC 6819 §5.2.2.3).
CREATE TABLE oauth_refresh_tokens (
  tenant_id uuid NOT NULL,
  token_hash bytea NOT NULL,
  client_id uuid NOT NULL,
  grant_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, client_id) REFERENCES oauth_clients (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX oauth_refresh_tokens_hash ON oauth_refresh_tokens (token_hash);
CREATE INDEX oauth_refresh_tokens_grant ON oauth_refresh_tokens (tenant_id, grant_id);

-- An access token is issued for an API key (client credentials) or for an OAuth client's grant.
ALTER TABLE oauth_tokens ALTER COLUMN api_key_id DROP NOT NULL;
ALTER TABLE oauth_tokens ADD COLUMN client_id uuid;
ALTER TABLE oauth_tokens ADD COLUMN grant_id uuid;
ALTER TABLE oauth_tokens ADD CONSTRAINT oauth_tokens_client
  FOREIGN KEY (tenant_id, client_id) REFERENCES oauth_clients (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE oauth_tokens ADD CONSTRAINT oauth_tokens_one_issuer CHECK ((api_key_id IS NULL) <> (client_id IS NULL));
CREATE INDEX oauth_tokens_grant ON oauth_tokens (tenant_id, grant_id) WHERE grant_id IS NOT NULL;
