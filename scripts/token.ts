/**
 * `npm run token -- --name HOST`: prints a new agent token of the local instance. It needs no admin
 * password and works whether or not `npm start` is running (scripts/lib/local-token.ts).
 */
import { parseArgs } from "node:util";
import { mintLocalAgentToken, TOKEN_NAME } from "./lib/local-token.ts";

const { values } = parseArgs({ options: { name: { type: "string" } } });
const name = values.name;
if (!name || !TOKEN_NAME.test(name)) {
  console.error("usage: npm run token -- --name HOST   (1-128 letters, digits, spaces and . _ : @ -)");
  process.exit(2);
}

const { id, token } = await mintLocalAgentToken(name);
console.error(`Agent token "${name}" (id ${id}) for the local instance:`);
console.log(token);
