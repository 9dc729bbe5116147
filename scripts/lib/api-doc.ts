// docs/api.md from the Worker's own GET /openapi.json: the contract as the code states it. Pure
// (no imports, no I/O), so the Worker's tests render it from the live document and compare it
// with the committed file, and `npm run docs:api` writes it.

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  description?: string;
  example?: unknown;
  default?: unknown;
  format?: string;
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
};

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface Operation {
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; headers?: Record<string, { description?: string }>; content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ["get", "post", "put", "patch", "delete"];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");

const refName = (ref: string) => ref.replace(/^#\/components\/schemas\//, "");
const link = (ref: string) => `[${refName(ref)}](#${anchor(refName(ref))})`;
const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
/** Table cells: one line, pipes escaped. */
const cell = (text: string) => text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");

function typeOf(schema: Schema): string {
  if (schema.$ref) return link(schema.$ref);
  if (schema.const !== undefined) return code(schema.const);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map(typeOf).join(" or ");
  if (schema.allOf) {
    // zod's .extend() of a named schema: that schema plus some fields.
    const refs = schema.allOf.filter((s) => s.$ref).map(typeOf);
    const extra = schema.allOf.flatMap((s) => (s.$ref ? [] : Object.keys(s.properties ?? {})));
    return `${refs.join(" and ") || "object"}${extra.length ? ` plus ${extra.map(code).join(", ")}` : ""}`;
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nullable = types.includes("null") || schema.nullable === true;
  const base = types.filter((t) => t !== "null");
  let text: string;
  if (schema.enum) {
    const values = schema.enum.filter((v) => v !== null).map(code);
    text = values.length === 1 ? values[0]! : values.length === 2 ? values.join(" or ") : `one of ${values.join(", ")}`;
  }
  else if (base[0] === "array") text = `array of ${schema.items ? typeOf(schema.items) : "anything"}`;
  else text = base.join(" or ") || "any";
  if (schema.format) text += ` (${schema.format})`;
  return nullable ? `${text} or null` : text;
}

/** "text" → "text.", leaving "text?" and "text." alone. */
const sentence = (text: string) => (/[.!?:)]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function notes(schema: Schema): string {
  const parts: string[] = [];
  if (schema.description) parts.push(sentence(schema.description));
  if (schema.maxLength !== undefined) parts.push(`At most ${schema.maxLength} characters.`);
  if (schema.maxItems !== undefined) parts.push(`At most ${schema.maxItems} items.`);
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`From ${schema.minimum ?? "-∞"} to ${schema.maximum ?? "∞"}.`);
  if (schema.default !== undefined) parts.push(`Default ${code(schema.default)}.`);
  if (schema.example !== undefined) parts.push(`Example: ${code(schema.example)}.`);
  return parts.join(" ");
}

/** Rows of `| field | type | required | notes |` for an object schema, nested fields as dotted paths. */
function fieldRows(schema: Schema, prefix = ""): string[] {
  const rows: string[] = [];
  for (const part of schema.allOf ?? []) {
    if (part.$ref) rows.push(`| ${prefix ? `\`${prefix}\`` : "(all of)"} | every field of ${link(part.$ref)} | | |`);
    else rows.push(...fieldRows(part, prefix));
  }
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    rows.push(`| \`${path}\` | ${cell(typeOf(property))} | ${required.has(name) ? "yes" : ""} | ${cell(notes(property))} |`);
    if (property.properties || property.allOf) rows.push(...fieldRows(property, `${path}.`));
    else if (property.items && (property.items.properties || property.items.allOf)) rows.push(...fieldRows(property.items, `${path}[].`));
  }
  return rows;
}

function fieldTable(schema: Schema): string[] {
  const rows = fieldRows(schema);
  if (!rows.length) return [`A ${typeOf(schema)}.${schema.description ? ` ${schema.description}` : ""}`];
  return ["| field | type | required | notes |", "|---|---|---|---|", ...rows];
}

function bodyType(content: Record<string, { schema?: Schema }> | undefined): string {
  if (!content) return "";
  return Object.entries(content)
    .map(([type, { schema }]) => `\`${type}\`${schema ? `: ${typeOf(schema)}` : ""}`)
    .join(", ");
}

function operationSection(method: string, path: string, op: Operation): string[] {
  const out = [`### ${method.toUpperCase()} ${path}`, ""];
  if (op.summary) out.push(sentence(op.summary), "");
  if (op.description) out.push(op.description, "");
  if (op.parameters?.length) {
    out.push("| parameter | in | type | required | notes |", "|---|---|---|---|---|");
    for (const p of op.parameters) {
      const schema = p.schema ?? {};
      const description = p.description ?? schema.description;
      out.push(`| \`${p.name}\` | ${p.in} | ${cell(typeOf(schema))} | ${p.required ? "yes" : ""} | ${cell(notes({ ...schema, description }))} |`);
    }
    out.push("");
  }
  if (op.requestBody) {
    const content = op.requestBody.content ?? {};
    out.push(`Request body${op.requestBody.required ? " (required)" : ""}: ${bodyType(content)}.`, "");
    for (const { schema } of Object.values(content)) if (schema && !schema.$ref) out.push(...fieldTable(schema), "");
  }
  out.push("| status | meaning | body |", "|---|---|---|");
  const inline: [string, Schema][] = [];
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    out.push(`| ${status} | ${cell(response.description ?? "")} | ${cell(bodyType(response.content))} |`);
    for (const { schema } of Object.values(response.content ?? {})) {
      if (schema && !schema.$ref && (schema.properties || schema.allOf || schema.items?.properties || schema.items?.allOf)) inline.push([status, schema]);
    }
  }
  out.push("");
  for (const [status, schema] of inline) {
    const item = schema.items;
    out.push(item ? `${status}, each item:` : `${status}:`, "", ...fieldTable(item ?? schema), "");
  }
  return out;
}

export function renderApiDoc(doc: OpenApiDocument): string {
  const out: string[] = [
    `# ${doc.info.title} (v${doc.info.version})`,
    "",
    "<!-- Generated by `npm run docs:api` from the Worker's GET /openapi.json, which is generated from the",
    "     zod schemas the routes validate with. Don't edit by hand: change the schemas, routes or",
    "     src/openapi-info.ts, then regenerate. test/routes/api-doc.test.ts fails while this is stale. -->",
    "",
  ];
  if (doc.info.description) out.push(doc.info.description.trim(), "");

  const operations = Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ method: m, path, op: item[m]! })));
  out.push("## Routes", "", "| route | what |", "|---|---|");
  for (const { method, path, op } of operations) {
    const heading = `${method.toUpperCase()} ${path}`;
    out.push(`| [\`${heading}\`](#${anchor(heading)}) | ${cell(op.summary ?? "")} |`);
  }
  out.push("");
  for (const { method, path, op } of operations) out.push(...operationSection(method, path, op));

  const schemas = Object.entries(doc.components?.schemas ?? {});
  if (schemas.length) {
    out.push("## Schemas", "");
    for (const [name, schema] of schemas) {
      out.push(`### ${name}`, "");
      if (schema.description) out.push(schema.description, "");
      out.push(...fieldTable({ ...schema, description: undefined }), "");
    }
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
