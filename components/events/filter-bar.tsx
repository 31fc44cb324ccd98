"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { type EventUrlState, MAX_PAGE_SIZE } from "@/lib/events/filters";
import type { FacetValue } from "@/lib/events/types";
import { type EventUrlPatch, eventsHref, eventsQuery } from "@/lib/events/url";
import { RiskClass } from "@/lib/model/risk";

export type Facets = { account: FacetValue[]; region: FacetValue[]; service: FacetValue[] };

const PRESETS = ["15m", "1h", "6h", "24h", "7d", "30d"] as const;
const PAGE_SIZES = [25, 50, 100, MAX_PAGE_SIZE] as const;

function FacetSelect({ name, label, value, values }: { name: string; label: string; value: string | undefined; values: FacetValue[] }) {
  const known = values.some((v) => v.value === value);
  return (
    <label className="field">
      <span>{label}</span>
      <select
        className="select"
        name={name}
        defaultValue={value ?? ""}
        onChange={(e) => e.currentTarget.form?.requestSubmit()}
        data-testid={`filter-${name}`}
      >
        <option value="">All</option>
        {value && !known ? <option value={value}>{value}</option> : null}
        {values.map((v) => (
          <option key={v.value} value={v.value}>
            {v.count === null ? v.value : `${v.value} (${v.count.toLocaleString("en-US")})`}
          </option>
        ))}
      </select>
    </label>
  );
}

function TextField({
  name,
  label,
  value,
  placeholder,
  wide,
  mono,
}: {
  name: string;
  label: string;
  value?: string;
  placeholder?: string;
  wide?: boolean;
  mono?: boolean;
}) {
  return (
    <label className={`field${wide ? " wide" : ""}`}>
      <span>{label}</span>
      <input
        className={`input${mono ? " mono" : ""}`}
        name={name}
        defaultValue={value ?? ""}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        data-testid={`filter-${name}`}
      />
    </label>
  );
}

const TEXT_KEYS = ["from", "to", "account", "region", "service", "name", "principal", "q"] as const;

/**
 * The explorer's filters. The URL is the only state: inputs start from it (and are re-created when it changes),
 * submitting pushes a new URL, and the server page re-queries.
 */
export function FilterBar({ state, facets }: { state: EventUrlState; facets: Facets }) {
  const router = useRouter();
  const urlKey = eventsQuery({ ...state, cursor: undefined });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const patch: EventUrlPatch = {};
    for (const k of TEXT_KEYS) {
      const v = String(data.get(k) ?? "").trim();
      patch[k] = v === "" ? undefined : v;
    }
    patch.errors = data.get("errors") === "1";
    patch.linked = data.get("linked") === "1";
    patch.incident = data.get("incident") === "1";
    const limit = Number(data.get("limit"));
    patch.limit = Number.isInteger(limit) && limit > 0 ? limit : undefined;
    router.push(eventsHref(state, patch));
  };

  const toggleRisk = (r: RiskClass) => {
    const risk = state.risk.includes(r) ? state.risk.filter((x) => x !== r) : [...state.risk, r];
    return eventsHref(state, { risk: RiskClass.options.filter((x) => risk.includes(x)) });
  };

  return (
    <search aria-label="Filter events">
      <form key={urlKey} className="panel" onSubmit={onSubmit} data-testid="filter-bar">
        <div className="filters">
          <TextField name="q" label="Search" value={state.q} placeholder="names, principals, resources…" wide />
          <TextField name="from" label="From (UTC)" value={state.from} placeholder="24h or 2025-03-01T10:00" mono />
          <TextField name="to" label="To (UTC)" value={state.to} placeholder="now" mono />
          <FacetSelect name="account" label="Account" value={state.account} values={facets.account} />
          <FacetSelect name="region" label="Region" value={state.region} values={facets.region} />
          <FacetSelect name="service" label="Service" value={state.service} values={facets.service} />
          <TextField name="name" label="Event name" value={state.name} placeholder="DeleteBucket or Delete*" mono />
          <TextField name="principal" label="Principal" value={state.principal} placeholder="ARN, session or person" />
        </div>
        <div className="filters-row">
          <fieldset className="presets" aria-label="Time range">
            {PRESETS.map((p) => (
              <Link
                key={p}
                href={eventsHref(state, { from: p, to: undefined })}
                className={`chip${state.from === p && !state.to ? " on" : ""}`}
              >
                Last {p}
              </Link>
            ))}
            <Link href={eventsHref(state, { from: undefined, to: undefined })} className={`chip${!state.from && !state.to ? " on" : ""}`}>
              All time
            </Link>
          </fieldset>
          <fieldset className="presets" aria-label="Risk">
            {RiskClass.options.map((r) => (
              <Link
                key={r}
                href={toggleRisk(r)}
                className={`chip${state.risk.includes(r) ? " on" : ""}`}
                aria-current={state.risk.includes(r) ? "true" : undefined}
                data-testid={`risk-${r}`}
              >
                {r}
              </Link>
            ))}
          </fieldset>
          <label className="chip">
            <input
              type="checkbox"
              name="errors"
              value="1"
              defaultChecked={state.errors}
              onChange={(e) => e.currentTarget.form?.requestSubmit()}
            />
            Errors only
          </label>
          <label className="chip">
            <input
              type="checkbox"
              name="linked"
              value="1"
              defaultChecked={state.linked}
              onChange={(e) => e.currentTarget.form?.requestSubmit()}
              data-testid="filter-linked"
            />
            Agent-linked only
          </label>
          <label className="chip">
            <input
              type="checkbox"
              name="incident"
              value="1"
              defaultChecked={state.incident}
              onChange={(e) => e.currentTarget.form?.requestSubmit()}
              data-testid="filter-incident"
            />
            In an incident only
          </label>
          <label className="muted inline-field">
            Rows
            <select
              className="select"
              name="limit"
              defaultValue={String(state.limit)}
              onChange={(e) => e.currentTarget.form?.requestSubmit()}
            >
              {(PAGE_SIZES as readonly number[]).includes(state.limit) ? null : <option value={state.limit}>{state.limit}</option>}
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <span className="push-right button-row">
            <Link href="/events" className="btn">
              Reset
            </Link>
            <button type="submit" className="btn primary">
              Apply
            </button>
          </span>
        </div>
      </form>
    </search>
  );
}
