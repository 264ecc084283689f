// Form schemas shared by the browser (Conform validation) and the server. Messages are i18n keys.
import { z } from "zod";

export const emailField = z
  .string({ required_error: "errors.required" })
  .trim()
  .toLowerCase()
  .max(254, "errors.email")
  .email("errors.email");

export const passwordField = z
  .string({ required_error: "errors.required" })
  .min(12, "errors.passwordLength")
  .max(200, "errors.passwordLength");

export const nameField = z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(80, "errors.nameLength");

export const LoginSchema = z.object({
  email: emailField,
  // Any non-empty password is checked: old accounts may predate the length rule.
  password: z.string({ required_error: "errors.required" }).max(200, "errors.passwordLength"),
  redirectTo: z.string().optional(),
});
