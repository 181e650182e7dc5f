import { NextResponse } from "next/server";
import { NO_STORE } from "@/lib/engine/errors";
import { checkHealth } from "@/lib/engine/health/check-health";

// Public on purpose (readiness probes carry no session); the body names states, nothing else.
export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth();
  return NextResponse.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: NO_STORE,
  });
}
