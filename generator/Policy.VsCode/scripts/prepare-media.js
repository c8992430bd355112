// Copies the diagram renderer into media/ so that the packaged extension draws diagrams without any network access.
const fs = require('fs');
const path = require('path');

const from = require.resolve('mermaid/dist/mermaid.min.js');
const to = path.join(__dirname, '..', 'media', 'mermaid.min.js');
fs.mkdirSync(path.dirname(to), { recursive: true });
fs.copyFileSync(from, to);

const server = path.join(__dirname, '..', 'server', 'policy-language-server.dll');
if (!fs.existsSync(server)) {
  console.error(`The language server is not in server/: run 'dotnet publish generator/Policy.LanguageServer -c Release -o generator/Policy.VsCode/server' first.`);
  process.exit(1);
}
