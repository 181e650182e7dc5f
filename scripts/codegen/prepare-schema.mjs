// From Django's OpenAPI 3 document to the one the generator reads, and the list of operations a
// typed call is written for. Pure: no files, no network. What it changes, and why:
// - operations outside DJANGO_API_URL, the engine's own views (sign-in, token refresh, sign-out:
//   only the engine may hold a token) and those needing credentials other than the session's JWT
//   are left out, each with its reason;
// - every operation gets a unique identifier (DRF's own generator repeats them);
// - DRF's page envelopes say that `next`, `previous` and `results` are always there, and that
//   the links are any string (the engine rewrites them to proxy paths, not absolute URLs);
// - Django's validation dialect is dropped: `pattern` is a Python regex (`\Z`), and formats such
//   as `email` or `uri` are checked by Django, so an answer Django accepted never fails here;
// - a read-only field is in every answer (DRF's serializers always write it), so it is required
//   there; DRF's own generator lists only what a request must send;
// - components no kept operation uses are pruned.

const METHODS = ["get", "post", "put", "patch", "delete"];

/** Formats whose check is Django's business; `date-time` and `date` stay (see the zod settings). */
const DJANGO_CHECKED_FORMATS = new Set([
  "email",
  "idn-email",
  "uri",
  "url",
  "iri",
  "uri-reference",
  "hostname",
  "idn-hostname",
  "ipv4",
  "ipv6",
  "uuid",
]);

/**
 * simplejwt's, djoser's and dj-rest-auth's token serializers, as DRF's generator and
 * drf-spectacular name their components (`TokenObtainPair`, `TokenRefreshRequest`, `JWT`…).
 */
const TOKEN_COMPONENT =
  /^(TokenObtain\w*|TokenRefresh\w*|TokenVerify\w*|TokenBlacklist\w*|CookieTokenRefresh\w*|JWT\w*|Login\w*)$/;

/** Properties that carry simplejwt's tokens: an operation that has one is the engine's. */
const TOKEN_PROPERTIES = ["access", "refresh", "access_token", "refresh_token"];

/** Sign-in and sign-out, whatever the project calls them. */
const SIGN_IN_OR_OUT = /(^|\/)(login|logout|log-in|log-out|signin|signout|sign-in|sign-out)\/?$/i;

/** Words an exported const cannot be named (a schema may say `"operationId": "delete"`). */
const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof let new null return static super switch this throw true try typeof var void while with yield await implements interface package private protected public arguments eval segment schemas".split(
    " ",
  ),
);

export class SchemaError extends Error {}

/**
 * @param {unknown} document the parsed schema
 * @param {{ basePath: string, enginePaths: string[], exclude?: RegExp[] }} options
 *   basePath: DJANGO_API_URL's path (`/api/`); enginePaths: the engine's Django paths, relative
 *   to it (`token/`, `token/refresh/`…); exclude: `METHOD path` patterns the team leaves out
 */
export function prepareSchema(document, { basePath, enginePaths, exclude = [] }) {
  const doc = checkOpenApi3(document);
  const base = `/${basePath.replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");
  const engine = new Set(enginePaths.map((path) => path.replace(/^\/+/, "")));
  const resolve = (node) => resolveRef(doc, node);

  const operations = [];
  const leftOut = [];
  const names = new Set();
  const kept = {};
  for (const [fullPath, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const label = `${method.toUpperCase()} ${fullPath}`;
      if (!fullPath.startsWith(base)) {
        leftOut.push({ label, why: `outside DJANGO_API_URL (${base})` });
        continue;
      }
      const path = fullPath.slice(base.length);
      const why =
        engineReason(path, operation, engine, resolve) ??
        credentialsReason(doc, operation) ??
        bodyReason(operation, resolve) ??
        (exclude.some((pattern) => pattern.test(`${method.toUpperCase()} ${path}`))
          ? "--exclude"
          : undefined);
      if (why) {
        leftOut.push({ label, why });
        continue;
      }
      const name = uniqueName(operation.operationId, method, path, names);
      const prepared = {
        ...operation,
        operationId: name,
        parameters: mergeParameters(item.parameters, operation.parameters, resolve),
        requestBody: jsonOnly(operation.requestBody, resolve),
      };
      kept[fullPath] = { ...kept[fullPath], [method]: prepared };
      operations.push(describeOperation(doc, prepared, method, path, resolve));
    }
  }

  const result = structuredClone({ ...doc, paths: kept });
  for (const item of Object.values(result.paths)) {
    for (const operation of Object.values(item)) markPageEnvelopes(result, operation);
  }
  pruneComponents(result);
  dropDjangoValidation(result);
  requireReadOnly(result);
  return { document: result, operations, leftOut };
}

function checkOpenApi3(document) {
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new SchemaError("The schema is not a JSON or YAML object.");
  }
  if (typeof document.swagger === "string") {
    throw new SchemaError(
      `The schema is Swagger ${document.swagger} (drf-yasg): codegen reads OpenAPI 3, as drf-spectacular and DRF's own generator write it.`,
    );
  }
  if (typeof document.openapi !== "string" || !document.openapi.startsWith("3.")) {
    throw new SchemaError('The schema has no "openapi": "3.x" field: is it an OpenAPI 3 document?');
  }
  if (typeof document.paths !== "object" || document.paths === null) {
    throw new SchemaError('The schema has no "paths" object.');
  }
  return document;
}

