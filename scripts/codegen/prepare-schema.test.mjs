import { describe, expect, it } from "vitest";

import { emitCalls } from "./emit-calls.mjs";
import { prepareSchema, SchemaError } from "./prepare-schema.mjs";
import { parseSchemaText } from "./read-schema.mjs";

const ENGINE = { basePath: "/api", enginePaths: ["token/", "token/refresh/", "token/blacklist/"] };
const json = (schema) => ({ content: { "application/json": { schema } } });
const ok = (schema) => ({ 200: { description: "", ...json(schema) } });
const ref = (name) => ({ $ref: `#/components/schemas/${name}` });

/** A drf-spectacular-like document: JWT security, paginated list, token views, a form upload. */
function spectacularDocument() {
  return {
    openapi: "3.0.3",
    paths: {
      "/api/notes/": {
        get: {
          operationId: "notes_list",
          security: [{ jwtAuth: [] }],
          parameters: [{ name: "page", in: "query", schema: { type: "integer" } }],
          responses: ok(ref("PaginatedNoteList")),
        },
        post: {
          operationId: "notes_create",
          security: [{ jwtAuth: [] }],
          requestBody: { required: true, ...json(ref("NoteRequest")) },
          responses: { 201: { description: "", ...json(ref("Note")) } },
        },
      },
      "/api/notes/{id}/": {
        delete: {
          operationId: "notes_destroy",
          security: [{ jwtAuth: [] }],
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
          responses: { 204: { description: "" } },
        },
      },
      "/api/status/": {
        parameters: [{ name: "verbose", in: "query", schema: { type: "boolean" } }],
        get: { operationId: "status", security: [{ jwtAuth: [] }, {}], responses: ok({}) },
      },
      "/api/reports/": {
        get: { operationId: "reports", security: [{ basicAuth: [] }], responses: ok({}) },
      },
      "/api/avatar/": {
        put: {
          operationId: "avatar_update",
          requestBody: { content: { "multipart/form-data": { schema: { type: "object" } } } },
          responses: ok({}),
        },
      },
      "/api/token/": {
        post: {
          operationId: "token_create",
          requestBody: json(ref("TokenObtainPairRequest")),
          responses: ok(ref("TokenObtainPair")),
        },
      },
      "/api/auth/jwt/refresh/": {
        post: {
          operationId: "auth_jwt_refresh_create",
          requestBody: json(ref("TokenRefreshRequest")),
          responses: ok(ref("TokenRefresh")),
        },
      },
      "/api/session/renew/": {
        post: {
          operationId: "renew",
          requestBody: json({ type: "object", properties: { refresh: { type: "string" } } }),
          responses: ok({}),
        },
      },
      "/api/dj-rest-auth/logout/": { post: { operationId: "rest_logout", responses: ok({}) } },
      "/admin/stats/": { get: { operationId: "admin_stats", responses: ok({}) } },
    },
    components: {
      schemas: {
        Note: {
          type: "object",
          properties: {
            id: { type: "integer", readOnly: true },
            text: { type: "string", maxLength: 500 },
            email: { type: "string", format: "email" },
            slug: { type: "string", pattern: "^[-a-zA-Z0-9_]+\\Z" },
          },
          required: ["text"],
        },
        NoteRequest: {
          type: "object",
          properties: { text: { type: "string" } },
          required: ["text"],
        },
        PaginatedNoteList: {
          type: "object",
          properties: {
            count: { type: "integer" },
            next: { type: "string", nullable: true, format: "uri", example: "http://x/?page=2" },
            previous: { type: "string", nullable: true, format: "uri" },
            results: { type: "array", items: ref("Note") },
          },
        },
        TokenObtainPair: { type: "object", properties: { access: { type: "string" } } },
        TokenObtainPairRequest: { type: "object", properties: { username: { type: "string" } } },
        TokenRefresh: { type: "object", properties: { access: { type: "string" } } },
        TokenRefreshRequest: { type: "object", properties: { refresh: { type: "string" } } },
        Unused: { type: "object" },
      },
      securitySchemes: {
        jwtAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        basicAuth: { type: "http", scheme: "basic" },
      },
    },
  };
}

const reasons = (leftOut) => Object.fromEntries(leftOut.map(({ label, why }) => [label, why]));

