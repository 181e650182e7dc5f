import { auth } from "@/auth";

export const dynamic = "force-dynamic";
export const { GET } = auth.routes.health;