/** A local `$ref` (`#/components/schemas/Note`) followed; anything else as it is. */
function resolveRef(doc, node, seen = new Set()) {
  if (!node || typeof node.$ref !== "string") return node;
  const ref = node.$ref;
  if (!ref.startsWith("#/") || seen.has(ref)) return undefined;
  seen.add(ref);
  const target = ref
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((at, key) => (at && typeof at === "object" ? at[key] : undefined), doc);
  return resolveRef(doc, target, seen);
}

function engineReason(path, operation, engine, resolve) {
  const reason = "the engine's own (sign-in, tokens, sign-out): only the engine may call it";
  if (engine.has(path) || SIGN_IN_OR_OUT.test(path)) return reason;
  const bodies = [
    ...Object.values(resolve(operation.requestBody)?.content ?? {}),
    ...Object.values(operation.responses ?? {}).flatMap((response) =>
      Object.values(resolve(response)?.content ?? {}),
    ),
  ];
  for (const media of bodies) {
    const schema = media?.schema;
    const name = typeof schema?.$ref === "string" ? schema.$ref.split("/").at(-1) : undefined;
    if (name && TOKEN_COMPONENT.test(name)) return reason;
    const properties = resolve(schema)?.properties ?? {};
    if (TOKEN_PROPERTIES.some((key) => Object.hasOwn(properties, key))) return reason;
  }
  return undefined;
}

/** Security as the schema says (the operation's, else the document's); none said: the session. */
function credentialsReason(doc, operation) {
  const requirements = operation.security ?? doc.security;
  if (!Array.isArray(requirements) || requirements.length === 0) return undefined;
  const schemes = doc.components?.securitySchemes ?? {};
  const isJwt = (name) => {
    const scheme = schemes[name];
    if (!scheme) return false;
    if (scheme.type === "http") return String(scheme.scheme).toLowerCase() === "bearer";
    return (
      scheme.type === "apiKey" && scheme.in === "header" && /^authorization$/i.test(scheme.name)
    );
  };
  const usable = requirements.some((requirement) => {
    const names = Object.keys(requirement ?? {});
    return names.length === 0 || names.every(isJwt);
  });
  if (usable) return undefined;
  const named = requirements.flatMap((requirement) => Object.keys(requirement ?? {}));
  return `needs credentials the session does not hold (${[...new Set(named)].join(", ")})`;
}

/** The engine's calls send JSON; an operation that takes only a form or a file cannot be one. */
function bodyReason(operation, resolve) {
  const content = resolve(operation.requestBody)?.content;
  if (!content || Object.keys(content).length === 0 || content["application/json"])
    return undefined;
  return `takes ${Object.keys(content).join(", ")} only; the template's calls send JSON`;
}

function jsonOnly(requestBody, resolve) {
  const body = resolve(requestBody);
  if (!body?.content) return requestBody;
  return { ...body, content: { "application/json": body.content["application/json"] } };
}

/** A camelCase identifier from DRF's operationId (or the method and path), never twice. */
function uniqueName(operationId, method, path, names) {
  const words = (typeof operationId === "string" && operationId ? operationId : `${method} ${path}`)
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  let name = words
    .map((word, index) =>
      index === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase(),
    )
    .join("");
  if (!name || /^[0-9]/.test(name) || RESERVED.has(name)) {
    name = `call${name.slice(0, 1).toUpperCase()}${name.slice(1)}`;
  }
  const withMethod = `${name}${method[0].toUpperCase()}${method.slice(1)}`;
  let candidate = names.has(name) ? withMethod : name;
  for (let n = 2; names.has(candidate); n += 1) candidate = `${withMethod}${n}`;
  names.add(candidate);
  return candidate;
}

