/** Injection token of the {@link TokenCache} (Redis or in-process). */
export const TOKEN_CACHE = Symbol('TOKEN_CACHE');
