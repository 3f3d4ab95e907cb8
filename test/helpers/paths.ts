// Where things are, for tests that spawn the built packages or read the repository's files, whatever the runner's cwd.
import { fileURLToPath } from "node:url";

/** The repository root (with a trailing slash): node_modules, README.md, scripts/. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** packages/phoenix-otel-auth/ (with a trailing slash): its dist/, examples/. */
export const OTEL_ROOT = `${REPO_ROOT}packages/phoenix-otel-auth/`;
/** packages/phoenix-mock/ (with a trailing slash): its dist/ (dist/cli.js is the `phoenix-mock` bin), examples/. */
export const MOCK_ROOT = `${REPO_ROOT}packages/phoenix-mock/`;
/** The built `phoenix-mock` CLI. */
export const MOCK_CLI = `${MOCK_ROOT}dist/cli.js`;
