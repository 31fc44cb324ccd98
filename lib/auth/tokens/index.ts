/** API tokens, the pure part (format, hashing, expiry, scopes, views). DB code: queries.ts, mutations.ts, verify.ts. */
export * from "./expiry";
export * from "./format";
export * from "./rate-limit";
export * from "./scope";
export * from "./view";
