import { NextResponse } from "next/server";
import { NO_STORE } from "@/lib/engine/errors";
import { memoryStoreUsage } from "@/lib/engine/auth/server-refresh";
import { checkHealth } from "@/lib/engine/health/check-health";

/** `GET /api/health`: public on purpose (probes carry no session); the body names states only. */
async function GET() {
  const report = await checkHealth(memoryStoreUsage);
  return NextResponse.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: NO_STORE,
  });
}

export const healthRoute = { GET };
