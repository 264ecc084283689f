// The official Khronos glTF validator, compiled from Dart: the package ships no types.
declare module "gltf-validator" {
  export type ValidatorIssue = { code: string; message: string; severity: number; pointer?: string; offset?: number };
  export type ValidatorReport = {
    issues: { numErrors: number; numWarnings: number; numInfos: number; numHints: number; messages: ValidatorIssue[]; truncated: boolean };
    info?: Record<string, unknown>;
  };
  export function validateBytes(
    data: Uint8Array,
    options?: {
      uri?: string;
      format?: "glb" | "gltf";
      maxIssues?: number;
      ignoredIssues?: string[];
      writeTimestamp?: boolean;
      externalResourceFunction?: (uri: string) => Promise<Uint8Array>;
    },
  ): Promise<ValidatorReport>;
  export function version(): string;
}
