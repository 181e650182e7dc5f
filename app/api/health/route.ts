import { healthRoute } from "@/lib/engine/server";

export const dynamic = "force-dynamic";
export const { GET } = healthRoute;
