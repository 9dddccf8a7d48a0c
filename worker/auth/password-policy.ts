/**
 * What a new password must be: long enough, not the username, and not one of the passwords
 * attackers try first, compared without case.
 */
import { COMMON_LONG_PASSWORDS } from "./common-passwords.ts";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const COMMON = new Set(COMMON_LONG_PASSWORDS);

/** Why the password cannot be used, naming the rule, or null when it can. */
export function passwordProblem(password: string, username: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    return `the password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`;
  }
  const lower = password.toLowerCase();
  if (lower === username.toLowerCase()) return "the password must not be the username";
  if (COMMON.has(lower)) return "the password is one of the most common passwords; choose another";
  if (new Set(password).size === 1) return "the password must not be one character repeated";
  return null;
}
