import { refreshRoute } from "@/lib/engine/server";

export const { POST } = refreshRoute;
