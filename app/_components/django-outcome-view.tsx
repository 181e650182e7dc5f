import { randomUUID } from "node:crypto";
import { cache, type ReactNode } from "react";
import type { DjangoOutcome } from "@/lib/engine/server";
import { SessionEndedNotice } from "./session-ended-notice";
import { RefreshBoundary } from "./refresh-boundary";
import { Alert } from "./ui/alert";

type DjangoOutcomeViewProps<T> = {
  outcome: DjangoOutcome<T>;
  /** What was loaded, for the messages: "your profile". */
  what: string;
  children: (data: T) => ReactNode;
};

/** One id per server render: every card of one render joins the same page renewal. */
const readRenderId = cache(() => randomUUID());

/**
 * Renders a server component's Django outcome: the data through `children`, and one standard
 * answer for every failure, so a page writes only its happy path. `unauthenticated` renders
 * <RefreshBoundary/>: one renewal and one re-render for the whole page.
 */
export function DjangoOutcomeView<T>({ outcome, what, children }: DjangoOutcomeViewProps<T>) {
  if (outcome.ok) return children(outcome.data);
  switch (outcome.error) {
    case "unauthenticated":
      return <RefreshBoundary what={what} renderId={readRenderId()} />;
    case "session_expired":
      return <SessionEndedNotice />;
    case "forbidden":
      return <Alert>You are not allowed to see {what}.</Alert>;
    case "not_found":
      return <Alert tone="info">Django found nothing for {what} (404).</Alert>;
    case "invalid":
      return <Alert>Django refused the request for {what} (400).</Alert>;
    case "unavailable":
      return (
        <Alert tone="warning">
          {outcome.status
            ? `Django answered with an error (${outcome.status}), so ${what} could not be loaded.`
            : `Django is unavailable right now, so ${what} could not be loaded.`}{" "}
          You are still signed in; reload in a moment.
        </Alert>
      );
  }
}
