// An uploaded picture in its WebP widths (400/800/1600 px), for the sizes the layout gives it.
// Below the fold, `lazy` lets the browser fetch it only when it comes near.
import type { CoverImage } from "~/modules/projects/types";

export function Picture({ picture, className, sizes, lazy = false }: { picture: CoverImage; className: string; sizes: string; lazy?: boolean }) {
  return (
    <img
      className={className}
      src={picture.src}
      srcSet={picture.srcSet}
      sizes={sizes}
      width={picture.width}
      height={picture.height}
      alt={picture.alt}
      {...(lazy ? { loading: "lazy" as const, decoding: "async" as const } : {})}
    />
  );
}
