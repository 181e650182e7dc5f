"use client";

import { useActionState, useId, useState } from "react";
import { useIsHydrated } from "@/app/_components/use-is-hydrated";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { followActionSession } from "@/app/_components/follow-action-session";
import { type ActionState, IDLE } from "@/lib/engine/client";
import { createNote } from "./note-actions";

/** Creates a note through a Server Action; Django's field errors appear beside the field. */
export function NoteForm() {
  const [text, setText] = useState("");
  const [state, submit, isPending] = useActionState(
    async (previous: ActionState, form: FormData) => {
      const next = followActionSession(await createNote(previous, form));
      if (next.status === "ok") setText("");
      return next;
    },
    IDLE,
  );
  const isHydrated = useIsHydrated();
  const id = useId();
  const errorId = `${id}-error`;
  const fieldErrors = state.status === "invalid" ? (state.fields.text ?? []) : [];
  const formErrors = state.status === "invalid" ? state.form : [];

  return (
    <form action={submit} noValidate className="space-y-3">
      {state.status === "error" && <Alert tone="warning">{state.message}</Alert>}
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
