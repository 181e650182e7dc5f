"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { type ActionState, toActionState, callDjangoFromAction } from "@/lib/engine/server";
import { NOTES_PATH, notePath, noteSchema } from "./note-schema";

// A Server Action is a public endpoint: its arguments come from the browser, so check them.
const noteIdSchema = z.number().int().positive();

/** Creates a note at Django; Django's 400 (blank, too long) comes back as field errors. */
export async function createNote(_previous: ActionState, form: FormData): Promise<ActionState> {
  const text = form.get("text");
  const outcome = await callDjangoFromAction(NOTES_PATH, {
    method: "POST",
    body: { text: typeof text === "string" ? text : "" },
    schema: noteSchema,
  });
  if (outcome.kind === "ok") refresh();
  return toActionState(outcome);
}

/** Deletes one of the user's notes (bound to its id); Django answers 404 for anyone else's. */
export async function deleteNote(id: number): Promise<ActionState> {
  if (!noteIdSchema.safeParse(id).success) return { status: "error", message: "No such note." };
  const outcome = await callDjangoFromAction(notePath(id), { method: "DELETE" });
  if (outcome.kind === "ok") refresh();
  return toActionState(outcome);
}
