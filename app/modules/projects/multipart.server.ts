// Multipart forms (files) read into memory, with a size cap per part. A part over the cap does not
// fail the form: it is left out and named, so that the action can answer with the translated
// uploads.tooLarge message next to its field while keeping the other values.
//
// Parsed by the platform's own FormData parser (undici), the one the request guard already ran on
// this body (app/server/request-guard.server.ts, which also bounds the body's size). Remix's
// `unstable_parseMultipartFormData` is not used: its header parser splits `filename="a=b;c.pdf"`
// on the `;` and `=` inside the quotes and throws, so such a file name answered 500.

export type MultipartForm = { formData: FormData; tooLarge: Set<string> };

/** A body that is not a readable form (broken multipart, wrong boundary): answer 400. */
export class MultipartRejected extends Error {
  constructor() {
    super("malformed form body");
  }
}

export async function parseMultipartForm(request: Request, maxPartSize: number): Promise<MultipartForm> {
  let parsed: FormData;
  try {
    parsed = await request.formData();
  } catch {
    throw new MultipartRejected();
  }
  const tooLarge = new Set<string>();
  const formData = new FormData();
  for (const [name, value] of parsed) {
    const size = typeof value === "string" ? Buffer.byteLength(value) : value.size;
    if (size > maxPartSize) tooLarge.add(name);
    else formData.append(name, value);
  }
  return { formData, tooLarge };
}
