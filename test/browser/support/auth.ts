import type { Page } from "playwright-core";

/** Users the browser journeys' global setup creates (test/browser/support/global-setup.ts). */
export type TestUser = "admin" | "editor" | "editor2" | "viewer";

/**
 * Signs `page` in as one of the test users (cookie set for `base`). Every journey calls it first.
 * PLACEHOLDER until sign-in lands (owned by the accounts work): today nothing needs signing in.
 */
export async function signIn(_page: Page, _base: string, _who: TestUser = "admin"): Promise<void> {}
