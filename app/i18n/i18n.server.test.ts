import { describe, expect, it } from "vitest";
import { getT, renderingI18n } from "./i18n.server";

describe("rendering i18n instances", () => {
  it("stay in their language, whatever the other one renders", () => {
    const fr = renderingI18n("fr").getFixedT(null, "common");
    const en = renderingI18n("en").getFixedT(null, "common");
    expect(fr("actions.save")).toBe("Enregistrer");
    expect(en("actions.save")).toBe("Save");
    expect(fr("actions.save")).toBe("Enregistrer");
    expect(renderingI18n("fr").language).toBe("fr");
    expect(renderingI18n("en").language).toBe("en");
  });

  it("give the same texts as i18next itself, remembered or not, with options or not", () => {
    const t = renderingI18n("fr").getFixedT(null, "proposals");
    const reference = getT("fr");
    for (let i = 0; i < 2; i++) {
      expect(t("list.count", { count: 1 })).toBe(reference("proposals:list.count", { count: 1 }));
      expect(t("list.count", { count: 3 })).toBe("3 propositions");
      expect(t("list.count", { count: 1 })).toBe("1 proposition");
    }
    const common = renderingI18n("en").getFixedT(null, ["common", "auth"]);
    expect(common("app.name")).toBe("Maquette");
    expect(common("app.name")).toBe(common("app.name"));
  });

  it("keep i18next's own properties on the t it returns", () => {
    const t = renderingI18n("en").getFixedT(null, "common", "actions") as unknown as { keyPrefix: string; ns: string } & ((k: string) => string);
    expect(t.keyPrefix).toBe("actions");
    expect(t.ns).toBe("common");
    expect(t("save")).toBe("Save");
  });
});

describe("remembered texts with values", () => {
  it("never mixes up values, whatever they contain", () => {
    const t = renderingI18n("fr").getFixedT(null, "proposals") as unknown as (k: string, o?: object) => string;
    const reference = getT("fr") as unknown as (k: string, o?: object) => string;
    const tricky = ['a"b', "1", 'x\u0000y', "Zoé", "", '",{"project":"b'];
    for (let round = 0; round < 2; round++) {
      for (const project of tricky) {
        expect(t("list.title", { project })).toBe(reference("proposals:list.title", { project }));
      }
    }
    // A number and a string that print alike are different values.
    expect(t("list.count", { count: 1 })).toBe("1 proposition");
    expect(t("list.count", { count: "1" })).toBe(reference("proposals:list.count", { count: "1" }));
  });

  it("lets options that are not plain values through untouched", () => {
    const t = renderingI18n("en").getFixedT(null, "proposals") as unknown as (k: string, o?: object) => string;
    expect(t("list.title", { project: "<b>", interpolation: { escapeValue: true } })).toBe("Proposals – &lt;b&gt;");
  });
});
