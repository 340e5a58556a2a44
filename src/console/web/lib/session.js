/**
 * The console's sign-in, kept in the tab's session storage (docs/console.md): it ends when the
 * tab closes and no other tab or site sees it. A "view as" token, when one is active, sits beside
 * the admin's own token and is used by the data browser only.
 */
const TOKEN = 'graphkeep.console.token';
const LABEL = 'graphkeep.console.label';
const VIEW_AS = 'graphkeep.console.viewAs';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN);
  },
  /** Who signed in, as the header shows it. */
  get label() {
    return sessionStorage.getItem(LABEL) ?? '';
  },
  signIn(token, label) {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(LABEL, label);
  },
  signOut() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(LABEL);
    sessionStorage.removeItem(VIEW_AS);
  },
  /** `{ token, label, expiresAt }` while viewing as someone, else null. */
  get viewAs() {
    const stored = sessionStorage.getItem(VIEW_AS);
    return stored ? JSON.parse(stored) : null;
  },
  startViewAs(viewAs) {
    sessionStorage.setItem(VIEW_AS, JSON.stringify(viewAs));
  },
  stopViewAs() {
    sessionStorage.removeItem(VIEW_AS);
  },
};
