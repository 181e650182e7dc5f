/** Why a dependency counts as down; logged on the server, never sent to the client. */
export type ProbeResult =
  { ok: true } | { ok: false; reason: "timeout" | "network" | "server_error"; status?: number };
