"use client";

import { useActionState, useId, useState } from "react";
import { useIsHydrated } from "@/app/_components/use-is-hydrated";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { describeFailure } from "@/app/_components/describe-failure";
import { type DjangoOutcome, followSession } from "@/lib/engine/client";
import type { Note } from "@/app/_resources/notes";
import { createNote } from "./note-actions";

/** Creates a note through a Server Action; Django's field errors appear beside the field. */
export function NoteForm() {
  const [text, setText] = useState("");
  const [state, submit, isPending] = useActionState(
    async (_previous: DjangoOutcome<Note> | null, form: FormData) => {
      const next = followSession(await createNote(form));
      if (next.ok) setText("");
      return next;
    },
    null,
  );
  const isHydrated = useIsHydrated();
  const id = useId();
  const errorId = `${id}-error`;
  const errors = state && !state.ok && state.error === "invalid" ? state.errors : null;
  const fieldErrors = errors?.fields.text ?? [];
  const formErrors = errors?.form ?? [];
  const failure = state && !state.ok && state.error !== "invalid" ? state.error : null;

  return (
    <form action={submit} noValidate className="space-y-3">
      {failure && <Alert tone="warning">{describeFailure(failure)}</Alert>}
      {formErrors.length > 0 && <Alert>{formErrors.join(" ")}</Alert>}
      <div className="space-y-1.5">
        <label htmlFor={id} className="block text-sm font-medium">
          New note
        </label>
        <textarea
          id={id}
          name="text"
          rows={2}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={fieldErrors.length > 0 || undefined}
          aria-describedby={fieldErrors.length > 0 ? errorId : undefined}
          className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs outline-none focus-visible:border-brand-500 focus-visible:ring-2 focus-visible:ring-brand-500/40 aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-950"
        />
        {fieldErrors.length > 0 && (
          <p id={errorId} className="text-sm text-red-700 dark:text-red-300">
            {fieldErrors.join(" ")}
          </p>
        )}
      </div>
      <Button type="submit" isPending={isPending} disabled={!isHydrated}>
        {isPending ? "Saving…" : "Add note"}
      </Button>
    </form>
  );
}
