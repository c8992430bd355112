using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Policy.Runtime.Hosting;
using static Policy.Runtime.Tests.Engine.TestPolicies;

namespace Policy.Runtime.Tests.Hosting;

/// <summary>A generic host set up as an application would, on a SQLite file in a folder of its own and a fake clock.</summary>
internal sealed class TestHost : IAsyncDisposable
{
    private TestHost(IHost host, string folder, FakeTimeProvider time)
    {
        Host = host;
        Folder = folder;
        Time = time;
    }

    public IHost Host { get; }

    public string Folder { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>Builds (without starting) a host; <paramref name="setup"/> adds to the registration, <paramref name="settings"/> to appsettings.</summary>
    public static TestHost Build(Action<PolicyBuilder>? setup = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "policy-host-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var time = new FakeTimeProvider(Start);
        builder.Services.AddSingleton<TimeProvider>(time);
        services?.Invoke(builder.Services);
        var policy = builder.Services.AddPolicy(o => o.Add(ControlRoom).Add(Rasso)).UseSqlite("data/cases.db");
        setup?.Invoke(policy);
        return new TestHost(builder.Build(), folder, time);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync();
        }
        catch (OperationCanceledException)
        {
        }

        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
