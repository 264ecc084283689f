import accessibility from "./accessibility";
import account from "./account";
import admin from "./admin";
import auth from "./auth";
import common from "./common";
import identity from "./identity";
import mail from "./mail";
import map from "./map";
import moderation from "./moderation";
import notifications from "./notifications";
import projects from "./projects";
import consultations from "./consultations";
import dashboard from "./dashboard";
import proposals from "./proposals";
import scenes from "./scenes";

export default { common, auth, account, admin, mail, map, projects, proposals, moderation, notifications, accessibility, consultations, scenes, dashboard, identity };
