import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Next.js × Django SimpleJWT", template: "%s · Next.js × Django SimpleJWT" },
  description:
    "A Next.js starter for Django REST APIs with simplejwt that never logs users out by accident.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: each response carries its own CSP nonce (middleware.ts).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
