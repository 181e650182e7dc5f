import { PROXY_PREFIX } from "./proxy-response-headers";

/**
 * Django's absolute links to its own API (DRF's `next` and `previous`, a hyperlinked `url`) as
 * the same-origin proxy paths that reach them: `"<apiRoot>/notes/?offset=10"` →
 * `"/api/django/notes/?offset=10"`. Only whole JSON strings that start with the API root change
 * (the quote is part of the match): prose that mentions a URL is left as it is.
 */
export function rewriteApiLinks(json: string, apiRoot: string): string {
  return json.replaceAll(`"${apiRoot}/`, `"${PROXY_PREFIX}`);
}

/**
 * rewriteApiLinks over a streamed body, chunk by chunk: a link cut between two chunks is found
 * too (the last characters of each chunk wait for the next), and nothing else is held back.
 */
export function createApiLinkRewriter(apiRoot: string): TransformStream<string, string> {
  const pattern = `"${apiRoot}/`;
  let pending = "";
  return new TransformStream({
    transform(chunk, controller) {
      const text = rewriteApiLinks(pending + chunk, apiRoot);
      // Keep what could be the start of a link: at most the pattern's length minus one.
      const keep = longestPrefixAtEnd(text, pattern);
      pending = text.slice(text.length - keep);
      if (text.length > keep) controller.enqueue(text.slice(0, text.length - keep));
    },
    flush(controller) {
      if (pending) controller.enqueue(pending);
    },
  });
}

/** How many characters at the end of `text` are a beginning of `pattern` (shorter than it). */
function longestPrefixAtEnd(text: string, pattern: string): number {
  for (let length = Math.min(pattern.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(pattern.slice(0, length))) return length;
  }
  return 0;
}
