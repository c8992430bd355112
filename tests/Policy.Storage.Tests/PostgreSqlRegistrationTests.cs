using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Policy.PostgreSql;
using Policy.Runtime.Cases;
using Policy.Runtime.Engine;
using Policy.Runtime.Hosting;
using Policy.Runtime.Storage;
using Policy.Runtime.Workflows;

namespace Policy.Storage.Tests;

/// <summary><c>AddPolicy(...).UsePostgreSql(connectionString)</c> on a real host: the schema is migrated as it starts.</summary>
public sealed class PostgreSqlRegistrationTests
{
    private const string Policy = """
        policy Review "Case review" {
          version "1"
          source SOP "Case review procedure"
          role Officer "Investigating officer"
          state Open initial
          state Closed final
          action Close "Close the case" by Officer from Open to Closed {
            record reason: text
            cite SOP "4.1"
          }
        }
        """;

    [PostgresFact]
    public async Task UsePostgreSql_migrates_the_schema_at_start_and_the_case_service_keeps_cases_there()
    {
        var definition = global::Policy.Language.PolicyCompiler.Compile("review.policy", Policy).Definition!;
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddPolicy(o => o.Add(CompiledPolicy.Compile(definition)))
            .UsePostgreSql(PostgresServer.Require(), PostgresServer.NewSchema())
            .AddHealthChecks();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var store = Assert.IsType<PostgreSqlCaseStore>(host.Services.GetRequiredService<ICaseStore>());
            Assert.Equal(PostgreSqlCaseStore.SchemaVersion, await store.ReadSchemaVersionAsync());
            var cases = host.Services.GetRequiredService<CaseService>();
            Assert.True((await cases.OpenAsync("Review", "case-1", new Actor("pc-1", "Officer"))).IsAccepted);
            var refused = await cases.PerformAsync("case-1", new Actor("clerk-1"), "Close", new Dictionary<string, global::Policy.Runtime.Events.FieldValue> { ["reason"] = global::Policy.Runtime.Events.FieldValues.Text("done")! });
            Assert.Equal(RefusalKind.Role, refused.Refusal?.Kind);
            Assert.Single(await store.ReadCaseAsync("case-1"));

            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Healthy, report.Entries["policy.store"].Status);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData("", "UsePostgreSql needs a connection string; the one given is empty")]
    [InlineData("Hots=db;Database=cases", "UsePostgreSql was given a connection string Npgsql cannot read")]
    public void A_connection_string_Npgsql_cannot_use_is_refused_when_registering(string connectionString, string message)
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<ArgumentException>(() => services.AddPolicy().UsePostgreSql(connectionString));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
