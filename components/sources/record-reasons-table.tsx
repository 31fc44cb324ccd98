/** Records named by position with the reason they were set aside (quarantined or skipped). No hooks: server or client. */
export function RecordReasonsTable({ rows }: { rows: { key: string | number; index: number; line?: number | null; reason: string }[] }) {
  return (
    <table className="data auto">
      <thead>
        <tr>
          <th scope="col" className="num w-80">
            Index
          </th>
          <th scope="col" className="num w-70">
            Line
          </th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td className="num mono">{r.index}</td>
            <td className="num mono">{r.line ?? "—"}</td>
            <td className="wrap">{r.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
