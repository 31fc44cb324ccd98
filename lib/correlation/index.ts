export * from "./command-match";
export * from "./correlate";
export * from "./from-input";
export * from "./identity-chain";
export * from "./principals";
export * from "./types";
export * from "./window";
