// `npm run deploy-button`: prints the README's "Deploy with Vercel" button for this repository,
// built from `git remote get-url origin` (or the URL given as the first argument).
import { execFileSync } from "node:child_process";

// Vercel's clone flow imports from these hosts only.
const HOSTS = ["github.com", "gitlab.com", "bitbucket.org"];
const USAGE = "Pass the repository URL: npm run deploy-button -- https://github.com/<owner>/<repo>";

function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(1);
}

function readOrigin() {
  try {
    return execFileSync("git", ["remote", "get-url", "origin"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  } catch {
    return fail("No git remote named origin.");
  }
}

/** git@github.com:o/r.git, ssh://git@github.com/o/r, https://user@github.com/o/r.git → https://github.com/o/r */
function toHostedUrl(remote) {
  const scpLike = /^[\w.-]+@([^:/]+):(.+)$/.exec(remote);
  let url;
  try {
    url = new URL(scpLike ? `https://${scpLike[1]}/${scpLike[2]}` : remote);
  } catch {
    return null; // A local path such as /srv/git/app or ../app.git.
  }
  const repoPath = url.pathname.replace(/\.git$/, "").replace(/\/+$/, "");
  const isHosted = HOSTS.includes(url.hostname) && /^\/[^/]+\/[^/]+/.test(repoPath);
  return isHosted ? `https://${url.hostname}${repoPath}` : null;
}

const remote = process.argv[2] ?? readOrigin();
const repository = toHostedUrl(remote);
if (!repository) {
  fail(
    `"${remote}" is not a hosted repository. Vercel's Deploy button needs the URL of a repository on GitHub, GitLab or Bitbucket: push this clone there first.`,
  );
}

const url = new URL("https://vercel.com/new/clone");
url.searchParams.set("repository-url", repository);
// Vercel runs several function instances: the refresh store must be shared (authConfigFromEnv refuses
// to build on Vercel without REDIS_URL), so the button asks for it with the other two.
url.searchParams.set("env", "DJANGO_API_URL,NEXTAUTH_SECRET,REDIS_URL");
url.searchParams.set(
  "envDescription",
  "DJANGO_API_URL: your Django API root. NEXTAUTH_SECRET: openssl rand -base64 32. " +
    "REDIS_URL: a redis:// or rediss:// URL (e.g. Upstash from Vercel's marketplace) with " +
    "maxmemory-policy noeviction, shared by every instance",
);
url.searchParams.set("envLink", `${repository}#configuration`);
console.log(`[![Deploy with Vercel](https://vercel.com/button)](${url.href})`);
