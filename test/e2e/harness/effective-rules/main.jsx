// A test-only page that mounts <EffectiveRules> alone (test/e2e/rules-console.test.ts builds it
// under the console's directory), so the component is exercised in Chromium whether or not a
// console page places it yet: /__harness__/effective-rules/index.html?type=customer&id=<uuid>.
// Plain JSX (not TSX): the server's tsconfig covers test/ and has no JSX; the component itself is
// type-checked with the console (web/tsconfig.json).
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { EffectiveRules } from '../../../../web/src/components/EffectiveRules.tsx';
import { setBusinessToday } from '../../../../web/src/format.ts';
import { Notices } from '../../../../web/src/ui.tsx';
import '../../../../web/src/styles.css';

function Harness() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    // The console takes "today" from the session; so does this page.
    void fetch('/v1/session', { credentials: 'same-origin' })
      .then((r) => r.json())
      .then((s) => {
        setBusinessToday(s.today);
        setReady(true);
      });
  }, []);
  const q = new URLSearchParams(location.search);
  const target = { type: q.get('type'), id: q.get('id') ?? '' };
  const what = { customer: 'deste cliente', contract: 'deste contrato', service: 'deste serviço' }[target.type];
  return (
    <main>
      <h1>Regras e encargos {what}</h1>
      {ready && <EffectiveRules target={target} />}
      <Notices />
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
);
