import { test as base } from "../fixtures";
import { findFreePort } from "../support/free-port";
import { startNextInstance, type NextInstance } from "../support/next-instance";
import { DJANGO_API_URL, NEXTAUTH_SECRET } from "../support/servers";

/**
 * The suite's fixtures, with the app started against one auth shape of the bundled Django:
 * `vars` are the variables docs/adapting.md names for it. When the shape's token view is not
 * there (djoser not installed for this Django), every test of the file is skipped, saying why.
 */
export function testShape(vars: Record<string, string> & { DJANGO_TOKEN_PATH: string }) {
  const test = base.extend<object, { shapeApp: NextInstance | null }>({
    shapeApp: [
      async ({}, use) => {
        const tokenView = `${DJANGO_API_URL}/${vars.DJANGO_TOKEN_PATH}`;
        if ((await fetch(tokenView, { method: "POST" })).status === 404) return use(null);
        const instance = await startNextInstance(await findFreePort(), {
          NEXTAUTH_SECRET,
          ...vars,
        });
        await use(instance);
        await instance.stop();
      },
      { scope: "worker", timeout: 90_000 },
    ],
    baseURL: async ({ shapeApp }, use) => use(shapeApp?.url ?? "http://127.0.0.1:9"),
  });
  test.beforeEach(({ shapeApp }) => {
    test.skip(shapeApp === null, `this Django has no ${vars.DJANGO_TOKEN_PATH}`);
  });
  return test;
}
