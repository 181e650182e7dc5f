import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { django } from "../support/django";
import { APP_URL } from "../support/servers";
import { readSession } from "../support/session-cookie";
import {
  expireAccessToken,
  refreshFromPage,
  replaySessionCookie,
  rotateOnce,
  saveSessionCookie,
} from "./session-forgery";

/** The app runs with the default AUTH_REFRESH_REUSE_WINDOW_S. */
const REUSE_WINDOW_MS = 30_000;
const SESSION_EXPIRED = { status: 401, body: { error: "session_expired" } };

test.describe("hostile: reuse detection", () => {
  test("a saved cookie replayed after two rotations and the window ends the chain", async ({
    page,
    context,
    user,
    signIn,
  }) => {
    test.setTimeout(90_000);
    await signIn();
    const saved = await saveSessionCookie(context);
    await rotateOnce(page, context);
    const firstRotatedBy = Date.now(); // The rotation came before this, however busy the machine.
    await rotateOnce(page, context);
    const { refreshToken: newest } = await readSession(context);
    const current = await saveSessionCookie(context);

    // The documented window is the observable state here: nothing else changes when it passes.
    await page.waitForTimeout(Math.max(0, firstRotatedBy + REUSE_WINDOW_MS + 1_000 - Date.now()));
    await replaySessionCookie(context, saved, APP_URL);
    await expireAccessToken(context, APP_URL);
    expect(await refreshFromPage(page)).toEqual(SESSION_EXPIRED);

    // The legitimate holder of the newest cookie is signed out too, and Django agrees.
    await replaySessionCookie(context, current, APP_URL);
    expect(await refreshFromPage(page, { accessRejected: true })).toEqual(SESSION_EXPIRED);
    expect(await django.refresh(newest)).toEqual({
      status: 401,
      body: { detail: "Token is blacklisted", code: "token_not_valid" },
    });
    expect(await django.counters(user.username)).toMatchObject({ rotations: 2 });
  });

  test("inside the window the same replay is a stale write, answered with the newest pair", async ({
    page,
    context,
    user,
    signIn,
  }) => {
    await signIn();
    const saved = await saveSessionCookie(context);
    await rotateOnce(page, context);
    await rotateOnce(page, context);
    const { refreshToken: newest } = await readSession(context);
    await replaySessionCookie(context, saved, APP_URL);
    await expireAccessToken(context, APP_URL);
    expect(await refreshFromPage(page)).toMatchObject({ status: 200, body: { status: "reused" } });
    expect((await readSession(context)).refreshToken).toBe(newest);
    expect(await django.counters(user.username)).toMatchObject({ rotations: 2, rejected: 0 });
  });

  // How the successor comes back decides nothing: a Django call, or only the refresh route
  // answering `fresh`, or only a session read (a reload that calls nothing) ends the copy's grace.
  const successorReturns: Array<{ how: string; bringBack: (page: Page) => Promise<unknown> }> = [
    {
      how: "in a call to Django",
      bringBack: async (page) => (await page.request.get("/api/django/me/")).status(),
    },
    {
      how: "to the refresh route, answered fresh",
      bringBack: async (page) => (await refreshFromPage(page)).body.status,
    },
    {
      how: "in a session read",
      bringBack: async (page) => (await page.request.get("/api/auth/session")).status(),
    },
  ];
  const expectedAnswer = [200, "fresh", 200];

  successorReturns.forEach(({ how, bringBack }, index) => {
    test(`a copy older than a successor that came back ${how} is reuse after the window`, async ({
      page,
      context,
      user,
      signIn,
    }) => {
      test.setTimeout(90_000);
      await signIn();
      const copy = await saveSessionCookie(context);
      await rotateOnce(page, context);
      // The rotation happened before this (on a busy machine rotateOnce alone can take seconds):
      // its window is over a window's length after it, whenever the server started counting.
      const rotatedBy = Date.now();
      const { refreshToken: newest } = await readSession(context);
      const current = await saveSessionCookie(context);
      // The successor demonstrably reached the browser.
      expect(await bringBack(page)).toBe(expectedAnswer[index]);

      await page.waitForTimeout(Math.max(0, rotatedBy + REUSE_WINDOW_MS + 1_000 - Date.now()));
      await replaySessionCookie(context, copy, APP_URL);
      await expireAccessToken(context, APP_URL);
      expect(await refreshFromPage(page)).toEqual(SESSION_EXPIRED);

      // Detection fired: the chain ended, the copy holds nothing, Django blacklisted the newest.
      await replaySessionCookie(context, current, APP_URL);
      expect(await refreshFromPage(page, { accessRejected: true })).toEqual(SESSION_EXPIRED);
      expect(await django.refresh(newest)).toEqual({
        status: 401,
        body: { detail: "Token is blacklisted", code: "token_not_valid" },
      });
      expect(await django.counters(user.username)).toMatchObject({ rotations: 1 });
    });
  });
});
