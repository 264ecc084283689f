// What the demo seed writes beside each variant of the Place de la Mairie: its title, its text
// description (the HTML equivalent of the model), and the authored viewpoints with their captions.
// The viewpoints are the same places in every variant, so that citizens compare like with like.
import type { PlaceVariant } from "./place";

export type AuthoredViewpoint = {
  name: string;
  position: [number, number, number];
  target: [number, number, number];
  caption: string;
};

export type PlaceVariantContent = { variant: PlaceVariant; title: string; description: string; viewpoints: AuthoredViewpoint[] };

export const PLACE_SCENE = {
  title: "La place en 3D",
  description:
    "La place de la Fontaine, devant la mairie : 60 mètres sur 40, entourée de façades. Parcourez-la telle qu'elle est aujourd'hui et telle qu'elle pourrait devenir avec chacune des deux variantes proposées par l'équipe de conception.",
};

/** Where the viewpoints stand: eye height (1.6 m) on the square, and one view from above. */
const VIEWS = {
  overview: { name: "Vue d'ensemble", position: [-8, 30, 27], target: [0, 0, -5] },
  south: { name: "Entrée sud, rue du Marché", position: [0, 1.6, 21], target: [0, 2.2, 0] },
  facingHall: { name: "Face à la mairie", position: [0, 1.6, -15], target: [0, 4.5, -27] },
  hall: { name: "Sur le parvis de la mairie", position: [6, 1.6, -21], target: [-2, 2, 4] },
  corner: { name: "Angle de la terrasse du café", position: [29, 1.6, 17], target: [4, 2.5, -3] },
} satisfies Record<string, Omit<AuthoredViewpoint, "caption">>;

const at = (view: keyof typeof VIEWS, caption: string): AuthoredViewpoint => ({ ...VIEWS[view], caption } as AuthoredViewpoint);

export const PLACE_CONTENT: PlaceVariantContent[] = [
  {
    variant: "existing",
    title: "État actuel",
    description:
      "Aujourd'hui la place est un parking en enrobé d'une quarantaine de places. La fontaine est à sec, quatre arbres seulement donnent un peu d'ombre aux angles, et de hauts lampadaires routiers éclairent la chaussée. Il n'y a aucun banc : le marché du samedi s'installe entre les voitures.",
    viewpoints: [
      at("overview", "Vue d'ensemble : le parking occupe toute la place, la fontaine sèche au centre, la mairie au fond."),
      at("south", "Depuis la rue du Marché : des rangées de voitures entre l'entrée et la fontaine à sec."),
      at("facingHall", "Face à la mairie : l'enrobé du parking va jusqu'au pied des marches, sans un arbre ni un banc."),
      at("hall", "Depuis le parvis de la mairie : l'enrobé et les voitures, pas un banc, très peu d'ombre."),
      at("corner", "Depuis la terrasse du café : les lampadaires routiers et le parking jusqu'à la mairie."),
    ],
  },
  {
    variant: "a",
    title: "Variante A : la place plantée",
    description:
      "La variante A retire le stationnement et pave la place de dalles calcaires claires. La fontaine est remise en eau en circuit fermé, seize platanes forment deux allées ombragées au nord et au sud, et vingt bancs entourent la fontaine et longent les allées. Des lanternes basses remplacent les lampadaires routiers. Le marché s'installe sous les arbres.",
    viewpoints: [
      at("overview", "Vue d'ensemble : deux allées de platanes encadrent la fontaine en eau, sur un sol de dalles claires."),
      at("south", "Depuis la rue du Marché : l'allée de platanes, les bancs à l'ombre et la fontaine qui coule."),
      at("facingHall", "Face à la mairie : un parvis dégagé en dalles claires, que les lanternes basses encadrent."),
      at("hall", "Depuis le parvis de la mairie : la fontaine au centre, entourée de huit bancs."),
      at("corner", "Depuis la terrasse du café : les lanternes basses et l'allée sud sous les arbres."),
    ],
  },
  {
    variant: "b",
    title: "Variante B : le kiosque et les jardins",
    description:
      "La variante B pave la place de briques de terre cuite et installe un kiosque à musique au centre, pour les concerts et le marché. La fontaine laisse place à un miroir d'eau devant la mairie, peu profond, où les enfants peuvent jouer. Quatre pelouses plantées de jeunes arbres rafraîchissent les angles, avec de longs bancs en bois. De grands mâts d'éclairage libèrent le sol.",
    viewpoints: [
      at("overview", "Vue d'ensemble : le kiosque au centre, quatre jardins aux angles, le miroir d'eau devant la mairie."),
      at("south", "Depuis la rue du Marché : le kiosque à musique dans l'axe, les briques rouges au sol."),
      at("facingHall", "Face à la mairie : le parvis en briques, dégagé, entre deux grands mâts d'éclairage."),
      at("hall", "Depuis le parvis de la mairie : le miroir d'eau au premier plan, le kiosque derrière."),
      at("corner", "Depuis la terrasse du café : un jardin planté de jeunes arbres et ses longs bancs."),
    ],
  },
];
