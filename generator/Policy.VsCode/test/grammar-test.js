// Tokenizes policies with the extension's TextMate grammar (vscode-textmate, with the Oniguruma regular expressions
// VS Code itself uses) and checks each expectation: the scopes of the text between two columns of a line.
//
// Usage: node test/grammar-test.js <expectations.json>
// The JSON is a list of { "file": path, "expect": [ { "line": 0, "start": 4, "end": 8, "category": "keyword", "text": "role" } ] }
// with zero-based lines and columns. Categories: comment, string, number, keyword, type, name.
// Prints each failure, then "N passed, N failed"; the exit code is 1 when any failed.
'use strict';

const fs = require('fs');
const path = require('path');
const { loadGrammar, INITIAL } = require('./load-grammar');


const categories = {
  comment: scopes => scopes.some(s => s.startsWith('comment.')),
  string: scopes => scopes.some(s => s.startsWith('string.')),
  number: scopes => scopes.some(s => s.startsWith('constant.numeric.')),
  keyword: scopes => scopes.some(s => s.startsWith('keyword.') || s.startsWith('storage.modifier.') || s.startsWith('constant.language.')),
  type: scopes => scopes.some(s => s.startsWith('support.type.')),
  name: scopes => !scopes.some(s => /^(keyword|storage|support\.type|comment|string|constant)\./.test(s)),
};


/** Each line's tokens: [{ start, end, scopes }]. */
function tokenize(grammar, text) {
  const lines = text.split(/\r\n|\r|\n/);
  let state = INITIAL;
  return lines.map(line => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map(t => ({ start: t.startIndex, end: Math.min(t.endIndex, line.length), scopes: t.scopes }));
  });
}

async function main() {
  const input = process.argv[2];
  if (!input) {
    console.error('Usage: node test/grammar-test.js <expectations.json>');
    process.exit(2);
  }
  const grammar = await loadGrammar();
  const files = JSON.parse(fs.readFileSync(input, 'utf8'));
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const lines = tokenize(grammar, fs.readFileSync(file.file, 'utf8'));
    for (const e of file.expect) {
      const covering = (lines[e.line] || []).filter(t => t.start < e.end && e.start < t.end);
      const check = categories[e.category];
      const ok = covering.length > 0 && covering.every(t => check(t.scopes));
      if (ok) {
        passed++;
      } else {
        failed++;
        if (failed <= 40) {
          const got = covering.map(t => t.scopes.slice(1).join(' ') || '(no scope)').join(' | ');
          console.log(`${path.basename(file.file)}:${e.line + 1}:${e.start + 1}: '${e.text}' should be a ${e.category}, is scoped ${got}`);
        }
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(2);
});
