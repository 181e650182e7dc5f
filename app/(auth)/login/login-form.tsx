"use client";

import { signIn } from "next-auth/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { TextField } from "@/app/_components/ui/text-field";
import { useIsHydrated } from "@/app/_components/use-is-hydrated";
import { credentialsSchema } from "@/lib/engine/client";

type FieldErrors = Partial<Record<"username" | "password", string>>;

export function LoginForm({
  usernameLabel,
  afterSignIn,
}: {
  usernameLabel: string;
  afterSignIn: string;
}) {
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const isHydrated = useIsHydrated();

  // Focus the alert once React has put it on screen (each submit clears it first, so a repeated
  // message is a new alert), so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (formError) alertRef.current?.focus();
  }, [formError]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = credentialsSchema.safeParse({
      username: form.get("username"),
      password: form.get("password"),
    });
    setFormError(null);
    if (!input.success) {
      const errors: FieldErrors = {};
      for (const issue of input.error.issues) {
        const field = issue.path[0];
        if ((field === "username" || field === "password") && !errors[field])
          errors[field] = issue.message;
      }
      setFieldErrors(errors);
      formRef.current
        ?.querySelector<HTMLInputElement>(`[name="${Object.keys(errors)[0]}"]`)
        ?.focus();
      return;
    }
    setFieldErrors({});
    setIsPending(true);
    const result = await signIn("credentials", { ...input.data, redirect: false }).catch(
      () => undefined,
    );
    if (result?.ok && !result.error) {
      // A full navigation, so the server renders the next page with the new session cookie.
      window.location.assign(afterSignIn);
      return;
    }
    setIsPending(false);
    setFormError(
      result?.error ?? "Could not reach the server. Check your connection and try again.",
    );
  }

  return (
    // method="post": a submit that beats hydration must never put the password in the URL.
    <form
      ref={formRef}
      method="post"
      onSubmit={handleSubmit}
      noValidate
      className="space-y-4 rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      {formError && <Alert ref={alertRef}>{formError}</Alert>}
      <TextField
        label={usernameLabel}
        name="username"
        autoComplete="username"
        autoFocus
        required
        error={fieldErrors.username}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldErrors.password}
      />
      <Button type="submit" isPending={isPending} disabled={!isHydrated} className="w-full">
        {isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
