import { z } from "zod/mini";

// zod/mini: the login form ships this schema to the browser, and the mini build tree-shakes.
/** The sign-in form, checked in the browser and again on the server. */
export const credentialsSchema = z.object({
  username: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "This field is required."),
      z.maxLength(150, "That is too long."),
    ),
  password: z
    .string()
    .check(z.minLength(1, "This field is required."), z.maxLength(1024, "That is too long.")),
});
