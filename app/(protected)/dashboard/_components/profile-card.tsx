import { z } from "zod";
import { RefreshBoundary } from "@/app/_components/refresh-boundary";
import { Alert } from "@/app/_components/ui/alert";
import { Card } from "@/app/_components/ui/card";
import { fetchDjangoForPage } from "@/lib/django/fetch-for-page";
import { env } from "@/lib/env.mjs";

const profileSchema = z.record(z.string(), z.unknown());

/** A server component reading Django with the session's access token. */
export async function ProfileCard() {
  const path = env.DJANGO_USER_PATH;
  if (!path) {
    return (
      <Card title="Your profile">
        <Alert tone="info">
          Set DJANGO_USER_PATH (for example <code>me/</code>) to read the profile from Django here.
        </Alert>
      </Card>
    );
  }
  const result = await fetchDjangoForPage(path, profileSchema);
  return (
    <Card
      title="Your profile"
      description={
        <>
          Read on the server from Django&apos;s <code>{path}</code>.
        </>
      }
    >
      {result.kind === "ok" && (
        <dl data-testid="profile" className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          {Object.entries(result.data)
            .filter(([, value]) => typeof value === "string" || typeof value === "number")
            .map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="text-zinc-600 dark:text-zinc-400">{key}</dt>
                <dd data-field={key} className="font-medium break-all">
                  {String(value) || "—"}
                </dd>
              </div>
            ))}
        </dl>
      )}
      {result.kind === "needs_refresh" && <RefreshBoundary what="your profile" />}
      {result.kind === "unavailable" && (
        <Alert tone="warning">
          Django is unavailable right now. You are still signed in; reload in a moment.
        </Alert>
      )}
      {result.kind === "error" && (
        <Alert>
          Django answered {result.status} for {path}.
        </Alert>
      )}
    </Card>
  );
}
