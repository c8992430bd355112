// The Policy extension: starts the language server (policy-language-server, a .NET program shipped inside the
// extension) for .policy files, and adds two commands that ask it for the policy in plain English and its diagram.
'use strict';

const path = require('path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

function serverOptions(context) {
  const settings = vscode.workspace.getConfiguration('policy');
  const dotnet = settings.get('dotnetPath') || 'dotnet';
  const dll = settings.get('serverPath') || context.asAbsolutePath(path.join('server', 'policy-language-server.dll'));
  return { command: dotnet, args: [dll], transport: TransportKind.stdio };
}

async function activate(context) {
  client = new LanguageClient(
    'policy',
    'Policy language server',
    serverOptions(context),
    { documentSelector: [{ language: 'policy' }] });
  context.subscriptions.push(
    vscode.commands.registerCommand('policy.explain', () => explain()),
    vscode.commands.registerCommand('policy.showDiagram', () => showDiagram(context)));
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `The Policy language server did not start (${error.message}). It needs the .NET 10 runtime: set 'policy.dotnetPath' if dotnet is not on the PATH.`);
  }
}

function activePolicy() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'policy') {
    vscode.window.showInformationMessage('Open a .policy file first.');
    return undefined;
  }
  return editor.document;
}

/** Asks the server for one of its own requests about the open policy; shows the problem when there is one. */
async function ask(method, document) {
  if (!client) {
    return undefined;
  }
  const result = await client.sendRequest(method, { textDocument: { uri: document.uri.toString() } });
  if (!result || result.problem) {
    vscode.window.showWarningMessage(result ? result.problem : 'The language server gave no answer.');
    return undefined;
  }
  return result;
}

/** "Explain this policy": the text 'policy explain' writes, in a Markdown preview beside the policy. */
async function explain() {
  const document = activePolicy();
  const result = document && await ask('policy/explain', document);
  if (!result) {
    return;
  }
  const explanation = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', explanation.uri);
}

/** "Show diagram": the state diagram 'policy graph' writes, drawn in a panel beside the policy. */
async function showDiagram(context) {
  const document = activePolicy();
  const result = document && await ask('policy/graph', document);
  if (!result) {
    return;
  }
  const media = vscode.Uri.file(context.asAbsolutePath('media'));
  const panel = vscode.window.createWebviewPanel(
    'policyDiagram',
    `Diagram: ${path.basename(document.uri.fsPath)}`,
    vscode.ViewColumn.Beside,
    { enableScripts: true, localResourceRoots: [media] });
  const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'mermaid.min.js'));
  panel.webview.html = diagramPage(panel.webview.cspSource, script, result.mermaid);
}

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function diagramPage(cspSource, script, mermaid) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource} 'unsafe-inline'; script-src ${cspSource} 'unsafe-inline';">
</head>
<body>
<pre class="mermaid">${escapeHtml(mermaid)}</pre>
<script src="${script}"></script>
<script>mermaid.initialize({ startOnLoad: true, securityLevel: 'strict', theme: document.body.classList.contains('vscode-dark') ? 'dark' : 'default' });</script>
</body>
</html>`;
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