describe("prepareSchema", () => {
  const { document, operations, leftOut } = prepareSchema(spectacularDocument(), ENGINE);

  it("keeps the API's operations, named as camelCase identifiers, paths relative to the API root", () => {
    expect(operations.map(({ name, method, path }) => `${name} ${method} ${path}`)).toEqual([
      "notesList GET notes/",
      "notesCreate POST notes/",
      "notesDestroy DELETE notes/{id}/",
      "status GET status/",
    ]);
    expect(operations[2]).toMatchObject({ pathParams: ["id"], returnsJson: false, body: null });
    expect(operations[1]).toMatchObject({ body: { required: true }, returnsJson: true });
  });

  it("leaves out the engine's own views, by path, by token-carrying bodies and by name, and says why", () => {
    const why = reasons(leftOut);
    for (const label of [
      "POST /api/token/",
      "POST /api/auth/jwt/refresh/",
      "POST /api/session/renew/",
      "POST /api/dj-rest-auth/logout/",
    ]) {
      expect(why[label], label).toMatch(/the engine's own/);
    }
    expect(Object.keys(document.paths)).not.toContain("/api/token/");
    expect(document.components.schemas).not.toHaveProperty("TokenRefresh");
    expect(document.components.schemas).not.toHaveProperty("Unused");
  });

  it("leaves out what the session cannot call: other credentials, form-only bodies, other roots", () => {
    const why = reasons(leftOut);
    expect(why["GET /api/reports/"]).toBe(
      "needs credentials the session does not hold (basicAuth)",
    );
    expect(why["PUT /api/avatar/"]).toMatch(/multipart\/form-data only/);
    expect(why["GET /admin/stats/"]).toBe("outside DJANGO_API_URL (/api/)");
    expect(operations.find(({ name }) => name === "status")).toMatchObject({
      anonymous: true,
      hasQuery: true, // from the path item's own parameters
    });
    expect(document.paths["/api/status/"].get.parameters).toEqual([
      { name: "verbose", in: "query", schema: { type: "boolean" } },
    ]);
    expect(operations.find(({ name }) => name === "notesList")?.anonymous).toBe(false);
  });

  it("makes DRF's page envelope exact: links are any string and always there", () => {
    const page = document.components.schemas.PaginatedNoteList;
    expect(page.required).toEqual(["count", "next", "previous", "results"]);
    expect(page.properties.next).toEqual({ type: "string", nullable: true });
  });

  it("drops Django's validation dialect and requires what every answer carries", () => {
    const note = document.components.schemas.Note;
    expect(note.properties.slug).toEqual({ type: "string" });
    expect(note.properties.email).toEqual({ type: "string" });
    expect(note.required).toEqual(["text", "id"]);
    expect(note.properties.text.maxLength).toBe(500);
  });

  it("leaves out what --exclude matches on METHOD and the path under the API root", () => {
    const { operations: kept, leftOut: excluded } = prepareSchema(spectacularDocument(), {
      ...ENGINE,
      exclude: [/^DELETE /, /^GET status\/$/],
    });
    expect(kept.map(({ name }) => name)).toEqual(["notesList", "notesCreate"]);
    expect(reasons(excluded)["DELETE /api/notes/{id}/"]).toBe("--exclude");
    expect(reasons(excluded)["GET /api/status/"]).toBe("--exclude");
  });

  it("never touches the document it was given", () => {
    const original = spectacularDocument();
    prepareSchema(original, ENGINE);
    expect(original).toEqual(spectacularDocument());
  });

  it("gives every operation its own name: DRF's generator repeats them, some are reserved words", () => {
    const doc = {
      openapi: "3.0.2",
      paths: {
        "/api/me/": {
          get: { operationId: "meUser", responses: ok({}) },
          put: { operationId: "meUser", responses: ok({}) },
          patch: { operationId: "meUser", responses: ok({}) },
        },
        "/api/x/": { delete: { operationId: "delete", responses: {} } },
        "/api/9lives/": { get: { responses: ok({}) } },
      },
    };
    const names = prepareSchema(doc, ENGINE).operations.map(({ name }) => name);
    expect(names).toEqual(["meUser", "meUserPut", "meUserPatch", "callDelete", "get9lives"]);
  });

  it("refuses what is not an OpenAPI 3 document, saying what it is", () => {
    expect(() => prepareSchema({ swagger: "2.0", paths: {} }, ENGINE)).toThrow(
      /Swagger 2.0 \(drf-yasg\)/,
    );
    expect(() => prepareSchema({ paths: {} }, ENGINE)).toThrow(SchemaError);
    expect(() => prepareSchema({ openapi: "3.1.0" }, ENGINE)).toThrow(/no "paths"/);
    expect(() => prepareSchema([], ENGINE)).toThrow(/not a JSON or YAML object/);
    expect(() => parseSchemaText("openapi: [", "schema.yml")).toThrow(
      /schema.yml is neither JSON nor YAML/,
    );
    expect(parseSchemaText("openapi: 3.0.3\npaths: {}\n", "schema.yml")).toEqual({
      openapi: "3.0.3",
      paths: {},
    });
  });
});

describe("emitCalls", () => {
  const exported = (names) => ({
    types: new Set(names.flatMap((name) => [`${name}Data`, `${name}Response`])),
    schemas: new Set(names.map((name) => `z${name}Response`)),
  });

  it("writes hostile path parameters and summaries as data, never as code", () => {
    const doc = {
      openapi: "3.0.3",
      paths: {
        "/api/files/{file-id}/`${`/": {
          get: {
            operationId: "file",
            summary: "Ends the comment */ alert(1) /*",
            parameters: [
              { name: "file-id", in: "path", required: true, schema: { type: "string" } },
            ],
            responses: ok({ type: "object" }),
          },
        },
      },
    };
    const { operations } = prepareSchema(doc, ENGINE);
    const code = emitCalls(operations, exported(["File"]));
    expect(code).toContain('`files/${segment(options.path["file-id"])}/\\`\\${\\`/`');
    expect(code).toContain('path: { "file-id": string | number }');
    expect(code).toContain("Ends the comment *\\/ alert(1) /*");
    expect(code).not.toContain("*/ alert");
  });

  it("fails loudly when the generator did not export a name it relies on", () => {
    const { operations } = prepareSchema(spectacularDocument(), ENGINE);
    expect(() => emitCalls(operations, exported([]))).toThrow(
      /types.gen.ts has no export NotesListData/,
    );
  });
});
