import { z } from "zod";

/** Django's `notes/` answer (tests/django/api/serializers.py NoteSerializer). */
export const noteSchema = z.object({ id: z.number(), text: z.string() });
export const notesSchema = z.array(noteSchema);

export type Note = z.infer<typeof noteSchema>;

export const NOTES_PATH = "notes/";
export const notePath = (id: number) => `notes/${id}/`;
