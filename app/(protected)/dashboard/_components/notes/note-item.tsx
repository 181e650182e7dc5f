"use client";

import { useActionState } from "react";
import { Button } from "@/app/_components/ui/button";
import { useIsHydrated } from "@/app/_components/use-is-hydrated";
import { followActionSession } from "@/app/_components/follow-action-session";
import { IDLE } from "@/lib/engine/client";
import { deleteNote } from "./note-actions";
import type { Note } from "./note-schema";

/** One note with its delete button: a Server Action bound to the note's id. */
export function NoteItem({ note }: { note: Note }) {
  const [state, remove, isPending] = useActionState(
    async () => followActionSession(await deleteNote(note.id)),
    IDLE,
  );
  const isHydrated = useIsHydrated();
  return (
    <li data-testid="note" className="flex items-start justify-between gap-3 py-2">
      <div className="min-w-0 space-y-1">
        <p data-testid="note-text" className="text-sm break-words">
          {note.text}
        </p>
        {state.status === "error" && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {state.message}
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
