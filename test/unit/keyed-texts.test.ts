import { describe, expect, it } from "vitest";
import { keyedTexts } from "@/components/keyed-texts";

describe("keyedTexts", () => {
  it("keys by content, numbering repeats, so keys are unique and follow the text", () => {
    const k = keyedTexts(["a", "b", "a", "a"]);
    expect(k.map((x) => x.key)).toEqual(["a", "b", "a#2", "a#3"]);
    expect(k.map((x) => x.text)).toEqual(["a", "b", "a", "a"]);
    expect(keyedTexts(["b", "a"]).find((x) => x.text === "a")?.key).toBe("a");
  });
});
