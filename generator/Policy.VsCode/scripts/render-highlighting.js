// Renders a policy as the extension's TextMate grammar highlights it (vscode-textmate with VS Code's own Oniguruma),
// in the colours of VS Code's Dark+ theme, as an HTML page; docs/images/editor-highlighting.png is a headless
// Chromium screenshot of that page.
//
// Usage: node scripts/render-highlighting.js <file.policy> <out.html>
//        chromium --headless --no-sandbox --hide-scrollbars --window-size=1000,1300 --screenshot=<out.png> file://<out.html>
'use strict';

const fs = require('fs');
const path = require('path');
const { loadGrammar, INITIAL } = require('../test/load-grammar');

// The first matching prefix gives the colour (Dark+).
const colours = [
  ['comment.', '#6A9955'],
  ['string.', '#CE9178'],
  ['constant.numeric.', '#B5CEA8'],
  ['constant.language.', '#569CD6'],
  ['support.type.', '#4EC9B0'],
  ['storage.modifier.', '#569CD6'],
  ['keyword.control.', '#C586C0'],
  ['keyword.', '#569CD6'],
  ['entity.name.', '#4FC1FF'],
  ['variable.', '#9CDCFE'],
];

function colourOf(scopes) {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const match = colours.find(([prefix]) => scopes[i].startsWith(prefix));
    if (match) {
      return match[1];
    }
  }
  return '#D4D4D4';
}

const escape = text => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function main() {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('Usage: node scripts/render-highlighting.js <file.policy> <out.html>');
    process.exit(2);
  }

  const grammar = await loadGrammar();

  let state = INITIAL;
  const lines = fs.readFileSync(input, 'utf8').replace(/\r\n/g, '\n').split('\n');
  const html = lines.map((line, index) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    const spans = result.tokens.map(token => {
      const text = line.substring(token.startIndex, token.endIndex);
      return `<span style="color:${colourOf(token.scopes)}">${escape(text)}</span>`;
    }).join('');
    return `<span class="n">${index + 1}</span>${spans}`;
  }).join('\n');

  fs.writeFileSync(output, `<!doctype html>
<html><head><meta charset="utf-8"><title>${escape(path.basename(input))}</title>
<style>
  body { margin: 0; background: #1E1E1E; }
  .tab { background: #252526; color: #CCCCCC; font: 13px system-ui, sans-serif; padding: 8px 16px; border-bottom: 1px solid #333; }
  pre { margin: 0; padding: 12px 0; color: #D4D4D4; font: 14px/20px 'DejaVu Sans Mono', monospace; }
  .n { display: inline-block; width: 48px; padding-right: 16px; text-align: right; color: #858585; }
</style></head>
<body><div class="tab">${escape(path.basename(input))}</div><pre>${html}</pre></body></html>
`);
}

main().catch(error => {
  console.error(error.message);
  process.exit(1);
});
