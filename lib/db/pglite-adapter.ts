import "server-only";
import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
  type TransactionOptions,
} from "@prisma/driver-adapter-utils";
import type { PGliteHost, WorkerError } from "./pglite-host";

const ADAPTER_NAME = "aftermath-pglite-worker";

function rethrow(e: unknown): never {
  const err = e as WorkerError;
  if (err?.adapter && err.cause) throw new DriverAdapterError(err.cause as never);
  throw new Error(err?.message ?? String(e));
}

class WorkerQueryable {
  readonly provider = "postgres" as const;
  readonly adapterName = ADAPTER_NAME;
  constructor(
    protected host: PGliteHost,
    protected db: string,
    protected txId?: number,
  ) {}
  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.host.call<SqlResultSet>("queryRaw", { db: this.db, txId: this.txId, query }).catch(rethrow);
  }
  executeRaw(query: SqlQuery): Promise<number> {
    return this.host.call<number>("executeRaw", { db: this.db, txId: this.txId, query }).catch(rethrow);
  }
}

class WorkerTransaction extends WorkerQueryable implements Transaction {
  constructor(
    host: PGliteHost,
    db: string,
    txId: number,
    readonly options: TransactionOptions,
  ) {
    super(host, db, txId);
  }
  async commit(): Promise<void> {
    await this.host.call("commit", { txId: this.txId }).catch(rethrow);
  }
  async rollback(): Promise<void> {
    await this.host.call("rollback", { txId: this.txId }).catch(rethrow);
  }
}

class WorkerAdapter extends WorkerQueryable implements SqlDriverAdapter {
  constructor(
    host: PGliteHost,
    db: string,
    private onDispose?: () => Promise<void>,
  ) {
    super(host, db);
  }
  async executeScript(script: string): Promise<void> {
    await this.host.call("executeScript", { db: this.db, script }).catch(rethrow);
  }
  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const { txId, options } = await this.host
      .call<{ txId: number; options: TransactionOptions }>("startTransaction", { db: this.db, isolationLevel })
      .catch(rethrow);
    return new WorkerTransaction(this.host, this.db, txId, options);
  }
  getConnectionInfo() {
    return { supportsRelationJoins: true };
  }
  async dispose(): Promise<void> {
    await this.onDispose?.();
  }
}

/** Prisma driver adapter whose queries run on the PGlite worker thread. */
export class PGliteWorkerAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = ADAPTER_NAME;
  constructor(private host: PGliteHost) {}
  async connect(): Promise<SqlDriverAdapter> {
    return new WorkerAdapter(this.host, "main");
  }
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    await this.host.call("openShadow").catch(rethrow);
    return new WorkerAdapter(this.host, "shadow", async () => {
      await this.host.call("closeShadow");
    });
  }
}
