"use client";

import {
  createContext,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import { syncSession } from "./session-sync.client";
import {
  createSessionStore,
  LOADING_SESSION,
  type SessionSeed,
  type SessionState,
  type SessionStore,
} from "./session-store.client";

const SessionStoreContext = createContext<SessionStore | null>(null);

type SessionProviderProps = {
  /** The server's browser-safe session (requireBrowserSafeSession() in the protected layout). */
  session: SessionSeed;
  /** How long before a session limit `useSession()` says "expiring" (authConfig's warning lead). */
  warningLeadMs: number;
  children: ReactNode;
};

/**
 * Wrap signed-in pages in it (the protected layout does): it keeps this tab's session in sync
 * with the other tabs, renews on wake, ends the session once a limit has passed, and gives
 * `useSession()` its answer. Renders nothing of its own.
 */
export function SessionProvider({ session, warningLeadMs, children }: SessionProviderProps) {
  // One store per page; the lead is configuration, read once.
  const [store] = useState(() => createSessionStore(session, { warningLeadMs }));
  useEffect(() => store.seed(session), [store, session]);
  useEffect(() => syncSession(store), [store]);
  return <SessionStoreContext value={store}>{children}</SessionStoreContext>;
}

const ignoreChanges = () => () => {};
const readLoading = () => LOADING_SESSION;

/** The store of the SessionProvider above, or null (then the session is unknown: "loading"). */
export function useSessionStore(): SessionStore | null {
  return useContext(SessionStoreContext);
}

/**
 * The session as this tab knows it: `{ status, user, deadlines, endReason }`, never a token.
 * Re-renders on a renewal, when a limit comes within the warning lead, and on a sign-out in any
 * tab. Outside a SessionProvider (a public page): status "loading", nothing else.
 */
export function useSession(): SessionState {
  const store = useSessionStore();
  return useSyncExternalStore(
    store?.subscribe ?? ignoreChanges,
    store?.getSnapshot ?? readLoading,
    store?.getServerSnapshot ?? readLoading,
  );
}
