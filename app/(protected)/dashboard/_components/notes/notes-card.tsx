import { DjangoOutcomeView } from "@/app/_components/django-outcome-view";
import { Card } from "@/app/_components/ui/card";
import { auth } from "@/auth";
import { NOTES_PATH, notes } from "@/app/_resources/notes";
import { NoteForm } from "./note-form";
import { NoteItem } from "./note-item";

/** Read in a server component, written through Server Actions that renew an expired session. */
export async function NotesCard() {
  const outcome = await auth.callDjango(...notes.list());
  return (
    <Card
      title="Notes"
      description={
        <>
          Listed on the server from Django&apos;s <code>{NOTES_PATH}</code>; added and deleted
          through Server Actions.
        </>
      }
    >
      <DjangoOutcomeView outcome={outcome} what="your notes">
        {(list) => (
          <div className="space-y-4">
            <NoteForm />
            {list.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">No notes yet.</p>
            ) : (
              <ul aria-label="Your notes" className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {list.map((note) => (
                  <NoteItem key={note.id} note={note} />
                ))}
              </ul>
            )}
          </div>
        )}
      </DjangoOutcomeView>
    </Card>
  );
}
