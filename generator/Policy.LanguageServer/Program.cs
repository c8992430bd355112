namespace Policy.LanguageServer;

/// <summary>
/// The editor starts this program and speaks the Language Server Protocol with it over standard input and output;
/// standard error is the server's log, which editors show in their output panel.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // --debounce-ms N: how long typing must pause before diagnostics are published (tests shorten it).
        var debounce = PolicyLanguageServer.DefaultDebounce;
        var at = Array.IndexOf(args, "--debounce-ms");
        if (at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var milliseconds) && milliseconds >= 0)
        {
            debounce = TimeSpan.FromMilliseconds(milliseconds);
        }

        var exitCode = await PolicyLanguageServer.RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error, debounce);

        // A read of standard input may still be pending in the connection; the process ends here regardless.
        Environment.Exit(exitCode);
        return exitCode;
    }
}
