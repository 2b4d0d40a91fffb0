import { createContext, useContext } from 'react';

export interface SessionInfo {
  user: { id: string; email: string; name: string; role: 'admin' | 'operator' };
  mode: 'live' | 'test';
  account_id: string;
  tenant_id: string;
  sandbox_available: boolean;
  expires_at: string;
  /** The server's business date (YYYY-MM-DD). */
  today: string;
}

export const SessionContext = createContext<{ session: SessionInfo; setSession: (s: SessionInfo | null) => void } | null>(null);

export function useSession() {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('no session');
  return ctx;
}
