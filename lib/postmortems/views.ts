import { isOverdue, type PostMortemStatus, STATUS_LABEL } from "./model";

/** Post-mortem rows as the API, pages and export see them (pure mapping). */

export interface ActionItemView {
  id: string;
  incidentId: string;
  incidentTitle: string | null;
  title: string;
  owner: string | null;
  dueDate: string | null;
  priority: string;
  status: string;
  safeguardKey: string | null;
  overdue: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export function toActionItemView(
  r: {
    id: string;
    incidentId: string;
    title: string;
    owner: string | null;
    dueDate: Date | null;
    priority: string;
    status: string;
    safeguardKey: string | null;
    actorLabel: string;
    createdAt: Date;
    updatedAt: Date;
  },
  incidentTitle: string | null = null,
  now = Date.now(),
): ActionItemView {
  const dueDate = r.dueDate ? r.dueDate.toISOString().slice(0, 10) : null;
  return {
    id: r.id,
    incidentId: r.incidentId,
    incidentTitle,
    title: r.title,
    owner: r.owner,
    dueDate,
    priority: r.priority,
    status: r.status,
    safeguardKey: r.safeguardKey,
    overdue: isOverdue({ dueDate, status: r.status }, now),
    createdBy: r.actorLabel,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export interface PostMortemView {
  id: string;
  incidentId: string;
  title: string;
  body: string;
  revision: number;
  status: PostMortemStatus;
  statusLabel: string;
  author: { type: string; id: string; label: string; userId: string | null };
  approvedBy: string | null;
  approvedAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  reviewers: { reviewer: string; decision: string | null; decidedAt: string | null }[];
  reviews: { id: string; body: string; decision: string; author: string; createdAt: string }[];
  revisions: { number: number; title: string; reason: string; restoredFrom: number | null; author: string; createdAt: string }[];
  actionItems: ActionItemView[];
}

export interface PostMortemListRow {
  incidentId: string;
  title: string;
  status: string;
  owner: string;
  reviewers: { reviewer: string; decision: string | null }[];
  incidentTitle: string;
  incidentStartedAt: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

type Row = {
  id: string;
  incidentId: string;
  title: string;
  body: string;
  revision: number;
  status: string;
  actorType: string;
  actorId: string;
  actorLabel: string;
  userId: string | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  reviewers: { reviewer: string; decision: string | null; decidedAt: Date | null }[];
  reviews: { id: string; body: string; decision: string; actorLabel: string; createdAt: Date }[];
  revisions: { number: number; title: string; reason: string; restoredFrom: number | null; actorLabel: string; createdAt: Date }[];
};

export function toPostMortemView(r: Row, actionItems: ActionItemView[]): PostMortemView {
  const status = (Object.hasOwn(STATUS_LABEL, r.status) ? r.status : "draft") as PostMortemStatus;
  return {
    id: r.id,
    incidentId: r.incidentId,
    title: r.title,
    body: r.body,
    revision: r.revision,
    status,
    statusLabel: STATUS_LABEL[status],
    author: { type: r.actorType, id: r.actorId, label: r.actorLabel, userId: r.userId },
    approvedBy: r.approvedBy,
    approvedAt: r.approvedAt?.toISOString() ?? null,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    reviewers: r.reviewers.map((x) => ({ reviewer: x.reviewer, decision: x.decision, decidedAt: x.decidedAt?.toISOString() ?? null })),
    reviews: r.reviews.map((x) => ({
      id: x.id,
      body: x.body,
      decision: x.decision,
      author: x.actorLabel,
      createdAt: x.createdAt.toISOString(),
    })),
    revisions: r.revisions.map((x) => ({
      number: x.number,
      title: x.title,
      reason: x.reason,
      restoredFrom: x.restoredFrom,
      author: x.actorLabel,
      createdAt: x.createdAt.toISOString(),
    })),
    actionItems,
  };
}
