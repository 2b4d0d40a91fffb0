// The notifications capability hooks into writers below it: charge events queue notices, and the
// daily tick runs the dunning schedule. Both the API (buildApp) and `cobre worker` call this.
import { registerNotices } from './notices.ts';
import { registerDunning } from './dunning/run.ts';

export function registerNotificationHooks(): void {
  registerNotices();
  registerDunning();
}

export { startNotificationSender } from './sender.ts';
export { assertSecretKeyAvailable } from './channels.ts';
