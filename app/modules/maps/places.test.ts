import { describe, expect, it } from "vitest";
import { builtInPlaces, findPlace, normalizePlaceName } from "./places";

describe("the local list of places", () => {
  const places = builtInPlaces();

  it("holds the built-in map's streets, squares, parks and public buildings, each with a point in the neighbourhood", () => {
    const names = places.map((p) => p.name);
    for (const name of ["Place de la Fontaine", "Parc des Tilleuls", "École Jules-Ferry", "Rue Pasteur", "Avenue de la Gare"]) expect(names).toContain(name);
    for (const { point } of places) {
      expect(point[0]).toBeGreaterThan(2.33);
      expect(point[0]).toBeLessThan(2.37);
      expect(point[1]).toBeGreaterThan(48.84);
      expect(point[1]).toBeLessThan(48.87);
    }
  });

  it("matches names whatever the accents, case, hyphens and apostrophes", () => {
    expect(normalizePlaceName("  École  Jules-Ferry ")).toBe("ecole jules ferry");
    expect(findPlace(places, "ecole jules ferry")?.name).toBe("École Jules-Ferry");
    expect(findPlace(places, "THEATRE LOUIS JOUVET")?.name).toBe("Théâtre Louis-Jouvet");
    expect(findPlace(places, "rue pasteur")?.name).toBe("Rue Pasteur");
  });

  it("accepts a part of a name only when it names one place", () => {
    expect(findPlace(places, "Pagnol")?.name).toBe("Square Marcel-Pagnol");
    // The square and the street: ambiguous. The park and the lane: ambiguous.
    expect(findPlace(places, "fontaine")).toBeNull();
    expect(findPlace(places, "tilleuls")).toBeNull();
    expect(findPlace(places, "ru")).toBeNull();
    expect(findPlace(places, "Rue de Rivoli")).toBeNull();
  });
});
