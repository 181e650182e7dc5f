import Link from "next/link";
import { DjangoOutcomeView } from "@/app/_components/django-outcome-view";
import { Alert } from "@/app/_components/ui/alert";
import { Card } from "@/app/_components/ui/card";
import { auth } from "@/auth";
import { NOTES_PATH, notes } from "@/app/_resources/notes";
import { pageQuery } from "@/lib/engine/server";
import { NoteForm } from "./note-form";
import { NoteItem } from "./note-item";

/** The dashboard's search param that holds the notes list's offset. */
export const NOTES_OFFSET_PARAM = "notes";

/** A page link of DRF's, as the dashboard's own URL for that page of notes. */
function dashboardHref(link: string | null): string | null {
  const query = pageQuery(link);
  return query ? `/dashboard?${NOTES_OFFSET_PARAM}=${Number(query.offset ?? 0)}` : null;
}

/**
 * Read in a server component, one page at a time (DRF's limit/offset pagination, `?notes=` on
 * the dashboard), written through Server Actions that renew an expired session.
 */
export async function NotesCard({ offset }: { offset: number }) {
  const outcome = await auth.callDjango(...notes.page(offset));
  // Your Django has no notes/: this card is the example to copy, not a feature to keep.
  if (!outcome.ok && outcome.error === "not_found") {
    return (
      <Card title="Notes" description="The example resource">
        <Alert tone="info">
          Your Django has no <code>{NOTES_PATH}</code>. This card shows how to list, page, add and
          delete a resource: copy <code>app/_resources/notes.ts</code> for one of yours, then delete{" "}
          <code>app/(protected)/dashboard/_components/notes</code> and its{" "}
          <code>&lt;NotesCard/&gt;</code>.
        </Alert>
      </Card>
    );
  }
  return (
    <Card
      title="Notes"
      description={
        <>
          Listed on the server from Django&apos;s <code>{NOTES_PATH}</code>, a page at a time; added
          and deleted through Server Actions.
        </>
      }
    >
      <DjangoOutcomeView outcome={outcome} what="your notes">
        {(page) => {
          const newer = dashboardHref(page.previous);
          const older = dashboardHref(page.next);
          return (
            <div className="space-y-4">
              <NoteForm />
              {page.results.length === 0 ? (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  {offset === 0 ? "No notes yet." : "No notes on this page."}
                </p>
              ) : (
                <ul
                  aria-label="Your notes"
                  className="divide-y divide-zinc-200 dark:divide-zinc-800"
                >
                  {page.results.map((note) => (
                    <NoteItem key={note.id} note={note} />
                  ))}
                </ul>
              )}
              {newer || older ? (
                <nav aria-label="Pages of notes" className="flex items-center gap-4 text-sm">
                  {newer ? <Link href={newer}>Newer notes</Link> : null}
                  <span className="text-zinc-600 dark:text-zinc-400">
                    {offset + 1}–{offset + page.results.length} of {page.count}
                  </span>
                  {older ? <Link href={older}>Older notes</Link> : null}
                </nav>
              ) : null}
            </div>
          );
        }}
      </DjangoOutcomeView>
    </Card>
  );
}
