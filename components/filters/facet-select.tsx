/** A list filter: a labelled select of the values present in the data, with an "all" choice (server component). */
export function FacetSelect({
  label,
  name,
  value,
  values,
  allLabel,
  optionLabel = (v) => v,
}: {
  label: string;
  name: string;
  value: string | undefined;
  values: string[];
  allLabel: string;
  /** how a value reads in the list (default: as is) */
  optionLabel?: (value: string) => string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select className="select" name={name} defaultValue={value ?? ""}>
        <option value="">{allLabel}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {optionLabel(v)}
          </option>
        ))}
      </select>
    </label>
  );
}
