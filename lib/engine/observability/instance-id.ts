import { hostname } from "node:os";
import { env } from "@/lib/engine/config-from-env.mjs";

/**
 * Names this server process in logs and metrics. Host name and pid tell apart two processes on
 * one machine; a platform's own name (a pod name) can replace it through INSTANCE_ID. For logs
 * and metrics only: pages show it only with the demo's diagnostics on (AUTH_DEMO_DIAGNOSTICS).
 */
export const instanceId = env.INSTANCE_ID ?? `${hostname()}-${process.pid}`;
