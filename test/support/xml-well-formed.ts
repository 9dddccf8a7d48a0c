/**
 * A strict XML 1.0 well-formedness check for generated files, for tests in runtimes without
 * DOMParser: one root element, tags nested and closed, attributes quoted and unique, no `<` or
 * stray `&` in text or attribute values, comments without `--`. Throws with the offset of the fault.
 */
const NAME = "[A-Za-z_:][A-Za-z0-9_.:-]*";
const REFERENCE = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

function checkText(text: string, at: number): void {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "<") throw new Error(`raw '<' in text at ${at + i}`);
    if (char === "&" && !REFERENCE.test(text.slice(i))) throw new Error(`bad entity reference at ${at + i}`);
  }
}

function checkAttributes(source: string, at: number): void {
  const attribute = new RegExp(`^\\s+(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
  const seen = new Set<string>();
  let rest = source;
  while (rest.trim() !== "") {
    const match = attribute.exec(rest);
    if (match === null) throw new Error(`malformed attribute near ${at}: ${rest.slice(0, 30)}`);
    const name = match[1] as string;
    if (seen.has(name)) throw new Error(`duplicate attribute ${name} at ${at}`);
    seen.add(name);
    checkText(match[2] ?? match[3] ?? "", at);
    rest = rest.slice(match[0].length);
  }
}

export function assertWellFormedXml(xml: string): void {
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  const declaration = /^<\?xml\s[^?]*\?>/.exec(xml);
  if (declaration) i = declaration[0].length;
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`);
  while (i < xml.length) {
    const next = xml.indexOf("<", i);
    const text = xml.slice(i, next === -1 ? xml.length : next);
    if (open.length === 0 && text.trim() !== "") throw new Error(`text outside the root element at ${i}`);
    checkText(text, i);
    if (next === -1) break;
    i = next;
    if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i + 4);
      if (end === -1) throw new Error(`unclosed comment at ${i}`);
      const body = xml.slice(i + 4, end);
      if (body.includes("--") || body.endsWith("-")) throw new Error(`'--' inside a comment at ${i}`);
      i = end + 3;
      continue;
    }
    const match = tag.exec(xml.slice(i));
    if (match === null) throw new Error(`malformed tag at ${i}: ${xml.slice(i, i + 30)}`);
    const [whole, closing, name, attributes, selfClosing] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    if (closing) {
      if (attributes !== "" || selfClosing) throw new Error(`malformed end tag at ${i}`);
      const expected = open.pop();
      if (expected !== name) throw new Error(`</${name}> at ${i} closes <${expected ?? "nothing"}>`);
    } else {
      checkAttributes(attributes, i);
      if (open.length === 0) roots += 1;
      if (roots > 1) throw new Error(`second root element <${name}> at ${i}`);
      if (!selfClosing) open.push(name);
    }
    i += whole.length;
  }
  if (open.length > 0) throw new Error(`unclosed <${open.join("> <")}>`);
  if (roots !== 1) throw new Error("no root element");
}
