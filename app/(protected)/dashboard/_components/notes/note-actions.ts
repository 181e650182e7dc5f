"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { auth } from "@/auth";
import type { DjangoOutcome } from "@/lib/engine/server";
import { notes, type Note } from "@/app/_resources/notes";

// A Server Action is a public endpoint: its arguments come from the browser, so check them.
const noteIdSchema = z.number().int().positive();

/** Creates a note at Django; Django's 400 (blank, too long) comes back as field errors. */
export async function createNote(form: FormData): Promise<DjangoOutcome<Note>> {
  const text = form.get("text");
  const outcome = await auth.callDjangoFromAction(
    ...notes.create(typeof text === "string" ? text : ""),
  );
  if (outcome.ok) refresh();
  return outcome;
}

/** Deletes one of the user's notes (bound to its id); Django answers 404 for anyone else's. */
export async function deleteNote(id: number): Promise<DjangoOutcome<unknown>> {
  if (!noteIdSchema.safeParse(id).success) return { ok: false, error: "not_found" };
  const outcome = await auth.callDjangoFromAction(...notes.remove(id));
  if (outcome.ok) refresh();
  return outcome;
}
