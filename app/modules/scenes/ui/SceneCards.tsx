// The project page's entry to its 3D scenes: one card per scene (its first variant's poster, its
// title, summary and number of variants), each a plain link to the scene's page. No 3D here: the
// project page ships no three.js.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export type SceneCardView = {
  id: number;
  title: string;
  summary: string;
  variantsCount: number;
  poster: { url: string; width: number; height: number; alt: string } | null;
};

export function SceneCards({ projectSlug, scenes }: { projectSlug: string; scenes: SceneCardView[] }) {
  const { t } = useTranslation("scenes");
  if (scenes.length === 0) return null;
  return (
    <section aria-labelledby="project-scenes-title" className="project-scenes">
      <h2 id="project-scenes-title">{t("public.sectionTitle")}</h2>
      <p>{t("public.sectionIntro")}</p>
      <ul className="scene-cards">
        {scenes.map((scene) => (
          <li key={scene.id} className="scene-card">
            {scene.poster ? <img src={scene.poster.url} width={scene.poster.width} height={scene.poster.height} alt="" loading="lazy" /> : null}
            <div className="scene-card__body">
              <Link to={`/projects/${projectSlug}/scenes/${scene.id}`}>{t("public.openScene", { title: scene.title })}</Link>
              <p>{t("public.variantsCount", { count: scene.variantsCount })}</p>
              {scene.summary ? <p>{scene.summary}</p> : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
