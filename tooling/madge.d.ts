// The part of madge's API the import-cycle test uses (madge ships no types).
declare module 'madge' {
  interface MadgeResult {
    circular(): string[][];
  }
  interface MadgeOptions {
    fileExtensions?: string[];
    tsConfig?: string;
  }
  export default function madge(path: string, options?: MadgeOptions): Promise<MadgeResult>;
}
