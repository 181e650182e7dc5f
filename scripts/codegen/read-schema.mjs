// Django's OpenAPI schema from a file (`manage.py spectacular --file schema.yml`,
// `manage.py generateschema --file schema.json`) or from its URL: anonymously first, as
// drf-spectacular and DRF's schema view serve it by default; when Django asks for a sign-in, with an
// access token obtained from the given account, whose refresh token is then blacklisted.
import { readFile } from "node:fs/promises";
import yaml from "js-yaml";

import { SchemaError } from "./prepare-schema.mjs";

const ACCEPT =
  "application/vnd.oai.openapi+json, application/json;q=0.9, application/vnd.oai.openapi;q=0.8, application/yaml;q=0.7, */*;q=0.1";
const TIMEOUT_MS = 30_000;

/** JSON, else YAML (a JSON document is YAML too, but JSON's errors are the clearer ones). */
export function parseSchemaText(text, where) {
  const trimmed = text.trimStart();
  try {
    return trimmed.startsWith("{")
      ? JSON.parse(text)
      : yaml.load(text, { schema: yaml.JSON_SCHEMA });
  } catch (error) {
    throw new SchemaError(`${where} is neither JSON nor YAML: ${error.message.split("\n")[0]}`);
  }
}

const isUrl = (source) => /^https?:\/\//i.test(source);

/**
 * @param {string} source a file path or an http(s) URL
 * @param {{ apiUrl: string, tokenPath: string, blacklistPath: string, blacklistField: string,
 *   blacklistBearer: boolean, usernameField: string, username?: string, password?: string }} account
 *   where and how to sign in, when asked (the doctor's config: auth.config.ts and the env)
 */
export async function readSchema(source, account) {
  if (!isUrl(source)) {
    let text;
    try {
      text = await readFile(source, "utf8");
    } catch (error) {
      throw new SchemaError(`Cannot read ${source}: ${error.code ?? error.message}`);
    }
    return parseSchemaText(text, source);
  }
  let answer = await get(source);
  if (answer.status === 401 || answer.status === 403) {
    if (!account.username || account.password === undefined) {
      throw new SchemaError(
        `${source} answered ${answer.status}: the schema view needs a signed-in user. Pass --username and --password, or read a file (docs/adapting.md).`,
      );
    }
    const tokens = await signIn(account);
    try {
      answer = await get(source, tokens.access);
    } finally {
      await blacklist(account, tokens);
    }
  }
  if (answer.status !== 200) {
    throw new SchemaError(`${source} answered ${answer.status}, not the schema.`);
  }
  return parseSchemaText(answer.text, source);
}

async function get(url, accessToken) {
  const headers = { accept: ACCEPT };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const response = await send(url, { headers });
  return { status: response.status, text: await response.text() };
}

async function send(url, init) {
  try {
    return await fetch(url, {
      ...init,
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error.cause?.code ?? error.cause?.message ?? error.message;
    throw new SchemaError(`No answer from ${url} (${cause}). Is Django running?`);
  }
}

const join = (apiUrl, path) => `${apiUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;

async function signIn({ apiUrl, tokenPath, usernameField, username, password }) {
  const url = join(apiUrl, tokenPath);
  const response = await send(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ [usernameField]: username, password }),
  });
  const body = await response.json().catch(() => null);
  if (response.status !== 200 || typeof body?.access !== "string") {
    throw new SchemaError(
      `Signing in at ${url} failed (${response.status}${response.status === 401 ? ": wrong username or password" : ""}).`,
    );
  }
  return { access: body.access, refresh: typeof body.refresh === "string" ? body.refresh : null };
}

/** The sign-in's refresh token is not left alive; a Django without the blacklist is told so. */
async function blacklist({ apiUrl, blacklistPath, blacklistField, blacklistBearer }, tokens) {
  if (!tokens.refresh) return;
  const url = join(apiUrl, blacklistPath);
  const headers = { "content-type": "application/json" };
  if (blacklistBearer) headers.authorization = `Bearer ${tokens.access}`;
  const response = await send(url, {
    method: "POST",
    headers,
    body: JSON.stringify({ [blacklistField]: tokens.refresh }),
  }).catch((error) => ({ status: error.message }));
  if (response.status !== 200 && response.status !== 204) {
    console.warn(
      `Could not blacklist codegen's refresh token at ${url} (${response.status}): it stays valid until it expires.`,
    );
  }
}
