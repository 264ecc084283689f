// The demo town's consultations, through the commands officials and residents use: on the cycling
// plan (in its vote phase) one open consultation of each method, with ballots from the demo
// residents so that the tallies are not empty; on the school yard (its results phase) one closed
// consultation with its results published. The demo citizen has not voted: the ballots are there
// for them to try.
import { actorOf, type Actor } from "../../app/modules/auth/actor";
import type { SessionUser } from "../../app/modules/auth/session.server";
import {
  addOption,
  addQuestion,
  castBallot,
  closeConsultation,
  createConsultation,
  openConsultation,
  publishResults,
  type CommandResult,
} from "../../app/modules/consultations/commands.server";
import type { BallotAnswer, ConsultationInput, MethodSettings } from "../../app/modules/consultations/schema";
import type { Db, Sql } from "../../app/utils/db.server";

type Member = { id: number; name: string };

function actor(organizationId: number, member: Member, role: SessionUser["role"]): Actor {
  return actorOf(organizationId, {
    id: member.id,
    organizationId,
    email: "demo@maquette.example",
    name: member.name,
    role,
    isSystemAdmin: false,
    locale: null,
    emailConfirmed: true,
  });
}

function value<T>(result: CommandResult<T>, what: string): T {
  if (!result.ok) throw new Error(`demo seed: ${what}: ${result.error}`);
  return result.value;
}

type DemoQuestion = { title: string; description: string; settings: MethodSettings; options: { label: string; description?: string; cost?: number }[] };
type DemoConsultation = Pick<ConsultationInput, "title" | "description" | "secrecy" | "resultsVisibility" | "allowChange"> & {
  opensInMs: number;
  closesInMs: number;
  question: DemoQuestion;
  /** Each resident's ballot, by option index (single: one; approval, budget: several; majority: a grade per option, worst = 0). */
  ballots: number[][];
};

const DAY = 86_400_000;

const OPEN: DemoConsultation[] = [
  {
    title: "Quel tracé pour la piste cyclable de l'avenue ?",
    description: "Trois tracés ont été étudiés avec vous pendant la co-construction. Le tracé choisi sera réalisé en 2027.",
    secrecy: "secret",
    resultsVisibility: "live",
    allowChange: true,
    opensInMs: -6 * DAY,
    closesInMs: 13 * DAY,
    question: {
      title: "Quel tracé préférez-vous ?",
      description: "",
      settings: { method: "single" },
      options: [
        { label: "Piste bidirectionnelle côté parc", description: "Séparée de la chaussée par une bordure plantée." },
        { label: "Deux bandes unidirectionnelles", description: "Une de chaque côté, le long du trottoir." },
        { label: "Zone de rencontre à 20 km/h", description: "Vélos et voitures partagent la chaussée, piétons prioritaires." },
      ],
    },
    ballots: [[0], [0], [1], [0], [2], [1], [0], [0], [1]],
  },
  {
    title: "Les aménagements à faire en premier",
    description: "Le plan vélo se fera en plusieurs étapes. Choisissez ce qui vous semble le plus urgent (jusqu'à trois).",
    secrecy: "public",
    resultsVisibility: "live",
    allowChange: true,
    opensInMs: -6 * DAY,
    closesInMs: 13 * DAY,
    question: {
      title: "Quels aménagements voulez-vous voir en premier ?",
      description: "",
      settings: { method: "approval", minChoices: 1, maxChoices: 3 },
      options: [
        { label: "Arceaux devant la gare" },
        { label: "Carrefour Victor-Hugo sécurisé" },
        { label: "Double sens cyclable rue Jean-Jaurès" },
        { label: "Éclairage de la voie verte" },
        { label: "Atelier de réparation en libre-service" },
      ],
    },
    ballots: [[0, 1], [1], [1, 2, 3], [0, 4], [1, 3], [0, 1, 4], [2], [1, 2]],
  },
  {
    title: "Le carrefour Victor-Hugo : jugez les trois variantes",
    description: "Donnez une mention à chaque variante. La variante dont la mention majoritaire est la meilleure sera retenue.",
    secrecy: "secret",
    resultsVisibility: "live",
    allowChange: false,
    opensInMs: -6 * DAY,
    closesInMs: 13 * DAY,
    question: {
      title: "Que pensez-vous de chaque variante ?",
      description: "",
      settings: { method: "majority", scale: 7 },
      options: [
        { label: "Giratoire compact avec anneau cyclable" },
        { label: "Feux avec sas vélo et tourne-à-droite" },
        { label: "Plateau surélevé sans feux" },
      ],
    },
    // Grades worst = 0 (À rejeter) … 6 (Excellent), one per variant.
    ballots: [
      [5, 3, 4],
      [4, 2, 5],
      [6, 3, 3],
      [3, 4, 2],
      [5, 1, 4],
      [4, 3, 6],
      [2, 4, 3],
      [5, 2, 5],
    ],
  },
  {
    title: "Budget participatif vélo : 60 000 €",
    description: "La commune réserve 60 000 € aux projets proposés par les habitants. Choisissez ceux que vous voulez financer, sans dépasser le budget.",
    secrecy: "secret",
    resultsVisibility: "live",
    allowChange: true,
    opensInMs: -6 * DAY,
    closesInMs: 13 * DAY,
    question: {
      title: "Quels projets financer ?",
      description: "",
      settings: { method: "budget", total: 60_000, minSpend: 0 },
      options: [
        { label: "Abri vélos sécurisé à la gare", cost: 35_000 },
        { label: "Vélo-école pour les adultes", cost: 8_000 },
        { label: "Stations de gonflage (5)", cost: 6_000 },
        { label: "Jalonnement des itinéraires", cost: 15_000 },
        { label: "Vélos cargos en prêt", cost: 22_000 },
      ],
    },
    ballots: [[0, 1, 2], [0, 3], [1, 2, 3, 4], [0, 2], [4, 1, 3], [0, 1], [2, 3, 4], [0, 2, 3]],
  },
];

