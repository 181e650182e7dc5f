import { hostname } from "node:os";
import { engineConfig } from "@/lib/engine/instance";

/**
 * Names this server process in logs and metrics. Host name and pid tell apart two processes on
 * one machine; a platform's own name (a pod name) can replace it: `deployment.instanceId`
 * (INSTANCE_ID). For logs and metrics; the demo's inspector shows it with its diagnostics on.
 */
export function instanceId(): string {
  return engineConfig().deployment.instanceId ?? `${hostname()}-${process.pid}`;
}
