// Builds check fields for tests: an article as a headline, body paragraphs and captioned pictures.

import type { CheckField } from "@/lib/factcheck/types";

export type TestArticle = {
  headline?: string;
  standfirst?: string;
  body?: string[];
  /** [caption, credit] pairs; the credit may be omitted. */
  pictures?: Array<[string, string?]>;
};

export function articleFields({ headline, standfirst, body = [], pictures = [] }: TestArticle): CheckField[] {
  const fields: CheckField[] = [];
  if (headline !== undefined) fields.push({ key: "headline", kind: "headline", blocks: [headline] });
  if (standfirst !== undefined) fields.push({ key: "standfirst", kind: "standfirst", blocks: [standfirst] });
  fields.push({ key: "body", kind: "body", blocks: body });
  pictures.forEach(([caption, credit], index) => {
    fields.push({ key: `caption:p${index + 1}`, kind: "caption", blocks: [caption] });
    if (credit !== undefined) fields.push({ key: `credit:p${index + 1}`, kind: "credit", blocks: [credit] });
  });
  return fields;
}

/**
 * Issue 8's crafted draft: one near-variant name pair and four misspellings, over and over —
 * 2,000 paragraphs of about 100 characters (~200,000 characters, the editor's limit), which once
 * took 18.9 s to check and gave a 2.4 MB answer.
 */
export function craftedParagraphs(count = 2_000): string[] {
  return Array.from({ length: count }, () => "Lorem ipsum dolar sitt amett Angeles Los Angelas ".repeat(2).trim());
}
