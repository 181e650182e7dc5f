import type { Metadata } from "next";
import { Alert } from "@/app/_components/ui/alert";
import { Card } from "@/app/_components/ui/card";
import { auth } from "@/auth";
import { ParallelRequests } from "./_components/parallel-requests";
import { NotesCard } from "./_components/notes/notes-card";
import { ProfileCard } from "./_components/profile-card";
import { SessionLine } from "./_components/session-line";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const session = await auth.requireBrowserSafeSession();
  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">
          Welcome, {session.user.name ?? session.user.username}
        </h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          One page, both sides: a server component and a client component reading your Django API.
        </p>
        <SessionLine />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <ProfileCard />
        <Card
          title="Parallel requests"
          description="Client-side calls through the shared axios instance. After the access token expires, every 401 waits behind one refresh and is retried once."
        >
          {auth.config.django.userPath ? (
            <ParallelRequests path={auth.config.django.userPath} />
          ) : (
            <Alert tone="info">
              Set DJANGO_USER_PATH to give these requests a Django endpoint to call.
            </Alert>
          )}
        </Card>
        <NotesCard />
      </div>
    </>
  );
}
