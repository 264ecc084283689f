// The demo town's words: its residents, projects, proposals, comments and debates, written as a
// real town's would be. Days are relative to the day of seeding (negative: in the past).
import type { TownIdentityInput } from "../../app/modules/organizations/identity";
import type { Picture } from "./images";

export type Resident = { key: string; name: string; email: string };

/** A dozen residents besides the demo citizen (Camille, key "camille"). No password: nobody logs in as them. */
/** The town's words on its home page and the footer's links (the town's site is invented: .example). */
export const DEMO_IDENTITY: TownIdentityInput = {
  welcomeText:
    "La place de la Fontaine, le parc des Tilleuls, la cour de l'école Jules-Ferry\u00a0: la ville change, et elle change avec vous. Chaque idée est lue, et chacune reçoit une réponse de l'équipe municipale.",
  bannerAlt: "La place de la Fontaine un soir d'été : des bancs à l'ombre des arbres autour de la fontaine.",
  footerLinks: [
    { label: "Site de la Ville de Démo", href: "https://www.ville-de-demo.example" },
    { label: "Nous contacter", href: "https://www.ville-de-demo.example/contact" },
  ],
};

export const RESIDENTS: Resident[] = [
  ["nadia", "Nadia Benali"],
  ["julien", "Julien Morel"],
  ["sophie", "Sophie Lambert"],
  ["karim", "Karim Haddad"],
  ["elodie", "Élodie Petit"],
  ["thomas", "Thomas Girard"],
  ["fatou", "Fatou Diop"],
  ["marc", "Marc Lefèvre"],
  ["chantal", "Chantal Roux"],
  ["hugo", "Hugo Martin"],
  ["ines", "Inès Caron"],
  ["gerard", "Gérard Vasseur"],
].map(([key, name]) => ({ key: key!, name: name!, email: `${key}@habitants.maquette.example` }));

type Reply = { author: string; body: string };
export type DemoComment = {
  author: string;
  alignment: "for" | "neutral" | "against";
  body: string;
  replies?: Reply[];
  hiddenBecause?: string;
  /** Reported by a resident, waiting in the moderators' queue (the reason of the report). */
  reportedAs?: "offensive" | "off_topic";
};
export type Thread = {
  author: string;
  title: string;
  body: string;
  /** Where on the project's place (u, v across its box), or along the avenue (t). */
  at?: [number, number];
  supporters: string[];
  comments: DemoComment[];
  answer?: { status: "under_study" | "accepted" | "rejected" | "done"; text: string };
};
export type DemoDebate = { title: string; description: string; comments: DemoComment[]; conclusion?: string };
export type DemoProject = {
  slug: string;
  title: string;
  summary: string;
  kind: "urban" | "cultural" | "leisure";
  place: "placeFontaine" | "parcTilleuls" | "theatre" | "ecoleCour" | "halle" | "avenue";
  /** A point rather than the place's outline. */
  point?: boolean;
  cover: Picture;
  coverAlt: string;
  bodyPicture: Picture;
  bodyPictureAlt: string;
  body: { intro: string; whyTitle: string; why: string; points: string[]; budget: string };
  phases: ["information" | "co_construction" | "vote" | "results", number, number | null][];
  followers: string[];
  threads: Thread[];
  debates: DemoDebate[];
  archived?: boolean;
};

