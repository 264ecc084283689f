// Account form schemas, shared by the browser (Conform validation) and the server. Messages are i18n keys.
import { z } from "zod";
import { emailField, nameField, passwordField } from "~/modules/auth/schema";

/** A password the person types to prove it is them: checked against the hash, whatever its length. */
const currentPasswordField = z.string({ required_error: "errors.required" }).max(200, "errors.passwordLength");

const confirmationField = z.string({ required_error: "errors.required" });

/** A checkbox that must be ticked (Conform turns "on" into true, an unticked box into undefined). */
function mustTick(message: string) {
  return z.boolean({ required_error: message, invalid_type_error: message }).refine((v) => v, message);
}

/** The two passwords must match. An intersection, not a refinement of the form's object: a refinement
 *  runs only once every other field is valid, so the mismatch would need a second submission. */
function samePasswords<T extends z.ZodRawShape>(shape: z.ZodObject<T>, password: keyof T & string, confirmation: keyof T & string) {
  const pair = z.object({ [password]: z.unknown(), [confirmation]: z.unknown() }).superRefine((value, ctx) => {
    const a = value[password];
    const b = value[confirmation];
    // An empty confirmation already has its own "required" message.
    if (typeof a === "string" && typeof b === "string" && a !== b) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [confirmation], message: "errors.passwordMismatch" });
    }
  });
  return shape.and(pair);
}

export const SignupSchema = samePasswords(
  z.object({
    name: nameField,
    email: emailField,
    password: passwordField,
    passwordConfirm: confirmationField,
    terms: mustTick("errors.termsRequired"),
  }),
  "password",
  "passwordConfirm",
);

export const ForgotPasswordSchema = z.object({ email: emailField });

export const ResetPasswordSchema = samePasswords(
  z.object({
    token: z.string({ required_error: "errors.invalid" }).max(100, "errors.invalid"),
    password: passwordField,
    passwordConfirm: confirmationField,
  }),
  "password",
  "passwordConfirm",
);

export const ACCOUNT_INTENTS = ["name", "email", "password", "endSession", "endOtherSessions", "delete"] as const;
export type AccountIntent = (typeof ACCOUNT_INTENTS)[number];

export const NameSchema = z.object({ name: nameField });

export const EmailChangeSchema = z.object({ email: emailField, currentPassword: currentPasswordField });

export const PasswordChangeSchema = samePasswords(
  z.object({ currentPassword: currentPasswordField, newPassword: passwordField, newPasswordConfirm: confirmationField }),
  "newPassword",
  "newPasswordConfirm",
);

export const DeleteAccountSchema = z.object({
  currentPassword: currentPasswordField,
  confirm: mustTick("account:delete.confirmRequired"),
});

export const EndSessionSchema = z.object({ sessionId: z.string().regex(/^[a-z0-9]{20}$/) });
