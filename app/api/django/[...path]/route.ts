import { djangoProxyRoute } from "@/lib/engine/server";

export const { GET, POST, PUT, PATCH, DELETE } = djangoProxyRoute;
