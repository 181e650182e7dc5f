import { z } from "zod";
import { drfPage, type DjangoCallOptions, type DrfPage } from "@/lib/engine/client";

// One resource, one file: its Django paths, its schemas and its calls. Each call is a
// `(path, options)` pair for callDjango on any side: `callDjango(...notes.list())` in a server
// component or a client component, `callDjangoFromAction(...notes.create(text))` in an action.

/** Django's `notes/` answer (tests/django/api/serializers.py NoteSerializer). */
export const noteSchema = z.object({ id: z.number(), text: z.string() });
export const notesSchema = z.array(noteSchema);
export type Note = z.infer<typeof noteSchema>;

export const NOTES_PATH = "notes/";
/** Notes per page of the dashboard's list (DRF's LimitOffsetPagination: `?limit=&offset=`). */
export const NOTES_PAGE_SIZE = 10;
const notePath = (id: number) => `notes/${id}/`;

type Call<T> = readonly [path: string, options: DjangoCallOptions<T>];

export const notes = {
  list: (): Call<Note[]> => [NOTES_PATH, { schema: notesSchema }],
  /** One page, newest first; its `next` and `previous` are proxy paths (pageQuery reads them). */
  page: (offset = 0): Call<DrfPage<Note>> => [
    NOTES_PATH,
    { query: { limit: NOTES_PAGE_SIZE, offset }, schema: drfPage(noteSchema) },
  ],
  create: (text: string): Call<Note> => [
    NOTES_PATH,
    { method: "POST", body: { text }, schema: noteSchema },
  ],
  remove: (id: number): Call<unknown> => [notePath(id), { method: "DELETE" }],
};
