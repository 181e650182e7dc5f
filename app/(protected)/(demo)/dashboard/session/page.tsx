import type { Metadata } from "next";
import { Alert } from "@/app/_components/ui/alert";
import { buttonClass } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { TokenClock } from "../../_components/token-clock";
import { auth } from "@/auth";
import { ParallelRequests } from "@/app/(protected)/dashboard/_components/parallel-requests";
import { AuthTimeline } from "../../_components/auth-timeline";
import { DevTools } from "../../_components/dev-tools";
import { RefreshCounters } from "../../_components/refresh-counters";

export const metadata: Metadata = { title: "Session inspector" };

export default async function SessionInspectorPage() {
  const session = await auth.requireBrowserSafeSession();
  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Session inspector</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Watch the race being handled. Let the access token expire, fire parallel requests, open
          another tab: every 401 waits behind one refresh and is retried once. Tokens never reach
          this page, only their expiry times.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[2fr_3fr]">
        <div className="space-y-6">
          <Card title="Tokens">
            <TokenClock
              initial={{
                accessExpires: session.accessExpires,
                refreshExpires: session.refreshExpires,
              }}
            />
          </Card>
          <Card title="Make it happen">
            <div className="space-y-4">
              {auth.config.django.userPath ? (
                <ParallelRequests path={auth.config.django.userPath} />
              ) : (
                <Alert tone="info">
                  Set DJANGO_USER_PATH to give the requests a Django endpoint to call.
                </Alert>
              )}
              <a
                href="/dashboard/session"
                target="_blank"
                rel="noopener"
                className={buttonClass("secondary")}
              >
                Open another tab
              </a>
              {auth.config.deployment.isDevelopment && <DevTools />}
            </div>
          </Card>
          <RefreshCounters />
        </div>
        <Card
          title="Timeline"
          description="This tab's requests, its refresh, and the refreshes other tabs announce."
        >
          <AuthTimeline />
        </Card>
      </div>
    </>
  );
}
