// Debate forms, shared by the browser (Conform) and the server. Error messages are i18n keys.
import { z } from "zod";

export const DebateSchema = z.object({
  title: z
    .string({ required_error: "proposals:debates.errors.titleLength" })
    .trim()
    .min(3, "proposals:debates.errors.titleLength")
    .max(200, "proposals:debates.errors.titleLength"),
  description: z.string().trim().max(5000, "proposals:debates.errors.descriptionLength").optional().default(""),
});

export const CloseDebateSchema = z.object({
  intent: z.literal("close"),
  conclusion: z
    .string({ required_error: "proposals:debates.errors.conclusionLength" })
    .trim()
    .min(1, "proposals:debates.errors.conclusionLength")
    .max(5000, "proposals:debates.errors.conclusionLength"),
});
