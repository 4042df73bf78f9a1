/** Platform IDs of the OpenIM clients (spec/rest-semantics.md §2.3). */
export enum Platform {
  IOS = 1,
  Android = 2,
  Windows = 3,
  OSX = 4,
  Web = 5,
  MiniWeb = 6,
  Linux = 7,
  APad = 8,
  IPad = 9,
  Admin = 10,
  HarmonyOS = 11,
}

export const MIN_PLATFORM = 1;
export const MAX_PLATFORM = 11;

/** Terminal classes used by the multi-login policies. */
export type TerminalClass = 'mobile' | 'pc' | 'web' | 'miniweb' | 'pad' | 'admin' | 'harmony';

const CLASS: Record<Platform, TerminalClass> = {
  [Platform.IOS]: 'mobile',
  [Platform.Android]: 'mobile',
  [Platform.Windows]: 'pc',
  [Platform.OSX]: 'pc',
  [Platform.Web]: 'web',
  [Platform.MiniWeb]: 'miniweb',
  [Platform.Linux]: 'pc',
  [Platform.APad]: 'pad',
  [Platform.IPad]: 'pad',
  [Platform.Admin]: 'admin',
  [Platform.HarmonyOS]: 'harmony',
};

export function terminalClass(platformID: number): TerminalClass | undefined {
  return CLASS[platformID as Platform];
}

export function isValidPlatform(platformID: number): boolean {
  return Number.isInteger(platformID) && platformID >= MIN_PLATFORM && platformID <= MAX_PLATFORM;
}

export function platformName(platformID: number): string {
  return Platform[platformID] ?? 'Unknown';
}
