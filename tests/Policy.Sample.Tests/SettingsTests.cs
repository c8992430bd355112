using System.Diagnostics;

namespace Policy.Sample.Tests;

/// <summary>A setting the configuration binder cannot read stops the start with a message naming it: no stack trace, nothing written.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Policy__Monitor__BatchSize", "lots", "The setting Policy:Monitor:BatchSize is 'lots', which is not a whole number")]
    [InlineData("Policy__Health__MaxMonitorLag", "five minutes", "The setting Policy:Health:MaxMonitorLag is 'five minutes', which is not a time span")]
    [InlineData("Telemetry__Console", "sometimes", "The setting Telemetry:Console is 'sometimes', which is not true or false")]
    [InlineData("SignIn__AttemptsPerMinute", "many", "The setting SignIn:AttemptsPerMinute is 'many', which is not a whole number")]
    [InlineData("SignIn__AttemptsPerMinute", "0", "The setting SignIn:AttemptsPerMinute is 0: it must be at least 1.")]
    [InlineData("Smtp__Port", "smtp", "The setting Smtp:Port is 'smtp', which is not a whole number")]
    [InlineData("Smtp__RetryAfter", "soon", "The setting Smtp:RetryAfter is 'soon', which is not a time span")]
    public async Task A_malformed_setting_stops_the_start_with_a_message_naming_it(string variable, string value, string message)
    {
        var folder = Path.Combine(Path.GetTempPath(), "policy-settings-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(SampleApp.AppPath)!,
            };
            start.ArgumentList.Add(SampleApp.AppPath);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add("http://127.0.0.1:0");
            start.ArgumentList.Add("--Data:Folder");
            start.ArgumentList.Add(folder);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment.Remove("ASPNETCORE_URLS");
            start.Environment[variable] = value;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            var printed = await output + await error;

            Assert.Equal(1, process.ExitCode);
            Assert.Contains("Case management cannot start: ", printed, StringComparison.Ordinal);
            Assert.Contains(message, printed, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", printed, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
