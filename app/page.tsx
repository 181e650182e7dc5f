import Link from "next/link";
import { buttonClass } from "@/app/_components/ui/button";

export default function HomePage() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-2xl flex-col justify-center gap-8 px-6 py-16">
      <div className="space-y-4">
        <p className="text-sm font-medium text-brand-600 dark:text-brand-500">
          Next.js × Django SimpleJWT
        </p>
        <h1 className="text-4xl font-semibold tracking-tight">Signed in means signed in.</h1>
        <p className="text-lg text-zinc-600 dark:text-zinc-400">
          This starter puts a Next.js front on your Django REST API and keeps simplejwt&apos;s
          rotating, blacklisted refresh tokens on the server. However fast you reload, however many
          tabs or parallel requests, it refreshes exactly once per expiry and never logs you out by
          accident.
        </p>
      </div>
      <div className="flex flex-wrap gap-3">
        <Link href="/dashboard" className={buttonClass("primary")}>
          Open the dashboard
        </Link>
        <Link href="/login" className={buttonClass("secondary")}>
          Sign in
        </Link>
      </div>
    </main>
  );
}
