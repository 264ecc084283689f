import account from "./account";
import admin from "./admin";
import auth from "./auth";
import common from "./common";
import mail from "./mail";

export default { common, auth, account, admin, mail };
