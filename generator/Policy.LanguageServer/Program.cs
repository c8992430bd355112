using Policy.LanguageServer;

// The editor starts this program and speaks the Language Server Protocol with it over standard input and output;
// standard error is the server's log, which editors show in their output panel.
var exitCode = await PolicyLanguageServer.RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error, PolicyLanguageServer.DefaultDebounce);

// A read of standard input may still be pending in the connection; the process ends here regardless.
Environment.Exit(exitCode);
return exitCode;
