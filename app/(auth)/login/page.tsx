import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/app/_components/ui/alert";
import { auth } from "@/auth";
import { DEFAULT_AFTER_SIGN_IN, toSafeCallbackPath, toSignedOutMessage } from "@/lib/engine/server";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

type LoginPageProps = {
  searchParams: Promise<{
    callbackUrl?: string | string[];
    reason?: string | string[];
    signedOut?: string | string[];
  }>;
};

const humanize = (field: string) =>
  field.charAt(0).toUpperCase() + field.slice(1).replaceAll("_", " ");

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { callbackUrl, reason, signedOut } = await searchParams;
  // Only the contract's reasons (a session limit, Django refusing the user, a sign-out Django did
  // not confirm) are shown.
  const signedOutBecause = toSignedOutMessage(reason, signedOut);
  // app/(protected)/layout.tsx sends a path; a full URL (any origin) is not needed and falls back to /dashboard.
  const afterSignIn = toSafeCallbackPath(
    typeof callbackUrl === "string" ? callbackUrl : null,
    "http://local.invalid",
  );
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-6">
        <div className="space-y-1 text-center">
          <Link href="/" className="text-sm font-medium text-brand-600 dark:text-brand-500">
            Next.js × Django SimpleJWT
          </Link>
          <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {afterSignIn === DEFAULT_AFTER_SIGN_IN
              ? "Use your account on the Django API."
              : "Sign in to continue where you were."}
          </p>
        </div>
        {signedOutBecause && (
          <Alert tone={signedOut === "here_only" ? "warning" : "info"}>{signedOutBecause}</Alert>
        )}
        <LoginForm
          usernameLabel={humanize(auth.config.django.usernameField)}
          afterSignIn={afterSignIn}
        />
      </div>
    </main>
  );
}
