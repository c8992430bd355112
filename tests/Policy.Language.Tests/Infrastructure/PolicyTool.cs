using System.Diagnostics;
using Policy.Cli;

namespace Policy.Language.Tests.Infrastructure;

/// <summary>Runs the <c>policy</c> tool: in-process through <c>CommandLine.RunAsync</c>, or as a real process.</summary>
internal static class PolicyTool
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<Result> RunInProcessAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error);
        return new Result(code, Normalize(output.ToString()), Normalize(error.ToString()));
    }

    /// <summary>
    /// Runs <c>dotnet policy.dll</c> (copied beside the tests by the project reference), so that exit codes and what
    /// reaches the console are exactly what a policy owner sees.
    /// </summary>
    public static async Task<Result> RunProcessAsync(params string[] args)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "policy.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"policy {string.Join(' ', args)} did not finish within 60 s.");
        }

        return new Result(process.ExitCode, Normalize(await output), Normalize(await error));
    }

    /// <summary>Writes a file into a fresh temporary folder and returns its path.</summary>
    public static string WriteTemp(string name, string text) => WriteTemp(name, new System.Text.UTF8Encoding(false).GetBytes(text));

    public static string WriteTemp(string name, byte[] bytes)
    {
        var folder = Path.Combine(Path.GetTempPath(), "policy-language-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
