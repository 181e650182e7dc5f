import { nextAuthRoute } from "@/lib/engine/server";

export const { GET, POST } = nextAuthRoute;
