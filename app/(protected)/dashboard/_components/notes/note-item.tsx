"use client";

import { useActionState } from "react";
import { Button } from "@/app/_components/ui/button";
import { useIsHydrated } from "@/app/_components/use-is-hydrated";
import { describeFailure } from "@/app/_components/describe-failure";
import { followSession } from "@/lib/engine/client";
import type { Note } from "@/app/_resources/notes";
import { deleteNote } from "./note-actions";

/** One note with its delete button: a Server Action bound to the note's id. */
export function NoteItem({ note }: { note: Note }) {
  const [state, remove, isPending] = useActionState(
    async () => followSession(await deleteNote(note.id)),
    null,
  );
  const isHydrated = useIsHydrated();
  return (
    <li data-testid="note" className="flex items-start justify-between gap-3 py-2">
      <div className="min-w-0 space-y-1">
        <p data-testid="note-text" className="text-sm break-words">
          {note.text}
        </p>
        {state && !state.ok && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {describeFailure(state.error)}
          </p>
        )}
      </div>
      <form action={remove}>
        <Button
          type="submit"
          variant="secondary"
          isPending={isPending}
          disabled={!isHydrated}
          aria-label={`Delete note: ${note.text}`}
        >
          Delete
        </Button>
      </form>
    </li>
  );
}
