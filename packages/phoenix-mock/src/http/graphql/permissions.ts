import { adminProblem, rejectIf, requireAuthEnabled, viewerWriteProblem, type Principal } from "../../core/index.js";
import { PhoenixUnhandledError } from "../errors.js";
import { PublicError } from "./errors.js";
import { decodeGlobalId, pythonInt, type GraphqlContext } from "./values.js";

// ------------------------------------------------------------------ permission classes (phoenix/server/api/auth.py)

type Permission = "IsNotViewer" | "IsAdmin" | "IsAuthEnabled";

/** Runs Phoenix's permission classes in the order the field declares them; the first refusal wins. */
export function permit(ctx: GraphqlContext, ...permissions: Permission[]): void {
  for (const permission of permissions) {
    switch (permission) {
      case "IsNotViewer":
        rejectIf(viewerWriteProblem(ctx.model.config, ctx.principal));
        break;
      case "IsAdmin":
        rejectIf(adminProblem(ctx.model.config, ctx.principal, "refused"));
        break;
      case "IsAuthEnabled":
        requireAuthEnabled(ctx.model.config);
        break;
    }
  }
}

/** The authenticated caller; Phoenix asserts one exists where these are used, so its absence is an internal error. */
export function caller(ctx: GraphqlContext): Principal {
  if (!ctx.principal) throw new PhoenixUnhandledError("no authenticated user");
  return ctx.principal;
}

// ------------------------------------------------------------------ GlobalID arguments

/** A GlobalID argument: unparsable input fails during argument conversion in Phoenix (masked). */
export function globalIdArg(value: string): { type: string; nodeId: string } {
  const decoded = decodeGlobalId(value);
  if (!decoded) throw new PhoenixUnhandledError(`not a GlobalID: ${value}`);
  return decoded;
}

/** Phoenix's `from_global_id_with_expected_type`: a ValueError (masked) for another type or a non-integer id. */
export function rowIdOf(gid: { type: string; nodeId: string }, expectedType: string): number {
  const id = gid.type === expectedType ? pythonInt(gid.nodeId) : undefined;
  if (id === undefined) throw new PhoenixUnhandledError(`The node id must correspond to a node of type ${expectedType}`);
  return id;
}

// ------------------------------------------------------------------ input checks (the inputs' __post_init__)

/** Phoenix validates the password policy while building the input: BadRequest with the policy's message. */
export function checkPasswordPolicy(ctx: GraphqlContext, password: string): void {
  const problem = ctx.model.users.passwordProblem(password);
  if (problem) throw new PublicError(problem);
}

/** `validate_password_format` inside a resolver raises a plain ValueError: masked by default. */
export function validatePasswordFormat(ctx: GraphqlContext, password: string): void {
  const problem = ctx.model.users.passwordProblem(password);
  if (problem) throw new PhoenixUnhandledError(problem);
}

