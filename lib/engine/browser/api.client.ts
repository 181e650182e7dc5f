import axios, {
  isAxiosError,
  type AxiosAdapter,
  type AxiosInstance,
  type InternalAxiosRequestConfig,
} from "axios";
import {
  readDjangoRefusal,
  type ErrorCode,
  type RefusalReason,
  type SessionEndReason,
} from "@/lib/engine/contract";
import { judgeUnauthorized } from "@/lib/engine/django/judge-unauthorized";
import { emitAuthEvent } from "./auth-events.client";
import {
  endRefusedSession,
  redirectToLogin,
  refreshSessionOnce,
  type RefreshResult,
} from "./tab-refresh.client";

/** The refresh token is dead: the user is being sent to sign in again. */
export class SessionExpiredError extends Error {
  readonly code: ErrorCode = "session_expired";
  readonly isRetryable = false;
  constructor() {
    super("Your session has ended. Please sign in again.");
    this.name = "SessionExpiredError";
  }
}

/** The session could not be renewed right now (Django down or slow). Still signed in: retry. */
export class RefreshUnavailableError extends Error {
  readonly code: ErrorCode = "upstream_unavailable";
  readonly isRetryable = true;
  constructor() {
    super("The server is unavailable. Your session is safe; try again in a moment.");
    this.name = "RefreshUnavailableError";
  }
}

type RetriableConfig = InternalAxiosRequestConfig & { isRetry?: boolean; sentAt?: number };

type ApiClientOptions = {
  /** Called because Django refused the request's access token (the body says so). */
  refresh?: (requestSentAt?: number) => Promise<RefreshResult>;
  /** `reason` when a session limit or Django's refusal of the user ended the session. */
  onSessionExpired?: (reason?: SessionEndReason) => void;
  /** Django refused the retry too, with a renewed session: it refuses this user, for `reason`. */
  onSessionRefused?: (reason: RefusalReason) => void;
  adapter?: AxiosAdapter;
};

const describe = (config: InternalAxiosRequestConfig) =>
  `${config.method?.toUpperCase() ?? "GET"} ${config.url ?? ""}`;

/**
 * Every 401 waits behind the same single refresh, then is retried exactly once. The refresh call
 * itself does not go through this client, so it can never be intercepted.
 */
export function createApiClient({
  refresh = refreshSessionOnce,
  onSessionExpired = redirectToLogin,
  onSessionRefused = (reason) => void endRefusedSession(reason),
  adapter,
}: ApiClientOptions = {}): AxiosInstance {
  const client = axios.create({ baseURL: "/api/django", timeout: 30_000, adapter });

  client.interceptors.request.use((config: RetriableConfig) => {
    config.sentAt = performance.now();
    return config;
  });

  client.interceptors.response.use(undefined, async (error: unknown) => {
    if (!isAxiosError(error) || error.response?.status !== 401 || !error.config) throw error;
    const config: RetriableConfig = error.config;
    if (config.isRetry) throw error;

    const request = describe(config);
    emitAuthEvent({ type: "unauthorized", request });
    if (judgeUnauthorized(error.response.data, { hasRenewed: false }) === "end_session") {
      onSessionRefused(readDjangoRefusal(error.response.data) ?? "account_deactivated");
      throw new SessionExpiredError();
    }
    const result = await refresh(config.sentAt);
    if (!result.ok && result.error === "session_expired") {
      onSessionExpired(result.reason);
      throw new SessionExpiredError();
    }
    if (!result.ok) throw new RefreshUnavailableError();

    try {
      const response = await client.request({ ...config, isRetry: true } as RetriableConfig);
      emitAuthEvent({ type: "retried", request, status: response.status });
      return response;
    } catch (retryError) {
      const status = isAxiosError(retryError)
        ? (retryError.response?.status ?? "failed")
        : "failed";
      emitAuthEvent({ type: "retried", request, status });
      // Retry-once still holds: no second refresh. The one rule decides a second 401.
      const body = isAxiosError(retryError) ? retryError.response?.data : undefined;
      if (status === 401 && judgeUnauthorized(body, { hasRenewed: true }) === "end_session") {
        onSessionRefused(readDjangoRefusal(body) ?? "account_deactivated");
        throw new SessionExpiredError();
      }
      throw retryError;
    }
  });

  return client;
}

/** The app's one client for Django: `api.get("notes/")` reaches `<DJANGO_API_URL>/notes/`. */
export const api = createApiClient();
