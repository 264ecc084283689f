// Multipart forms (files) read into memory with a size cap per part. A part over the cap does
// not abort the form: it is drained and named, so that the action can answer with the translated
// uploads.tooLarge message next to its field while keeping the other values.
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";

export type MultipartForm = { formData: FormData; tooLarge: Set<string> };

export async function parseMultipartForm(request: Request, maxPartSize: number): Promise<MultipartForm> {
  const tooLarge = new Set<string>();
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    // A client without the enctype (or a test) still gets its text fields read.
    return { formData: await request.formData(), tooLarge };
  }
  const memory = unstable_createMemoryUploadHandler({ maxPartSize });
  const handler: UploadHandler = async (part) => {
    try {
      return await memory(part);
    } catch (error) {
      if (!(error instanceof MaxPartSizeExceededError)) throw error;
      tooLarge.add(part.name);
      // Read the rest of the part without keeping it, so that the following fields are parsed.
      for await (const chunk of part.data) void chunk;
      return undefined;
    }
  };
  const formData = await unstable_parseMultipartFormData(request, handler);
  return { formData, tooLarge };
}
