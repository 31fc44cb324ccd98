import ReactMarkdown, { defaultUrlTransform } from "react-markdown";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import type { EventFact } from "@/lib/postmortems/draft";
import { evidenceUrl, parseEvidenceHref, slugify } from "@/lib/postmortems/evidence";
import styles from "./postmortem.module.css";

/**
 * The one Markdown renderer: react-markdown + remark-gfm + rehype-sanitize (raw HTML is never parsed; `javascript:`
 * and other unknown URLs are dropped). `evidence:` links become live evidence blocks showing the event's current
 * facts; headings get stable anchors (`#what-the-agent-did`).
 */
const schema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: [...(defaultSchema.protocols?.href ?? []), "evidence"] },
};

function urlTransform(url: string): string {
  return parseEvidenceHref(url) ? url : defaultUrlTransform(url);
}

function text(children: React.ReactNode): string {
  if (typeof children === "string" || typeof children === "number") return String(children);
  if (Array.isArray(children)) return children.map(text).join("");
  if (children && typeof children === "object" && "props" in children)
    return text((children as { props: { children?: React.ReactNode } }).props.children);
  return "";
}

export function SafeMarkdown({
  source,
  facts = {},
  anchorPrefix = "",
}: {
  source: string;
  facts?: Record<string, EventFact>;
  anchorPrefix?: string;
}) {
  const heading =
    (Tag: "h1" | "h2" | "h3" | "h4") =>
    ({ children }: { children?: React.ReactNode }) => {
      const id = `${anchorPrefix}${slugify(text(children))}`;
      return (
        <Tag id={id}>
          {children}{" "}
          <a href={`#${id}`} className={styles.anchor} aria-label="Link to this section">
            #
          </a>
        </Tag>
      );
    };
  return (
    <div className={styles.markdown}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[[rehypeSanitize, schema]]}
        urlTransform={urlTransform}
        components={{
          h1: heading("h2"),
          h2: heading("h2"),
          h3: heading("h3"),
          h4: heading("h4"),
          a: ({ href, children }) => {
            const ref = parseEvidenceHref(href);
            if (!ref)
              return href ? (
                <a href={href} rel="nofollow noreferrer">
                  {children}
                </a>
              ) : (
                <span>{children}</span>
              );
            const fact = ref.type === "event" ? facts[ref.eventId] : undefined;
            return (
              <a href={evidenceUrl(ref)} className={styles.evidence} data-evidence={ref.type === "event" ? ref.eventId : ref.actionKey}>
                <span className={styles.evidenceLabel}>{children}</span>
                {fact ? (
                  <span className={styles.evidenceFact}>
                    {fact.eventName} · {fact.eventTime.slice(0, 19).replace("T", " ")}
                    {fact.errorCode ? ` · ${fact.errorCode}` : ""}
                  </span>
                ) : ref.type === "event" ? (
                  <span className={styles.evidenceFact}>event not in the store</span>
                ) : null}
              </a>
            );
          },
        }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
