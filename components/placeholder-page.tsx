/** Stand-in for a section another engineer is building (see app/incidents, app/sessions). Delete with them. */
export function PlaceholderPage({ title }: { title: string }) {
  return (
    <>
      <div className="page-header">
        <h1>{title}</h1>
      </div>
      <div className="panel empty">This page is not built yet. Meanwhile, explore raw activity under Events.</div>
    </>
  );
}
