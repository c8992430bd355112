using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Policy.Sample.Tests;

/// <summary>
/// The sample application running as a child process (<c>dotnet CaseManagement.dll</c>) in a given environment, on a
/// free loopback port, with a fresh data folder; killed and its folder deleted when disposed.
/// </summary>
public abstract class SampleApp : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;

    protected SampleApp(string environment) => Environment = environment;

    public string Environment { get; }

    /// <summary>Environment variables the application starts with, beyond its environment's name.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public Uri BaseAddress { get; private set; } = null!;

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "policy-sample-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Everything the application has printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataFolder);
        await StartAsync();
    }

    /// <summary>Stops the application as a crash would (the process killed) and starts it again on the same data folder.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await StartAsync();
    }

    private async Task StartAsync()
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AppPath)!,
        };
        start.ArgumentList.Add(AppPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--Data:Folder");
        start.ArgumentList.Add(DataFolder);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = Environment;
        start.Environment["DOTNET_ENVIRONMENT"] = Environment;
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (name, value) in Settings)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = _started;
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The sample application exited with code {process.ExitCode}:\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var finished = await Task.WhenAny(_started.Task, Task.Delay(StartTimeout));
        if (finished != _started.Task)
        {
            throw new TimeoutException($"The sample application did not start within {StartTimeout.TotalSeconds} s:\n{Output}");
        }

        await _started.Task;
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is cleaned by the system.
        }

        return Task.CompletedTask;
    }

    /// <summary>An HTTP client for the application that keeps cookies and does not follow redirects.</summary>
    public HttpClient CreateClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = BaseAddress };

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        // The application prints its address once it is listening (the README's "prints the address to open").
        if (line.StartsWith("Case management is running. Open http", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The sample's built assembly, in the same configuration as these tests (the project reference builds it first).</summary>
    public static string AppPath { get; } = FindApp();

    private static string FindApp()
    {
        var configuration = typeof(SampleApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Policy.sln")))
            {
                var path = Path.Combine(folder.FullName, "samples", "CaseManagement", "bin", configuration, "net10.0", "CaseManagement.dll");
                return File.Exists(path) ? path : throw new FileNotFoundException($"The sample application is not built at {path}.");
            }
        }

        throw new DirectoryNotFoundException("Policy.sln was not found above the test's output folder.");
    }
}

/// <summary>The application in the Testing environment, where the test clock exists.</summary>
public sealed class TestingApp() : SampleApp("Testing");

/// <summary>The application in the Testing environment with a store of its own, for the test that loads 100,000 cases into it.</summary>
public sealed class ScaleApp() : SampleApp("Testing");

/// <summary>The application in the Production environment, as it is deployed.</summary>
public sealed class ProductionApp() : SampleApp("Production");

/// <summary>The application as deployed, with a data folder of its own, for the test that restarts it.</summary>
public sealed class RestartedApp() : SampleApp("Production");

/// <summary>The application as deployed, allowing 12 sign-in posts a minute from one address.</summary>
public sealed class ThrottledApp() : SampleApp("Production")
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["SignIn__AttemptsPerMinute"] = "12",
    };
}

/// <summary>The application exporting its metrics and traces to the console with OpenTelemetry, every half second.</summary>
public sealed class TelemetryApp() : SampleApp("Testing")
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Telemetry__Console"] = "true",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };
}

/// <summary>
/// The application in the Testing environment sending e-mail to an SMTP server on <see cref="SmtpPort"/>, which the
/// test starts (netDumbster) when it is ready: until then, sending fails and is retried every second or so.
/// </summary>
public sealed class MailingApp : SampleApp
{
    public MailingApp()
        : base("Testing")
    {
        SmtpPort = FreePort();
        Settings = new Dictionary<string, string>
        {
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "None",
            ["Smtp__RetryAfter"] = "00:00:01",
        };
    }

    public int SmtpPort { get; }

    protected override IReadOnlyDictionary<string, string> Settings { get; }
}
