import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DjangoUnavailableError } from "./django-request";
import { RETRY_RESERVE_MS, isLostAnswer, retryLostAnswer } from "./lost-answer";

// A real server, so the errors are the ones Node's fetch really throws.
let base = "";
const server = http.createServer((request, response) => {
  if (request.url === "/reset") request.socket.destroy();
  else if (request.url === "/hang") setTimeout(() => response.end("{}"), 2_000);
  else response.end("{}");
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function fetchError(url: string, timeoutMs = 5_000): Promise<DjangoUnavailableError> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return new DjangoUnavailableError(error);
  }
  throw new Error(`${url} answered`);
}

describe("isLostAnswer", () => {
  it("is true for a 502 or 504, a connection cut after sending, and a timeout", async () => {
    expect(isLostAnswer(new DjangoUnavailableError("HTTP 502", 502))).toBe(true);
    expect(isLostAnswer(new DjangoUnavailableError("HTTP 504", 504))).toBe(true);
    expect(isLostAnswer(await fetchError(`${base}/reset`))).toBe(true);
    expect(isLostAnswer(await fetchError(`${base}/hang`, 100))).toBe(true);
  });

  it("is false when the call never reached Django or Django answered it", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    expect(isLostAnswer(await fetchError(`http://127.0.0.1:${port}/`))).toBe(false);
    expect(isLostAnswer(new DjangoUnavailableError("HTTP 503", 503))).toBe(false);
    expect(isLostAnswer(new DjangoUnavailableError("HTTP 500", 500))).toBe(false);
    expect(isLostAnswer(new Error("a bug"))).toBe(false);
  });
});

describe("retryLostAnswer", () => {
  const lost = new DjangoUnavailableError("HTTP 502", 502);

  it("asks once more after a lost answer and returns the second answer", async () => {
    const budgets: number[] = [];
    const answers = [Promise.reject(lost), Promise.resolve("second")];
    const result = await retryLostAnswer(
      (ms) => (budgets.push(ms), answers[budgets.length - 1]!),
      58_000,
    );
    expect(result).toBe("second");
    expect(budgets).toEqual([58_000 - RETRY_RESERVE_MS, expect.any(Number)]);
    expect(budgets[1]).toBeGreaterThan(57_000);
  });

  it("retries only once", async () => {
    let calls = 0;
    const attempt = () => (calls++, Promise.reject(lost));
    await expect(retryLostAnswer(attempt, 58_000)).rejects.toBe(lost);
    expect(calls).toBe(2);
  });

  it("does not retry an answer Django gave, or when the budget is spent", async () => {
    const refused = new DjangoUnavailableError("HTTP 503", 503);
    let calls = 0;
    await expect(retryLostAnswer(() => (calls++, Promise.reject(refused)), 58_000)).rejects.toBe(
      refused,
    );
    let clock = 0;
    const spent = () => ((clock += 58_000), calls++, Promise.reject(lost));
    await expect(retryLostAnswer(spent, 58_000, () => clock)).rejects.toBe(lost);
    expect(calls).toBe(2);
  });
});
