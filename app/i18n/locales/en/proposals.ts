import type { Messages } from "~/i18n/config";
import type fr from "../fr/proposals";

const en: Messages<typeof fr> = {};
export default en;
