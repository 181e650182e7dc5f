import { createNote, destroyNote, listNotes, type Note } from "@/app/_api";

// One resource, one file: its calls, each one line over the calls `npm run codegen` generated from
// Django's OpenAPI schema (app/_api/, docs/adapting.md), so a field renamed in Django fails `tsc`
// here, not at run time. Each call is a `(path, options)` pair for callDjango on any side:
// `callDjango(...notes.page())` in a server or client component,
// `callDjangoFromAction(...notes.create(text))` in an action.

export type { Note };

export const NOTES_PATH = "notes/";
/** Notes per page of the dashboard's list (DRF's LimitOffsetPagination: `?limit=&offset=`). */
export const NOTES_PAGE_SIZE = 10;

export const notes = {
  /** One page, newest first; its `next` and `previous` are proxy paths (pageQuery reads them). */
  page: (offset = 0) => listNotes({ query: { limit: NOTES_PAGE_SIZE, offset } }),
  create: (text: string) => createNote({ body: { text } }),
  remove: (id: number) => destroyNote({ path: { id } }),
};
