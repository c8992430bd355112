using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Policy.Storage.Tests;

/// <summary>The crash tests' child program (Policy.Storage.CrashTest), started and killed without warning.</summary>
internal static class CrashChild
{
    /// <summary>
    /// Starts the crash test's child program on <paramref name="database"/> with <paramref name="arguments"/>, hands it
    /// each line it prints until <paramref name="enough"/> says so (or a minute passes), kills it with SIGKILL, and hands
    /// it the lines still unread (whatever it then returns); returns what the child wrote to standard error.
    /// </summary>
    public static async Task<string> RunAndKillAsync(string database, string arguments, Func<string, bool> enough)
    {
        var child = Path.Combine(AppContext.BaseDirectory, "Policy.Storage.CrashTest.dll");
        Assert.True(File.Exists(child), "The crash test's child program was not built beside the tests.");
        var info = new ProcessStartInfo("dotnet", $"\"{child}\" \"{database}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var line = await process.StandardOutput.ReadLineAsync();
            if (line is null || enough(line))
            {
                break;
            }
        }

        // Process.Kill sends SIGKILL on Linux: no chance to flush or close anything.
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();

        // What it printed before it died and was not read yet: acknowledgements the caller must count too.
        foreach (var rest in (await process.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            enough(rest);
        }

        SqliteConnection.ClearAllPools();
        return await process.StandardError.ReadToEndAsync();
    }
}
