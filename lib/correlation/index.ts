export * from "./types";
export * from "./window";
export * from "./principals";
export * from "./command-match";
export * from "./correlate";
export * from "./identity-chain";
export * from "./from-input";
