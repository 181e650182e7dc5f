import http from "node:http";
import { expect, test } from "@playwright/test";
import { APP_URL } from "./support/servers";

// A load balancer keeps its connections to `next start` open while idle (AWS ALB: 60 s, nginx's
// upstream keepalive: 60 s) and sends the next request on one. Node closes an idle connection
// after 5 s unless told otherwise: a request sent as it closes is lost, and the balancer answers
// 502. `npm start` (the suite's instances run it) keeps idle connections 65 s.
const NODE_DEFAULT_KEEP_ALIVE_MS = 5_000;

type Answer = { status?: number; keepAlive: http.IncomingHttpHeaders[string]; isReused: boolean };

function get(agent: http.Agent, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(path, APP_URL), { agent }, (response) => {
      response.resume();
      response.on("end", () =>
        resolve({
          status: response.statusCode,
          keepAlive: response.headers["keep-alive"],
          isReused: request.reusedSocket,
        }),
      );
    });
    request.on("error", reject);
  });
}

test("npm start keeps an idle connection past a load balancer's 60 s, not Node's 5 s", async () => {
  // One socket; Node's agent itself drops a free socket a second before the server's hint.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await get(agent, "/login");
    expect(first).toEqual({ status: 200, keepAlive: "timeout=65", isReused: false });
    // Idle past Node's default: with it, the server (and the agent, from its hint) closed the socket.
    await new Promise((resolve) => setTimeout(resolve, NODE_DEFAULT_KEEP_ALIVE_MS + 1_000));
    const second = await get(agent, "/login");
    expect(second).toEqual({ status: 200, keepAlive: "timeout=65", isReused: true });
  } finally {
    agent.destroy();
  }
});
