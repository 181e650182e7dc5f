import { expect, test } from "@playwright/test";
import { DashboardPage } from "../pages/dashboard-page";
import { fireRequests } from "../hostile/fire-requests";
import { expireAccessToken } from "../hostile/session-forgery";
import { django } from "../support/django";
import { DJANGO_API_URL } from "../support/servers";
import {
  STACK_START_TIMEOUT_MS,
  SUITE_HAS_ROTATION_APP,
  startStack,
  suiteStack,
  type Stack,
} from "../support/own-stack";
import { createUser, signInDevice } from "./device";

// Django rotates, then a gateway replaces its answer with a 502: the template asks once more.
// One side runs on the suite's Django, the other on a Django this file starts.
test.describe.configure({ timeout: 120_000 });

const stacks: { withApp?: Stack; stock?: Stack } = {};

test.beforeAll(async () => {
  test.setTimeout(STACK_START_TIMEOUT_MS);
  const suite = suiteStack(django, DJANGO_API_URL);
  const own = await startStack({ rotationApp: !SUITE_HAS_ROTATION_APP });
  stacks.withApp = SUITE_HAS_ROTATION_APP ? suite : own;
  stacks.stock = SUITE_HAS_ROTATION_APP ? own : suite;
});
test.afterAll(async () => Promise.all([stacks.withApp?.stop(), stacks.stock?.stop()]));

test("with simplejwt_rotation: the retry gets the same successor, the user stays and data loads", async ({
  browser,
}) => {
  const stack = stacks.withApp!;
  const user = await createUser(stack, "lost-app");
  const { context, page } = await signInDevice(browser, stack, user);
  await stack.django.armFault(user.username, { mode: "lost_answer", count: 1 });
  await expireAccessToken(context, stack.appUrl);

  await fireRequests(page, 1);
  expect(await new DashboardPage(page).parallelStatuses()).toEqual(["200"]);
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(await stack.django.counters(user.username)).toMatchObject({
    rotations: 1,
    repeats: 1,
    faults_served: 1,
    rejected: 0,
  });
  await context.close();
});

test("stock simplejwt: the same lost answer ends the session (the hazard the app removes)", async ({
  browser,
}) => {
  const stack = stacks.stock!;
  const user = await createUser(stack, "lost-stock");
  const { context, page } = await signInDevice(browser, stack, user);
  await stack.django.armFault(user.username, { mode: "lost_answer", count: 1 });
  await expireAccessToken(context, stack.appUrl);

  await fireRequests(page, 1, { awaitSummary: false });
  await expect(page).toHaveURL(/\/login/);
  // Django rotated once; the retry presented the now blacklisted token and was refused.
  expect(await stack.django.counters(user.username)).toMatchObject({
    rotations: 1,
    rejected: 1,
    faults_served: 1,
  });
  await context.close();
});
