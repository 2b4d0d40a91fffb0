import { createContext, useContext } from 'react';

export interface SessionInfo {
  user: { id: string; email: string; name: string; role: 'admin' | 'operator' };
  mode: 'live' | 'test';
  account_id: string;
  tenant_id: string;
  sandbox_available: boolean;
  expires_at: string;
}

export const SessionContext = createContext<{ session: SessionInfo; setSession: (s: SessionInfo | null) => void } | null>(null);

export function useSession() {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('no session');
  return ctx;
}
