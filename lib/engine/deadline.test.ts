import http from "node:http";
import { connect, createServer, type AddressInfo, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { afterDeadline, deadlineSignal, settleWithin } from "./deadline";

/** Holds the event loop, as a burst of requests or a garbage collection does. */
function busyFor(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // The process is busy: no timer, no socket is looked at.
  }
}

// An echo server on loopback, which says when it has answered (in this same process).
let echo: Server;
let echoed: () => void = () => undefined;
beforeAll(async () => {
  echo = createServer((socket) => {
    socket.on("error", () => undefined);
    socket.on("data", (chunk) => socket.write(chunk, () => echoed()));
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
});
afterAll(() => echo.close());

/**
 * Asks the echo server and, once it has answered, starts a 50 ms deadline and holds the loop past
 * it: what `race` makes of the answer ("answer" once read) against the deadline ("deadline"). The
 * answer is read at the loop's next poll at the earliest, so however loaded the machine, it is
 * on the socket, unread, when the deadline passes.
 */
async function afterStall(race: (answer: Promise<string>) => Promise<string>) {
  const socket = connect((echo.address() as AddressInfo).port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  const answered = new Promise<void>((resolve) => {
    echoed = resolve;
  });
  const answer = new Promise<string>((resolve) => socket.once("data", () => resolve("answer")));
  socket.write("ping");
  await answered;
  const outcome = race(answer);
  busyFor(200);
  const winner = await outcome;
  socket.destroy();
  return winner;
}

describe("afterDeadline and settleWithin", () => {
  it("let an answer that arrived while the process was busy win over the deadline", async () => {
    const withAfterDeadline = (answer: Promise<string>) =>
      new Promise<string>((resolve) => {
        const cancel = afterDeadline(50, () => resolve("deadline"));
        void answer.then((value) => {
          cancel();
          resolve(value);
        });
      });
    expect(await afterStall(withAfterDeadline)).toBe("answer");
    expect(await afterStall((answer) => settleWithin(answer, 50, "deadline"))).toBe("answer");
    // What they guard against: a plain timer runs first and refuses the answer already there.
    const withPlainTimer = (answer: Promise<string>) =>
      Promise.race([
        answer,
        new Promise<string>((resolve) => setTimeout(() => resolve("deadline"), 50)),
      ]);
    expect(await afterStall(withPlainTimer)).toBe("deadline");
  });

  it("fire when nothing arrived, and never once cancelled", async () => {
    expect(await settleWithin(new Promise(() => undefined), 10, "deadline")).toBe("deadline");
    expect(await settleWithin(Promise.resolve("answer"), 10, "deadline")).toBe("answer");
    const fired: string[] = [];
    afterDeadline(10, () => fired.push("kept"));
    const cancel = afterDeadline(10, () => fired.push("cancelled"));
    cancel();
    // Cancelled between the timer and its setImmediate: still never fires.
    const late = afterDeadline(10, () => fired.push("cancelled late"));
    setTimeout(late, 10);
    // A later deadline fires after every earlier one, however late this process runs them (a
    // plain 60 ms timer could run before their setImmediate on a loaded machine).
    await new Promise<void>((resolve) => afterDeadline(60, resolve));
    expect(fired).toEqual(["kept"]);
  });

  it("keep the process alive by default, and only then, from the timer to the setImmediate", async () => {
    // Whether the deadline's timer and then its setImmediate keep the process running (hasRef),
    // each looked at once afterDeadline has set it up.
    const refs = async (options?: { keepsProcessAlive: boolean }) => {
      const { setTimeout: realTimeout, setImmediate: realImmediate } = globalThis;
      let timerRef: boolean | undefined;
      let immediateRef: boolean | undefined;
      let fire = () => undefined as void;
      const fired = new Promise<void>((resolve) => (fire = resolve));
      const timeouts = vi.spyOn(globalThis, "setTimeout").mockImplementationOnce(((
        callback: () => void,
        ms: number,
      ) => {
        const timer = realTimeout(callback, ms);
        queueMicrotask(() => (timerRef = timer.hasRef()));
        return timer;
      }) as unknown as typeof setTimeout);
      const immediates = vi.spyOn(globalThis, "setImmediate").mockImplementation(((
        callback: () => void,
      ) => {
        const immediate = realImmediate(callback);
        if (callback === fire) queueMicrotask(() => (immediateRef = immediate.hasRef()));
        return immediate;
      }) as unknown as typeof setImmediate);
      afterDeadline(5, fire, options);
      await fired;
      timeouts.mockRestore();
      immediates.mockRestore();
      return [timerRef, immediateRef];
    };
    expect(await refs()).toEqual([true, true]);
    expect(await refs({ keepsProcessAlive: true })).toEqual([true, true]);
    expect(await refs({ keepsProcessAlive: false })).toEqual([false, false]);
  });
});

describe("deadlineSignal", () => {
  let server: http.Server;
  let url = "";
  let received: () => void = () => undefined;
  beforeAll(async () => {
    server = http.createServer((_, response) => {
      response.end('{"ok":true}');
      received();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => server.close());

  /** fetch with a 500 ms `deadline`, the loop held past it once the server has answered. */
  async function fetchAfterStall(deadline: (ms: number) => AbortSignal) {
    const answered = new Promise<void>((resolve) => {
      received = resolve;
    });
    const startedAt = Date.now();
    const response = fetch(url, { signal: deadline(500) }).then((reply) => reply.text());
    await answered;
    expect(Date.now() - startedAt, "the server answered within the deadline").toBeLessThan(500);
    busyFor(startedAt + 700 - Date.now());
    return response.then(
      (text) => text,
      (error: Error) => error.name,
    );
  }

  it("reads an answer that arrived in time though the process was busy past the deadline", async () => {
    expect(await fetchAfterStall((ms) => deadlineSignal(ms).signal)).toBe('{"ok":true}');
    expect(await fetchAfterStall((ms) => AbortSignal.timeout(ms))).toBe("TimeoutError");
  });

  it("aborts with a TimeoutError when no answer came, and keeps no process running meanwhile", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout");
    const before = timers().length;
    const { signal } = deadlineSignal(20);
    expect(timers()).toHaveLength(before);
    await new Promise((resolve) => signal.addEventListener("abort", resolve));
    expect(signal.reason).toMatchObject({
      name: "TimeoutError",
      message: "The operation timed out.",
    });
  });

  it("never aborts once stopped", async () => {
    const stopped = deadlineSignal(10);
    stopped.stop();
    const { signal: later } = deadlineSignal(30);
    await new Promise((resolve) => later.addEventListener("abort", resolve));
    expect(stopped.signal.aborted).toBe(false);
  });
});
