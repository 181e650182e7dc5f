/** One JSON object per line on stdout: what log drains (Vercel, Docker, Kubernetes) parse. */
export function logEvent(event: { event: string } & Record<string, unknown>): void {
  console.info(JSON.stringify(event));
}
