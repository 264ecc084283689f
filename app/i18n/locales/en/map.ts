import type { Messages } from "~/i18n/config";
import type fr from "../fr/map";

const en: Messages<typeof fr> = {};
export default en;