/** The path item's parameters, each overridden by the operation's own of the same name and place. */
function mergeParameters(shared = [], own = [], resolve) {
  const merged = new Map();
  for (const parameter of [...shared, ...own]) {
    const resolved = resolve(parameter);
    if (resolved) merged.set(`${resolved.in}:${resolved.name}`, parameter);
  }
  return [...merged.values()];
}

function describeOperation(doc, operation, method, path, resolve) {
  const parameters = operation.parameters.map(resolve);
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  const body = resolve(operation.requestBody);
  const success = Object.entries(operation.responses ?? {}).filter(([code]) =>
    /^2\d\d$/.test(code),
  );
  const returnsJson = success.some(([, response]) =>
    Object.keys(resolve(response)?.content ?? {}).some((type) => /json/i.test(type)),
  );
  const requirements = operation.security ?? doc.security;
  return {
    name: operation.operationId,
    method: method.toUpperCase(),
    path,
    pathParams,
    hasQuery: parameters.some((parameter) => parameter?.in === "query"),
    body: body?.content?.["application/json"]
      ? {
          // DRF's own generator never says a body is required; one with a required field is.
          required:
            body.required === true ||
            (resolve(body.content["application/json"].schema)?.required?.length ?? 0) > 0,
        }
      : null,
    returnsJson,
    /** null: the schema says nothing about security (DRF's own generator), so the session. */
    anonymous: Array.isArray(requirements)
      ? requirements.some((requirement) => Object.keys(requirement ?? {}).length === 0)
      : null,
    summary: [operation.summary, operation.description]
      .find((text) => typeof text === "string" && text.trim())
      ?.trim(),
  };
}

/**
 * DRF's page envelope (`count`, `next`, `previous`, `results`): what is always in it is required,
 * and its links are plain strings (the engine answers them as proxy paths).
 */
function markPageEnvelopes(doc, operation) {
  for (const response of Object.values(operation.responses ?? {})) {
    const media = resolveRef(doc, response)?.content?.["application/json"];
    const envelope = resolveRef(doc, media?.schema);
    const properties = envelope?.properties;
    if (!properties || !["next", "previous", "results"].every((key) => properties[key])) continue;
    for (const key of ["next", "previous"]) {
      const link = { ...properties[key], type: "string", nullable: true };
      delete link.format;
      delete link.example;
      properties[key] = link;
    }
    const always = ["count", "next", "previous", "results"].filter((key) => properties[key]);
    envelope.required = [...new Set([...(envelope.required ?? []), ...always])];
  }
}

/** Removes the components no kept operation reaches, following `$ref`s transitively. */
function pruneComponents(doc) {
  const reached = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/components/")) {
      if (reached.has(node.$ref)) return;
      reached.add(node.$ref);
      visit(resolveRef(doc, { $ref: node.$ref }));
    }
    Object.values(node).forEach(visit);
  };
  visit(doc.paths);
  for (const [kind, entries] of Object.entries(doc.components ?? {})) {
    if (typeof entries !== "object" || entries === null) continue;
    for (const name of Object.keys(entries)) {
      const ref = `#/components/${kind}/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      if (!reached.has(ref)) delete entries[name];
    }
  }
  delete doc.security;
  if (doc.components) delete doc.components.securitySchemes;
}

function dropDjangoValidation(node) {
  if (Array.isArray(node)) return node.forEach(dropDjangoValidation);
  if (!node || typeof node !== "object") return;
  if (typeof node.pattern === "string" && (node.type === "string" || node.type === undefined)) {
    delete node.pattern;
  }
  if (typeof node.format === "string" && DJANGO_CHECKED_FORMATS.has(node.format)) {
    delete node.format;
  }
  Object.values(node).forEach(dropDjangoValidation);
}

/** Read-only properties are required: what a request may not send, every answer carries. */
function requireReadOnly(node) {
  if (Array.isArray(node)) return node.forEach(requireReadOnly);
  if (!node || typeof node !== "object") return;
  const properties = node.properties;
  if (properties && typeof properties === "object" && !Array.isArray(properties)) {
    const readOnly = Object.keys(properties).filter((key) => properties[key]?.readOnly === true);
    if (readOnly.length > 0) node.required = [...new Set([...(node.required ?? []), ...readOnly])];
  }
  Object.values(node).forEach(requireReadOnly);
}
