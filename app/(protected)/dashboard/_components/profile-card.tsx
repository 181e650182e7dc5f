import { z } from "zod";
import { DjangoOutcomeView } from "@/app/_components/django-outcome-view";
import { Alert } from "@/app/_components/ui/alert";
import { Card } from "@/app/_components/ui/card";
import { auth } from "@/auth";

const profileSchema = z.record(z.string(), z.unknown());

/** A server component reading Django with the session's access token. */
export async function ProfileCard() {
  const path = auth.config.django.userPath;
  if (!path) {
    return (
      <Card title="Your profile">
        <Alert tone="info">
          Set DJANGO_USER_PATH (for example <code>me/</code>) to read the profile from Django here.
        </Alert>
      </Card>
    );
  }
  const outcome = await auth.callDjango(path, { schema: profileSchema });
  return (
    <Card
      title="Your profile"
      description={
        <>
          Read on the server from Django&apos;s <code>{path}</code>.
        </>
      }
    >
      <DjangoOutcomeView outcome={outcome} what="your profile">
        {(profile) => (
          <dl data-testid="profile" className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            {Object.entries(profile)
              .filter(([, value]) => typeof value === "string" || typeof value === "number")
              .map(([key, value]) => (
                <div key={key} className="contents">
                  <dt className="text-zinc-600 dark:text-zinc-400">{key}</dt>
                  <dd data-field={key} className="font-medium break-all">
                    {String(value) || "—"}
                  </dd>
                </div>
              ))}
          </dl>
        )}
      </DjangoOutcomeView>
    </Card>
  );
}
