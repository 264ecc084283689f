import type { Messages } from "~/i18n/config";
import type fr from "../fr/admin";

const en: Messages<typeof fr> = {};
export default en;
