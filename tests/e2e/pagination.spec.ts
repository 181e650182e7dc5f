import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { NotesCard } from "./pages/notes-card";

/** Adds `count` notes through the proxy, oldest first ("note 1" … "note N"). */
async function addNotes(request: APIRequestContext, count: number) {
  for (let i = 1; i <= count; i++) {
    const response = await request.post("/api/django/notes/", { data: { text: `note ${i}` } });
    expect(response.status()).toBe(201);
  }
}

test("DRF's page links come through the proxy as proxy paths, never Django's origin", async ({
  page,
  signIn,
}) => {
  await signIn();
  await addNotes(page.request, 3);
  const first = await (await page.request.get("/api/django/notes/?limit=2")).json();
  expect(first).toMatchObject({
    count: 3,
    next: "/api/django/notes/?limit=2&offset=2",
    previous: null,
  });
  const second = await (await page.request.get(first.next)).json();
  expect(second).toMatchObject({ next: null, previous: "/api/django/notes/?limit=2" });
  expect(second.results).toEqual([expect.objectContaining({ text: "note 1" })]);
});

test("the dashboard pages its notes in a server component (a query string to Django)", async ({
  page,
  signIn,
}) => {
  await signIn();
  await addNotes(page.request, 12);
  await page.goto("/dashboard");
  const notes = new NotesCard(page);
  const pages = page.getByRole("navigation", { name: "Pages of notes" });
  await expect(notes.notes()).toHaveCount(10);
  await expect(page.getByTestId("note-text").first()).toHaveText("note 12");
  await expect(pages).toContainText("1–10 of 12");

  await pages.getByRole("link", { name: "Older notes" }).click();
  await expect(page).toHaveURL(/\/dashboard\?notes=10$/);
  await notes.expectTexts(["note 2", "note 1"]);
  await expect(pages).toContainText("11–12 of 12");

  await pages.getByRole("link", { name: "Newer notes" }).click();
  await expect(page).toHaveURL(/\/dashboard\?notes=0$/);
  await expect(notes.notes()).toHaveCount(10);
});
