import type { Metadata } from "next";
import { Card } from "@/app/_components/ui/card";
import { auth } from "@/auth";
import { ParallelRequests } from "./_components/parallel-requests";
import { NOTES_PATH } from "@/app/_resources/notes";
import { NOTES_OFFSET_PARAM, NotesCard } from "./_components/notes/notes-card";
import { ProfileCard } from "./_components/profile-card";
import { SessionLine } from "./_components/session-line";

export const metadata: Metadata = { title: "Dashboard" };

/**
 * What the parallel requests call: the profile path when it is a plain one (me/), else the
 * example resource (a path filled from the token's claims is the server's to fill).
 */
function parallelRequestsPath(): string {
  const { userPath } = auth.config.django;
  return userPath && !userPath.includes("{") ? userPath : NOTES_PATH;
}

type DashboardPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** A whole number ≥ 0 from the search param, else 0 (a hand-edited URL lands on the first page). */
function readOffset(value: string | string[] | undefined): number {
  const offset = Number(typeof value === "string" ? value : 0);
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : 0;
}

export default async function DashboardPage({ searchParams }: DashboardPageProps) {
  const session = await auth.requireBrowserSafeSession();
  const notesOffset = readOffset((await searchParams)[NOTES_OFFSET_PARAM]);
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
          <ParallelRequests path={parallelRequestsPath()} />
        </Card>
        <NotesCard offset={notesOffset} />
      </div>
    </>
  );
}
