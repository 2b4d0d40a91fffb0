import type { Tx } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import { isUuid } from '../platform/ids.ts';
import * as q from './queries.ts';
import { hashSecret, newTokenSecret } from './credentials.ts';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/**
 * OAuth2 client-credentials grant: client_id is the API key's id, client_secret the API key.
 * The token acts for the same tenant and mode as the key and dies with it.
 */
export async function issueToken(
  tx: Tx,
  input: { grant_type?: string; client_id?: string; client_secret?: string },
  opts: { ttlSeconds: number; now: Date },
): Promise<TokenResponse> {
  if (input.grant_type !== 'client_credentials') {
    throw new DomainError('unsupported_grant_type', 'Only grant_type=client_credentials is supported');
  }
  if (!input.client_id || !input.client_secret || !isUuid(input.client_id)) {
    throw new DomainError('invalid_client', 'Client authentication failed');
  }
  const cred = await q.findCredentialByKeyHash(tx, hashSecret(input.client_secret));
  if (!cred || cred.revoked_at || cred.api_key_id !== input.client_id) {
    throw new DomainError('invalid_client', 'Client authentication failed');
  }
  const secret = newTokenSecret();
  await q.insertToken(tx, {
    tenant_id: cred.account_id,
    token_hash: hashSecret(secret),
    api_key_id: cred.api_key_id,
    expires_at: new Date(opts.now.getTime() + opts.ttlSeconds * 1000),
  }, opts.now);
  return { access_token: secret, token_type: 'Bearer', expires_in: opts.ttlSeconds, scope: cred.mode };
}
