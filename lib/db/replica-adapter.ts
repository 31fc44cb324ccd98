import "server-only";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from "@prisma/driver-adapter-utils";

/** Told when a statement sent to the replica failed (it was then run on the primary). */
export type ReplicaFailure = (error: unknown) => void;

/**
 * A Prisma driver adapter that reads from a replica and falls back to the primary: a statement (or the start of a
 * transaction) that fails on the replica, whatever the reason (replica stopped, connection refused, recovery
 * conflict), runs again on the primary, so a replica outage never becomes an error page. Only statements already
 * inside a replica transaction cannot move (a transaction cannot change servers half-way); the read paths do not
 * use transactions. Scripts (migrations) always go to the primary.
 */
class FallbackAdapter implements SqlDriverAdapter {
  readonly provider = "postgres" as const;
  readonly adapterName = "aftermath-replica-fallback";
  constructor(
    private replica: SqlDriverAdapter,
    private primary: SqlDriverAdapter,
    private onFailure: ReplicaFailure,
  ) {}
  private async either<T>(onReplica: () => Promise<T>, onPrimary: () => Promise<T>): Promise<T> {
    try {
      return await onReplica();
    } catch (e) {
      this.onFailure(e);
      return onPrimary();
    }
  }
  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.either(
      () => this.replica.queryRaw(query),
      () => this.primary.queryRaw(query),
    );
  }
  executeRaw(query: SqlQuery): Promise<number> {
    return this.either(
      () => this.replica.executeRaw(query),
      () => this.primary.executeRaw(query),
    );
  }
  executeScript(script: string): Promise<void> {
    return this.primary.executeScript(script);
  }
  startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    return this.either(
      () => this.replica.startTransaction(isolationLevel),
      () => this.primary.startTransaction(isolationLevel),
    );
  }
  getConnectionInfo() {
    return this.replica.getConnectionInfo?.() ?? { supportsRelationJoins: true };
  }
  async dispose(): Promise<void> {
    await Promise.all([this.replica.dispose().catch(() => undefined), this.primary.dispose().catch(() => undefined)]);
  }
}

export class ReplicaFallbackFactory implements SqlDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "aftermath-replica-fallback";
  constructor(
    private replica: SqlDriverAdapterFactory,
    private primary: SqlDriverAdapterFactory,
    private onFailure: ReplicaFailure,
  ) {}
  async connect(): Promise<SqlDriverAdapter> {
    const [replica, primary] = await Promise.all([this.replica.connect(), this.primary.connect()]);
    return new FallbackAdapter(replica, primary, this.onFailure);
  }
}
