/**
 * The regex scanner behind the gate's "regex" rule (espruino.md §2 RegExp): what Espruino's matcher handles
 * passes, every construct it mis-parses is named. Character classes are read whole.
 */
import * as assert from "assert";
import { regexProblems, checkSource } from "../../tools/gate";

describe("tools/gate regexProblems", () => {
  const OK: [string, string][] = [
    ["^[0-9A-F]+$", "i"], ["(\\d+)-(\\d+)", "g"], ["a|b", ""], ["^\\s*\\w+", ""], ["colou?", ""],
    ["[?{(|)*+]x", ""], ["\\.\\*\\?\\{", ""], ["^$", ""], ["a.b*c+", ""], ["[\\]]x", ""], ["x{", ""], ["{a}", ""],
    ["\\x41\\t\\n\\r\\0\\d\\D\\w\\W\\s\\S", ""],
  ];
  for (const [p, f] of OK) {
    it("accepts /" + p + "/" + f, () => assert.deepStrictEqual(regexProblems(p, f), []));
  }

  const BAD: [string, string, string[]][] = [
    ["^\\d{2}$", "", ["counted repetition {2}"]],
    ["a{1,3}", "", ["counted repetition {1,3}"]],
    ["a{2,}", "", ["counted repetition {2,}"]],
    ["^(?:ab)$", "", ["a non-capturing group (?:…)"]],
    ["x(?=y)", "", ["a lookahead (?=…)"]],
    ["x(?!y)", "", ["a lookahead (?!…)"]],
    ["(?<=y)x", "", ["a lookbehind (?<=…)"]],
    ["(?<!y)x", "", ["a lookbehind (?<!…)"]],
    ["(?<year>\\d+)", "", ["a named group (?<name>…)"]],
    ["\\bword\\B", "", ["\\b (word boundary)", "\\B (word boundary)"]],
    ["(a)\\1", "", ["a backreference \\1"]],
    ["(?<q>a)\\k<q>", "", ["a named group (?<name>…)", "a named backreference \\k<…>"]],
    ["(ab)+", "", ["a quantified group (…)+"]],
    ["(ab)*c", "", ["a quantified group (…)*"]],
    ["(\\.\\d+)?$", "", ["a quantified group (…)?"]],
    ["^ae?f$", "", ["'?' followed by more pattern"]],
    ["^a(f|g)$", "", ["alternation inside a group (a|b)"]],
    ["a+?b", "", ["a lazy quantifier +?"]],
    ["\\u00b0C", "", ["the escape \\u (Espruino reads a literal 'u')"]],
    ["\\p{L}+", "u", ["flag 'u'", "the escape \\p (Espruino reads a literal 'p')"]],
    ["x", "m", ["flag 'm'"]],
    ["x", "gy", ["flag 'y'"]],
    ["x", "su", ["flag 's'", "flag 'u'"]],
  ];
  for (const [p, f, why] of BAD) {
    it("rejects /" + p + "/" + f + ": " + why.join(", "), () => assert.deepStrictEqual(regexProblems(p, f), why));
  }

  it("the gate applies it to literals and to new RegExp / RegExp with a literal source", () => {
    const p = checkSource("var a = /x{2}/;\nvar b = new RegExp('(?:x)', 'g');\nvar c = RegExp('\\\\bq');\nvar d = new RegExp(src);", "r.js");
    assert.deepStrictEqual(p.map((q) => q.line + ":" + q.rule), ["1:regex", "2:regex", "3:regex"]);
    assert.ok(p[0].message.indexOf("regex Espruino mis-parses") === 0, p[0].message);
  });
});
