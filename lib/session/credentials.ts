import { z } from "zod";

/** The sign-in form, checked in the browser and again on the server. */
export const credentialsSchema = z.object({
  username: z.string().trim().min(1, "This field is required.").max(150, "That is too long."),
  password: z.string().min(1, "This field is required.").max(1024, "That is too long."),
});
