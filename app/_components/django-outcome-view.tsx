import type { ReactNode } from "react";
import type { DjangoOutcome } from "@/lib/engine/server";
import { RefreshBoundary } from "./refresh-boundary";
import { Alert } from "./ui/alert";

type DjangoOutcomeViewProps<T> = {
  outcome: DjangoOutcome<T>;
  /** What was loaded, for the messages: "your profile". */
  what: string;
  children: (data: T) => ReactNode;
};

/**
 * Renders a server component's Django outcome: the data through `children`, and one standard
 * answer for every failure, so a page writes only its happy path. `unauthenticated` renders
 * <RefreshBoundary/>: the tab's single refresh, then one re-render.
 */
export function DjangoOutcomeView<T>({ outcome, what, children }: DjangoOutcomeViewProps<T>) {
  switch (outcome.kind) {
    case "ok":
      return children(outcome.data);
    case "unauthenticated":
      return <RefreshBoundary what={what} />;
    case "forbidden":
      return <Alert>You are not allowed to see {what}.</Alert>;
    case "not_found":
      return <Alert tone="info">Django has no {what} here (404).</Alert>;
    case "invalid":
      return <Alert>Django refused the request for {what} (400).</Alert>;
    case "unavailable":
      return (
        <Alert tone="warning">
          Django is unavailable right now, so {what} could not be loaded. You are still signed in;
          reload in a moment.
        </Alert>
      );
  }
}