const CLOSED: DemoConsultation = {
  title: "Le nom de la nouvelle cour",
  description: "Les élèves, les parents et les voisins ont choisi le nom de la cour rénovée.",
  secrecy: "secret",
  resultsVisibility: "after_close",
  allowChange: false,
  opensInMs: -110 * DAY,
  // Closed a moment after the ballots (below): a ballot can only be cast while it is open.
  closesInMs: 4_000,
  question: {
    title: "Quel nom pour la cour ?",
    description: "",
    settings: { method: "single" },
    options: [{ label: "La cour des Tilleuls" }, { label: "La cour Simone-Veil" }, { label: "La cour des Découvertes" }],
  },
  ballots: [[1], [1], [0], [2], [1], [1], [0], [1], [2], [1]],
};

function answerOf(question: { id: number; options: number[]; settings: MethodSettings }, ballot: number[]): BallotAnswer {
  const id = (i: number) => question.options[i]!;
  switch (question.settings.method) {
    case "single":
      return { questionId: question.id, method: "single", optionId: id(ballot[0]!) };
    case "approval":
      return { questionId: question.id, method: "approval", optionIds: ballot.map(id) };
    case "budget":
      return { questionId: question.id, method: "budget", optionIds: ballot.map(id) };
    case "majority":
      return { questionId: question.id, method: "majority", grades: Object.fromEntries(ballot.map((grade, i) => [id(i), grade])) };
  }
}

async function seedOne(sql: Sql, official: Actor, voters: Actor[], projectId: number, spec: DemoConsultation) {
  const db = sql as unknown as Db;
  const now = Date.now();
  const consultationId = value(
    await createConsultation(db, official, {
      projectId,
      title: spec.title,
      description: spec.description,
      opensAt: new Date(now + spec.opensInMs),
      closesAt: new Date(now + spec.closesInMs),
      eligibility: "members",
      minAge: null,
      secrecy: spec.secrecy,
      resultsVisibility: spec.resultsVisibility,
      allowChange: spec.allowChange,
    }),
    `creating "${spec.title}"`,
  ).id;
  const q = spec.question;
  const questionId = value(await addQuestion(db, official, { consultationId, title: q.title, description: q.description, ...q.settings } as never), "a question").id;
  const options: number[] = [];
  for (const o of q.options) {
    options.push(value(await addOption(db, official, { questionId, label: o.label, description: o.description ?? "", proposalId: null, cost: o.cost ?? null }), "an option").id);
  }
  value(await openConsultation(db, official, { consultationId }), `opening "${spec.title}"`);
  const question = { id: questionId, options, settings: q.settings };
  await Promise.all(
    spec.ballots.map(async (ballot, i) => {
      const outcome = await castBallot(db, voters[i % voters.length]!, { consultationId, answers: [answerOf(question, ballot)] });
      if (!outcome.ok) throw new Error(`demo seed: a ballot of "${spec.title}": ${outcome.error}`);
    }),
  );
  return consultationId;
}

/** The consultations of the demo town (once, inside seedDemoTown's lock). */
export async function seedDemoConsultations(
  sql: Sql,
  input: { organizationId: number; official: Member; residents: Member[]; voteProjectId: number; resultsProjectId: number },
) {
  const official = actor(input.organizationId, input.official, "official");
  const voters = input.residents.map((r) => actor(input.organizationId, r, "citizen"));
  // One after the other (the same ids at every first start); the past one first: its close comes
  // a few seconds later, while the open ones are written.
  const closedId = await seedOne(sql, official, voters, input.resultsProjectId, CLOSED);
  for (const spec of OPEN) await seedOne(sql, official, voters, input.voteProjectId, spec);
  // The close passes on the database clock, then the official closes and publishes.
  const [row] = await sql`select greatest(0, extract(epoch from closes_at - now()) * 1000)::int as wait from consultations where id = ${closedId}`;
  await new Promise((resolve) => setTimeout(resolve, Number(row?.wait ?? 0) + 50));
  value(await closeConsultation(sql as unknown as Db, official, { consultationId: closedId }), "closing the past consultation");
  value(await publishResults(sql as unknown as Db, official, { consultationId: closedId }), "publishing its results");
  return { open: OPEN.length, closed: 1 };
}
