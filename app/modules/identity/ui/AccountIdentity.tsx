// The account page's "Identity and residence": the identity services linked to the account, the
// verified birth date and whether (until when) the member is a verified resident. Nothing of the
// census is shown: only the member's own status.
import { useTranslation } from "react-i18next";

export type AccountIdentityData = {
  identities: { label: string; linkedOn: string }[];
  residentUntil: string | null;
  birthDate: string | null;
};

export function AccountIdentity({ data }: { data: AccountIdentityData }) {
  const { t } = useTranslation("identity");
  return (
    <section aria-labelledby="account-identity-title" className="stack">
      <h2 id="account-identity-title">{t("account.title")}</h2>
      <p>{data.residentUntil ? t("account.resident", { date: data.residentUntil }) : t("account.notResident")}</p>
      {data.birthDate ? <p>{t("account.birthDate", { date: data.birthDate })}</p> : null}
      <h3>{t("account.linked")}</h3>
      {data.identities.length === 0 ? (
        <p>{t("account.none")}</p>
      ) : (
        <ul>
          {data.identities.map((i) => (
            <li key={i.label}>{t("account.linkedOn", { label: i.label, date: i.linkedOn })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
