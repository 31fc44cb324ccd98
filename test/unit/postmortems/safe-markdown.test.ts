import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SafeMarkdown } from "@/components/postmortems/safe-markdown";
import { evidenceEventHref } from "@/lib/postmortems/evidence";

const render = (source: string, facts = {}) => renderToStaticMarkup(createElement(SafeMarkdown, { source, facts }));

describe("SafeMarkdown (react-markdown + remark-gfm + rehype-sanitize)", () => {
  it("renders hostile Markdown inert: no script, no raw HTML, no javascript: links, no event handlers", () => {
    const html = render(
      [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(2)">',
        "[click](javascript:alert(3))",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="javascript:alert(4)">raw link</a>',
        "<b>raw</b> **bold**",
      ].join("\n\n"),
    );
    expect(html).not.toMatch(/<script|<img|onerror|javascript:|data:text|<b>/i);
    expect(html).toContain("<strong>bold</strong>");
  });

  it("GFM tables and headings with stable anchors", () => {
    const html = render("## What the agent did\n\n| a | b |\n| --- | --- |\n| 1 | 2 |");
    expect(html).toContain('<h2 id="what-the-agent-did">');
    expect(html).toContain("<table>");
  });

  it("evidence links become live blocks with the event's facts, linking to its stable URL", () => {
    const facts = {
      "ev-1": { eventId: "ev-1", eventTime: "2025-12-09T02:14:07.000Z", eventName: "DeleteStack", principalArn: null, errorCode: null },
    };
    const html = render(`[trigger](${evidenceEventHref("ev-1")}) and [gone](${evidenceEventHref("ev-2")})`, facts);
    expect(html).toContain('href="/events?event=ev-1"');
    expect(html).toContain("DeleteStack · 2025-12-09 02:14:07");
    expect(html).toContain("event not in the store");
  });
});
