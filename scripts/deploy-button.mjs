// `npm run deploy-button`: prints the README's "Deploy with Vercel" button for this repository,
// built from `git remote get-url origin` (or the URL given as the first argument).
import { execFileSync } from "node:child_process";

function repositoryUrl() {
  const given = process.argv[2];
  if (given) return given;
  try {
    const remote = execFileSync("git", ["remote", "get-url", "origin"], {
      encoding: "utf8",
    }).trim();
    // git@github.com:owner/repo.git → https://github.com/owner/repo
    return remote.replace(/^git@([^:]+):/, "https://$1/").replace(/\.git$/, "");
  } catch {
    console.error(
      "No git remote named origin. Pass the repository URL: npm run deploy-button -- <url>",
    );
    process.exit(1);
  }
}

const url = new URL("https://vercel.com/new/clone");
url.searchParams.set("repository-url", repositoryUrl());
url.searchParams.set("env", "DJANGO_API_URL,NEXTAUTH_SECRET");
url.searchParams.set(
  "envDescription",
  "DJANGO_API_URL: your Django API root. NEXTAUTH_SECRET: openssl rand -base64 32",
);
url.searchParams.set("envLink", `${repositoryUrl()}#configuration`);
console.log(`[![Deploy with Vercel](https://vercel.com/button)](${url.href})`);
