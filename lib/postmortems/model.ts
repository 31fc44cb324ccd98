import { createTwoFilesPatch, diffLines } from "diff";
import { z } from "zod";

/** Post-mortem documents, reviews and action items (pure rules and inputs). */

export const PostMortemStatus = z.enum(["draft", "in_review", "approved", "published"]);
export type PostMortemStatus = z.infer<typeof PostMortemStatus>;

export const STATUS_LABEL: Record<PostMortemStatus, string> = {
  draft: "Draft",
  in_review: "In review",
  approved: "Approved",
  published: "Published",
};

const text = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((s) => !s.includes("\u0000"), "contains NUL");

/** A save: the revision it was edited from (optimistic concurrency) and the new text. */
export const SavePostMortemInput = z
  .object({ baseRevision: z.number().int().positive(), title: text(300).pipe(z.string().trim().min(1)), body: text(400_000) })
  .strict();
export type SavePostMortemInput = z.infer<typeof SavePostMortemInput>;

export const RestoreRevisionInput = z.object({ baseRevision: z.number().int().positive(), revision: z.number().int().positive() }).strict();

/** Named reviewers: user ids or emails. */
export const RequestReviewInput = z
  .object({ reviewers: z.array(z.string().trim().min(1).max(320)).min(1, "name at least one reviewer").max(20) })
  .strict();

export const ReviewDecision = z.enum(["comment", "approved", "changes_requested"]);
export type ReviewDecision = z.infer<typeof ReviewDecision>;
export const ReviewInput = z
  .object({ decision: ReviewDecision.default("comment"), body: text(20_000).default("") })
  .strict()
  .refine((v) => v.decision !== "comment" || v.body.trim().length > 0, { message: "a review comment needs a body", path: ["body"] });
export type ReviewInput = z.infer<typeof ReviewInput>;

export const ActionItemPriority = z.enum(["p1", "p2", "p3"]);
export const ActionItemStatus = z.enum(["open", "in_progress", "done", "wont_do"]);
const dueDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2026-01-31")
  .refine((s) => Number.isFinite(Date.parse(`${s}T00:00:00Z`)), "not a date");
export const ActionItemInput = z
  .object({
    title: text(300).pipe(z.string().trim().min(1)),
    owner: z.string().trim().max(320).nullish(),
    dueDate: dueDate.nullish(),
    priority: ActionItemPriority.default("p2"),
    status: ActionItemStatus.default("open"),
    safeguardKey: z.string().trim().min(1).max(200).nullish(),
  })
  .strict();
export type ActionItemInput = z.infer<typeof ActionItemInput>;
export const ActionItemPatch = z
  .object({
    title: text(300).pipe(z.string().trim().min(1)).optional(),
    owner: z.string().trim().max(320).nullish(),
    dueDate: dueDate.nullish(),
    priority: ActionItemPriority.optional(),
    status: ActionItemStatus.optional(),
    safeguardKey: z.string().trim().min(1).max(200).nullish(),
  })
  .strict();
export type ActionItemPatch = z.infer<typeof ActionItemPatch>;

/** Overdue: not finished and the due date (a calendar day, UTC) has passed. */
export function isOverdue(item: { dueDate: string | null; status: string }, now: number = Date.now()): boolean {
  if (!item.dueDate || item.status === "done" || item.status === "wont_do") return false;
  return Date.parse(`${item.dueDate}T23:59:59.999Z`) < now;
}

export type Who = { actorType: string; actorId: string; actorLabel: string; userId: string | null };

/** Whether `who` is one of the named reviewers (matched by user id, actor id or email/label, case-insensitively). */
export function isNamedReviewer(reviewers: readonly string[], who: Who): boolean {
  const ids = new Set([who.actorId, who.userId ?? "", who.actorLabel].map((s) => s.toLowerCase()).filter(Boolean));
  return reviewers.some((r) => ids.has(r.toLowerCase()));
}

export const sameActor = (a: Pick<Who, "actorType" | "actorId">, b: Pick<Who, "actorType" | "actorId">) =>
  a.actorType === b.actorType && a.actorId === b.actorId;

/** A unified diff between two revisions' texts (title on the first line), for display and for merging a conflict. */
export function revisionDiff(
  a: { number: number; title: string; body: string },
  b: { number: number; title: string; body: string },
): string {
  return createTwoFilesPatch(
    `revision ${a.number}`,
    `revision ${b.number}`,
    `# ${a.title}\n\n${a.body}`,
    `# ${b.title}\n\n${b.body}`,
    "",
    "",
    {
      context: 3,
    },
  );
}

/** Line-level changes for the side-by-side view. */
export function revisionChanges(a: string, b: string): { added: boolean; removed: boolean; value: string }[] {
  return diffLines(a, b).map((c) => ({ added: !!c.added, removed: !!c.removed, value: c.value }));
}
