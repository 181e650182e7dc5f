import { signOutEverywhereRoute } from "@/lib/engine/server";

export const { POST } = signOutEverywhereRoute;