export const DEMO_PROJECTS: DemoProject[] = [
  {
    slug: "place-de-la-fontaine",
    title: "Réaménager la place de la Fontaine",
    summary: "Plus d'ombre, moins de voitures, une fontaine qui coule à nouveau : imaginons ensemble la place du quartier.",
    kind: "urban",
    place: "placeFontaine",
    cover: "square",
    coverAlt: "La place de la Fontaine en fin d'après-midi : façades, platanes, la fontaine et des passants.",
    bodyPicture: "squarePlan",
    bodyPictureAlt: "Esquisse vue du ciel : la fontaine au centre, des arbres aux quatre coins et un cheminement piéton.",
    body: {
      intro:
        "La place de la Fontaine est le cœur du quartier, mais elle sert surtout de parking. Le marché du samedi s'y serre entre les voitures, la fontaine est à sec depuis 2019 et il n'y a presque pas d'ombre l'été.",
      whyTitle: "Pourquoi maintenant",
      why: "Les réseaux d'eau sous la place doivent être refaits l'an prochain. C'est l'occasion de repenser la surface en même temps, plutôt que de reposer le même enrobé.",
      points: [
        "Remettre la fontaine en eau, en circuit fermé.",
        "Planter une vingtaine d'arbres et désimperméabiliser une partie du sol.",
        "Garder le marché du samedi et les places de livraison des commerces.",
        "Réserver des bancs à l'ombre et des toilettes publiques accessibles.",
      ],
      budget: "1,2 million d'euros, dont 40 % financés par la Région",
    },
    phases: [
      ["information", -45, -21],
      ["co_construction", -20, 25],
      ["vote", 26, 40],
      ["results", 41, null],
    ],
    followers: ["camille", "nadia", "julien", "chantal"],
    threads: [
      {
        author: "nadia",
        title: "Des arbres de haute tige autour de la fontaine",
        body: "L'été, la place est un four. Des tilleuls ou des platanes autour de la fontaine donneraient de l'ombre aux bancs et aux étals du marché.\n\nOn pourrait choisir des essences qui supportent la sécheresse.",
        at: [0.3, 0.7],
        supporters: ["camille", "julien", "sophie", "karim", "elodie", "fatou", "chantal", "hugo"],
        comments: [
          {
            author: "julien",
            alignment: "for",
            body: "Oui, et des fosses de plantation larges pour que les racines ne soulèvent pas les pavés dans dix ans.",
            replies: [{ author: "nadia", body: "Bonne idée, les fosses continues marchent bien à la Croix-Rousse." }],
          },
          { author: "marc", alignment: "neutral", body: "Attention aux feuilles qui bouchent la fontaine à l'automne : il faudra un entretien régulier." },
        ],
      },
      {
        author: "camille",
        title: "Une place sans voitures le samedi matin",
        body: "Le samedi, le marché pourrait s'étendre sur toute la place si le stationnement y était interdit de 7 h à 14 h. Les clients se gareraient au parking de la gare, à trois minutes.",
        at: [0.6, 0.4],
        supporters: ["nadia", "sophie", "elodie", "ines"],
        comments: [
          {
            author: "thomas",
            alignment: "against",
            body: "Les personnes âgées qui viennent en voiture ne feront pas trois minutes à pied avec leurs courses.",
            reportedAs: "offensive",
            replies: [
              { author: "camille", body: "On pourrait garder quelques places réservées aux personnes à mobilité réduite, au plus près des étals." },
              { author: "chantal", body: "Et un service de portage des courses, comme à Vannes ?" },
            ],
          },
          { author: "ines", alignment: "for", body: "Les enfants pourraient enfin courir sur la place pendant le marché." },
        ],
      },
      {
        author: "julien",
        title: "Remettre la fontaine en eau",
        body: "La fontaine donne son nom à la place. La remettre en eau, avec un circuit fermé pour ne pas gaspiller, redonnerait vie à tout le quartier.",
        at: [0.5, 0.55],
        supporters: ["nadia", "camille", "marc", "chantal", "hugo", "fatou"],
        comments: [
          {
            author: "gerard",
            alignment: "neutral",
            body: "Garage Vasseur : vidange offerte pour tout achat de pneus, venez vite, offre limitée !",
            hiddenBecause: "Publicité pour un commerce, sans rapport avec le projet (charte de participation, article 4).",
          },
          { author: "sophie", alignment: "for", body: "Avec des jets au sol où les enfants peuvent jouer l'été, comme sur les quais." },
          {
            author: "camille",
            alignment: "for",
            body: "Et une plaque qui raconte l'histoire de la fontaine : peu de gens savent qu'elle date de 1864.",
            replies: [{ author: "julien", body: "Les archives municipales ont des photos d'époque, on pourrait les afficher à côté." }],
          },
        ],
      },
      {
        author: "sophie",
        title: "Des bancs à l'ombre, avec dossier et accoudoirs",
        body: "Beaucoup de bancs neufs n'ont ni dossier ni accoudoirs. Pour les personnes âgées, c'est un vrai frein pour s'asseoir et se relever.",
        at: [0.2, 0.3],
        supporters: ["chantal", "marc", "camille"],
        comments: [{ author: "chantal", alignment: "for", body: "Merci de penser à nous ! Quelques bancs en bois plutôt qu'en métal, qui chauffe l'été." }],
      },
      {
        author: "karim",
        title: "Un abri à vélos couvert près de la boulangerie",
        body: "Il n'y a aucun arceau sur la place. Un abri couvert pour une vingtaine de vélos, côté rue Jean-Jaurès, servirait aux clients du marché et aux habitants.",
        at: [0.9, 0.2],
        supporters: ["hugo", "ines", "thomas"],
        comments: [],
      },
      {
        author: "elodie",
        title: "Des toilettes publiques accessibles",
        body: "Les jours de marché, les commerçants et les clients n'ont nulle part où aller. Des toilettes gratuites, accessibles en fauteuil, près de l'arrêt de bus.",
        at: [0.85, 0.85],
        supporters: ["chantal", "fatou", "nadia", "sophie"],
        comments: [{ author: "marc", alignment: "for", body: "Indispensable, surtout si on veut que les familles restent sur la place." }],
      },
      {
        author: "marc",
        title: "Garder les places de livraison des commerces",
        body: "Le fleuriste, la pharmacie et la boulangerie sont livrés tous les matins. Il faut leur garder deux aires de livraison, sinon les camions se garent n'importe où.",
        supporters: ["thomas"],
        comments: [],
      },
      {
        author: "fatou",
        title: "Un sol clair et perméable plutôt que l'enrobé",
        body: "Un sol clair renvoie moins de chaleur et laisse l'eau de pluie s'infiltrer. Des pavés joints en herbe sur une partie de la place, par exemple.",
        at: [0.4, 0.2],
        supporters: ["nadia", "julien"],
        comments: [{ author: "thomas", alignment: "against", body: "Les joints en herbe, c'est compliqué avec une poussette ou un fauteuil roulant." }],
      },
      {
        author: "hugo",
        title: "Une boîte à livres sous les arcades",
        body: "Une armoire à livres en libre-service, abritée de la pluie, comme il en existe au parc. Les enfants de l'école pourraient la décorer.",
        supporters: ["ines", "camille"],
        comments: [],
      },
    ],
    debates: [
      {
        title: "Faut-il supprimer tout le stationnement sur la place ?",
        description: "Quarante-deux places de stationnement occupent aujourd'hui la moitié de la surface. Les supprimer toutes libérerait la place, mais inquiète certains commerçants. Donnez vos arguments.",
        comments: [
          { author: "nadia", alignment: "for", body: "Le parking de la gare est à moins de 300 mètres et n'est jamais plein." },
          { author: "thomas", alignment: "against", body: "La pharmacie perdra les clients pressés. Gardons au moins une dizaine de places en arrêt minute." },
          { author: "elodie", alignment: "neutral", body: "Un essai d'un an, avec un bilan public, permettrait de voir ce qu'il en est vraiment." },
        ],
      },
    ],
  },
  {
    slug: "parc-des-tilleuls",
    title: "Le parc des Tilleuls se refait une beauté",
    summary: "Allées, aire de jeux et kiosque : découvrez le diagnostic du parc avant de proposer vos idées cet automne.",
    kind: "leisure",
    place: "parcTilleuls",
    cover: "park",
    coverAlt: "Le parc des Tilleuls : pelouses, grands arbres, une allée et le kiosque à musique.",
    bodyPicture: "parkPlan",
    bodyPictureAlt: "Plan du parc : les arbres existants, l'allée en diagonale et le kiosque au centre.",
    body: {
      intro: "Le parc des Tilleuls a été dessiné en 1932. Ses allées sont abîmées, l'aire de jeux date des années 1990 et le kiosque n'est plus utilisé faute d'électricité.",
      whyTitle: "Le diagnostic",
      why: "Un bureau d'études a inventorié les 112 arbres du parc, l'état des allées et les usages. Ses conclusions sont publiées ici ; la phase de propositions ouvrira dans trois semaines.",
      points: [
        "Refaire les allées en sable stabilisé, accessibles en fauteuil.",
        "Remplacer l'aire de jeux, avec des jeux pour les plus petits.",
        "Rendre le kiosque utilisable pour des concerts et des bals.",
      ],
      budget: "650 000 euros sur deux ans",
    },
    phases: [
      ["information", -3, 20],
      ["co_construction", 21, 60],
      ["results", 61, null],
    ],
    followers: ["fatou"],
    threads: [],
    debates: [],
  },
  {
    slug: "saison-culturelle-theatre",
    title: "Une saison culturelle au théâtre Louis-Jouvet",
    summary: "Spectacles, ateliers, tarifs : la programmation de la saison prochaine se construit avec vous.",
    kind: "cultural",
    place: "theatre",
    point: true,
    cover: "stage",
    coverAlt: "La scène du théâtre Louis-Jouvet, rideau rouge ouvert, deux comédiens sous les projecteurs.",
    bodyPicture: "stagePlan",
    bodyPictureAlt: "Frise colorée de la saison : sept temps forts de septembre à juin.",
    body: {
      intro: "Le théâtre Louis-Jouvet rouvre après deux ans de travaux. Pour sa première saison, la Ville veut une programmation qui ressemble au quartier.",
      whyTitle: "Une saison pour tous les publics",
      why: "La salle accueille 420 spectateurs. Une partie de la programmation sera choisie à partir de vos propositions, et les tarifs seront discutés ici.",
      points: [
        "Sept temps forts, de septembre à juin.",
        "Des ateliers avec les écoles et le centre social.",
        "Un tarif solidaire et des places à un euro pour les moins de dix-huit ans.",
      ],
      budget: "380 000 euros de programmation",
    },
    phases: [
      ["information", -50, -31],
      ["co_construction", -30, 30],
      ["results", 31, null],
    ],
    followers: ["camille", "ines", "hugo"],
    threads: [
      {
        author: "ines",
        title: "Des spectacles en matinée le dimanche",
        body: "Les familles et les personnes âgées sortent peu le soir. Des représentations le dimanche à 15 h rempliraient la salle.",
        supporters: ["chantal", "camille", "sophie", "fatou", "nadia"],
        comments: [{ author: "chantal", alignment: "for", body: "Je ne conduis plus la nuit : une matinée, je viendrais à chaque fois." }],
      },
      {
        author: "hugo",
        title: "Une scène ouverte pour les groupes du quartier",
        body: "Un soir par mois, la scène ouverte aux musiciens amateurs du quartier, avec le matériel du théâtre.",
        supporters: ["karim", "ines", "julien"],
        comments: [
          {
            author: "karim",
            alignment: "for",
            body: "Mon groupe répète dans un garage depuis trois ans, on serait les premiers inscrits.",
            replies: [{ author: "hugo", body: "Avec plaisir, on pourrait faire un planning partagé." }],
          },
        ],
      },
      {
        author: "fatou",
        title: "Un festival des cultures du monde en juin",
        body: "Le quartier compte plus de trente nationalités. Un week-end de musiques, de contes et de cuisines du monde, avec les associations.",
        supporters: ["nadia", "karim", "elodie", "hugo"],
        comments: [],
      },
      {
        author: "camille",
        title: "Des places à petit prix réservées aux habitants",
        body: "Un quota de places à cinq euros pour les habitants du quartier, mises en vente une semaine avant les autres.",
        supporters: ["fatou", "ines"],
        comments: [
          {
            author: "thomas",
            alignment: "neutral",
            body: "Comment vérifier qu'on habite le quartier ? Un justificatif à chaque achat, ce sera lourd.",
            replies: [{ author: "elodie", body: "La carte de la médiathèque pourrait servir de justificatif." }],
          },
        ],
      },
      {
        author: "elodie",
        title: "Des ateliers théâtre pour les adolescents",
        body: "Un atelier hebdomadaire pour les 12-17 ans, qui monterait un spectacle joué en fin de saison.",
        supporters: ["sophie", "marc"],
        comments: [],
      },
      {
        author: "sophie",
        title: "Une séance adaptée aux personnes autistes",
        body: "Lumière tamisée, son moins fort, liberté de sortir et d'entrer : une séance « relax » par trimestre.",
        supporters: ["camille", "nadia", "ines"],
        comments: [{ author: "nadia", alignment: "for", body: "Cela existe à Paris et c'est toujours complet. Très bonne idée." }],
      },
    ],
    debates: [
      {
        title: "Quels horaires pour les spectacles en semaine ?",
        description: "20 h 30 comme aujourd'hui, ou 19 h pour permettre aux familles et aux habitants qui travaillent tôt de venir ? Le débat est ouvert jusqu'à la fin de la phase de propositions.",
        comments: [
          { author: "julien", alignment: "for", body: "19 h, c'est parfait pour venir directement après le travail." },
          { author: "marc", alignment: "against", body: "À 19 h, je ne serai jamais rentré de Paris à temps." },
        ],
      },
      {
        title: "Un tarif unique ou des tarifs selon les revenus ?",
        description: "La Ville hésite entre un tarif unique à douze euros et trois tarifs selon le quotient familial.",
        comments: [
          { author: "fatou", alignment: "for", body: "Des tarifs selon les revenus, comme à la cantine : c'est plus juste." },
          { author: "thomas", alignment: "against", body: "Un tarif unique bas, c'est plus simple et personne n'a à se justifier." },
          { author: "nadia", alignment: "neutral", body: "Pourquoi pas un tarif unique avec un « pass » gratuit pour les minima sociaux ?" },
        ],
        conclusion:
          "Merci pour vos contributions. La Ville retient un tarif unique de dix euros, un tarif réduit à cinq euros pour les étudiants et les demandeurs d'emploi, et des places à un euro pour les moins de dix-huit ans. Le conseil municipal votera ces tarifs en juin.",
      },
    ],
  },
  {
    slug: "plan-velo-avenue-de-la-gare",
    title: "Un plan vélo pour l'avenue de la Gare",
    summary: "Une piste cyclable protégée de la gare au moulin : les scénarios sont soumis au vote.",
    kind: "urban",
    place: "avenue",
    cover: "bikeLane",
    coverAlt: "L'avenue de la Gare avec sa future piste cyclable verte, séparée des voitures, et une cycliste.",
    bodyPicture: "bikePlan",
    bodyPictureAlt: "Coupe de l'avenue : la piste cyclable bidirectionnelle côté nord, la chaussée et les arbres.",
    body: {
      intro: "Chaque jour, 1 800 cyclistes empruntent l'avenue de la Gare, sans aménagement. Trois accidents graves y ont eu lieu en deux ans.",
      whyTitle: "Ce que la concertation a donné",
      why: "Vos propositions ont été étudiées par les services techniques. Deux scénarios sont soumis au vote : une piste bidirectionnelle côté nord, ou deux pistes unidirectionnelles.",
      points: [
        "Une piste protégée sur les 1,1 km de l'avenue.",
        "Des carrefours sécurisés aux rues Victor-Hugo et Jean-Jaurès.",
        "Des arceaux devant la gare et les commerces.",
      ],
      budget: "2,4 millions d'euros",
    },
    phases: [
      ["information", -90, -61],
      ["co_construction", -60, -8],
      ["vote", -7, 14],
      ["results", 15, null],
    ],
    followers: ["camille", "karim", "hugo"],
    threads: [
      {
        author: "karim",
        title: "Une piste séparée de la chaussée par des bordures",
        body: "Un simple marquage au sol ne protège de rien. Une bordure ou des potelets empêcheraient les voitures de stationner sur la piste.",
        at: [0.3, 0],
        supporters: ["hugo", "camille", "ines", "julien", "nadia", "elodie", "sophie"],
        comments: [{ author: "hugo", alignment: "for", body: "Sans séparation physique, la piste devient une place de livraison en une semaine." }],
        answer: { status: "accepted", text: "Retenu dans les deux scénarios : la piste sera séparée par une bordure franchissable par les secours." },
      },
      {
        author: "camille",
        title: "Des feux avec un temps d'avance pour les vélos",
        body: "Au carrefour Jean-Jaurès, les vélos partent en même temps que les voitures qui tournent à droite. Un feu vélo qui passe au vert quelques secondes avant éviterait les accrochages.",
        at: [0.5, 0],
        supporters: ["karim", "thomas"],
        comments: [],
        answer: { status: "under_study", text: "Les services étudient la faisabilité avec le gestionnaire des feux ; réponse attendue avant la fin du vote." },
      },
      {
        author: "thomas",
        title: "Garder le stationnement côté sud",
        body: "Les commerces de l'avenue vivent des clients de passage. Supprimer tout le stationnement les mettrait en difficulté.",
        supporters: ["marc"],
        comments: [
          {
            author: "ines",
            alignment: "against",
            body: "Les études montrent que les cyclistes et les piétons dépensent plus dans les commerces de proximité.",
            replies: [{ author: "thomas", body: "Peut-être, mais demandez à la boulangère ce qu'elle en pense." }],
          },
        ],
        answer: { status: "rejected", text: "La largeur de l'avenue ne permet pas de garder le stationnement des deux côtés ; des aires de livraison seront conservées." },
      },
      {
        author: "hugo",
        title: "Des arceaux devant la gare",
        body: "Les vélos sont attachés aux grilles et aux panneaux faute de place. Il faudrait au moins cinquante arceaux, dont une partie couverte.",
        at: [0.95, 0],
        supporters: ["karim", "camille", "julien"],
        comments: [],
      },
      {
        author: "julien",
        title: "Des arbres entre la piste et la chaussée",
        body: "Une rangée d'arbres protégerait les cyclistes et rafraîchirait l'avenue.",
        supporters: ["nadia", "fatou"],
        comments: [{ author: "marc", alignment: "neutral", body: "Vérifiez les réseaux en sous-sol, l'avenue en est pleine." }],
      },
      {
        author: "elodie",
        title: "Un éclairage plus fort sur la piste",
        body: "L'hiver, on rentre de la gare à la nuit tombée. Un éclairage dédié sur la piste rassurerait beaucoup de cyclistes, surtout les femmes.",
        supporters: ["sophie", "ines", "camille"],
        comments: [],
      },
    ],
    debates: [],
  },
  {
    slug: "cour-ecole-jules-ferry",
    title: "Une cour d'école Oasis à Jules-Ferry",
    summary: "Moins de bitume, plus d'ombre et de jeux : les choix de la concertation et l'avancement des travaux.",
    kind: "leisure",
    place: "ecoleCour",
    cover: "playground",
    coverAlt: "La cour de l'école Jules-Ferry transformée : pelouse, arbres, une structure de jeux rouge et des enfants.",
    bodyPicture: "playgroundPlan",
    bodyPictureAlt: "Plan de la future cour : une zone plantée, cinq arbres et l'espace de jeux.",
    body: {
      intro: "La cour de l'école Jules-Ferry était entièrement goudronnée. Les élèves, les parents et les enseignants ont imaginé une cour plus fraîche et plus calme.",
      whyTitle: "Les résultats",
      why: "Les propositions retenues sont en cours de réalisation pendant les vacances scolaires. Suivez ici l'avancement du chantier.",
      points: [
        "Un tiers de la cour désimperméabilisé et planté.",
        "Cinq arbres et une fontaine à eau.",
        "Des espaces calmes à côté des jeux de ballon.",
      ],
      budget: "420 000 euros",
    },
    phases: [
      ["information", -200, -171],
      ["co_construction", -170, -121],
      ["vote", -120, -100],
      ["results", -99, null],
    ],
    followers: ["camille", "elodie", "sophie"],
    threads: [
      {
        author: "camille",
        title: "Des arbres pour faire de l'ombre",
        body: "En juin, la cour dépasse 40 °C au soleil. Quelques arbres bien placés suffiraient à rendre les récréations supportables.",
        at: [0.3, 0.7],
        supporters: ["elodie", "sophie", "nadia", "fatou", "julien"],
        comments: [{ author: "elodie", alignment: "for", body: "Les enfants reviennent rouges de la récré, c'est urgent." }],
        answer: { status: "done", text: "Cinq érables champêtres ont été plantés en novembre, avec des bancs circulaires autour de deux d'entre eux." },
      },
      {
        author: "elodie",
        title: "Un coin calme pour lire et discuter",
        body: "Tous les enfants n'ont pas envie de courir. Un coin avec des bancs et des plantes, à l'écart des ballons.",
        at: [0.8, 0.3],
        supporters: ["camille", "sophie", "ines"],
        comments: [],
        answer: { status: "accepted", text: "Retenu : le coin calme sera aménagé côté préau, livraison prévue aux vacances d'hiver." },
      },
      {
        author: "sophie",
        title: "Un potager pédagogique",
        body: "Des bacs de culture où chaque classe aurait son carré, avec un récupérateur d'eau de pluie.",
        supporters: ["fatou", "camille"],
        comments: [],
        answer: { status: "accepted", text: "Retenu : six bacs, un par classe, et un récupérateur d'eau raccordé à la gouttière du préau." },
      },
      {
        author: "thomas",
        title: "Garder un grand terrain de football",
        body: "Les garçons jouent au foot à chaque récréation, il faut garder un terrain de taille normale.",
        supporters: ["marc"],
        comments: [
          {
            author: "fatou",
            alignment: "against",
            body: "Le terrain prend les deux tiers de la cour aujourd'hui, les autres jeux n'ont plus de place.",
            replies: [{ author: "camille", body: "Un terrain plus petit, avec des horaires partagés, pourrait convenir à tout le monde." }],
          },
        ],
        answer: { status: "rejected", text: "Le terrain est réduit de moitié ; les élèves ont choisi des créneaux de jeux de ballon par classe." },
      },
      {
        author: "fatou",
        title: "Une fontaine à eau dans la cour",
        body: "Les enfants doivent rentrer dans le bâtiment pour boire. Une fontaine dans la cour éviterait les allers-retours.",
        supporters: ["camille", "elodie", "sophie", "nadia"],
        comments: [],
        answer: { status: "done", text: "La fontaine est installée et raccordée depuis la rentrée." },
      },
      {
        author: "nadia",
        title: "Ouvrir la cour aux habitants le week-end",
        body: "La cour pourrait servir de jardin au quartier le samedi après-midi, comme les cours Oasis de Paris.",
        supporters: ["julien", "hugo"],
        comments: [],
        answer: { status: "under_study", text: "La Ville étudie l'ouverture avec l'équipe enseignante et les assurances ; une décision sera prise au printemps." },
      },
    ],
    debates: [],
  },
  {
    slug: "renovation-halle-du-marche",
    title: "Rénovation de la halle du marché",
    summary: "La halle a rouvert après sa rénovation : retrouvez les choix faits avec les habitants.",
    kind: "urban",
    place: "halle",
    point: true,
    cover: "market",
    coverAlt: "La halle du marché rénovée : charpente métallique, verrières et clients entre les étals.",
    bodyPicture: "square",
    bodyPictureAlt: "Les abords de la halle un jour de marché, avec leurs platanes.",
    body: {
      intro: "La halle du marché, construite en 1896, a été entièrement rénovée entre 2023 et 2024 : charpente, verrières, sols et réseaux.",
      whyTitle: "Un projet terminé",
      why: "Les habitants ont été consultés sur les horaires, les équipements et les usages de la halle en dehors des jours de marché. Ce projet est archivé.",
      points: ["Des verrières restaurées à l'identique.", "Un sol en pierre adapté aux fauteuils.", "Des soirées de marché l'été."],
      budget: "3,1 millions d'euros",
    },
    phases: [
      ["information", -400, -371],
      ["co_construction", -370, -300],
      ["results", -299, null],
    ],
    followers: [],
    threads: [
      {
        author: "chantal",
        title: "Un marché le mercredi après-midi",
        body: "Beaucoup d'actifs ne peuvent pas venir le samedi matin. Un marché le mercredi de 16 h à 20 h.",
        supporters: ["nadia", "julien", "karim"],
        comments: [],
        answer: { status: "done", text: "Le marché du mercredi soir a lieu depuis la réouverture, de 16 h à 20 h." },
      },
      {
        author: "marc",
        title: "Des prises électriques pour les commerçants",
        body: "Les commerçants branchent leurs vitrines réfrigérées sur des rallonges dangereuses.",
        supporters: ["thomas"],
        comments: [],
        answer: { status: "done", text: "Quarante bornes électriques ont été installées sous la halle." },
      },
      {
        author: "julien",
        title: "Des soirées guinguette l'été",
        body: "La halle est magnifique le soir. Quelques soirées avec musique et restauration en juillet et en août.",
        supporters: ["hugo", "ines", "fatou", "karim"],
        comments: [],
        answer: { status: "accepted", text: "Quatre soirées sont programmées chaque été avec le comité des fêtes." },
      },
    ],
    debates: [],
    archived: true,
  },
];
