import type { ReactNode, Ref } from "react";

const TONES = {
  error:
    "border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200",
  warning:
    "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/60 dark:text-amber-200",
  info: "border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950/60 dark:text-sky-200",
} as const;

type AlertProps = { tone?: keyof typeof TONES; children: ReactNode; ref?: Ref<HTMLDivElement> };

/** Errors are announced as they appear (role="alert"); other tones politely. */
export function Alert({ tone = "error", children, ref }: AlertProps) {
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-lg border px-4 py-3 text-sm outline-none ${TONES[tone]}`}
    >
      {children}
    </div>
  );
}
