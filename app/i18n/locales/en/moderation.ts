import type { Messages } from "~/i18n/config";
import type fr from "../fr/moderation";

const en: Messages<typeof fr> = {};
export default en;
